import { describe, expect, it } from 'vitest';
import { giStar, neighbourhoodCount, windowMeans, type CubeCounts } from './gi-star';

/**
 * Four cells in a line, A–B–C–D: each cell's neighbourhood is itself and the cells beside it
 * (A: A B; B: A B C; C: B C D; D: C D). `steps` lists the counts of A, B, C, D per step (the
 * cube holds them cell by cell).
 */
function line(steps: number[][]): CubeCounts {
  return {
    steps: { count: steps.length },
    cells: { length: 4 },
    counts: Uint32Array.from({ length: 4 * steps.length }, (_, b) => {
      const [i, t] = [Math.floor(b / steps.length), b % steps.length];
      return steps[t]![i]!;
    }),
    neighbourStart: Uint32Array.of(0, 2, 5, 8, 10),
    neighbours: Uint32Array.of(0, 1, 0, 1, 2, 1, 2, 3, 2, 3),
  };
}
const zAt = (z: Float64Array, steps: number, cell: number, t: number) => z[cell * steps + t];

describe('Gi*', () => {
  it('matches the formula on a line of four cells, one step', () => {
    // x = 0 2 4 6: n = 4, x̄ = 3, S² = 56/4 − 9 = 5.
    // D: W = 2, Σx = 4 + 6 = 10 → z = (10 − 3·2) / (√5 · √((4·2 − 4)/3)) = 4/√(20/3) = √2.4.
    // B: W = 3, Σx = 0 + 2 + 4 = 6 → z = (6 − 9) / (√5 · √((12 − 9)/3)) = −3/√5.
    // A: W = 2, Σx = 2 → z = (2 − 6)/√(20/3) = −√2.4; C: W = 3, Σx = 12 → z = 3/√5.
    const cube = line([[0, 2, 4, 6]]);
    const z = giStar(cube, { timeLag: 0 });
    expect(zAt(z, 1, 3, 0)).toBeCloseTo(Math.sqrt(2.4), 12);
    expect(zAt(z, 1, 1, 0)).toBeCloseTo(-3 / Math.sqrt(5), 12);
    expect(zAt(z, 1, 0, 0)).toBeCloseTo(-Math.sqrt(2.4), 12);
    expect(zAt(z, 1, 2, 0)).toBeCloseTo(3 / Math.sqrt(5), 12);
    expect([0, 1, 2, 3].map((i) => neighbourhoodCount(cube, i, 0))).toEqual([2, 6, 12, 10]);
  });

  it('adds the previous step to the neighbourhood with a time lag of 1', () => {
    // Steps 0 2 4 6 then 0 0 0 8. At t = 1 the neighbourhood spans both steps: n = 8 bins,
    // Σx = 20, x̄ = 2.5, Σx² = 56 + 64 = 120, S² = 15 − 6.25 = 8.75.
    // D: W = 2 cells × 2 steps = 4, Σx = (4 + 6) + (0 + 8) = 18
    //    z = (18 − 2.5·4) / (√8.75 · √((8·4 − 16)/7)) = 8/√20.
    // At t = 0 only step 0 exists: D as in the one-step case, √2.4.
    const cube = line([
      [0, 2, 4, 6],
      [0, 0, 0, 8],
    ]);
    const z = giStar(cube);
    expect(zAt(z, 2, 3, 1)).toBeCloseTo(8 / Math.sqrt(20), 12);
    expect(zAt(z, 2, 3, 0)).toBeCloseTo(Math.sqrt(2.4), 12);
    expect(neighbourhoodCount(cube, 3, 1)).toBe(18);
    expect(neighbourhoodCount(cube, 3, 1, { timeLag: 0 })).toBe(8);
    // Without the lag, step 1 alone: n = 4, x̄ = 2, S² = 64/4 − 4 = 12; D: W = 2, Σx = 8
    // z = (8 − 4) / (√12 · √((8 − 4)/3)) = 4/4 = 1.
    expect(zAt(giStar(cube, { timeLag: 0 }), 2, 3, 1)).toBeCloseTo(1, 12);
  });

  it("compares with the whole cube's mean and deviation when asked", () => {
    // All eight bins: x̄ = 2.5, S² = 8.75. D at t = 0 (no earlier step): W = 2, Σx = 10
    // z = (10 − 5) / (√8.75 · √((8·2 − 4)/7)) = 5/√15.
    const cube = line([
      [0, 2, 4, 6],
      [0, 0, 0, 8],
    ]);
    const z = giStar(cube, { globalWindow: 'cube' });
    expect(zAt(z, 2, 3, 0)).toBeCloseTo(5 / Math.sqrt(15), 12);
    expect(zAt(z, 2, 3, 1)).toBeCloseTo(8 / Math.sqrt(20), 12); // same window as 'span' here
  });

  it('is 0 where the window has no variance (all equal, all empty) or the neighbourhood is everything', () => {
    const flat = giStar(
      line([
        [3, 3, 3, 3],
        [0, 0, 0, 0],
      ]),
      { timeLag: 0 },
    );
    expect(Array.from(flat)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    const single: CubeCounts = {
      steps: { count: 2 },
      cells: { length: 1 },
      counts: Uint32Array.of(5, 1),
      neighbourStart: Uint32Array.of(0, 1),
      neighbours: Uint32Array.of(0),
    };
    expect(Array.from(giStar(single))).toEqual([0, 0]);
  });

  it("gives each step's global-window mean per bin", () => {
    const cube = line([
      [0, 2, 4, 6],
      [0, 0, 0, 8],
    ]);
    expect(Array.from(windowMeans(cube))).toEqual([3, 20 / 8]);
    expect(Array.from(windowMeans(cube, { timeLag: 0 }))).toEqual([3, 2]);
    expect(Array.from(windowMeans(cube, { globalWindow: 'cube' }))).toEqual([2.5, 2.5]);
  });

  it('gives no z-scores for an empty cube', () => {
    const empty: CubeCounts = {
      steps: { count: 0 },
      cells: { length: 0 },
      counts: new Uint32Array(0),
      neighbourStart: Uint32Array.of(0),
      neighbours: new Uint32Array(0),
    };
    expect(giStar(empty)).toHaveLength(0);
  });
});
