// One sensor for the drawer: every indicator with its unit, threshold, level and observation time,
// and its last 24 hours from the source's history endpoint (docs/api.md), where offered.
import { REPORT_COLUMNS, aqiLevel, type AqiIndicator, type AqiPollutant } from '@/domain/aqi';
import { DAY_MS, HOUR_MS } from '@/domain/city-time';
import type { NoisePeriod } from '@/domain/noise';
import type { SensorReading } from '@/domain/sensor';
import { WATER_PARAMETERS, parameterClass, parameterLimit } from '@/domain/water-quality';
import { defineView } from '@/feeds/view-builder';
import { RESOURCE_WAIT_MS, contextOf, type EnvironmentContext } from './environment-view';
import {
  averagingOf,
  derive,
  deriveValues,
  displacementLevel,
  periodOf,
  slopeRateLevel,
  stateOf,
  type ReadingState,
  type StatusLevel,
} from './readings';
import { historyRef, readHistory, type OfferState, type SensorHistory } from './resources';
import { ENVIRONMENT_SENSOR } from './views';

export interface SensorParams {
  id: string;
}

/** How an indicator is judged: by its own IAQI, water class or the status thresholds. */
export type IndicatorLevel =
  | { kind: 'aqi'; level: number; iaqi: number }
  | { kind: 'class'; level: number }
  | { kind: 'status'; level: StatusLevel };

export interface Indicator {
  /** Value key (`pm25`, `do`, `laeq`, `depthCm` …) or `aqi`, `rate`. */
  key: string;
  value: number | null;
  /** What the value is judged against, in the indicator's unit. */
  threshold: { kind: 'good' | 'classIII' | 'limit' | 'levels'; values: number[] } | null;
  level: IndicatorLevel | null;
  /** Its values over the last 24 hours, aligned with `history.times` (NaN: not reported). */
  spark: Float32Array;
}

export interface SensorDetail {
  id: string;
  found: boolean;
  asOf: number;
  edition: string;
  kind: SensorReading['kind'] | null;
  name: string;
  network: string | null;
  zone: string | null;
  district: string;
  street: string;
  community: string;
  position: [number, number] | null;
  /** What the source says, and what it means now. */
  status: SensorReading['status'] | null;
  state: ReadingState | null;
  observedAt: number | null;
  statusSince: number | null;
  periodMs: number | null;
  averagingMs: number | null;
  level: StatusLevel;
  aqi: { aqi: number | null; level: number | null; primary: AqiPollutant[] } | null;
  waterClass: { waterClass: number; decisive: string[] } | null;
  noise: { limit: number; period: NoisePeriod; over: number } | null;
  indicators: Indicator[];
  history: { state: OfferState; times: Float64Array; from: number; to: number };
}

/** The concentration at IAQI 100 (the top of 良) of the column a pollutant's hourly value uses. */
function goodLimit(key: AqiPollutant | 'o3_8h', ctx: EnvironmentContext): number[] {
  const column = REPORT_COLUMNS.hour.find(([k]) => k === key)?.[1] as AqiIndicator;
  const bp = ctx.rules.aqi.breakpoints[column];
  return [bp[1]!, bp[2]!];
}

const AIR_KEYS = ['pm25', 'pm10', 'o3', 'o3_8h', 'no2', 'so2', 'co'] as const;

export function buildSensorDetail(
  r: SensorReading | undefined,
  id: string,
  history: { state: OfferState; value: SensorHistory | null },
  ctx: EnvironmentContext,
): SensorDetail {
  const { rules, now } = ctx;
  const from = now - DAY_MS;
  const past = (history.value?.readings ?? []).filter(
    (h) => h.observedAt > from && h.observedAt <= now && h.status !== 'offline',
  );
  const times = Float64Array.from(past.map((h) => h.observedAt));
  const base = {
    id,
    asOf: now,
    edition: rules.aqi.title,
    history: { state: history.state, times, from, to: now },
  };
  if (!r)
    return {
      ...base,
      found: false,
      kind: null,
      name: id,
      network: null,
      zone: null,
      district: '',
      street: '',
      community: '',
      position: null,
      status: null,
      state: null,
      observedAt: null,
      statusSince: null,
      periodMs: null,
      averagingMs: null,
      level: 0,
      aqi: null,
      waterClass: null,
      noise: null,
      indicators: [],
    };
  const d = derive(r, rules);
  const s = stateOf(r, d.plausible, now, ctx.generatedAt, rules.settings.sensors);
  if (s.until < Infinity) ctx.changesAt(s.until);
  const values = r.values as Record<string, number | null | undefined>;
  const spark = (
    pick: (v: Record<string, number | null | undefined>, t: number) => number | null,
  ) => Float32Array.from(past, (h) => pick(h.values, h.observedAt) ?? Number.NaN);
  const indicators: Indicator[] = [];
  let level = d.level;

  if (r.kind === 'air') {
    const report = d.aqi!;
    indicators.push({
      key: 'aqi',
      value: report.aqi,
      threshold: { kind: 'levels', values: [...rules.aqi.levelUpper] },
      level: report.level === null ? null : { kind: 'aqi', level: report.level, iaqi: report.aqi! },
      spark: spark((v, t) => deriveValues('air', v, t, null, rules).aqi?.aqi ?? null),
    });
    for (const key of AIR_KEYS) {
      const value = values[key];
      if (value === undefined || (value === null && key === 'o3_8h')) continue;
      const iaqi = report.iaqi[key];
      indicators.push({
        key,
        value: value ?? null,
        threshold: { kind: 'good', values: goodLimit(key, ctx) },
        level: iaqi === undefined ? null : { kind: 'aqi', level: aqiLevel(iaqi, rules.aqi), iaqi },
        spark: spark((v) => v[key] ?? null),
      });
    }
  } else if (r.kind === 'water') {
    for (const key of WATER_PARAMETERS) {
      const value = r.values[key];
      const limit = parameterLimit(key, 3, rules.water);
      indicators.push({
        key,
        value,
        threshold: {
          kind: 'classIII',
          values: [limit.min, limit.max].filter((x): x is number => x !== undefined),
        },
        level: { kind: 'class', level: parameterClass(key, value, rules.water) },
        spark: spark((v) => v[key] ?? null),
      });
    }
  } else if (r.kind === 'noise') {
    const n = d.noise!;
    indicators.push({
      key: 'laeq',
      value: r.values.laeq,
      threshold: { kind: 'limit', values: [n.limit] },
      level: { kind: 'status', level: d.level },
      spark: spark((v) => v.laeq ?? null),
    });
  } else if (r.kind === 'waterlogging') {
    const w = rules.settings.waterlogging;
    indicators.push({
      key: 'depthCm',
      value: r.values.depthCm,
      threshold: { kind: 'levels', values: [w.attentionCm, w.warningCm, w.alarmCm] },
      level: { kind: 'status', level: d.level },
      spark: spark((v) => v.depthCm ?? null),
    });
  } else {
    const sl = rules.settings.slope;
    const value = r.values.displacementMm;
    indicators.push({
      key: 'displacementMm',
      value,
      threshold: { kind: 'levels', values: [sl.attentionMm, sl.warningMm, sl.alarmMm] },
      level: { kind: 'status', level: displacementLevel(value, sl) },
      spark: spark((v) => v.displacementMm ?? null),
    });
    // The rate over the day: against the reading nearest 24 hours before this one.
    const then = past.find((h) => h.observedAt >= r.observedAt - DAY_MS - HOUR_MS / 2);
    if (then && typeof then.values.displacementMm === 'number' && r.observedAt > then.observedAt) {
      const rate =
        Math.round(
          (((value - then.values.displacementMm) * DAY_MS) / (r.observedAt - then.observedAt)) * 10,
        ) / 10;
      const rateLevel = slopeRateLevel(Math.max(0, Math.sign(value || 1) * rate), sl);
      level = Math.max(level, rateLevel) as StatusLevel;
      indicators.push({
        key: 'rate',
        value: rate,
        threshold: {
          kind: 'levels',
          values: [sl.rateAttentionMmPerDay, sl.rateWarningMmPerDay, sl.rateAlarmMmPerDay],
        },
        level: { kind: 'status', level: rateLevel },
        spark: new Float32Array(times.length).fill(Number.NaN),
      });
    }
  }

  return {
    ...base,
    found: true,
    kind: r.kind,
    name: r.name,
    network: r.kind === 'air' ? (r.network ?? null) : null,
    zone: r.kind === 'noise' ? r.zone : null,
    district: r.district,
    street: r.street,
    community: r.community,
    position: r.position,
    status: r.status,
    state: s.state,
    observedAt: r.observedAt,
    statusSince: r.statusSince ?? null,
    periodMs: periodOf(r),
    averagingMs: averagingOf(r),
    level,
    aqi: d.aqi ? { aqi: d.aqi.aqi, level: d.aqi.level, primary: d.aqi.primary } : null,
    waterClass: d.water ? { waterClass: d.water.waterClass, decisive: d.water.decisive } : null,
    noise: d.noise,
    indicators,
  };
}

export const environmentSensorView = defineView<SensorParams, SensorDetail>({
  ...ENVIRONMENT_SENSOR,
  prepare: async (params, loader) => {
    const ref = historyRef(params.id, loader.now);
    if (ref)
      await Promise.race([
        loader.load('sensors', ref.path, ref.query, ref.maxAgeMs),
        new Promise((resolve) => setTimeout(resolve, RESOURCE_WAIT_MS)),
      ]);
  },
  build: (input, params, ctx) => {
    const history = readHistory(input, historyRef(params.id, ctx.now));
    return buildSensorDetail(
      input.all('sensors').get(params.id),
      params.id,
      { state: history.state, value: history.state === 'offered' ? history.value : null },
      contextOf(input, ctx),
    );
  },
  transferables: (v) => [v.history.times.buffer, ...v.indicators.map((i) => i.spark.buffer)],
});
