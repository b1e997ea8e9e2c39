// The space-time cube of the hot-spot method: detections counted per H3 cell and time step, over a
// study area made of the cells with detections and their neighbours (docs/metrics.md, "Inspection
// hotspots"). Pure and synchronous; H3 comes in as an argument so that the feed worker loads it
// only when a view needs it.
import type * as H3Module from 'h3-js';
import { GRID_RESOLUTION } from '@/geo/grid';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type HotspotWindow = '1h' | 'today' | '7d';

/**
 * Time step per window: 12 steps in the last hour, half-hours today (10 steps from 04:30, the
 * fewest Mann-Kendall is given), 28 quarter-days in a week.
 */
export const HOTSPOT_STEP: Readonly<Record<HotspotWindow, number>> = {
  '1h': 5 * MINUTE,
  today: 30 * MINUTE,
  '7d': 6 * HOUR,
};

export type DrillLevel = 'city' | 'district' | 'street' | 'community' | 'cell';

/** H3 resolution per drill level: about 2.4 km across for the city, 900 m, then 350 m. */
export const HOTSPOT_RESOLUTION: Readonly<Record<DrillLevel, number>> = {
  city: 7,
  district: 8,
  street: 9,
  community: 9,
  cell: 9,
};

/** Steps of equal length laid back from `end`; the first is cut at `start` (it may be shorter). */
export interface TimeSteps {
  readonly start: number;
  readonly end: number;
  readonly step: number;
  readonly count: number;
}

export function timeSteps(start: number, end: number, step: number): TimeSteps {
  if (!Number.isFinite(start) || !Number.isFinite(end) || !(step > 0))
    throw new RangeError(`bad time steps: ${start}…${end} by ${step}`);
  return { start, end, step, count: end > start ? Math.ceil((end - start) / step) : 0 };
}

/**
 * The steps of a window ending at `now` (the data's clock). `dayStart` is the start of the city's
 * day containing `now`; `heldFrom` the earliest time the feed holds in full (a window reaching
 * further back is cut there: hours the feed does not carry are unknown, not empty).
 */
export function windowSteps(
  window: HotspotWindow,
  now: number,
  dayStart: number,
  heldFrom = -Infinity,
): TimeSteps {
  const from = window === 'today' ? dayStart : now - (window === '1h' ? HOUR : 7 * DAY);
  return timeSteps(Math.max(from, heldFrom), now, HOTSPOT_STEP[window]);
}

/**
 * The step a time falls in: step i covers (end − (count − i)·step, end − (count − 1 − i)·step],
 * the first also its start. −1 before the start or when there are no steps; `count` after the end.
 */
export function stepIndex(steps: TimeSteps, t: number): number {
  if (t < steps.start || steps.count === 0) return -1;
  if (t > steps.end) return steps.count;
  const i = steps.count - 1 - Math.floor((steps.end - t) / steps.step);
  return i < 0 ? 0 : i;
}

/** Where step i begins (the first step begins at the window's start). */
export const stepStart = (steps: TimeSteps, i: number): number =>
  Math.max(steps.start, steps.end - (steps.count - i) * steps.step);

/** The parts of h3-js the cube uses. */
export type HotspotH3 = Pick<
  typeof H3Module,
  'latLngToCell' | 'cellToParent' | 'gridDisk' | 'isValidCell' | 'getResolution'
>;

/** A detection as the cube reads it: a place (an H3 cell, or a position) and a time. */
export interface DetectionLike {
  readonly id: string;
  readonly observedAt: number;
  /** `[lng, lat]`. */
  readonly position?: readonly [number, number] | null;
  /** An H3 cell at the grid's base resolution or finer; preferred to the position when valid. */
  readonly cell?: string | null;
}

/** Cells of one resolution seen so far, by a stable index, with their neighbours once computed. */
interface Level {
  readonly resolution: number;
  readonly cells: string[];
  readonly index: Map<string, number>;
  /** Index at this resolution of each base cell, −1 while not yet asked. */
  ofBase: Int32Array;
  /** k-ring 1 of each cell (itself first), as indices at this resolution. */
  readonly disks: (Int32Array | undefined)[];
}

const newLevel = (resolution: number): Level => ({
  resolution,
  cells: [],
  index: new Map(),
  ofBase: new Int32Array(0),
  disks: [],
});

function intern(level: Level, cell: string): number {
  let i = level.index.get(cell);
  if (i === undefined) {
    i = level.cells.length;
    level.cells.push(cell);
    level.index.set(cell, i);
  }
  return i;
}

const validPosition = (p: DetectionLike['position']): p is readonly [number, number] =>
  p != null &&
  typeof p[0] === 'number' &&
  typeof p[1] === 'number' &&
  Math.abs(p[0]) <= 180 &&
  Math.abs(p[1]) <= 90; // false for NaN

/**
 * The memory of the hot-spot grid, kept by the worker for its lifetime: each item's cell
 * (memoised per item object, as items are immutable and reused across polls), parents at coarser
 * resolutions and neighbour lists, each computed once per cell. Cells are only ever added: the
 * dictionaries grow with the distinct cells the feed has placed detections in.
 */
export class HotspotGrid {
  readonly baseResolution: number;
  private readonly h3: HotspotH3;
  private readonly base: Level;
  private readonly levels = new Map<number, Level>();
  private readonly itemCell = new WeakMap<object, number>();
  /** Scratch of buildCube, kept between calls (single-threaded; grown as needed). */
  private scratch = {
    rowCell: new Int32Array(0),
    rowStep: new Int32Array(0),
    rowCount: new Int32Array(0),
    local: new Int32Array(0),
  };

  constructor(h3: HotspotH3, baseResolution = GRID_RESOLUTION) {
    this.h3 = h3;
    this.baseResolution = baseResolution;
    this.base = newLevel(baseResolution);
    this.levels.set(baseResolution, this.base);
  }

  /** The item's cell at `resolution` (at most the base resolution); null without a usable place. */
  cellOf(item: DetectionLike, resolution: number): string | null {
    const level = this.level(resolution);
    const b = this.baseIndexOf(item);
    return b < 0 ? null : (level.cells[this.levelIndexOf(level, b)] ?? null);
  }

  /** @internal */
  level(resolution: number): Level {
    let level = this.levels.get(resolution);
    if (!level) {
      if (!Number.isInteger(resolution) || resolution < 0 || resolution > this.baseResolution)
        throw new RangeError(`resolution ${resolution} outside 0…${this.baseResolution}`);
      level = newLevel(resolution);
      this.levels.set(resolution, level);
    }
    return level;
  }

  /** @internal Index of the item's base cell, −1 when it has no usable place. */
  baseIndexOf(item: DetectionLike): number {
    const hit = this.itemCell.get(item);
    if (hit !== undefined) return hit;
    let i = -1;
    if (typeof item.cell === 'string') i = this.baseIndexOfCell(item.cell);
    const p = item.position;
    if (i < 0 && validPosition(p))
      i = intern(this.base, this.h3.latLngToCell(p[1], p[0], this.baseResolution));
    this.itemCell.set(item, i);
    return i;
  }

  /** @internal Index of a base-resolution (or finer) cell, −1 when not a usable cell. */
  baseIndexOfCell(cell: string): number {
    const known = this.base.index.get(cell);
    if (known !== undefined) return known;
    if (!this.h3.isValidCell(cell)) return -1;
    const r = this.h3.getResolution(cell);
    if (r < this.baseResolution) return -1;
    return intern(
      this.base,
      r === this.baseResolution ? cell : this.h3.cellToParent(cell, this.baseResolution),
    );
  }

  /** @internal The base cell of an index. */
  baseCell(b: number): string | null {
    return this.base.cells[b] ?? null;
  }

  /**
   * @internal Index at `level` of a cell of that resolution or finer (a source's pre-binned
   * counts), −1 when it is not a valid cell or is coarser.
   */
  levelIndexOfCell(level: Level, cell: string): number {
    const known = level.index.get(cell);
    if (known !== undefined) return known;
    if (!this.h3.isValidCell(cell)) return -1;
    const r = this.h3.getResolution(cell);
    if (r < level.resolution) return -1;
    if (r > this.baseResolution)
      return this.levelIndexOfCell(level, this.h3.cellToParent(cell, this.baseResolution));
    if (r === level.resolution) return intern(level, cell);
    if (r === this.baseResolution) return this.levelIndexOf(level, this.baseIndexOfCell(cell));
    return intern(level, this.h3.cellToParent(cell, level.resolution));
  }

  /** @internal */
  levelIndexOf(level: Level, b: number): number {
    if (level === this.base) return b;
    if (b >= level.ofBase.length) {
      const grown = new Int32Array(Math.max(this.base.cells.length, 2 * level.ofBase.length, 1024));
      grown.fill(-1);
      grown.set(level.ofBase);
      level.ofBase = grown;
    }
    let i = level.ofBase[b] as number;
    if (i < 0) {
      i = intern(level, this.h3.cellToParent(this.base.cells[b] as string, level.resolution));
      level.ofBase[b] = i;
    }
    return i;
  }

  /**
   * @internal Row buffers of at least `rows` entries and a cell → local index map covering `cells`
   * cells, all −1 (callers put back the −1s they change).
   */
  buffers(
    rows: number,
    cells: number,
  ): { rowCell: Int32Array; rowStep: Int32Array; rowCount: Int32Array; local: Int32Array } {
    const b = this.scratch;
    if (b.rowCell.length < rows) {
      const grown = Math.max(rows, 2 * b.rowCell.length);
      const rowCell = new Int32Array(grown);
      const rowStep = new Int32Array(grown);
      const rowCount = new Int32Array(grown);
      rowCell.set(b.rowCell);
      rowStep.set(b.rowStep);
      rowCount.set(b.rowCount);
      b.rowCell = rowCell;
      b.rowStep = rowStep;
      b.rowCount = rowCount;
    }
    if (b.local.length < cells) {
      const local = new Int32Array(Math.max(cells, 2 * b.local.length)).fill(-1);
      b.local = local;
    }
    return b;
  }

  /** @internal The cell and its six neighbours (fewer at a pentagon), as indices of `level`. */
  disk(level: Level, i: number): Int32Array {
    let d = level.disks[i];
    if (!d) {
      const ring = this.h3.gridDisk(level.cells[i] as string, 1);
      d = new Int32Array(ring.length);
      d[0] = i;
      let k = 1;
      for (const c of ring) if (c !== level.cells[i]) d[k++] = intern(level, c);
      level.disks[i] = d;
    }
    return d;
  }
}

/** Detections a source has already counted per cell and time bin (its history). */
export interface BinnedCount {
  /** An H3 cell at the cube's resolution or finer. */
  readonly cell: string;
  /** A time inside the bin (its middle is safest): the step the count goes to. */
  readonly at: number;
  readonly count: number;
}

export interface CubeOptions {
  /**
   * Detections stamped up to this long after the window's end count in its last step (device
   * clocks run slightly ahead); later ones are rejected as from the future. Default 60 s.
   */
  futureToleranceMs?: number;
  /**
   * Items observed before this time are left out (counted as `outside`): the binned counts stand
   * for that stretch, and an item there would be counted twice.
   */
  itemsFrom?: number;
  /** Counts already binned by the source (days the feed does not hold), added to the items'. */
  binned?: Iterable<BinnedCount>;
}

/** Counts per cell and step over the study area, with each cell's neighbours. */
export interface SpaceTimeCube {
  readonly resolution: number;
  readonly steps: TimeSteps;
  /** The study area: cells with a detection in the window first, then their neighbours. */
  readonly cells: readonly string[];
  /** Cells [0, detected) have at least one detection. */
  readonly detected: number;
  /** Cell-major: counts[i · steps.count + t] (each cell's series in a row). */
  readonly counts: Uint32Array;
  /** Detections per cell over the window. */
  readonly totals: Uint32Array;
  /** Neighbours of cell i (itself included) are neighbours[neighbourStart[i] … neighbourStart[i + 1]). */
  readonly neighbourStart: Uint32Array;
  readonly neighbours: Uint32Array;
  /** Detections counted. */
  readonly used: number;
  /** Detections before the window (not an error). */
  readonly outside: number;
  /** Without a usable time or place (NaN, out of range, invalid cell). */
  readonly invalid: number;
  /** Stamped after the window's end beyond the tolerance. */
  readonly future: number;
  /** Repeated ids in a list (a Map's keys are unique already); the first usable one counts. */
  readonly duplicate: number;
}

/**
 * Bins detections into the cube at `resolution`. Given a Map (the feed store), every value is one
 * detection; given a list, repeated ids count once. Allocates only the cube's own arrays (its
 * scratch lives in the grid); H3 is called only for items and cells not seen before.
 */
export function buildCube<T extends DetectionLike>(
  grid: HotspotGrid,
  items: ReadonlyMap<string, T> | Iterable<T>,
  steps: TimeSteps,
  resolution: number,
  options: CubeOptions = {},
): SpaceTimeCube {
  const level = grid.level(resolution);
  const tolerance = options.futureToleranceMs ?? 60_000;
  const itemsFrom = options.itemsFrom ?? -Infinity;
  const isMap = items instanceof Map;
  const seen = isMap ? null : new Set<string>();
  let buffers = grid.buffers(isMap ? items.size : 1024, 0);
  let rows = 0;
  let outside = 0;
  let invalid = 0;
  let future = 0;
  let duplicate = 0;
  const last = steps.count - 1;

  for (const item of isMap ? items.values() : items) {
    const t = item.observedAt;
    if (typeof t !== 'number' || !Number.isFinite(t)) {
      invalid++;
      continue;
    }
    let s = stepIndex(steps, t);
    if (s < 0 || t < itemsFrom) {
      outside++;
      continue;
    }
    if (s > last) {
      if (t > steps.end + tolerance) {
        future++;
        continue;
      }
      s = last;
    }
    const b = grid.baseIndexOf(item);
    if (b < 0) {
      invalid++;
      continue;
    }
    if (seen) {
      if (seen.has(item.id)) {
        duplicate++;
        continue;
      }
      seen.add(item.id);
    }
    if (rows === buffers.rowCell.length) buffers = grid.buffers(rows + 1, 0);
    buffers.rowCell[rows] = grid.levelIndexOf(level, b);
    buffers.rowStep[rows] = s;
    buffers.rowCount[rows] = 1;
    rows++;
  }
  let used = rows;
  for (const bin of options.binned ?? []) {
    const n = bin.count;
    if (!(n > 0)) continue;
    const t = bin.at;
    const s = typeof t === 'number' && Number.isFinite(t) ? stepIndex(steps, t) : -2;
    const c =
      s >= 0 && s <= last && typeof bin.cell === 'string'
        ? grid.levelIndexOfCell(level, bin.cell)
        : -1;
    if (s === -1 || s > last) outside += n;
    else if (c < 0 || !Number.isInteger(n)) invalid += Number.isInteger(n) ? n : 1;
    else {
      if (rows === buffers.rowCell.length) buffers = grid.buffers(rows + 1, 0);
      buffers.rowCell[rows] = c;
      buffers.rowStep[rows] = s;
      buffers.rowCount[rows] = n;
      rows++;
      used += n;
    }
  }

  // The study area: detected cells in order of first appearance, then their k-ring 1. `local`
  // maps a cell of the level to its index in the area (−1 outside). It is marked and cleared
  // again around each pass, and H3 (which may add cells) is called only while it is clear.
  const { rowCell, rowStep, rowCount } = buffers;
  let local = grid.buffers(0, level.cells.length).local;
  const area: number[] = [];
  for (let r = 0; r < rows; r++) {
    const c = rowCell[r] as number;
    if (local[c] === -1) {
      local[c] = area.length;
      area.push(c);
    }
  }
  const detected = area.length;
  for (const c of area) local[c] = -1;
  for (let i = 0; i < detected; i++) grid.disk(level, area[i] as number);
  local = grid.buffers(0, level.cells.length).local;
  for (let i = 0; i < detected; i++) local[area[i] as number] = i;
  for (let i = 0; i < detected; i++) {
    for (const c of grid.disk(level, area[i] as number)) {
      if (local[c] === -1) {
        local[c] = area.length;
        area.push(c);
      }
    }
  }
  for (const c of area) local[c] = -1;
  for (let i = detected; i < area.length; i++) grid.disk(level, area[i] as number);
  local = grid.buffers(0, level.cells.length).local;
  area.forEach((c, i) => (local[c] = i));
  const known = level.cells.length;

  const nc = area.length;
  const neighbourStart = new Uint32Array(nc + 1);
  let links = 0;
  for (let i = 0; i < nc; i++) {
    neighbourStart[i] = links;
    for (const c of grid.disk(level, area[i] as number)) if (c < known && local[c]! >= 0) links++;
  }
  neighbourStart[nc] = links;
  const neighbours = new Uint32Array(links);
  for (let i = 0, k = 0; i < nc; i++)
    for (const c of grid.disk(level, area[i] as number))
      if (c < known && local[c]! >= 0) neighbours[k++] = local[c] as number;

  const counts = new Uint32Array(Math.max(0, steps.count) * nc);
  const totals = new Uint32Array(nc);
  for (let r = 0; r < rows; r++) {
    const i = local[rowCell[r] as number] as number;
    const n = rowCount[r] as number;
    counts[i * steps.count + (rowStep[r] as number)]! += n;
    totals[i]! += n;
  }
  const cells = area.map((c) => level.cells[c] as string);
  for (const c of area) local[c] = -1;

  return {
    resolution,
    steps,
    cells,
    detected,
    counts,
    totals,
    neighbourStart,
    neighbours,
    used,
    outside,
    invalid,
    future,
    duplicate,
  };
}
