// The hot spots of an area for one window: the whole city's analysis at the area level's
// resolution (shared per data revision), cut to the cells where the area's detections lie.
import type { CityTime } from '@/domain/city-time';
import type { Detection } from '@/domain/detection';
import { type AreaParams } from '@/feeds/area-filter';
import type { ViewInput } from '@/feeds/view-builder';
import { looksLikeCell } from '@/geo/grid';
import { HOTSPOT_CLASSES, isHotClass } from './hotspot-classes';
import type { HotspotWindow, TimeSteps } from './hotspot-cube';
import {
  analysisFor,
  hotspotGrid,
  inWindow,
  resolutionFor,
  weekHistoryQuery,
  type Analysed,
  type Unavailable,
} from './hotspot-service';
import { historyOf } from './resources';

export const HOTSPOT_WINDOWS: readonly HotspotWindow[] = ['1h', 'today', '7d'];
export const isHotspotWindow = (w: unknown): w is HotspotWindow =>
  (HOTSPOT_WINDOWS as readonly unknown[]).includes(w);

export interface HotspotParams extends AreaParams {
  window: HotspotWindow;
}

/** Top hot spots listed per area. */
export const RANKED_ROWS = 10;

/** Per cell of the area (index i in every column). */
export interface HotspotCells {
  length: number;
  ids: string[];
  /** Class codes (HOTSPOT_CLASSES), 0 when not classified. */
  classes: Uint8Array;
  /** 1 when the cell meets the minimum sample. */
  eligible: Uint8Array;
  /** Detections in the window (the area's own and its neighbours' in the cell alike). */
  totals: Uint32Array;
  lastZ: Float32Array;
  lastP: Float32Array;
  /** Mann-Kendall of the intensity; NaN when not tested. */
  trendZ: Float32Array;
  trendP: Float32Array;
  hotSteps: Uint16Array;
}

export interface RankedHotspot {
  cell: string;
  klass: number;
  total: number;
  lastZ: number;
  lastP: number;
  /** null when the cell was not tested (too few steps). */
  trendZ: number | null;
  trendP: number | null;
  hotSteps: number;
  /** Detections per step of the window (for today: the time-of-day profile). */
  series: number[];
  /** The community holding most of its detections (names the place). */
  community: string | null;
  /** Where a click drills: the child area holding most of its detections, or the grid cell. */
  drill: string | null;
}

export interface HotspotView {
  area: string | null;
  window: HotspotWindow;
  resolution: number;
  /** The city clock of the request. */
  asOf: number;
  /** The data's clock the steps end at. */
  at: number;
  state: 'ok' | Unavailable;
  /** Whether the 7-day window can be offered (the source's history). */
  week: 'ok' | Unavailable;
  steps: TimeSteps | null;
  enoughSteps: boolean;
  /** Largest p still significant after FDR (−1: none), and α. */
  pCutoff: number;
  alpha: number;
  cells: HotspotCells;
  /** Cells of the area per class code (eligible or not: code 0 is "below the minimum sample"). */
  classCounts: number[];
  /** Cells with at least the minimum sample. */
  eligibleCells: number;
  ranked: RankedHotspot[];
  /** The area's detections in the window from the feed, and from the source's history. */
  inWindow: number;
  fromHistory: number;
  history: { from: number; to: number } | null;
  analysisMs: number;
}

const emptyCells = (): HotspotCells => ({
  length: 0,
  ids: [],
  classes: new Uint8Array(0),
  eligible: new Uint8Array(0),
  totals: new Uint32Array(0),
  lastZ: new Float32Array(0),
  lastP: new Float32Array(0),
  trendZ: new Float32Array(0),
  trendP: new Float32Array(0),
  hotSteps: new Uint16Array(0),
});

const isCity = (area: string | null) => !area || /^\d{4}00$/.test(area);

/** The child area a click on a hot spot drills into (the cell itself from a street down). */
function drillKey(area: string | null, d: Detection, cell: string): string | null {
  if (isCity(area)) return d.district;
  if (area!.length === 6) return d.street;
  if (looksLikeCell(area!)) return null;
  return cell;
}

function drillFromCommunity(area: string | null, community: string, cell: string): string | null {
  if (isCity(area)) return community.slice(0, 6);
  if (area!.length === 6) return community.slice(0, 9);
  if (looksLikeCell(area!)) return null;
  return cell;
}

const tally = (map: Map<string, number>, key: string, n = 1) =>
  map.set(key, (map.get(key) ?? 0) + n);

const most = (map: Map<string, number> | undefined): string | null => {
  if (!map) return null;
  let best: string | null = null;
  let count = 0;
  for (const [key, n] of map)
    if (n > count || (n === count && best !== null && key < best)) [best, count] = [key, n];
  return best;
};

/** What the view is built with besides the items. */
export interface HotspotContext {
  now: number;
  time: CityTime;
}

export function buildHotspotView(
  input: ViewInput,
  params: HotspotParams,
  ctx: HotspotContext,
): HotspotView {
  const { area, window } = params;
  const resolution = resolutionFor(area);
  const weekState = (): 'ok' | Unavailable => {
    const at = input.facts('detections').generatedAt || ctx.now;
    let held = historyOf(input, weekHistoryQuery(resolution, at, ctx.time));
    if (held.state === 'loading')
      held = historyOf(input, weekHistoryQuery(resolution, ctx.now, ctx.time));
    return held.state === 'ok'
      ? 'ok'
      : held.state === 'absent'
        ? 'no-history'
        : held.state === 'invalid'
          ? 'history-invalid'
          : 'history-loading';
  };
  const analysed = analysisFor(input, window, resolution, ctx.time, ctx.now);
  const base = {
    area,
    window,
    resolution,
    asOf: ctx.now,
    week: weekState(),
  };
  if (typeof analysed === 'string')
    return {
      ...base,
      at: input.facts('detections').generatedAt,
      state: analysed,
      steps: null,
      enoughSteps: false,
      pCutoff: -1,
      alpha: 0.05,
      cells: emptyCells(),
      classCounts: HOTSPOT_CLASSES.map(() => 0),
      eligibleCells: 0,
      ranked: [],
      inWindow: 0,
      fromHistory: 0,
      history: null,
      analysisMs: 0,
    };
  return { ...base, ...areaCut(input, params, analysed) };
}

/** The area's part of a city-wide analysis. */
function areaCut(input: ViewInput, { area }: HotspotParams, a: Analysed) {
  const grid = hotspotGrid()!;
  const { analysis, cube, steps, resolution } = a;
  const ns = steps.count;
  const city = isCity(area);
  const cellArea = area !== null && looksLikeCell(area);
  const items = input.inArea('detections') as ReadonlyMap<string, Detection>;

  // The area's cells: where its detections in the window lie (the whole city: every detected cell).
  const members = new Set<number>();
  const communities = new Map<number, Map<string, number>>();
  const drills = new Map<number, Map<string, number>>();
  let count = 0;
  for (const d of items.values()) {
    if (!inWindow(a, d)) continue;
    const cell = grid.cellOf(d, resolution);
    if (cell === null) continue;
    if (cellArea && grid.cellOf(d, 9) !== area) continue;
    const i = a.indexOf.get(cell);
    if (i === undefined) continue;
    count += 1;
    members.add(i);
    let c = communities.get(i);
    if (!c) communities.set(i, (c = new Map()));
    tally(c, d.community);
    const key = drillKey(area, d, cell);
    if (key !== null) {
      let m = drills.get(i);
      if (!m) drills.set(i, (m = new Map()));
      tally(m, key);
    }
  }
  // History cells, placed by the community the source says holds most of their detections.
  let fromHistory = city && a.history ? a.history.total : 0;
  if (a.history && !city) {
    for (const bin of a.history.bins) {
      // Asked at the analysis resolution: the bin's cell is the cube's.
      const i = a.indexOf.get(bin.cell);
      if (i === undefined) continue;
      const community = a.history.communityOf.get(bin.cell);
      const inside = cellArea
        ? bin.cell === area
        : community !== undefined && community.startsWith(area!);
      if (!inside) continue;
      fromHistory += bin.count;
      members.add(i);
      if (community) {
        let c = communities.get(i);
        if (!c) communities.set(i, (c = new Map()));
        tally(c, community, bin.count);
        const key = drillFromCommunity(area, community, bin.cell);
        if (key !== null) {
          let m = drills.get(i);
          if (!m) drills.set(i, (m = new Map()));
          tally(m, key, bin.count);
        }
      }
    }
  }
  if (city) for (let i = 0; i < cube.detected; i++) members.add(i);

  const order = [...members].sort((x, y) => x - y);
  const n = order.length;
  const cells: HotspotCells = {
    length: n,
    ids: order.map((i) => cube.cells[i] as string),
    classes: new Uint8Array(n),
    eligible: new Uint8Array(n),
    totals: new Uint32Array(n),
    lastZ: new Float32Array(n),
    lastP: new Float32Array(n),
    trendZ: new Float32Array(n),
    trendP: new Float32Array(n),
    hotSteps: new Uint16Array(n),
  };
  const classCounts = HOTSPOT_CLASSES.map(() => 0);
  let eligibleCells = 0;
  const hotNow: number[] = [];
  order.forEach((i, k) => {
    cells.classes[k] = analysis.classes[i] as number;
    cells.eligible[k] = analysis.eligible[i] as number;
    cells.totals[k] = analysis.totals[i] as number;
    cells.lastZ[k] = analysis.lastZ[i] as number;
    cells.lastP[k] = analysis.lastP[i] as number;
    cells.trendZ[k] = analysis.trendZ[i] as number;
    cells.trendP[k] = analysis.trendP[i] as number;
    cells.hotSteps[k] = analysis.hotSteps[i] as number;
    classCounts[analysis.classes[i] as number]! += 1;
    if (analysis.eligible[i] === 1) {
      eligibleCells += 1;
      if (ns > 0 && analysis.state[i * ns + ns - 1] === 1) hotNow.push(i);
    }
  });
  // Hot now, strongest first (as rankHotspots orders the city's).
  hotNow.sort(
    (x, y) =>
      (analysis.lastZ[y] as number) - (analysis.lastZ[x] as number) ||
      (analysis.totals[y] as number) - (analysis.totals[x] as number) ||
      ((cube.cells[x] as string) < (cube.cells[y] as string) ? -1 : 1),
  );
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  const ranked: RankedHotspot[] = hotNow.slice(0, RANKED_ROWS).map((i) => ({
    cell: cube.cells[i] as string,
    klass: analysis.classes[i] as number,
    total: analysis.totals[i] as number,
    lastZ: analysis.lastZ[i] as number,
    lastP: analysis.lastP[i] as number,
    trendZ: finite(analysis.trendZ[i] as number),
    trendP: finite(analysis.trendP[i] as number),
    hotSteps: analysis.hotSteps[i] as number,
    series: Array.from(cube.counts.subarray(i * ns, i * ns + ns)),
    community: most(communities.get(i)),
    drill: most(drills.get(i)),
  }));
  return {
    at: a.at,
    state: 'ok' as const,
    steps,
    enoughSteps: analysis.enoughSteps,
    pCutoff: analysis.pCutoff,
    alpha: analysis.alpha,
    cells,
    classCounts,
    eligibleCells,
    ranked,
    inWindow: count,
    fromHistory,
    history: a.history ? { from: a.history.from, to: a.history.to } : null,
    analysisMs: a.buildMs,
  };
}

/** Hot classes of the area's eligible cells (what the map outlines). */
export const isOutlined = (cells: HotspotCells, k: number): boolean =>
  cells.eligible[k] === 1 && isHotClass(cells.classes[k] as number);

export const hotspotTransferables = (view: HotspotView): Transferable[] => {
  const c = view.cells;
  return [
    c.classes.buffer,
    c.eligible.buffer,
    c.totals.buffer,
    c.lastZ.buffer,
    c.lastP.buffer,
    c.trendZ.buffer,
    c.trendP.buffer,
    c.hotSteps.buffer,
  ];
};
