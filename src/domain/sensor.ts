import * as z from 'zod/mini';
import { entityId, epochMs, feedText, placed } from './common';

export const SENSOR_STATUSES = ['normal', 'warning', 'alarm', 'offline'] as const;
export type SensorStatus = (typeof SENSOR_STATUSES)[number];

/** Averaging time of a reading, ms: 0 an instant value, 3,600,000 an hourly mean … (≤ 2 days). */
const averagingMs = z.int().check(z.minimum(0), z.maximum(2 * 86_400_000));

const base = z.extend(placed, {
  id: entityId,
  name: feedText(80),
  status: z.enum(SENSOR_STATUSES),
  observedAt: epochMs,
  /** When the current `status` began, as far as the source knows. */
  statusSince: z.optional(epochMs),
  /** How often the sensor reports, ms (1 s … 7 days); absent: the kind's default (docs/api.md). */
  periodMs: z.optional(z.int().check(z.minimum(1000), z.maximum(7 * 86_400_000))),
  averagingMs: z.optional(averagingMs),
});

const num = z.number();

export const airReadingSchema = z.extend(base, {
  kind: z.literal('air'),
  /** µg/m³ except CO in mg/m³. Null when the station did not report the pollutant. */
  values: z.object({
    pm25: z.nullable(num),
    pm10: z.nullable(num),
    o3: z.nullable(num),
    no2: z.nullable(num),
    so2: z.nullable(num),
    co: z.nullable(num),
    /** O3 8-hour moving average, where the station reports it. */
    o3_8h: z.optional(z.nullable(num)),
  }),
  /** National (国控), provincial (省控) or micro station (微站). */
  network: z.optional(z.enum(['national', 'provincial', 'micro'])),
  aqi: z.nullable(num),
  primary: z.nullable(z.string().check(z.maxLength(8))),
});
export const waterReadingSchema = z.extend(base, {
  kind: z.literal('water'),
  values: z.object({ ph: num, do: num, codMn: num, nh3n: num, tp: num }),
  /** 1–5 for class I–V, 6 for 劣V. */
  waterClass: z.int().check(z.minimum(1), z.maximum(6)),
});
export const noiseReadingSchema = z.extend(base, {
  kind: z.literal('noise'),
  values: z.object({ laeq: num }),
  zone: z.enum(['0', '1', '2', '3', '4a', '4b']),
  limit: num,
});
export const waterloggingReadingSchema = z.extend(base, {
  kind: z.literal('waterlogging'),
  values: z.object({ depthCm: num }),
});
export const slopeReadingSchema = z.extend(base, {
  kind: z.literal('slope'),
  values: z.object({ displacementMm: num }),
});

export const sensorSchema = z.discriminatedUnion('kind', [
  airReadingSchema,
  waterReadingSchema,
  noiseReadingSchema,
  waterloggingReadingSchema,
  slopeReadingSchema,
]);
export type SensorReading = z.infer<typeof sensorSchema>;
export type SensorKind = SensorReading['kind'];

export const SENSOR_KINDS = ['air', 'water', 'noise', 'waterlogging', 'slope'] as const;

/**
 * How often a kind reports and over what its values are averaged, when an item does not say
 * (`periodMs`, `averagingMs`): air stations hourly means, water stations every 4 h, noise hourly
 * LAeq, waterlogging every 5 minutes and slopes hourly, instant values.
 */
export const KIND_DEFAULTS: Readonly<
  Record<SensorKind, { periodMs: number; averagingMs: number }>
> = {
  air: { periodMs: 3_600_000, averagingMs: 3_600_000 },
  water: { periodMs: 4 * 3_600_000, averagingMs: 0 },
  noise: { periodMs: 3_600_000, averagingMs: 3_600_000 },
  waterlogging: { periodMs: 300_000, averagingMs: 0 },
  slope: { periodMs: 3_600_000, averagingMs: 0 },
};

/**
 * Values a working instrument can report, per indicator (units as in the feed). Anything outside
 * (a fault code such as −1 or 9999, a drifting probe) is not a reading: the sensor is shown as out
 * of range and counted nowhere.
 */
export const PLAUSIBLE_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  pm25: [0, 1000],
  pm10: [0, 2000],
  o3: [0, 1500],
  o3_8h: [0, 1500],
  no2: [0, 3000],
  so2: [0, 3000],
  co: [0, 150],
  ph: [0, 14],
  do: [0, 25],
  codMn: [0, 200],
  nh3n: [0, 100],
  tp: [0, 20],
  laeq: [20, 140],
  depthCm: [0, 300],
  displacementMm: [-2000, 2000],
};

/** Whether every reported value of a reading is plausible (null values are not reported). */
export function inPlausibleRange(reading: SensorReading): boolean {
  const values = reading.values as Readonly<Record<string, number | null | undefined>>;
  for (const key in values) {
    const value = values[key];
    if (value === null || value === undefined) continue;
    const range = PLAUSIBLE_RANGES[key];
    if (!range) continue;
    if (!(value >= range[0] && value <= range[1])) return false;
  }
  return true;
}
