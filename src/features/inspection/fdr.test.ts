import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, bhCutoff } from './fdr';

describe('Benjamini–Hochberg', () => {
  it("rejects four of the paper's fifteen p-values at q = 0.05 (Bonferroni: three)", () => {
    // Benjamini & Hochberg (1995), section 4. By hand, k·0.05/15: k = 4 → 0.01333 ≥ 0.0095;
    // k = 5 → 0.01667 < 0.0201, and no larger k passes either (k = 9: 0.03 < 0.0459).
    const p = [
      0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719,
      0.6528, 0.759, 1,
    ];
    const rejected = benjaminiHochberg(p, 0.05);
    expect(rejected.filter(Boolean)).toHaveLength(4);
    expect(rejected.slice(0, 4)).toEqual([true, true, true, true]);
    expect(bhCutoff(Float64Array.from(p), p.length, 0.05)).toBe(0.0095);
    expect(p.filter((v) => v <= 0.05 / p.length)).toHaveLength(3);
  });

  it('steps up: a p-value above its own threshold is rejected when a larger one passes', () => {
    // m = 3: k = 1 → 0.0167 < 0.02 fails, k = 2 → 0.0333 ≥ 0.03 passes, k = 3 → 0.05 ≥ 0.05 passes.
    expect(benjaminiHochberg([0.05, 0.02, 0.03], 0.05)).toEqual([true, true, true]);
    // m = 6, five equal p-values: k = 5 → 0.0417 ≥ 0.04.
    expect(benjaminiHochberg([0.04, 0.04, 0.9, 0.04, 0.04, 0.04], 0.05)).toEqual([
      true,
      true,
      false,
      true,
      true,
      true,
    ]);
  });

  it('rejects nothing when even the smallest fails: p_(1) > alpha/m and no step-up', () => {
    expect(benjaminiHochberg([0.02, 0.5, 0.6, 0.7], 0.05)).toEqual([false, false, false, false]);
    expect(bhCutoff(new Float64Array(0), 0, 0.05)).toBe(-1);
  });

  it('gives the same cutoff from the candidates alone as from the whole family', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const all = Float64Array.from({ length: 5000 }, (_, i) => (i < 300 ? rand() * 1e-3 : rand()));
    const full = bhCutoff(Float64Array.from(all), all.length, 0.05);
    const candidates = all.filter((v) => v <= 0.05);
    expect(bhCutoff(candidates, all.length, 0.05)).toBe(full);
    expect(full).toBeGreaterThan(0);
    // Hand check of the definition on the sorted family.
    const sorted = Float64Array.from(all).sort();
    const k = sorted.findLastIndex((v, i) => v <= ((i + 1) * 0.05) / sorted.length) + 1;
    expect(full).toBe(sorted[k - 1]);
  });
});
