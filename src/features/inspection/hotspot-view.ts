// The hot spots of an area for one window: the whole city's analysis at the area level's
// resolution (shared per data revision), cut to the cells where the area's detections lie.
import type { CityTime } from '@/domain/city-time';
import { type AreaParams } from '@/feeds/area-filter';
import type { ViewInput } from '@/feeds/view-builder';
import { looksLikeCell } from '@/geo/grid';
import { HOTSPOT_CLASSES, isHotClass } from './hotspot-classes';
import type { HotspotWindow, TimeSteps } from './hotspot-cube';
import type { HotspotGrid } from './hotspot-cube';
import { areaTest, columnsOf } from './inspection-view';
import {
  analysisFor,
  hotspotGrid,
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

/**
 * Hot spots listed per area: those significant now, strongest first, then the classified ones
 * quiet now (historical), longest hot first.
 */
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
  /** Where a click on the cell drills (a child area, or the grid cell itself); '' when none. */
  drill: string[];
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
  /** Whether it is a significant hot spot in the last step (else a classified one, quiet now). */
  hotNow: boolean;
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
  drill: [],
});

const isCity = (area: string | null) => !area || /^\d{4}00$/.test(area);

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
const KEY = 65_536;
const levelMaps = new WeakMap<Analysed, Int32Array>();

/** Each cell of the analysis' level (by the grid's index) to its index in the cube, −1 outside. */
function levelToCube(a: Analysed, grid: HotspotGrid): Int32Array {
  let map = levelMaps.get(a);
  if (map) return map;
  const level = grid.level(a.resolution);
  map = new Int32Array(level.cells.length).fill(-1);
  a.cube.cells.forEach((cell, j) => {
    const li = level.index.get(cell);
    if (li !== undefined && li < map!.length) map![li] = j;
  });
  levelMaps.set(a, map);
  return map;
}

/** The best child per cell from (cell × KEY + child) tallies. */
function majority(tallies: Map<number, number>): Map<number, number> {
  const best = new Map<number, [number, number]>();
  for (const [key, n] of tallies) {
    const cell = Math.floor(key / KEY);
    const child = key - cell * KEY;
    const held = best.get(cell);
    if (!held || n > held[1] || (n === held[1] && child < held[0])) best.set(cell, [child, n]);
  }
  return new Map([...best].map(([cell, [child]]) => [cell, child]));
}

/** The area's part of a city-wide analysis. */
function areaCut(input: ViewInput, { area }: HotspotParams, a: Analysed) {
  const grid = hotspotGrid()!;
  const { analysis, cube, steps, resolution } = a;
  const ns = steps.count;
  const city = isCity(area);
  const cellArea = area !== null && looksLikeCell(area);
  const p = columnsOf(input)!;
  const { cols } = p;
  const inArea = areaTest(p, area);
  const level = grid.level(resolution);
  const toCube = levelToCube(a, grid);
  // Where a click drills: the district from the city, the street from a district, else the cell.
  const drillOf: ((i: number) => number) | null = city
    ? (i) => cols.district[i] as number
    : area!.length === 6
      ? (i) => cols.street[i] as number
      : cellArea
        ? null
        : () => 0;
  const drillCode = (cell: number, child: number): string =>
    city
      ? (cols.districts.codes[child] ?? '')
      : area!.length === 6
        ? (cols.streets.codes[child] ?? '')
        : (cube.cells[cell] as string);

  // The area's cells: where its detections in the window lie (the whole city: every detected cell).
  const member = new Uint8Array(cube.cells.length);
  const communities = new Map<number, number>();
  const drills = new Map<number, number>();
  let count = 0;
  const from = Math.max(a.itemsFrom, steps.start);
  const to = steps.end + 60_000;
  for (let i = 0; i < cols.n; i++) {
    const t = cols.at[i] as number;
    if (t < from || t > to) continue;
    if (inArea && !inArea(i)) continue;
    const b = cols.base[i] as number;
    if (b < 0) continue;
    const li = grid.levelIndexOf(level, b);
    const j = li < toCube.length ? (toCube[li] as number) : -1;
    if (j < 0) continue;
    count += 1;
    member[j] = 1;
    const ck = j * KEY + (cols.community[i] as number);
    communities.set(ck, (communities.get(ck) ?? 0) + 1);
    if (drillOf) {
      const dk = j * KEY + drillOf(i);
      drills.set(dk, (drills.get(dk) ?? 0) + 1);
    }
  }
  // History cells, placed by the community the source says holds most of their detections.
  let fromHistory = city && a.history ? a.history.total : 0;
  if (a.history && !city) {
    for (const bin of a.history.bins) {
      // Asked at the analysis resolution: the bin's cell is the cube's.
      const j = a.indexOf.get(bin.cell);
      if (j === undefined) continue;
      const community = a.history.communityOf.get(bin.cell);
      const inside = cellArea
        ? bin.cell === area
        : community !== undefined && community.startsWith(area!);
      if (!inside) continue;
      fromHistory += bin.count;
      member[j] = 1;
      if (community) {
        const ck = j * KEY + cols.communities.of(community);
        communities.set(ck, (communities.get(ck) ?? 0) + bin.count);
        if (drillOf) {
          const child = area!.length === 6 ? cols.streets.of(community.slice(0, 9)) : 0;
          const dk = j * KEY + child;
          drills.set(dk, (drills.get(dk) ?? 0) + bin.count);
        }
      }
    }
  }
  if (city) member.fill(1, 0, cube.detected);
  const communityOf = majority(communities);
  const drillOfCell = majority(drills);

  const members = new Set<number>();
  member.forEach((m, j) => {
    if (m) members.add(j);
  });
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
    drill: order.map((j) => {
      const child = drillOfCell.get(j);
      return child === undefined ? '' : drillCode(j, child);
    }),
  };
  const classCounts = HOTSPOT_CLASSES.map(() => 0);
  let eligibleCells = 0;
  const hotNow: number[] = [];
  const classifiedOnly: number[] = [];
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
      else if (isHotClass(analysis.classes[i] as number)) classifiedOnly.push(i);
    }
  });
  // Hot now, strongest first (as rankHotspots orders the city's).
  hotNow.sort(
    (x, y) =>
      (analysis.lastZ[y] as number) - (analysis.lastZ[x] as number) ||
      (analysis.totals[y] as number) - (analysis.totals[x] as number) ||
      ((cube.cells[x] as string) < (cube.cells[y] as string) ? -1 : 1),
  );
  // Then the classified hot spots quiet now (historical ones): the longest hot first.
  classifiedOnly.sort(
    (x, y) =>
      (analysis.hotSteps[y] as number) - (analysis.hotSteps[x] as number) ||
      (analysis.totals[y] as number) - (analysis.totals[x] as number) ||
      ((cube.cells[x] as string) < (cube.cells[y] as string) ? -1 : 1),
  );
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  const communityCode = (k: number | undefined) =>
    k === undefined ? null : (cols.communities.codes[k] ?? null);
  const ranked: RankedHotspot[] = [...hotNow, ...classifiedOnly].slice(0, RANKED_ROWS).map((i) => ({
    cell: cube.cells[i] as string,
    klass: analysis.classes[i] as number,
    total: analysis.totals[i] as number,
    lastZ: analysis.lastZ[i] as number,
    lastP: analysis.lastP[i] as number,
    trendZ: finite(analysis.trendZ[i] as number),
    trendP: finite(analysis.trendP[i] as number),
    hotSteps: analysis.hotSteps[i] as number,
    hotNow: ns > 0 && analysis.state[i * ns + ns - 1] === 1,
    series: Array.from(cube.counts.subarray(i * ns, i * ns + ns)),
    community: communityCode(communityOf.get(i)),
    drill: drillOfCell.has(i) ? drillCode(i, drillOfCell.get(i)!) : null,
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
