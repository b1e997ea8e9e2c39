// What one sensor's reading means under the city's rules: its AQI, water class, noise limit or
// level, and whether it is a reading at all now (online, stale, offline or out of range).
// docs/metrics.md, "Environment".
import {
  aqiReport,
  aqiTableOf,
  type AqiPollutant,
  type AqiReport,
  type AqiTable,
  type AqiValues,
} from '@/domain/aqi';
import type { CityTime } from '@/domain/city-time';
import {
  GB3096_2008,
  noiseLimit,
  type NoiseLimitTable,
  type NoisePeriod,
  isNoiseDay,
} from '@/domain/noise';
import { KIND_DEFAULTS, inPlausibleRange, type SensorReading } from '@/domain/sensor';
import {
  GB3838_2002_LAKE,
  GB3838_2002_RIVER,
  classifyWater,
  type WaterClassResult,
  type WaterQualityTable,
  type WaterValues,
} from '@/domain/water-quality';
import type { EnvironmentSettings } from './settings';

export const READING_STATES = ['online', 'stale', 'offline', 'outOfRange'] as const;
export type ReadingState = (typeof READING_STATES)[number];
export const STATE_CODE: Readonly<Record<ReadingState, number>> = {
  online: 0,
  stale: 1,
  offline: 2,
  outOfRange: 3,
};

/** 0 normal, 1 attention (关注), 2 warning (警告), 3 alarm (告警): docs/VISUAL status. */
export type StatusLevel = 0 | 1 | 2 | 3;

/** How the map draws a sensor: one shape per kind (national and micro air stations apart). */
export const MAP_KINDS = [
  'airNational',
  'airMicro',
  'water',
  'noise',
  'waterlogging',
  'slope',
] as const;
export type MapKind = (typeof MAP_KINDS)[number];

export const mapKindOf = (r: SensorReading): number =>
  r.kind === 'air'
    ? r.network === 'micro'
      ? 1
      : 0
    : r.kind === 'water'
      ? 2
      : r.kind === 'noise'
        ? 3
        : r.kind === 'waterlogging'
          ? 4
          : 5;

/** The tables and thresholds a city's settings select, for one calendar. */
export interface Rules {
  settings: EnvironmentSettings;
  aqi: AqiTable;
  water: WaterQualityTable;
  noise: NoiseLimitTable;
  time: CityTime;
}

const rulesCache = new WeakMap<EnvironmentSettings, Map<CityTime, Rules>>();

export function rulesOf(settings: EnvironmentSettings, time: CityTime): Rules {
  let byTime = rulesCache.get(settings);
  if (!byTime) rulesCache.set(settings, (byTime = new Map()));
  let rules = byTime.get(time);
  if (!rules) {
    const limits = { ...GB3096_2008.limits };
    for (const [zone, limit] of Object.entries(settings.noise.limits))
      if (limit) limits[zone as keyof typeof limits] = limit;
    rules = {
      settings,
      aqi: aqiTableOf(settings.aqi.edition),
      water: settings.water.table === 'lake' ? GB3838_2002_LAKE : GB3838_2002_RIVER,
      noise: {
        edition: GB3096_2008.edition,
        dayStartHour: settings.noise.dayStartHour,
        nightStartHour: settings.noise.nightStartHour,
        limits,
      },
      time,
    };
    byTime.set(time, rules);
  }
  return rules;
}

/** What a reading means, whatever the time: computed once per item object and rules. */
export interface Derived {
  /** Every value within what an instrument can report. */
  plausible: boolean;
  /** Air: the station's hourly (real-time) AQI report. */
  aqi: AqiReport | null;
  water: WaterClassResult | null;
  /** Noise: the limit in force at the observation (day or night by its local time) and LAeq over it. */
  noise: { limit: number; period: NoisePeriod; over: number } | null;
  /** Status level by the city's thresholds (slopes: displacement only; the view adds the rate). */
  level: StatusLevel;
}

/**
 * By sensor id, for the item object it was computed for: a Map set costs a fraction of a WeakMap
 * set, and at 100k sensors per data revision that is most of the difference. Ids of sensors that
 * left the feed are dropped when the cache holds twice as many as were seen since the last sweep.
 */
const derivedCache = new Map<string, { item: SensorReading; rules: Rules; derived: Derived }>();
let seenSinceSweep = 0;

export const aqiStatus = (level: number | null): StatusLevel =>
  level === null || level <= 2 ? 0 : level === 3 ? 1 : level === 4 ? 2 : 3;
export const waterStatus = (waterClass: number): StatusLevel =>
  waterClass <= 3 ? 0 : waterClass === 4 ? 1 : waterClass === 5 ? 2 : 3;
/** Over the limit: warning; 10 dB(A) or more over: alarm. */
export const noiseStatus = (over: number): StatusLevel => (over >= 10 ? 3 : over > 0 ? 2 : 0);

export function depthLevel(depthCm: number, s: EnvironmentSettings['waterlogging']): StatusLevel {
  return depthCm >= s.alarmCm ? 3 : depthCm >= s.warningCm ? 2 : depthCm >= s.attentionCm ? 1 : 0;
}
export function displacementLevel(mm: number, s: EnvironmentSettings['slope']): StatusLevel {
  const a = Math.abs(mm);
  return a >= s.alarmMm ? 3 : a >= s.warningMm ? 2 : a >= s.attentionMm ? 1 : 0;
}
export function slopeRateLevel(mmPerDay: number, s: EnvironmentSettings['slope']): StatusLevel {
  const a = Math.abs(mmPerDay);
  return a >= s.rateAlarmMmPerDay
    ? 3
    : a >= s.rateWarningMmPerDay
      ? 2
      : a >= s.rateAttentionMmPerDay
        ? 1
        : 0;
}

export function deriveValues(
  kind: SensorReading['kind'],
  values: Readonly<Record<string, number | null | undefined>>,
  observedAt: number,
  zone: string | null,
  rules: Rules,
): Derived {
  switch (kind) {
    case 'air': {
      const aqi = aqiReport(values as AqiValues, 'hour', rules.aqi);
      return { plausible: true, aqi, water: null, noise: null, level: aqiStatus(aqi.level) };
    }
    case 'water': {
      const water = classifyWater(values as WaterValues, rules.water);
      return {
        plausible: true,
        aqi: null,
        water,
        noise: null,
        level: waterStatus(water.waterClass),
      };
    }
    case 'noise': {
      const hour = rules.time.hourOfDay(observedAt);
      const limit = noiseLimit((zone ?? '2') as keyof NoiseLimitTable['limits'], hour, rules.noise);
      const over = Math.round(((values.laeq ?? 0) - limit) * 10) / 10;
      const period: NoisePeriod = isNoiseDay(hour, rules.noise) ? 'day' : 'night';
      return {
        plausible: true,
        aqi: null,
        water: null,
        noise: { limit, period, over },
        level: noiseStatus(over),
      };
    }
    case 'waterlogging':
      return {
        plausible: true,
        aqi: null,
        water: null,
        noise: null,
        level: depthLevel(values.depthCm ?? 0, rules.settings.waterlogging),
      };
    case 'slope':
      return {
        plausible: true,
        aqi: null,
        water: null,
        noise: null,
        level: displacementLevel(values.displacementMm ?? 0, rules.settings.slope),
      };
  }
}

export function derive(r: SensorReading, rules: Rules): Derived {
  const held = derivedCache.get(r.id);
  if (held && held.item === r && held.rules === rules) return held.derived;
  const derived = deriveValues(
    r.kind,
    r.values as Record<string, number | null>,
    r.observedAt,
    r.kind === 'noise' ? r.zone : null,
    rules,
  );
  derived.plausible = inPlausibleRange(r);
  if (held) {
    held.item = r;
    held.rules = rules;
    held.derived = derived;
  } else {
    derivedCache.set(r.id, { item: r, rules, derived });
    seenSinceSweep += 1;
    if (seenSinceSweep > 200_000 && derivedCache.size > 2 * 200_000) {
      derivedCache.clear();
      seenSinceSweep = 0;
    }
  }
  return derived;
}

export const periodOf = (r: SensorReading): number => r.periodMs ?? KIND_DEFAULTS[r.kind].periodMs;
export const averagingOf = (r: SensorReading): number =>
  r.averagingMs ??
  (r.kind === 'air' && r.network === 'micro' ? 0 : KIND_DEFAULTS[r.kind].averagingMs);

export interface StateNow {
  state: ReadingState;
  /** City time at which the state changes by the clock alone (Infinity: never). */
  until: number;
}

/**
 * Whether a reading counts now. Offline: the source says so, or nothing came for
 * `offlineAfterPeriods` periods. Stale: older than `staleAfterPeriods` periods. A reading ages by
 * the source's clock (`generatedAt`), and by the city clock once the source's data lags it by
 * more than `clockLagMinutes` (a source that stopped changing). Out of range: a value no working
 * instrument reports. Only online readings are readings: counted, averaged, coloured by level.
 */
export function stateOf(
  r: SensorReading,
  plausible: boolean,
  now: number,
  generatedAt: number,
  s: EnvironmentSettings['sensors'],
): StateNow {
  const code = stateCodeAt(
    r.status === 'offline',
    periodOf(r),
    r.observedAt,
    plausible,
    now,
    generatedAt,
    s,
  );
  return { state: READING_STATES[code]!, until: stateClock.until };
}

/** When the state `stateCodeAt` returned last changes by the clock alone (Infinity: never). */
export const stateClock = { until: Infinity };

/**
 * The arithmetic of `stateOf` on a sensor's own figures, as a STATE_CODE, without an object per
 * call (a build at a hundred thousand sensors calls it for each): the moment the state changes is
 * left in `stateClock.until`.
 */
export function stateCodeAt(
  offline: boolean,
  period: number,
  observedAt: number,
  plausible: boolean,
  now: number,
  generatedAt: number,
  s: EnvironmentSettings['sensors'],
): number {
  if (offline) {
    stateClock.until = Infinity;
    return STATE_CODE.offline;
  }
  const lag = s.clockLagMinutes * 60_000;
  const sourceAge = generatedAt - observedAt;
  const clockAge = now - observedAt - lag;
  const age = Math.max(sourceAge, clockAge);
  const staleAt = s.staleAfterPeriods * period;
  const offlineAt = s.offlineAfterPeriods * period;
  if (age > offlineAt) {
    stateClock.until = Infinity;
    return STATE_CODE.offline;
  }
  if (age > staleAt) {
    stateClock.until = observedAt + lag + offlineAt + 1;
    return STATE_CODE.stale;
  }
  stateClock.until = observedAt + lag + staleAt + 1;
  return plausible ? STATE_CODE.online : STATE_CODE.outOfRange;
}

/** The six pollutants and O3's 8-hour mean, as an area's means are kept. */
export const MEAN_KEYS = ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co', 'o3_8h'] as const;

/** An area's air now: its stations' mean concentrations and their AQI (docs/metrics.md). */
export interface AreaAir {
  aqi: number | null;
  level: number | null;
  primary: AqiPollutant[];
  /** National (and provincial) stations when the area has one online, micro-stations otherwise. */
  basis: 'national' | 'micro' | null;
  stations: number;
  /** The newest and oldest observation among them. */
  observedAt: number | null;
  oldestAt: number | null;
  /** Averaging time of the basis' values (hourly means at national stations). */
  averagingMs: number | null;
  iaqi: AqiReport['iaqi'];
  means: Partial<Record<(typeof MEAN_KEYS)[number], number>>;
}

export const NO_AIR: AreaAir = {
  aqi: null,
  level: null,
  primary: [],
  basis: null,
  stations: 0,
  observedAt: null,
  oldestAt: null,
  averagingMs: null,
  iaqi: {},
  means: {},
};

const isNational = (r: SensorReading) =>
  r.kind === 'air' && (r.network === 'national' || r.network === 'provincial' || !r.network);

function addMean(sum: Float64Array, n: Uint32Array, i: number, v: number | null | undefined) {
  if (v === null || v === undefined) return;
  sum[i]! += v;
  n[i]! += 1;
}

/** The AQI of an area from its online air stations (every one of them a reading). */
export function areaAir(stations: readonly SensorReading[], rules: Rules): AreaAir {
  let national = 0;
  for (const r of stations) if (isNational(r)) national += 1;
  const basis = national > 0 ? 'national' : stations.length > 0 ? 'micro' : null;
  if (!basis) return NO_AIR;
  const sum = new Float64Array(MEAN_KEYS.length);
  const n = new Uint32Array(MEAN_KEYS.length);
  let used = 0;
  let newest = -Infinity;
  let oldest = Infinity;
  let averaging: number | null = null;
  for (const r of stations) {
    if (r.kind !== 'air' || (basis === 'national') !== isNational(r)) continue;
    used += 1;
    if (r.observedAt > newest) newest = r.observedAt;
    if (r.observedAt < oldest) oldest = r.observedAt;
    const a = averagingOf(r);
    averaging = averaging === null ? a : Math.min(averaging, a);
    // MEAN_KEYS in order, each read by name (a key that varies makes every read a lookup).
    const values = r.values as Partial<Record<(typeof MEAN_KEYS)[number], number | null>>;
    addMean(sum, n, 0, values.pm25);
    addMean(sum, n, 1, values.pm10);
    addMean(sum, n, 2, values.o3);
    addMean(sum, n, 3, values.no2);
    addMean(sum, n, 4, values.so2);
    addMean(sum, n, 5, values.co);
    addMean(sum, n, 6, values.o3_8h);
  }
  const means: AreaAir['means'] = {};
  MEAN_KEYS.forEach((key, i) => {
    if (n[i]! > 0) means[key] = Math.round((sum[i]! / n[i]!) * 10) / 10;
  });
  const report = aqiReport(means, 'hour', rules.aqi);
  return {
    aqi: report.aqi,
    level: report.level,
    primary: report.primary,
    basis,
    stations: used,
    observedAt: used ? newest : null,
    oldestAt: used ? oldest : null,
    averagingMs: averaging,
    iaqi: report.iaqi,
    means,
  };
}
