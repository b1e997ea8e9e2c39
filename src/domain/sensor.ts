import * as z from 'zod/mini';
import { entityId, epochMs, feedText, placed } from './common';

export const SENSOR_STATUSES = ['normal', 'warning', 'alarm', 'offline'] as const;
export type SensorStatus = (typeof SENSOR_STATUSES)[number];

const base = z.extend(placed, {
  id: entityId,
  name: feedText(80),
  status: z.enum(SENSOR_STATUSES),
  observedAt: epochMs,
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
  }),
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
