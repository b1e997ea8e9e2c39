// Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995) per cell and time step of a space-time cube,
// with binary weights: a bin's neighbourhood is its cell and the cell's neighbours, at this step
// and the `timeLag` steps before it (as ArcGIS's neighbourhood time step).

/** What Gi* reads of a cube (see SpaceTimeCube). */
export interface CubeCounts {
  readonly steps: { readonly count: number };
  readonly cells: { readonly length: number };
  /** Cell-major counts: counts[i · steps + t]. */
  readonly counts: Uint32Array;
  readonly neighbourStart: Uint32Array;
  readonly neighbours: Uint32Array;
}

export interface GiStarOptions {
  /** Earlier steps in a bin's neighbourhood. Default 1 (ArcGIS's default neighbourhood time step). */
  timeLag?: number;
  /**
   * Bins the mean and standard deviation are taken over: 'span' those of the steps the
   * neighbourhood spans (one step when timeLag = 0), 'cube' all bins. Default 'span': a place is
   * compared with the city at the same time of day, not with the night.
   */
  globalWindow?: 'span' | 'cube';
}

const lagOf = (options: GiStarOptions): number => Math.max(0, Math.floor(options.timeLag ?? 1));

/**
 * Cell-major z-scores, z[i · steps + t] (0 where undefined: no variance in the window):
 *   z = (Σ_j w_ij x_j − x̄ Σ_j w_ij) / (S √[(n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)])
 * with binary weights (Σ w = Σ w² = W, the neighbourhood's size in bins), x̄ and
 * S = √(Σx²/n − x̄²) over the n bins of the global window.
 *
 * Neighbourhoods must be symmetric (j is i's neighbour when i is j's, as with k-rings): each
 * non-empty bin adds its count to its neighbours', so the cost follows the detections rather than
 * cells × steps × neighbours. Allocates the result and a few arrays of one entry per step.
 */
export function giStar(cube: CubeCounts, options: GiStarOptions = {}): Float64Array {
  const lag = lagOf(options);
  const whole = options.globalWindow === 'cube';
  const nc = cube.cells.length;
  const ns = cube.steps.count;
  const { counts, neighbourStart, neighbours } = cube;
  // First the spatial neighbourhood sums, in place of the z-scores.
  const z = new Float64Array(nc * ns);

  // Per-step sums of x and x² (integers: exact in doubles far beyond any city's counts).
  const sum = new Float64Array(ns);
  const sumSq = new Float64Array(ns);
  let maxCells = 0;
  for (let j = 0; j < nc; j++) {
    const from = neighbourStart[j] as number;
    const to = neighbourStart[j + 1] as number;
    if (to - from > maxCells) maxCells = to - from;
    for (let t = 0, b = j * ns; t < ns; t++, b++) {
      const x = counts[b] as number;
      if (x === 0) continue;
      sum[t]! += x;
      sumSq[t]! += x * x;
      for (let k = from; k < to; k++) z[(neighbours[k] as number) * ns + t]! += x;
    }
  }
  let cubeSum = 0;
  let cubeSumSq = 0;
  for (let t = 0; t < ns; t++) {
    cubeSum += sum[t] as number;
    cubeSumSq += sumSq[t] as number;
  }

  // Per step: the global window's mean, and 1 / (S √q) for each neighbourhood size in cells
  // (0 where z is undefined: no variance, or the neighbourhood is the whole window).
  const mean = new Float64Array(ns);
  const scale = new Float64Array(ns * (maxCells + 1));
  for (let t = 0; t < ns; t++) {
    const span = Math.min(t, lag) + 1;
    let n = nc * ns;
    let sx = cubeSum;
    let sxx = cubeSumSq;
    if (!whole) {
      n = nc * span;
      sx = 0;
      sxx = 0;
      for (let u = t - span + 1; u <= t; u++) {
        sx += sum[u] as number;
        sxx += sumSq[u] as number;
      }
    }
    mean[t] = sx / n;
    // n·Σx² − (Σx)² is an exact integer: zero when every bin is equal.
    const spread = n * sxx - sx * sx;
    if (!(spread > 0) || n < 2) continue;
    const sd = Math.sqrt(spread) / n;
    for (let cells = 1; cells <= maxCells; cells++) {
      const w = cells * span;
      const q = (n * w - w * w) / (n - 1);
      if (q > 0) scale[t * (maxCells + 1) + cells] = 1 / (sd * Math.sqrt(q));
    }
  }

  // Then, latest step first so that earlier sums are still there for the time window, the z-scores.
  for (let i = 0; i < nc; i++) {
    const cells = (neighbourStart[i + 1] as number) - (neighbourStart[i] as number);
    const row = i * ns;
    for (let t = ns - 1; t >= 0; t--) {
      const span = Math.min(t, lag) + 1;
      let local = 0;
      for (let u = t - span + 1; u <= t; u++) local += z[row + u] as number;
      z[row + t] =
        (local - (mean[t] as number) * cells * span) *
        (scale[t * (maxCells + 1) + cells] as number);
    }
  }
  return z;
}

/**
 * The mean count per bin of each step's global window (as Gi* takes it): the expected count of a
 * bin if detections were spread evenly over the study area.
 */
export function windowMeans(cube: CubeCounts, options: GiStarOptions = {}): Float64Array {
  const lag = lagOf(options);
  const nc = cube.cells.length;
  const ns = cube.steps.count;
  const sum = new Float64Array(ns);
  for (let i = 0; i < nc; i++)
    for (let t = 0, b = i * ns; t < ns; t++, b++) sum[t]! += cube.counts[b] as number;
  const means = new Float64Array(ns);
  let total = 0;
  for (let t = 0; t < ns; t++) total += sum[t] as number;
  for (let t = 0; t < ns; t++) {
    if (options.globalWindow === 'cube') {
      means[t] = total / (nc * ns);
      continue;
    }
    const span = Math.min(t, lag) + 1;
    let sx = 0;
    for (let u = t - span + 1; u <= t; u++) sx += sum[u] as number;
    means[t] = sx / (nc * span);
  }
  return means;
}

/** Detections in the neighbourhood of cell i at step t: the sum in the numerator of its Gi*. */
export function neighbourhoodCount(
  cube: CubeCounts,
  i: number,
  t: number,
  options: GiStarOptions = {},
): number {
  const ns = cube.steps.count;
  const { counts, neighbourStart, neighbours } = cube;
  let s = 0;
  const from = Math.max(0, t - lagOf(options));
  for (let k = neighbourStart[i] as number, end = neighbourStart[i + 1] as number; k < end; k++) {
    const base = (neighbours[k] as number) * ns;
    for (let u = from; u <= t; u++) s += counts[base + u] as number;
  }
  return s;
}
