// The environment scenario's rules of a city: config.json `scenarios.environment` (docs/config.md).
// Every field has a default, so an absent section works. Plain data: it crosses to the worker.
import * as z from 'zod/mini';
import { parseScenarioSettings } from '@/config/config-schema';
import { AQI_EDITIONS } from '@/domain/aqi';
import { GB3096_2008, NOISE_ZONES } from '@/domain/noise';

const num = (min: number, max: number) => z.number().check(z.minimum(min), z.maximum(max));
const hour = z.int().check(z.minimum(0), z.maximum(23));

const ascending = (keys: readonly string[]) =>
  z.refine(
    (o: unknown) => {
      const v = o as Record<string, number>;
      return keys.every((k, i) => i === 0 || v[keys[i - 1]!]! < v[k]!);
    },
    { message: `must satisfy ${keys.join(' < ')}` },
  );

const WATERLOGGING = { attentionCm: 15, warningCm: 27, alarmCm: 40 };
const SLOPE = {
  attentionMm: 15,
  warningMm: 25,
  alarmMm: 40,
  rateAttentionMmPerDay: 2,
  rateWarningMmPerDay: 5,
  rateAlarmMmPerDay: 10,
};
const SENSORS = { staleAfterPeriods: 2, offlineAfterPeriods: 10, clockLagMinutes: 60 };

const limit = z.strictObject({ day: num(20, 120), night: num(20, 120) });

export const environmentSettingsSchema = z.strictObject({
  aqi: z._default(z.strictObject({ edition: z._default(z.enum(AQI_EDITIONS), 'HJ633-2012') }), {
    edition: 'HJ633-2012' as const,
  }),
  water: z._default(z.strictObject({ table: z._default(z.enum(['river', 'lake']), 'river') }), {
    table: 'river' as const,
  }),
  noise: z._default(
    z
      .strictObject({
        dayStartHour: z._default(hour, GB3096_2008.dayStartHour),
        nightStartHour: z._default(hour, GB3096_2008.nightStartHour),
        /** Limits replacing GB 3096-2008's for some zones (a city's stricter rules). */
        limits: z._default(z.partialRecord(z.enum(NOISE_ZONES), limit), {}),
      })
      .check(
        z.refine((n) => n.dayStartHour < n.nightStartHour, {
          message: 'must satisfy dayStartHour < nightStartHour',
        }),
      ),
    { dayStartHour: 6, nightStartHour: 22, limits: {} },
  ),
  waterlogging: z._default(
    z
      .strictObject({
        attentionCm: z._default(num(0, 300), WATERLOGGING.attentionCm),
        warningCm: z._default(num(0, 300), WATERLOGGING.warningCm),
        alarmCm: z._default(num(0, 300), WATERLOGGING.alarmCm),
      })
      .check(ascending(['attentionCm', 'warningCm', 'alarmCm'])),
    WATERLOGGING,
  ),
  slope: z._default(
    z
      .strictObject({
        attentionMm: z._default(num(0, 2000), SLOPE.attentionMm),
        warningMm: z._default(num(0, 2000), SLOPE.warningMm),
        alarmMm: z._default(num(0, 2000), SLOPE.alarmMm),
        rateAttentionMmPerDay: z._default(num(0, 1000), SLOPE.rateAttentionMmPerDay),
        rateWarningMmPerDay: z._default(num(0, 1000), SLOPE.rateWarningMmPerDay),
        rateAlarmMmPerDay: z._default(num(0, 1000), SLOPE.rateAlarmMmPerDay),
      })
      .check(
        ascending(['attentionMm', 'warningMm', 'alarmMm']),
        ascending(['rateAttentionMmPerDay', 'rateWarningMmPerDay', 'rateAlarmMmPerDay']),
      ),
    SLOPE,
  ),
  sensors: z._default(
    z
      .strictObject({
        /** A reading older than this many of its periods is stale … */
        staleAfterPeriods: z._default(num(1, 100), SENSORS.staleAfterPeriods),
        /** … and offline (heartbeat lost) after this many. */
        offlineAfterPeriods: z._default(num(1, 1000), SENSORS.offlineAfterPeriods),
        /** How far the source's data may lag the city clock before readings age by the clock. */
        clockLagMinutes: z._default(num(0, 24 * 60), SENSORS.clockLagMinutes),
      })
      .check(ascending(['staleAfterPeriods', 'offlineAfterPeriods'])),
    SENSORS,
  ),
});

export type EnvironmentSettings = z.output<typeof environmentSettingsSchema>;

/** Validates `scenarios.environment` (absent → defaults); throws a ConfigError naming the field. */
export const parseEnvironmentSettings = (raw: unknown): EnvironmentSettings =>
  parseScenarioSettings('environment', environmentSettingsSchema, raw);

/** The defaults: what a city without a section gets (and builders called outside the app). */
export const DEFAULT_SETTINGS: EnvironmentSettings = parseEnvironmentSettings(undefined);

/** The settings a view or rule runs with (defaults where the worker has none, as in tests). */
export const settingsOf = (raw: unknown): EnvironmentSettings =>
  (raw as EnvironmentSettings | undefined) ?? DEFAULT_SETTINGS;
