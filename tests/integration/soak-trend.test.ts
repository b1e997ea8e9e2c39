import { describe, expect, it } from 'vitest';
import { medianSlope, slope, trendBeyondItems, type TrendPoint } from '../../scripts/soak-trend';

/** Samples every half minute over 30 minutes, items following a day of 4.3 minutes. */
function samples(heap: (t: number, items: number) => number): TrendPoint[] {
  const out: TrendPoint[] = [];
  for (let k = 0; k <= 60; k += 1) {
    const t = k / 120; // hours
    const dayPhase = ((k * 0.5) % 4.3) / 4.3;
    const items = 12_000 + 8_000 * dayPhase; // grows through the day, drops at midnight
    out.push({ t, items, y: heap(t, items) });
  }
  return out;
}

describe('soak trend', () => {
  it('finds no growth in a heap that only follows the items held', () => {
    const points = samples((_, items) => 30 + items * 0.0015);
    const trend = trendBeyondItems(points);
    expect(trend.perT).toBeCloseTo(0, 6);
    expect(trend.perItem).toBeCloseTo(0.0015, 8);
  });

  it('finds a leak under the daily swing of the items', () => {
    const points = samples((t, items) => 30 + items * 0.0015 + 12 * t);
    expect(trendBeyondItems(points).perT).toBeCloseTo(12, 6);
  });

  it('reads a window that ends on a busier hour as growth when the items are ignored', () => {
    // 0–25 minutes: ends late in a simulated day, begins just after midnight.
    const points = samples((_, items) => 30 + items * 0.0015).slice(1, 51);
    expect(Math.abs(slope(points.map((p) => [p.t, p.y] as const)))).toBeGreaterThan(0.5);
    expect(trendBeyondItems(points).perT).toBeCloseTo(0, 6);
  });

  it('falls back to the plain slope when the items do not vary', () => {
    const points = samples((t) => 40 + 5 * t).map((p) => ({ ...p, items: 100 }));
    expect(trendBeyondItems(points)).toEqual({
      perT: slope(points.map((p) => [p.t, p.y])),
      perItem: 0,
    });
    expect(trendBeyondItems(points).perT).toBeCloseTo(5, 6);
  });

  it('falls back to the plain slope when the items grow in step with time', () => {
    const points = samples((t) => 40 + 5 * t).map((p) => ({ ...p, items: 1000 + 2000 * p.t }));
    expect(trendBeyondItems(points).perT).toBeCloseTo(5, 6);
    expect(trendBeyondItems(points).perItem).toBe(0);
  });
});

describe('soak median slope (DOM per slide)', () => {
  // A slide's DOM: 1,133 nodes, a banner of 194 more in a few samples, the last ones among them.
  const flat = Array.from(
    { length: 15 },
    (_, i) => [i / 30, 1133 + (i >= 11 && i % 2 === 1 ? 194 : 0)] as const,
  );

  it('reads content that comes and goes as no growth, where least squares reads growth', () => {
    expect(medianSlope(flat)).toBe(0);
    expect(slope(flat)).toBeGreaterThan(200);
  });

  it('reads a leak of 20 nodes a sample under the same content', () => {
    const leak = flat.map(([t, y], i) => [t, y + 20 * i] as const);
    expect(medianSlope(leak)).toBeCloseTo(600, 0);
  });

  it('is 0 without two distinct times', () => {
    expect(medianSlope([])).toBe(0);
    expect(
      medianSlope([
        [1, 5],
        [1, 9],
      ]),
    ).toBe(0);
  });
});
