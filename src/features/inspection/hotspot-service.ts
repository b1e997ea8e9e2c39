// The worker's hot-spot analyses: one per data revision, window and resolution, of the whole city,
// shared by every area's view and the alarm rules (docs/metrics.md, "Inspection hotspots").
import type { CityTime } from '@/domain/city-time';
import type { Detection } from '@/domain/detection';
import type { ViewInput } from '@/feeds/view-builder';
import { looksLikeCell } from '@/geo/grid';
import { analyseHotspots, type HotspotAnalysis } from './hotspot-analysis';
import {
  buildCube,
  HOTSPOT_RESOLUTION,
  HotspotGrid,
  timeSteps,
  windowSteps,
  type HotspotWindow,
  type SpaceTimeCube,
  type TimeSteps,
} from './hotspot-cube';
import { historyOf, historyQuery, type History } from './resources';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let grid: HotspotGrid | null = null;

/** Loads H3 and makes the worker's grid the first time a view or rule needs it. */
export async function loadHotspotGrid(): Promise<void> {
  if (grid) return;
  const h3 = await import('h3-js');
  grid ??= new HotspotGrid(h3);
}

/** The worker's grid, once loaded (null before: callers show nothing yet). */
export const hotspotGrid = (): HotspotGrid | null => grid;

/** For tests and scripts that bring their own H3. */
export const setHotspotGrid = (g: HotspotGrid): void => {
  grid = g;
};

/** The analysis resolution of an area's level: the city 7, a district 8, below that 9. */
export function resolutionFor(area: string | null): number {
  if (!area || /^\d{4}00$/.test(area)) return HOTSPOT_RESOLUTION.city;
  if (looksLikeCell(area)) return HOTSPOT_RESOLUTION.cell;
  if (area.length === 6) return HOTSPOT_RESOLUTION.district;
  return area.length === 9 ? HOTSPOT_RESOLUTION.street : HOTSPOT_RESOLUTION.community;
}

/** Why a window cannot be analysed now. */
export type Unavailable = 'no-history' | 'history-loading' | 'history-invalid' | 'no-data';

export interface Analysed {
  window: HotspotWindow;
  resolution: number;
  /** The data's clock the steps are laid back from. */
  at: number;
  steps: TimeSteps;
  cube: SpaceTimeCube;
  analysis: HotspotAnalysis;
  /** Index of each cell of the study area. */
  indexOf: ReadonlyMap<string, number>;
  /** Feed items before this time were left out (the history stands for them). */
  itemsFrom: number;
  history: History | null;
  buildMs: number;
}

/** The steps of the 7-day window: six-hour steps ending at the next whole hour of the data's clock. */
export function weekSteps(at: number, time: CityTime, historyFrom: number): TimeSteps {
  const hour = time.hourStart(at);
  const end = hour === at ? at : hour + HOUR;
  return timeSteps(Math.max(end - 7 * DAY, historyFrom), end, 6 * HOUR);
}

/** The history query a 7-day analysis at clock `t` reads (and the loader loads). */
export function weekHistoryQuery(res: number, t: number, time: CityTime): Record<string, string> {
  const day = time.dayStart(t);
  return historyQuery(res, day, time.dayStart(day - 1));
}

const cache = new Map<string, Analysed | Unavailable>();
const CACHE_SIZE = 6;
const historyIds = new WeakMap<History, number>();
let nextHistoryId = 1;

/**
 * The analysis of the whole city for a window at a resolution, as of the data's clock: built once
 * per data revision (and history answer), then shared. `now` is the city clock, used only to find
 * the 7-day history the loader fetched when the data's day and the clock's differ (midnight).
 */
export function analysisFor(
  input: ViewInput,
  window: HotspotWindow,
  resolution: number,
  time: CityTime,
  now: number,
): Analysed | Unavailable {
  const g = grid;
  const facts = input.facts('detections');
  if (!g || facts.revision === 0) return 'no-data';
  const at = facts.generatedAt > 0 ? facts.generatedAt : now;
  const dayStart = time.dayStart(at);
  const heldFrom = time.dayStart(dayStart - 1);

  let history: History | null = null;
  if (window === '7d') {
    let held = historyOf(input, weekHistoryQuery(resolution, at, time));
    if (held.state === 'loading') held = historyOf(input, weekHistoryQuery(resolution, now, time));
    if (held.state === 'absent') return 'no-history';
    if (held.state === 'invalid') return 'history-invalid';
    if (held.state === 'loading') return 'history-loading';
    history = held.value;
    if (!historyIds.has(history)) historyIds.set(history, nextHistoryId++);
  }
  const key = `${facts.revision}|${at}|${window}|${resolution}|${history ? historyIds.get(history) : 0}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const started = performance.now();
  const steps =
    window === '7d'
      ? weekSteps(at, time, history!.from)
      : windowSteps(window, at, dayStart, heldFrom);
  const itemsFrom = history ? history.to : heldFrom;
  const items = input.all('detections') as ReadonlyMap<string, Detection>;
  const cube = buildCube(g, items, steps, resolution, {
    itemsFrom,
    ...(history ? { binned: history.bins } : {}),
  });
  const analysis = analyseHotspots(cube);
  const result: Analysed = {
    window,
    resolution,
    at,
    steps,
    cube,
    analysis,
    indexOf: new Map(cube.cells.map((c, i) => [c, i] as const)),
    itemsFrom,
    history,
    buildMs: performance.now() - started,
  };
  cache.set(key, result);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return result;
}

/** Whether an item counts in the analysis' window (what the cube took of the feed). */
export const inWindow = (a: Analysed, item: Detection): boolean =>
  item.observedAt >= a.itemsFrom &&
  item.observedAt >= a.steps.start &&
  item.observedAt <= a.steps.end + 60_000;
