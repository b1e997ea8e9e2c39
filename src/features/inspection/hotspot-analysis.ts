// The space-time hot-spot method end to end on a cube: Gi* per bin, Benjamini–Hochberg over all
// bins, a minimum sample per cell, Mann-Kendall per cell, then the classes. Typed columns per cell,
// ready to cross to the page (docs/metrics.md, "Inspection hotspots").
import { bhCutoff } from './fdr';
import { giStar, neighbourhoodCount, windowMeans, type GiStarOptions } from './gi-star';
import { classifyCell, UNCLASSIFIED } from './hotspot-classes';
import type { SpaceTimeCube, TimeSteps } from './hotspot-cube';
import { emptyMannKendall, mannKendallInto, trendSign } from './mann-kendall';
import { twoSidedP } from './normal';

export interface HotspotOptions extends GiStarOptions {
  /** Significance level of the Gi* bins after FDR and of the trends. Default 0.05. */
  alpha?: number;
  /** Detections a cell needs in the window to be classified or ranked. Default 5. */
  minCount?: number;
  /**
   * Detections a bin's neighbourhood needs to be a hot spot. Gi*'s normal approximation makes one
   * detection among empty cells look extreme; under a Poisson model of such sparse counts it takes
   * about three. Default 3; 0 turns it off.
   */
  minHotCount?: number;
  /** Steps needed to classify (the trend test needs them). Default 10. */
  minSteps?: number;
  /**
   * The series whose Mann-Kendall trend tells intensifying from persistent and diminishing.
   * 'intensity' (default): at each step on its own, the detections in the cell's k-ring over what
   * the city's mean at that step would put there. A city-wide rise or fall (the day's rhythm)
   * leaves it unchanged, and its steps do not overlap. 'z': the Gi* z-scores, as ArcGIS does; they
   * grow with the city's activity wherever counts are sparse, and the time lag makes neighbouring
   * steps share detections, so the test finds trends that are not there (docs/metrics.md).
   */
  trendOf?: 'intensity' | 'z';
}

/** Per cell of the cube's study area (index i as in `cells`), plus per bin (cell-major). */
export interface HotspotAnalysis {
  readonly resolution: number;
  readonly steps: TimeSteps;
  readonly cells: readonly string[];
  /** Class codes (HOTSPOT_CLASSES); 0 when not classified. */
  readonly classes: Uint8Array;
  /** 1 when the cell meets the minimum sample. */
  readonly eligible: Uint8Array;
  /** Gi* z and two-sided p (before FDR) of the last step. */
  readonly lastZ: Float64Array;
  readonly lastP: Float64Array;
  /** Mann-Kendall of the series that decides the class (`trendOf`); NaN when not tested. */
  readonly trendZ: Float64Array;
  readonly trendP: Float64Array;
  /** Mann-Kendall on the cell's own counts; NaN when not tested. */
  readonly countTrendZ: Float64Array;
  readonly countTrendP: Float64Array;
  /** Steps in which the cell is a significant hot (cold) spot after FDR. */
  readonly hotSteps: Uint16Array;
  readonly coldSteps: Uint16Array;
  /** Detections in the cell over the window. */
  readonly totals: Uint32Array;
  /** Cell-major Gi* z-scores and states (+1 hot, −1 cold, 0): [i · steps.count + t]. */
  readonly z: Float64Array;
  readonly state: Int8Array;
  /** Bins tested (the FDR family) and the largest p still significant (−1: none). */
  readonly tests: number;
  readonly pCutoff: number;
  readonly alpha: number;
  /** Whether there were enough steps to classify at all. */
  readonly enoughSteps: boolean;
}

/** The smallest |z| whose two-sided p is ≤ alpha, less a margin: a safe pre-filter. */
function zFloor(alpha: number): number {
  let lo = 0;
  let hi = 40;
  for (let k = 0; k < 60; k++) {
    const mid = (lo + hi) / 2;
    if (twoSidedP(mid) > alpha) lo = mid;
    else hi = mid;
  }
  return lo * (1 - 1e-9);
}

/**
 * Hot (+1) and cold (−1) bins: Benjamini–Hochberg over every bin of the cube at `alpha`, and for
 * hot bins at least `minHotCount` detections in the neighbourhood. Only the bins with p ≤ alpha
 * can be rejected, so only they are sorted.
 */
export function significantBins(
  cube: SpaceTimeCube,
  z: Float64Array,
  alpha: number,
  minHotCount: number,
  options: GiStarOptions = {},
): { state: Int8Array; pCutoff: number } {
  const ns = cube.steps.count;
  const tests = z.length;
  const floor = zFloor(alpha);
  let at = new Uint32Array(1024);
  let p = new Float64Array(1024);
  let k = 0;
  for (let b = 0; b < tests; b++) {
    const v = z[b] as number;
    if (v < floor && v > -floor) continue;
    const pb = twoSidedP(v);
    if (pb > alpha) continue;
    if (k === at.length) {
      const grownAt = new Uint32Array(2 * k);
      const grownP = new Float64Array(2 * k);
      grownAt.set(at);
      grownP.set(p);
      at = grownAt;
      p = grownP;
    }
    at[k] = b;
    p[k++] = pb;
  }
  const pCutoff = bhCutoff(p.slice(0, k), tests, alpha);
  const state = new Int8Array(tests);
  for (let c = 0; c < k; c++) {
    if ((p[c] as number) > pCutoff) continue;
    const b = at[c] as number;
    if ((z[b] as number) < 0) state[b] = -1;
    else if (
      minHotCount <= 0 ||
      neighbourhoodCount(cube, Math.floor(b / ns), b % ns, options) >= minHotCount
    )
      state[b] = 1;
  }
  return { state, pCutoff };
}

export function analyseHotspots(
  cube: SpaceTimeCube,
  options: HotspotOptions = {},
): HotspotAnalysis {
  const alpha = options.alpha ?? 0.05;
  const minCount = options.minCount ?? 5;
  const minHotCount = options.minHotCount ?? 3;
  const minSteps = Math.max(2, options.minSteps ?? 10);
  const byZ = options.trendOf === 'z';
  const nc = cube.cells.length;
  const ns = cube.steps.count;
  const tests = nc * ns;
  const z = giStar(cube, options);
  const { state, pCutoff } = significantBins(cube, z, alpha, minHotCount, options);
  const stepOnly = { ...options, timeLag: 0 };
  const means = byZ ? null : windowMeans(cube, stepOnly);

  const classes = new Uint8Array(nc);
  const eligible = new Uint8Array(nc);
  const lastZ = new Float64Array(nc);
  const lastP = new Float64Array(nc);
  const trendZ = new Float64Array(nc).fill(NaN);
  const trendP = new Float64Array(nc).fill(NaN);
  const countTrendZ = new Float64Array(nc).fill(NaN);
  const countTrendP = new Float64Array(nc).fill(NaN);
  const hotSteps = new Uint16Array(nc);
  const coldSteps = new Uint16Array(nc);
  const enoughSteps = ns >= minSteps;
  const series = new Float64Array(ns);
  const mk = emptyMannKendall();
  for (let i = 0; i < nc; i++) {
    const row = i * ns;
    let hot = 0;
    let cold = 0;
    for (let t = 0; t < ns; t++) {
      const s = state[row + t];
      if (s === 1) hot++;
      else if (s === -1) cold++;
    }
    hotSteps[i] = hot;
    coldSteps[i] = cold;
    if (ns > 0) {
      lastZ[i] = z[row + ns - 1] as number;
      lastP[i] = twoSidedP(lastZ[i] as number);
    } else lastP[i] = 1;
    if ((cube.totals[i] as number) < minCount) continue;
    eligible[i] = 1;
    if (!enoughSteps) continue;
    for (let t = 0; t < ns; t++) series[t] = cube.counts[row + t] as number;
    mannKendallInto(series, 0, 1, ns, mk);
    countTrendZ[i] = mk.z;
    countTrendP[i] = mk.p;
    if (means) {
      // Intensity: observed over expected in the k-ring at each step; steps with no detection
      // anywhere have none and are left out of the series.
      const cells = (cube.neighbourStart[i + 1] as number) - (cube.neighbourStart[i] as number);
      let m = 0;
      for (let t = 0; t < ns; t++) {
        const expected = (means[t] as number) * cells;
        if (expected > 0) series[m++] = neighbourhoodCount(cube, i, t, stepOnly) / expected;
      }
      mannKendallInto(series, 0, 1, m, mk);
    } else mannKendallInto(z, row, 1, ns, mk);
    trendZ[i] = mk.z;
    trendP[i] = mk.p;
    classes[i] = classifyCell(state, row, ns, trendSign(mk, alpha));
  }
  if (!enoughSteps) classes.fill(UNCLASSIFIED);

  return {
    resolution: cube.resolution,
    steps: cube.steps,
    cells: cube.cells,
    classes,
    eligible,
    lastZ,
    lastP,
    trendZ,
    trendP,
    countTrendZ,
    countTrendP,
    hotSteps,
    coldSteps,
    totals: cube.totals,
    z,
    state,
    tests,
    pCutoff,
    alpha,
    enoughSteps,
  };
}

/**
 * Top hot spots now: eligible cells that are a significant hot spot in the last step, by their
 * last z (then detections, then cell id), at most `limit`.
 */
export function rankHotspots(analysis: HotspotAnalysis, limit: number): Uint32Array {
  const ns = analysis.steps.count;
  const picked: number[] = [];
  if (ns === 0) return new Uint32Array(0);
  for (let i = 0; i < analysis.cells.length; i++)
    if (analysis.eligible[i] === 1 && analysis.state[i * ns + ns - 1] === 1) picked.push(i);
  const { lastZ, totals, cells } = analysis;
  picked.sort(
    (a, b) =>
      (lastZ[b] as number) - (lastZ[a] as number) ||
      (totals[b] as number) - (totals[a] as number) ||
      ((cells[a] as string) < (cells[b] as string) ? -1 : 1),
  );
  return Uint32Array.from(picked.slice(0, Math.max(0, limit)));
}
