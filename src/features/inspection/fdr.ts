// Benjamini–Hochberg false-discovery-rate control (Benjamini & Hochberg 1995, step-up).

/**
 * The BH cutoff: the largest p_(k) with p_(k) ≤ k·alpha/m, where p_(1) ≤ … are the sorted
 * p-values. Every test with p ≤ cutoff is rejected; -1 when none is.
 *
 * `p` may hold only the candidates (e.g. the p-values ≤ alpha, the only ones BH can reject) while
 * `m` counts all tests of the family: the rank of a candidate among the candidates is then its rank
 * among all tests. Sorts `p` in place.
 */
export function bhCutoff(p: Float64Array, m: number, alpha: number): number {
  p.sort();
  for (let k = p.length; k >= 1; k--) {
    const pk = p[k - 1] as number;
    if (pk <= (k * alpha) / m) return pk;
  }
  return -1;
}

/** Which of the p-values BH rejects at `alpha` (convenience for small families). */
export function benjaminiHochberg(p: ArrayLike<number>, alpha: number): boolean[] {
  const cutoff = bhCutoff(Float64Array.from(p), p.length, alpha);
  return Array.from(p, (v) => v <= cutoff);
}
