import { z } from 'zod';
import { entityId, epochMs, feedText, placed } from './common';

export const SENSOR_STATUSES = ['normal', 'warning', 'alarm', 'offline'] as const;
export type SensorStatus = (typeof SENSOR_STATUSES)[number];

const base = placed.extend({
  id: entityId,
  name: feedText(80),
  status: z.enum(SENSOR_STATUSES),
  observedAt: epochMs,
});

const num = z.number().finite();

export const airReadingSchema = base.extend({
  kind: z.literal('air'),
  /** µg/m³ except CO in mg/m³. Null when the station did not report the pollutant. */
  values: z.object({
    pm25: num.nullable(),
    pm10: num.nullable(),
    o3: num.nullable(),
    no2: num.nullable(),
    so2: num.nullable(),
    co: num.nullable(),
  }),
  aqi: num.nullable(),
  primary: z.string().max(8).nullable(),
});
export const waterReadingSchema = base.extend({
  kind: z.literal('water'),
  values: z.object({ ph: num, do: num, codMn: num, nh3n: num, tp: num }),
  /** 1–5 for class I–V, 6 for 劣V. */
  waterClass: z.number().int().min(1).max(6),
});
export const noiseReadingSchema = base.extend({
  kind: z.literal('noise'),
  values: z.object({ laeq: num }),
  zone: z.enum(['0', '1', '2', '3', '4a', '4b']),
  limit: num,
});
export const waterloggingReadingSchema = base.extend({
  kind: z.literal('waterlogging'),
  values: z.object({ depthCm: num }),
});
export const slopeReadingSchema = base.extend({
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
