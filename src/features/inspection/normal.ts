// The standard normal tail, for the p-values of Gi* and Mann-Kendall z-scores. Decisions compare
// p with thresholds, so a relative error far below the thresholds' own precision is enough.

/**
 * Complementary error function, relative error below 1.2e-7 everywhere (the Chebyshev fit of
 * Numerical Recipes, "erfcc"); 0 beyond |x| ≈ 26 where the result underflows.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of a standard normal z-score: P(|Z| ≥ |z|). NaN stays NaN. */
export const twoSidedP = (z: number): number => Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
