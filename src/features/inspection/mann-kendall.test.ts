import { describe, expect, it } from 'vitest';
import { emptyMannKendall, mannKendall, mannKendallInto, trendSign } from './mann-kendall';

describe('Mann-Kendall', () => {
  it('a strictly increasing series of n = 10: S = 45, Var = 10·9·25/18 = 125, Z = 44/√125', () => {
    const r = mannKendall([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r.s).toBe(45);
    expect(r.varS).toBe(125);
    expect(r.z).toBeCloseTo(44 / Math.sqrt(125), 12); // 3.9354796…
    expect(r.p).toBeCloseTo(8.303070332644974e-5, 10); // scipy: 2·norm.sf(3.9354796)
    expect(trendSign(r, 0.05)).toBe(1);
  });

  it('a strictly decreasing series mirrors it', () => {
    const r = mannKendall([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(r.s).toBe(-45);
    expect(r.z).toBeCloseTo(-44 / Math.sqrt(125), 12);
    expect(trendSign(r, 0.05)).toBe(-1);
  });

  it('with ties: 1 2 2 3 3 3 4', () => {
    // Pairs (i<j) with x_j > x_i: from 1: 6; from each 2: 4 (three 3s and the 4); from each 3: 1.
    // S = 6 + 2·4 + 3·1 = 17 (no decreasing pair). Tie groups t = 2 and t = 3:
    // Var = [7·6·19 − (2·1·9 + 3·2·11)] / 18 = (798 − 84) / 18 = 39.666…
    // Z = (17 − 1)/√39.666… = 2.5404294; scipy agrees (kendalltau τ-b = 17/√(21·17)).
    const r = mannKendall([1, 2, 2, 3, 3, 3, 4]);
    expect(r.s).toBe(17);
    expect(r.varS).toBeCloseTo(714 / 18, 12);
    expect(r.z).toBeCloseTo(2.540429395319823, 12);
    expect(r.p).toBeCloseTo(0.011071644553191878, 8);
  });

  it("Gilbert's small example 10 15 14 20: S = 4, Var = 4·3·13/18", () => {
    const r = mannKendall([10, 15, 14, 20]);
    expect(r.s).toBe(4);
    expect(r.varS).toBeCloseTo(156 / 18, 12);
    expect(r.z).toBeCloseTo(3 / Math.sqrt(156 / 18), 12);
    expect(trendSign(r, 0.05)).toBe(0);
  });

  it('a falling count series with many ties', () => {
    // Counts 5 3 3 3 1 1 0 2 0 0 1 0; tie groups 3×3, 3×1, 4×0: Var = (12·11·29 − 2·3·2·11 −
    // 4·3·13)/18 = (3828 − 132 − 156)/18 = 196.67; S = −42 (by brute force, and scipy).
    const r = mannKendall([5, 3, 3, 3, 1, 1, 0, 2, 0, 0, 1, 0]);
    expect(r.s).toBe(-42);
    expect(r.varS).toBeCloseTo(3540 / 18, 12);
    expect(r.z).toBeCloseTo(-2.9236035345303995, 12);
    expect(r.p).toBeCloseTo(0.0034600513620302816, 8);
  });

  it('no trend: constant series, a single value, an empty series', () => {
    for (const series of [[3, 3, 3, 3, 3], [7], []]) {
      const r = mannKendall(series);
      expect(r).toEqual({ s: 0, varS: 0, z: 0, p: 1 });
      expect(trendSign(r, 0.05)).toBe(0);
    }
  });

  it('S = 0 with variance gives z = 0 and p = 1', () => {
    const r = mannKendall([1, 2, 2, 1]); // pairs: + + 0 0 − −
    expect(r.s).toBe(0);
    expect(r.varS).toBeGreaterThan(0);
    expect(r.z).toBe(0);
    expect(r.p).toBe(1);
  });

  it('reads a strided series inside a larger array and reuses its output', () => {
    // Cell-major layout: two cells × five steps, and a step-major view of the same data.
    const cellMajor = Float64Array.of(0, 1, 2, 3, 4, 9, 7, 5, 3, 1);
    const stepMajor = Float64Array.of(0, 9, 1, 7, 2, 5, 3, 3, 4, 1);
    const out = emptyMannKendall();
    expect(mannKendallInto(cellMajor, 5, 1, 5, out).s).toBe(-10);
    expect(mannKendallInto(stepMajor, 0, 2, 5, out)).toBe(out);
    expect(out.s).toBe(10);
    expect(mannKendallInto(stepMajor, 1, 2, 5, out).s).toBe(-10);
  });

  it('agrees with brute force on random series with ties', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) % 6;
    for (let k = 0; k < 50; k++) {
      const n = 2 + (k % 30);
      const x = Array.from({ length: n }, rand);
      let s = 0;
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += Math.sign(x[j]! - x[i]!);
      const groups = new Map<number, number>();
      for (const v of x) groups.set(v, (groups.get(v) ?? 0) + 1);
      let ties = 0;
      for (const t of groups.values()) ties += t * (t - 1) * (2 * t + 5);
      const r = mannKendall(x);
      expect(r.s).toBe(s);
      expect(r.varS).toBeCloseTo((n * (n - 1) * (2 * n + 5) - ties) / 18, 9);
    }
  });
});
