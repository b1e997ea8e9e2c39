// The detections source's optional endpoints (docs/api.md, "Detection endpoints"): what the views
// load in `prepare`, and their validation. Each answer is parsed once (per answer object); an
// invalid one counts as absent, an invalid entry inside a valid answer is dropped and counted.
import * as z from 'zod/mini';
import {
  communityCode,
  districtCode,
  entityId,
  epochMs,
  lngLat,
  streetCode,
} from '@/domain/common';
import type { ViewInput, ViewLoader } from '@/feeds/view-builder';
import { looksLikeCell } from '@/geo/grid';
import type { BinnedCount } from './hotspot-cube';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How often the views ask again: camera status each minute, scores and history each hour. */
export const CAMERAS_MAX_AGE = MINUTE;
export const FRONTAGE_MAX_AGE = HOUR;
export const HISTORY_MAX_AGE = HOUR;
/** History bins: one hour (the 7-day window's steps are whole hours). */
export const HISTORY_BIN = HOUR;

/** What a view knows of an optional endpoint: its value, or why there is none. */
export type Held<T> =
  | { state: 'ok'; value: T }
  /** The source does not offer it (404). */
  | { state: 'absent' }
  /** Not loaded yet, or every load failed. */
  | { state: 'loading' }
  /** It answered, but not in the contract's shape. */
  | { state: 'invalid' };

const parsed = new WeakMap<object, unknown>();

function hold<T>(raw: unknown, parse: (raw: unknown) => T | null): Held<T> {
  if (raw === undefined) return { state: 'loading' };
  if (raw === null) return { state: 'absent' };
  if (typeof raw !== 'object') return { state: 'invalid' };
  let value = parsed.get(raw) as T | null | undefined;
  if (value === undefined) {
    value = parse(raw);
    parsed.set(raw, value);
  }
  return value === null ? { state: 'invalid' } : { state: 'ok', value };
}

// ---- cameras ----

const cameraSchema = z.object({
  id: entityId,
  position: lngLat,
  district: districtCode,
  street: streetCode,
  community: communityCode,
  status: z.enum(['online', 'offline']),
  since: z.nullable(epochMs),
});
export type CameraState = z.infer<typeof cameraSchema>;

export interface Cameras {
  generatedAt: number;
  cameras: CameraState[];
  /** Entries left out as invalid (and repeated ids). */
  dropped: number;
}

const camerasEnvelope = z.object({ generatedAt: epochMs, cameras: z.array(z.unknown()) });

export function parseCameras(raw: unknown): Cameras | null {
  const envelope = camerasEnvelope.safeParse(raw);
  if (!envelope.success) return null;
  const cameras: CameraState[] = [];
  const seen = new Set<string>();
  let dropped = 0;
  for (const entry of envelope.data.cameras) {
    const camera = cameraSchema.safeParse(entry);
    if (!camera.success || seen.has(camera.data.id)) {
      dropped += 1;
      continue;
    }
    seen.add(camera.data.id);
    cameras.push(camera.data);
  }
  return { generatedAt: envelope.data.generatedAt, cameras, dropped };
}

export const camerasOf = (input: ViewInput): Held<Cameras> =>
  hold(input.resource('detections', 'cameras'), parseCameras);

// ---- 门前三包 scores ----

const frontageSchema = z.object({
  community: communityCode,
  businesses: z.int().check(z.minimum(0), z.maximum(1_000_000)),
  score: z.number().check(z.minimum(0), z.maximum(100)),
});
export type FrontageArea = z.infer<typeof frontageSchema>;

export interface Frontage {
  month: string;
  updatedAt: number;
  areas: FrontageArea[];
  dropped: number;
}

const frontageEnvelope = z.object({
  month: z.string().check(z.regex(/^\d{4}-\d{2}$/)),
  updatedAt: epochMs,
  areas: z.array(z.unknown()),
});

export function parseFrontage(raw: unknown): Frontage | null {
  const envelope = frontageEnvelope.safeParse(raw);
  if (!envelope.success) return null;
  const areas: FrontageArea[] = [];
  let dropped = 0;
  for (const entry of envelope.data.areas) {
    const area = frontageSchema.safeParse(entry);
    if (area.success) areas.push(area.data);
    else dropped += 1;
  }
  return { month: envelope.data.month, updatedAt: envelope.data.updatedAt, areas, dropped };
}

export const frontageOf = (input: ViewInput): Held<Frontage> =>
  hold(input.resource('detections', 'frontage'), parseFrontage);

// ---- history series ----

/** Detections per cell and hour before the feed's own items (the 7-day window). */
export interface History {
  res: number;
  bin: number;
  from: number;
  to: number;
  /** Non-zero counts, each at its bin's middle. */
  bins: BinnedCount[];
  total: number;
  /** The community holding most of each cell's detections (how a cell is placed in areas). */
  communityOf: ReadonlyMap<string, string>;
}

const historyEnvelope = z.object({
  res: z.int().check(z.minimum(0), z.maximum(15)),
  bin: z.int().check(z.positive()),
  from: epochMs,
  to: epochMs,
  cells: z.array(z.string().check(z.maxLength(16))),
  communities: z.optional(z.array(z.unknown())),
  counts: z.array(z.unknown()),
});

/**
 * `counts` is a flat list of triples (cell index, bin index, count) for the non-zero counts; each
 * a whole number, counts below 10⁶. Anything else makes the whole answer invalid.
 */
export function parseHistory(raw: unknown): History | null {
  const envelope = historyEnvelope.safeParse(raw);
  if (!envelope.success) return null;
  const { res, bin, from, to, cells, counts, communities } = envelope.data;
  if (to < from || (to - from) % bin !== 0 || counts.length % 3 !== 0) return null;
  const perCell = (to - from) / bin;
  if (to - from > 8 * DAY || cells.some((c) => !looksLikeCell(c))) return null;
  const bins: BinnedCount[] = [];
  let total = 0;
  const whole = (v: unknown, below: number): v is number =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < below;
  for (let k = 0; k < counts.length; k += 3) {
    const [i, b, n] = [counts[k], counts[k + 1], counts[k + 2]];
    if (!whole(i, cells.length) || !whole(b, perCell) || !whole(n, 1_000_000)) return null;
    if (n === 0) continue;
    bins.push({ cell: cells[i] as string, at: from + b * bin + bin / 2, count: n });
    total += n;
  }
  // Optional: a cell without a valid community is placed by the feed's items alone.
  const communityOf = new Map<string, string>();
  if (communities && communities.length === cells.length)
    communities.forEach((code, i) => {
      if (typeof code === 'string' && /^\d{12}$/.test(code))
        communityOf.set(cells[i] as string, code);
    });
  return { res, bin, from, to, bins, total, communityOf };
}

/**
 * The history query for the city's day containing `t`: hourly bins from midnight seven days
 * before up to yesterday's midnight, where the feed's own items begin. The same all day, so the
 * loader and the build agree on it whichever clock they use.
 */
export function historyQuery(
  res: number,
  dayStart: number,
  yesterdayStart: number,
): Record<string, string> {
  return {
    res: String(res),
    bin: String(HISTORY_BIN),
    from: String(dayStart - 7 * DAY),
    to: String(yesterdayStart),
  };
}

export const historyOf = (input: ViewInput, query: Record<string, string>): Held<History> =>
  hold(input.resource('detections', 'series', query), parseHistory);

/** Loads what the views read of the source's endpoints (failures keep the last copy). */
export async function loadResources(
  loader: ViewLoader,
  what: { cameras?: boolean; frontage?: boolean; history?: Record<string, string> },
): Promise<void> {
  const loads: Promise<void>[] = [];
  if (what.cameras) loads.push(loader.load('detections', 'cameras', {}, CAMERAS_MAX_AGE));
  if (what.frontage) loads.push(loader.load('detections', 'frontage', {}, FRONTAGE_MAX_AGE));
  if (what.history) loads.push(loader.load('detections', 'series', what.history, HISTORY_MAX_AGE));
  await Promise.all(loads);
}
