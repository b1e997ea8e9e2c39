// Mann-Kendall trend test (Mann 1945, Kendall 1975; as in Gilbert 1987, ch. 16), the test the
// space-time hot-spot method applies to each cell's series of Gi* z-scores.
import { twoSidedP } from './normal';

/** Result of one test; reused by `mannKendallInto` so that a loop over cells allocates nothing. */
export interface MannKendallResult {
  /** S = Σ_{i<j} sign(x_j − x_i). */
  s: number;
  /** Var(S) with the tie correction: [n(n−1)(2n+5) − Σ t(t−1)(2t+5)] / 18 over tie groups. */
  varS: number;
  /** (S − 1)/√Var for S > 0, (S + 1)/√Var for S < 0, 0 for S = 0 (continuity correction). */
  z: number;
  /** Two-sided p from the normal approximation; 1 when Var(S) = 0. */
  p: number;
}

export const emptyMannKendall = (): MannKendallResult => ({ s: 0, varS: 0, z: 0, p: 1 });

/**
 * Tests the n values x[offset], x[offset + stride], … for a monotonic trend. `scratch` holds at
 * least n numbers (it receives a sorted copy to find ties). Values must be finite.
 */
export function mannKendallInto(
  x: Float64Array,
  offset: number,
  stride: number,
  n: number,
  scratch: Float64Array,
  out: MannKendallResult,
): MannKendallResult {
  // Counted without branches: a pair's order is as good as random, so branches mispredict.
  let rising = 0;
  let falling = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[offset + i * stride] as number;
    for (let j = i + 1; j < n; j++) {
      const xj = x[offset + j * stride] as number;
      rising += +(xj > xi);
      falling += +(xj < xi);
    }
  }
  const s = rising - falling;
  const tiedPairs = (n * (n - 1)) / 2 - rising - falling;
  // Tie groups from a sorted copy (insertion sort: n is a few dozen time steps), when there are any.
  let ties = 0;
  if (tiedPairs > 0) {
    for (let i = 0; i < n; i++) {
      const v = x[offset + i * stride] as number;
      let k = i;
      while (k > 0 && (scratch[k - 1] as number) > v) {
        scratch[k] = scratch[k - 1] as number;
        k--;
      }
      scratch[k] = v;
    }
    for (let i = 0; i < n;) {
      let j = i + 1;
      while (j < n && scratch[j] === scratch[i]) j++;
      const t = j - i;
      if (t > 1) ties += t * (t - 1) * (2 * t + 5);
      i = j;
    }
  }
  const varS = n < 2 ? 0 : (n * (n - 1) * (2 * n + 5) - ties) / 18;
  const z = varS <= 0 || s === 0 ? 0 : (s > 0 ? s - 1 : s + 1) / Math.sqrt(varS);
  out.s = s;
  out.varS = varS;
  out.z = z;
  out.p = varS <= 0 ? 1 : twoSidedP(z);
  return out;
}

/** Mann-Kendall test of a whole series (allocates; for one-off use). */
export function mannKendall(series: ArrayLike<number>): MannKendallResult {
  return mannKendallInto(
    Float64Array.from(series),
    0,
    1,
    series.length,
    new Float64Array(series.length),
    emptyMannKendall(),
  );
}

/** The trend's direction if significant at `alpha` (two-sided), else 0. */
export const trendSign = (result: MannKendallResult, alpha: number): -1 | 0 | 1 =>
  result.p < alpha ? (result.s > 0 ? 1 : result.s < 0 ? -1 : 0) : 0;
