import { describe, expect, it } from 'vitest';
import { erfc, twoSidedP } from './normal';

// 2 · norm.sf(z) from scipy 1.17 (computed once, offline).
const REFERENCE: [z: number, p: number][] = [
  [0, 1],
  [0.5, 0.6170750774519738],
  [1, 0.31731050786291415],
  [1.959963984540054, 0.05],
  [2.5, 0.012419330651552265],
  [3, 0.0026997960632601866],
  [4, 6.334248366623973e-5],
  [5, 5.733031437583866e-7],
  [8, 1.244192114854348e-15],
  [12, 3.552964224155306e-33],
  [20, 5.507248237212311e-89],
  [30, 9.813427854295816e-198],
];

describe('normal tail', () => {
  it.each(REFERENCE)('two-sided p of z = %s within 2e-7 relative', (z, p) => {
    expect(Math.abs(twoSidedP(z) - p) / p).toBeLessThan(2e-7);
    expect(twoSidedP(-z)).toBe(twoSidedP(z));
  });

  it('is symmetric about 1 for negative arguments and bounded', () => {
    expect(erfc(-1) + erfc(1)).toBeCloseTo(2, 12);
    expect(twoSidedP(0)).toBeLessThanOrEqual(1);
    expect(twoSidedP(40)).toBe(0);
    expect(twoSidedP(Infinity)).toBe(0);
    expect(twoSidedP(NaN)).toBeNaN();
  });

  it('decreases with |z|', () => {
    let last = 1;
    for (let z = 0.01; z < 30; z += 0.01) {
      const p = twoSidedP(z);
      expect(p).toBeLessThanOrEqual(last);
      last = p;
    }
  });
});
