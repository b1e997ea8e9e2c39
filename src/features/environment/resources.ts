// The optional endpoints of the sensors source this scenario reads (docs/api.md, "Sensor
// endpoints"): what is asked for, and what is accepted of the answer (validated: an answer that is
// not what the contract says is shown as such, never half-used).
import * as z from 'zod/mini';
import { HOUR_MS, MINUTE_MS } from '@/domain/city-time';
import {
  communityCode,
  districtCode,
  entityId,
  epochMs,
  feedText,
  lngLat,
  streetCode,
} from '@/domain/common';
import { SENSOR_STATUSES } from '@/domain/sensor';
import { looksLikeCell } from '@/geo/grid';
import type { ViewInput } from '@/feeds/view-builder';

/**
 * What became of an optional endpoint: `offered` (valid, used), `absent` (the source does not
 * offer it: 404), `unavailable` (not loaded yet, or it failed), `invalid` (not what the contract
 * says).
 */
export type OfferState = 'offered' | 'absent' | 'unavailable' | 'invalid';
export type Offer<T> = { state: 'offered'; value: T } | { state: Exclude<OfferState, 'offered'> };

export interface ResourceRef {
  path: string;
  query: Record<string, string>;
  /** How long a loaded copy serves. */
  maxAgeMs: number;
}

const num = z.nullable(z.number());
const nums = z.array(num);
const VALUE_KEYS = [
  'pm25',
  'pm10',
  'o3',
  'no2',
  'so2',
  'co',
  'o3_8h',
  'ph',
  'do',
  'codMn',
  'nh3n',
  'tp',
  'laeq',
  'depthCm',
  'displacementMm',
] as const;
/** Known value keys only (never a record keyed by the answer's own keys). */
const valuesSchema = z.object(
  Object.fromEntries(VALUE_KEYS.map((k) => [k, z.optional(num)])) as Record<
    (typeof VALUE_KEYS)[number],
    z.ZodMiniOptional<typeof num>
  >,
);
export type ResourceValues = z.infer<typeof valuesSchema>;

const seriesSchema = z.object({
  bin: z.literal(HOUR_MS),
  from: epochMs,
  series: z.array(
    z.object({
      area: z.string().check(z.maxLength(20)),
      stations: nums,
      basis: z.array(z.nullable(z.enum(['national', 'micro']))),
      values: z.object({
        pm25: nums,
        pm10: nums,
        o3: nums,
        no2: nums,
        so2: nums,
        co: nums,
        o3_8h: z.optional(nums),
      }),
    }),
  ),
});
export type AirSeries = z.infer<typeof seriesSchema>;

const readingSchema = z.object({
  id: entityId,
  observedAt: epochMs,
  status: z.enum(SENSOR_STATUSES),
  values: valuesSchema,
});
export type PastReading = z.infer<typeof readingSchema>;

const readingsSchema = z.object({ at: epochMs, items: z.array(z.unknown()) });
const historySchema = z.object({
  id: entityId,
  from: epochMs,
  to: epochMs,
  readings: z.array(
    z.object({ observedAt: epochMs, status: z.enum(SENSOR_STATUSES), values: valuesSchema }),
  ),
});
export type SensorHistory = z.infer<typeof historySchema>;

export const ENTERPRISE_STATUSES = ['rectifying', 'rectified', 'shutdown'] as const;
const enterpriseSchema = z.object({
  id: entityId,
  name: feedText(80),
  position: lngLat,
  district: districtCode,
  street: streetCode,
  community: communityCode,
  status: z.enum(ENTERPRISE_STATUSES),
  since: z.optional(epochMs),
});
export type Enterprise = z.infer<typeof enterpriseSchema>;
const enterprisesSchema = z.object({ enterprises: z.array(z.unknown()) });

const parsed = new WeakMap<object, unknown>();

/** Reads and validates a loaded answer once per answer object. */
function offer<T>(raw: unknown, parse: (raw: unknown) => T | null): Offer<T> {
  if (raw === null) return { state: 'absent' };
  if (raw === undefined || typeof raw !== 'object') return { state: 'unavailable' };
  let value = parsed.get(raw) as T | null | undefined;
  if (value === undefined) {
    value = parse(raw);
    parsed.set(raw, value);
  }
  return value === null ? { state: 'invalid' } : { state: 'offered', value };
}

/** The area's level and code for the series, or null where none is offered (a grid cell). */
function seriesArea(area: string | null): Record<string, string> | null {
  if (area === null || /^\d{4}00$/.test(area)) return { level: 'city' };
  if (looksLikeCell(area)) return null;
  const level =
    area.length === 6
      ? 'district'
      : area.length === 9
        ? 'street'
        : area.length === 12
          ? 'community'
          : null;
  return level ? { level, area } : null;
}

/** Whole hours (UTC; local hours wherever the offset is whole hours, as in China). */
export const hourFloor = (t: number): number => Math.floor(t / HOUR_MS) * HOUR_MS;
/** Waterlogging points are compared with their reading 10–20 minutes before now. */
export const TREND_STEP_MS = 10 * MINUTE_MS;

/**
 * The area's hourly mean concentrations over the 24 complete hours before now (the key moves on
 * the hour; the newest bin appears then).
 */
export function seriesRef(area: string | null, now: number): ResourceRef | null {
  const where = seriesArea(area);
  if (!where) return null;
  const to = hourFloor(now);
  return {
    path: 'series',
    query: {
      metric: 'air',
      ...where,
      bin: String(HOUR_MS),
      from: String(to - 24 * HOUR_MS),
      to: String(to),
    },
    maxAgeMs: 5 * MINUTE_MS,
  };
}

/** Every sensor of a kind as it stood at `at` (waterlogging trend, slope rate, water baseline). */
export function readingsRef(kind: 'water' | 'waterlogging' | 'slope', at: number): ResourceRef {
  return { path: 'readings', query: { kind, at: String(at) }, maxAgeMs: 30 * MINUTE_MS };
}

/** The moment each kind is compared with: steps back that move in whole steps. */
export function comparisonTimes(now: number) {
  return {
    waterlogging: Math.floor(now / TREND_STEP_MS) * TREND_STEP_MS - TREND_STEP_MS,
    slope: hourFloor(now) - 24 * HOUR_MS,
    water: hourFloor(now) - 24 * HOUR_MS,
    /** When the comparisons move on. */
    next: Math.floor(now / TREND_STEP_MS) * TREND_STEP_MS + TREND_STEP_MS,
  };
}

/** Everything the overview of an area reads besides the feed. */
export function overviewRefs(area: string | null, now: number): ResourceRef[] {
  const at = comparisonTimes(now);
  const series = seriesRef(area, now);
  return [
    ...(series ? [series] : []),
    readingsRef('waterlogging', at.waterlogging),
    readingsRef('slope', at.slope),
    readingsRef('water', at.water),
    ENTERPRISES_REF,
  ];
}

export const ENTERPRISES_REF: ResourceRef = { path: 'enterprises', query: {}, maxAgeMs: HOUR_MS };

export function historyRef(id: string, now: number): ResourceRef | null {
  if (!/^[\w.:-]{1,64}$/.test(id)) return null;
  const to = hourFloor(now) + HOUR_MS;
  return {
    path: `${id}/history`,
    query: { from: String(to - 25 * HOUR_MS), to: String(to) },
    maxAgeMs: 5 * MINUTE_MS,
  };
}

export const readSeries = (
  input: Pick<ViewInput, 'resource'>,
  ref: ResourceRef | null,
): Offer<AirSeries> =>
  ref
    ? offer(input.resource('sensors', ref.path, ref.query), (raw) => {
        const r = seriesSchema.safeParse(raw);
        return r.success ? r.data : null;
      })
    : { state: 'absent' };

export interface PastReadings {
  /** The time they stood at. */
  at: number;
  byId: ReadonlyMap<string, PastReading>;
}

/** The last readings offered per kind: used while the next comparison time is still loading. */
const lastReadings = new Map<string, PastReadings>();
/** How much older than asked a held comparison may be. */
const FALLBACK_MS = 30 * MINUTE_MS;

/**
 * Past readings by sensor id (items that fail validation are left out). While the time asked for
 * is not loaded yet, the last readings of the kind offered stand in if they are at most 30 minutes
 * older: the view says which time it compared with.
 */
export function readReadings(
  input: Pick<ViewInput, 'resource'>,
  ref: ResourceRef,
): Offer<PastReadings> {
  const kind = ref.query.kind ?? '';
  const got = offer(input.resource('sensors', ref.path, ref.query), (raw) => {
    const r = readingsSchema.safeParse(raw);
    if (!r.success) return null;
    const byId = new Map<string, PastReading>();
    for (const item of r.data.items) {
      const one = readingSchema.safeParse(item);
      if (one.success) byId.set(one.data.id, one.data);
    }
    return { at: r.data.at, byId };
  });
  if (got.state === 'offered') {
    const held = lastReadings.get(kind);
    if (!held || held.at <= got.value.at) lastReadings.set(kind, got.value);
    return got;
  }
  const held = lastReadings.get(kind);
  const wanted = Number(ref.query.at);
  if (got.state === 'unavailable' && held && held.at <= wanted && wanted - held.at <= FALLBACK_MS)
    return { state: 'offered', value: held };
  return got;
}

export const readHistory = (
  input: Pick<ViewInput, 'resource'>,
  ref: ResourceRef | null,
): Offer<SensorHistory> =>
  ref
    ? offer(input.resource('sensors', ref.path, ref.query), (raw) => {
        const r = historySchema.safeParse(raw);
        return r.success ? r.data : null;
      })
    : { state: 'absent' };

export const readEnterprises = (input: Pick<ViewInput, 'resource'>): Offer<readonly Enterprise[]> =>
  offer(input.resource('sensors', ENTERPRISES_REF.path, ENTERPRISES_REF.query), (raw) => {
    const r = enterprisesSchema.safeParse(raw);
    if (!r.success) return null;
    const out: Enterprise[] = [];
    for (const item of r.data.enterprises) {
      const one = enterpriseSchema.safeParse(item);
      if (one.success) out.push(one.data);
    }
    return out;
  });
