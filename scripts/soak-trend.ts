// How the soak reads a growing heap: the part of its trend that the data held does not explain.

/** Least-squares slope of y over x (per unit of x); 0 for fewer than two points or one x. */
export function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/**
 * Theil–Sen slope: the median of the slopes between every pair of points with different x. A DOM
 * count on one slide varies with what it shows (a banner, a longer list) and comes back; a few
 * such samples near the end of a run tilt a least-squares line, but not the median of the pairs.
 * A leak moves every later sample, and with it the median. 0 for fewer than two distinct x.
 */
export function medianSlope(points: readonly (readonly [number, number])[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < points.length; i += 1)
    for (let j = i + 1; j < points.length; j += 1) {
      const dx = points[j]![0] - points[i]![0];
      if (dx !== 0) slopes.push((points[j]![1] - points[i]![1]) / dx);
    }
  if (!slopes.length) return 0;
  slopes.sort((a, b) => a - b);
  const mid = slopes.length >> 1;
  return slopes.length % 2 ? slopes[mid]! : (slopes[mid - 1]! + slopes[mid]!) / 2;
}

/** One sample: time, the measure (heap), and the data held then (items). */
export interface TrendPoint {
  t: number;
  y: number;
  items: number;
}

export interface TrendBeyondItems {
  /** Change of y per unit of t with the items held, fitted together, taken out. */
  perT: number;
  /** Change of y per item held (what holding one more item costs). */
  perItem: number;
}

/**
 * Least squares of `y = a + perT·t + perItem·items`. A simulated city's feeds hold more items by
 * evening than after midnight, and the heap follows them: a plain slope over a window that ends
 * on a busier hour than it began reads as growth. `perT` is the growth the items do not explain,
 * the part a leak would show. When the items do not vary (or vary in step with t), they cannot
 * be told apart from time and the plain slope is returned.
 */
export function trendBeyondItems(points: readonly TrendPoint[]): TrendBeyondItems {
  const n = points.length;
  const plain = { perT: slope(points.map((p) => [p.t, p.y] as const)), perItem: 0 };
  if (n < 3) return plain;
  const mean = (f: (p: TrendPoint) => number) => points.reduce((s, p) => s + f(p), 0) / n;
  const mt = mean((p) => p.t);
  const mi = mean((p) => p.items);
  const my = mean((p) => p.y);
  let stt = 0;
  let sii = 0;
  let sti = 0;
  let sty = 0;
  let siy = 0;
  for (const p of points) {
    const dt = p.t - mt;
    const di = p.items - mi;
    const dy = p.y - my;
    stt += dt * dt;
    sii += di * di;
    sti += dt * di;
    sty += dt * dy;
    siy += di * dy;
  }
  const det = stt * sii - sti * sti;
  // Items constant, or a straight function of time: nothing to separate.
  if (stt === 0 || sii === 0 || det <= 1e-9 * stt * sii) return plain;
  return { perT: (sii * sty - sti * siy) / det, perItem: (stt * siy - sti * sty) / det };
}
