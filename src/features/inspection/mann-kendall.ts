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
 * Tests the n values x[offset], x[offset + stride], … for a monotonic trend. Values must be
 * finite. Allocates nothing.
 *
 * The tie correction needs no sort: if e_i counts the later values equal to x_i, the members of
 * a tie group of size t have e = t − 1, t − 2, …, 0, and Σ_{k<t} 6k(k + 2) = t(t − 1)(2t + 5).
 */
export function mannKendallInto(
  x: Float64Array,
  offset: number,
  stride: number,
  n: number,
  out: MannKendallResult,
): MannKendallResult {
  let s = 0;
  let ties = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[offset + i * stride] as number;
    // Counted without branches: a pair's order is as good as random, so branches mispredict.
    let rising = 0;
    let falling = 0;
    for (let j = i + 1; j < n; j++) {
      const xj = x[offset + j * stride] as number;
      rising += +(xj > xi);
      falling += +(xj < xi);
    }
    s += rising - falling;
    const equal = n - 1 - i - rising - falling;
    ties += 6 * equal * (equal + 2);
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
  return mannKendallInto(Float64Array.from(series), 0, 1, series.length, emptyMannKendall());
}

/** The trend's direction if significant at `alpha` (two-sided), else 0. */
export const trendSign = (result: MannKendallResult, alpha: number): -1 | 0 | 1 =>
  result.p < alpha ? (result.s > 0 ? 1 : result.s < 0 ? -1 : 0) : 0;
