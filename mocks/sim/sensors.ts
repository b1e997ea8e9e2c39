// Scenario 3: environmental sensors. Each reading is a function of the sensor's static attributes,
// its observation time (t floored to its reporting period), daily rhythms, and incidents.
import type { SensorReading, SensorStatus } from '../../src/domain/sensor';
import { AQI_HJ633_2012, computeAqi, type AqiTable } from '../../src/domain/aqi';
import { noiseLimit, type NoiseZone } from '../../src/domain/noise';
import { classifyWater, type WaterValues } from '../../src/domain/water-quality';
import { DAY, HOUR, MINUTE, hourly, localDay, localHour } from './clock';
import { byId } from './detections';
import { SCRIPT, type Incident, type IncidentBook } from './incidents';
import { layout, sitedId, type LayoutKind, type Sited } from './layout';
import { MAIN_RIVERS } from './names';
import type { District, Places } from './places';
import { Rng, hash, hashString, smoothNoise, unit } from './prng';
import type { SimEndpoint } from './types';
import { createSensorEndpoints, type SensorAccess } from './sensor-history';

/** Water depth thresholds at waterlogging points (关注 / 警戒 / 报警), cm. */
export const WATERLOGGING_THRESHOLDS_CM = { attention: 15, warning: 27, alarm: 40 } as const;
/** Slope displacement thresholds, mm. */
export const SLOPE_THRESHOLDS_MM = { warning: 25, alarm: 40 } as const;

/** 0 none, 1 attention, 2 warning, 3 alarm. */
export function waterloggingLevel(depthCm: number): 0 | 1 | 2 | 3 {
  const th = WATERLOGGING_THRESHOLDS_CM;
  return depthCm >= th.alarm ? 3 : depthCm >= th.warning ? 2 : depthCm >= th.attention ? 1 : 0;
}

type SensorKindKey = 'air-national' | 'air-micro' | 'water' | 'noise' | 'waterlogging' | 'slope';
const KINDS: readonly SensorKindKey[] = [
  'air-national',
  'air-micro',
  'water',
  'noise',
  'waterlogging',
  'slope',
];
const PREFIX: Readonly<Record<SensorKindKey, string>> = {
  'air-national': 'AQN',
  'air-micro': 'AQM',
  water: 'WQ',
  noise: 'NS',
  waterlogging: 'WL',
  slope: 'SL',
};
/** Reporting period: national stations publish hourly, micro-stations every 5 minutes … */
const PERIOD: Readonly<Record<SensorKindKey, number>> = {
  'air-national': HOUR,
  'air-micro': 5 * MINUTE,
  water: HOUR,
  noise: 5 * MINUTE,
  waterlogging: 2 * MINUTE,
  slope: HOUR,
};
/** Averaging time of the values: hourly means at national stations, 5-minute LAeq, else instant. */
const AVERAGING: Readonly<Record<SensorKindKey, number>> = {
  'air-national': HOUR,
  'air-micro': 0,
  water: 0,
  noise: 5 * MINUTE,
  waterlogging: 0,
  slope: 0,
};
/** Outages are drawn per window of this length. */
const HEALTH_WINDOW = 6 * HOUR;
/** Share of sensors of these kinds sending a fault value (out of range) per health window. */
const P_FAULTY = 0.004;
const FAULTY_KINDS: ReadonlySet<SensorKindKey> = new Set(['air-micro', 'noise', 'waterlogging']);
/** How far back `statusSince` is looked for, per kind (a longer run reports this far back). */
const STATUS_LOOKBACK: Partial<Record<SensorKindKey, number>> = {
  water: 48 * HOUR,
  waterlogging: 12 * HOUR,
  slope: 24 * HOUR,
};
/**
 * Slopes keep moving for up to two days after rain, and an offline sensor's reading is up to
 * about 7 h older than t: every incident that can act on a reading is in this reach, so a cached
 * reading never depends on which t computed it.
 */
const INCIDENT_REACH_SENSORS = 2 * DAY + 8 * HOUR;
const P_OFFLINE = 0.012;

// Diurnal shapes by local hour.
const PM_DIURNAL = [
  1.1, 1.1, 1.05, 1.0, 1.0, 1.05, 1.15, 1.25, 1.25, 1.1, 0.95, 0.85, 0.8, 0.75, 0.75, 0.78, 0.85,
  0.95, 1.05, 1.15, 1.2, 1.2, 1.18, 1.15,
];
const SUN = [
  0, 0, 0, 0, 0, 0, 0.05, 0.15, 0.3, 0.45, 0.6, 0.75, 0.88, 0.97, 1.0, 0.95, 0.8, 0.6, 0.35, 0.15,
  0.05, 0, 0, 0,
];
const TRAFFIC = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.45, 0.85, 1.0, 0.8, 0.65, 0.65, 0.6, 0.6, 0.62, 0.65, 0.72,
  0.9, 1.0, 0.8, 0.6, 0.5, 0.35, 0.22,
];

const ZONE_WEIGHTS: ReadonlyArray<[NoiseZone, number]> = [
  ['4a', 35],
  ['2', 30],
  ['1', 18],
  ['3', 10],
  ['0', 2],
  ['4b', 5],
];
const ZONE_BASE: Readonly<Record<NoiseZone, { day: number; night: number }>> = {
  '0': { day: 46, night: 38 },
  '1': { day: 52, night: 43 },
  '2': { day: 56, night: 47 },
  '3': { day: 60, night: 51 },
  '4a': { day: 66, night: 56 },
  '4b': { day: 64, night: 56 },
};

interface SensorSite extends Sited {
  kind: SensorKindKey;
  id: string;
  name: string;
  /** Private offset of the reporting phase, ms. */
  phase: number;
  /** Static attributes in [0, 1), drawn once. */
  a: number;
  b: number;
  c: number;
  zone: NoiseZone;
  river: string;
  mainRiver: boolean;
  /** The last reading built; readings are shared between snapshots (callers must not mutate). */
  view?: { at: number; offline: boolean; version: number; reading: SensorReading };
}

export interface SensorWorld {
  snapshot(t: number): SensorReading[];
  /** The optional `sensors/…` endpoints (history, series, readings at a time, enterprises). */
  endpoint: SimEndpoint;
}

export function createSensorWorld(
  places: Places,
  seed: number,
  scale: number,
  book: IncidentBook,
  aqiTable: AqiTable = AQI_HJ633_2012,
): SensorWorld {
  let siteList: SensorSite[] | null = null;
  const HEALTH = hashString('sensor-health');
  const REGION = hashString('air-region');

  const sites = (): SensorSite[] => {
    if (siteList) return siteList;
    const all: SensorSite[] = [];
    for (const kind of KINDS) {
      const counters = new Map<string, number>();
      for (const s of layout(places, seed, kind as LayoutKind, scale)) {
        const rng = new Rng(hash(s.h, 3));
        const c = s.community;
        const river = rng.pick(c.district.rivers);
        let zoneDraw = rng.next() * 100;
        let zone: NoiseZone = '2';
        for (const [z, w] of ZONE_WEIGHTS) {
          if (zoneDraw < w) {
            zone = z;
            break;
          }
          zoneDraw -= w;
        }
        const nth = (counters.get(c.code) ?? 0) + 1;
        counters.set(c.code, nth);
        const name =
          kind === 'air-national'
            ? `${c.short}国控站`
            : kind === 'air-micro'
              ? `${c.short}微站${nth}`
              : kind === 'water'
                ? `${river}${c.short}断面${nth > 1 ? nth : ''}`
                : kind === 'noise'
                  ? `${c.short}噪声监测点${nth}`
                  : kind === 'waterlogging'
                    ? `${c.village ? c.short : c.roads[0]}${c.short}积水点${nth}`
                    : `${c.short}边坡${nth}号`;
        all.push({
          index: s.index,
          local: s.local,
          community: s.community,
          position: s.position,
          h: s.h,
          kind,
          id: sitedId(PREFIX[kind], s),
          name,
          // National stations publish the hour's mean on the hour.
          phase: kind === 'air-national' ? 0 : Math.floor(rng.next() * PERIOD[kind]),
          a: rng.next(),
          b: rng.next(),
          c: rng.next(),
          zone,
          river,
          mainRiver: MAIN_RIVERS.has(river),
        });
      }
    }
    siteList = all;
    return all;
  };

  /** Regional weather: a slow swing of particulate levels over days. */
  const region = (t: number): number => 1 + 0.45 * smoothNoise(hash(seed, REGION), t, 30 * HOUR);

  const effect = (
    incidents: readonly Incident[],
    district: District,
    t: number,
    kind: Incident['kind'],
    curve: (tau: number) => number,
  ): number => {
    let v = 0;
    for (const i of incidents)
      if (i.kind === kind && i.district === district) v = Math.max(v, curve(t - i.start));
    return v;
  };

  /** O3 at a station at `at` (µg/m³, before rounding). */
  const ozone = (s: SensorSite, at: number): number => {
    const micro = s.kind === 'air-micro';
    const jitter = 1 + (micro ? 0.2 : 0.12) * smoothNoise(s.h ^ 3, at, 2 * HOUR);
    return (
      (25 +
        115 * hourly(SUN, localHour(at)) * (0.7 + 0.6 * unit(hash(seed, REGION, localDay(at))))) *
      (0.85 + 0.3 * s.c) *
      jitter
    );
  };

  /** Whether a sensor sends a fault value (out of range) in the health window of `at`. */
  const faulty = (s: SensorSite, at: number): boolean =>
    FAULTY_KINDS.has(s.kind) &&
    unit(hash(seed, HEALTH ^ 0xfa17, s.h, Math.floor(at / HEALTH_WINDOW))) < P_FAULTY;

  /** When the sensor last reported at t, and whether it is offline. */
  const observe = (s: SensorSite, t: number): { at: number; offline: boolean } => {
    const period = PERIOD[s.kind];
    const window = Math.floor(t / HEALTH_WINDOW);
    if (unit(hash(seed, HEALTH, s.h, window)) < P_OFFLINE) {
      // An offline sensor's last reading is from before the outage.
      const at =
        window * HEALTH_WINDOW - period - Math.round(unit(hash(s.h, window)) * 30 * MINUTE);
      return { at, offline: true };
    }
    return { at: t - ((((t - s.phase) % period) + period) % period), offline: false };
  };

  /** The reading a sensor reports at `observedAt`: a function of that time and the incidents. */
  const reading = (
    s: SensorSite,
    observedAt: number,
    offline: boolean,
    incidents: readonly Incident[],
  ): SensorReading => {
    const status: SensorStatus | null = offline ? 'offline' : null;
    const c = s.community;
    const hour = localHour(observedAt);
    const d = c.district;
    const at = observedAt;

    switch (s.kind) {
      case 'air-national':
      case 'air-micro': {
        const micro = s.kind === 'air-micro';
        const urban = c.street.urban ? 1 : 0.75;
        const jitter = (k: number, p: number) =>
          1 + (micro ? 0.2 : 0.12) * smoothNoise(s.h ^ k, at, p);
        const smog = effect(incidents, d, at, 'pollution', SCRIPT.smog);
        const wash = effect(incidents, d, at, 'rainstorm', SCRIPT.rain);
        let elsewhere = 0;
        for (const i of incidents)
          if (i.kind === 'pollution' && i.district !== d)
            elsewhere = Math.max(elsewhere, 0.3 * SCRIPT.smog(at - i.start));
        const particulate = region(at) * (1 + 6 * smog + elsewhere) * (1 - 0.5 * wash);
        const pm25 =
          26 *
          urban *
          (0.8 + 0.45 * s.a) *
          hourly(PM_DIURNAL, hour) *
          jitter(1, 2 * HOUR) *
          particulate;
        const pm10 = pm25 * (1.5 + 0.4 * s.b) * (1 - 0.15 * smog) * jitter(2, 3 * HOUR);
        const o3 = ozone(s, at);
        const traffic = hourly(TRAFFIC, hour);
        const no2 =
          (15 + 35 * traffic) * urban * (0.8 + 0.4 * s.b) * (1 + 0.4 * smog) * jitter(4, HOUR);
        const so2 = (5 + 4 * s.c) * jitter(5, 4 * HOUR);
        const co = (0.5 + 0.35 * traffic) * (1 + 0.6 * smog) * jitter(6, 2 * HOUR);
        const fault = faulty(s, at);
        const values: Extract<SensorReading, { kind: 'air' }>['values'] = {
          // A micro-station's particulate channel failing reports −1.
          pm25: fault ? -1 : Math.round(pm25),
          pm10: fault ? -1 : Math.round(pm10),
          o3: Math.round(o3),
          no2: Math.round(no2),
          so2: micro && s.a > 0.3 ? null : Math.round(so2),
          co: micro && s.b > 0.5 ? null : Math.round(co * 10) / 10,
        };
        if (!micro) {
          // The 8-hour moving average of the hourly values ending now.
          let sum = 0;
          for (let k = 0; k < 8; k += 1) sum += Math.round(ozone(s, at - k * HOUR));
          values.o3_8h = Math.round(sum / 8);
        }
        const { aqi, primary, level } = computeAqi(values, aqiTable);
        return {
          id: s.id,
          position: s.position,
          district: c.district.code,
          street: c.street.code,
          community: c.code,
          name: s.name,
          status:
            status ?? (level === null || level <= 2 ? 'normal' : level <= 4 ? 'warning' : 'alarm'),
          observedAt,
          periodMs: PERIOD[s.kind],
          averagingMs: AVERAGING[s.kind],
          kind: 'air',
          values,
          network: micro ? 'micro' : 'national',
          aqi,
          primary,
        };
      }
      case 'water': {
        const runoff = effect(incidents, d, at, 'rainstorm', SCRIPT.runoff);
        const dayCurve = Math.sin(((hour - 9) / 24) * 2 * Math.PI);
        const drift = (k: number) => 1 + 0.1 * smoothNoise(s.h ^ k, at, 6 * HOUR);
        // About one inner river in seven is a relapsing black-odour stretch.
        const poor = !s.mainRiver && s.c < 0.15;
        const values: WaterValues = s.mainRiver
          ? {
              ph: 6.9 + 0.6 * s.a,
              do: 6.6 + 1.2 * s.b + 0.5 * dayCurve,
              codMn: (2.2 + 1.4 * s.c) * drift(1),
              nh3n: (0.2 + 0.35 * s.a) * drift(2),
              tp: (0.05 + 0.08 * s.b) * drift(3),
            }
          : {
              ph: 6.8 + 0.7 * s.a,
              do: (poor ? 1.6 : 3.4) + 2.6 * s.b + 0.8 * dayCurve,
              codMn: ((poor ? 9 : 4) + 3.5 * s.c) * drift(1),
              nh3n: ((poor ? 1.6 : 0.5) + 0.9 * s.a) * drift(2),
              tp: ((poor ? 0.3 : 0.1) + 0.15 * s.b) * drift(3),
            };
        values.nh3n *= 1 + 1.2 * runoff;
        values.tp *= 1 + 1.0 * runoff;
        values.codMn *= 1 + 0.5 * runoff;
        values.do = Math.max(0.5, values.do - 1.5 * runoff);
        const rounded: WaterValues = {
          ph: round(values.ph, 2),
          do: round(values.do, 2),
          codMn: round(values.codMn, 2),
          nh3n: round(values.nh3n, 3),
          tp: round(values.tp, 3),
        };
        const { waterClass } = classifyWater(rounded);
        const target = s.mainRiver ? 3 : s.a < 0.5 ? 4 : 5;
        return {
          id: s.id,
          position: s.position,
          district: c.district.code,
          street: c.street.code,
          community: c.code,
          name: s.name,
          status:
            status ??
            (waterClass <= target
              ? 'normal'
              : waterClass === target + 1 && waterClass < 6
                ? 'warning'
                : 'alarm'),
          observedAt,
          periodMs: PERIOD[s.kind],
          averagingMs: AVERAGING[s.kind],
          kind: 'water',
          values: rounded,
          waterClass,
        };
      }
      case 'noise': {
        const zoneBase = ZONE_BASE[s.zone];
        const day = hour >= 6 && hour < 22;
        const traffic = hourly(TRAFFIC, hour);
        // Now and then an hour of night work or a loud event.
        const event = unit(hash(s.h, Math.floor(at / HOUR))) < 0.03 ? 6 : 0;
        const laeq =
          (day ? zoneBase.day : zoneBase.night) +
          (s.zone === '4a' || s.zone === '4b' ? 4 : 2) * (traffic - 0.6) +
          (s.a - 0.5) * 6 +
          1.5 * smoothNoise(s.h, at, 10 * MINUTE) +
          event;
        const limit = noiseLimit(s.zone, hour);
        const value = faulty(s, at) ? 0 : round(laeq, 1);
        return {
          id: s.id,
          position: s.position,
          district: c.district.code,
          street: c.street.code,
          community: c.code,
          name: s.name,
          status: status ?? (value > limit + 10 ? 'alarm' : value > limit ? 'warning' : 'normal'),
          observedAt,
          periodMs: PERIOD[s.kind],
          averagingMs: AVERAGING[s.kind],
          kind: 'noise',
          values: { laeq: value },
          zone: s.zone,
          limit,
        };
      }
      case 'waterlogging': {
        const susceptibility = 0.3 + 1.1 * s.a;
        const lag = s.b * 40 * MINUTE;
        let flood = 0;
        for (const i of incidents)
          if (i.kind === 'rainstorm' && i.district === d)
            flood = Math.max(flood, SCRIPT.flood(at - i.start - lag));
        // Ordinary afternoon showers leave a few centimetres at the lowest points.
        const dayIndex = localDay(at);
        const shower = unit(hash(seed, 0x5a0, dayIndex));
        const showerStart = (13 + 5 * unit(hash(seed, 0x5a1, dayIndex))) * HOUR;
        const sinceShower = at - (dayIndex * DAY - 8 * HOUR + showerStart);
        const showerDepth = shower < 0.25 ? 8 * s.a * s.a * SCRIPT.flood(sinceShower * 2) : 0;
        // A probe drifting below its zero reports a negative depth.
        const depth = faulty(s, at)
          ? -8.5
          : round(Math.max(45 * susceptibility * flood, showerDepth), 1);
        const level = waterloggingLevel(depth);
        return {
          id: s.id,
          position: s.position,
          district: c.district.code,
          street: c.street.code,
          community: c.code,
          name: s.name,
          status: status ?? (level === 3 ? 'alarm' : level === 2 ? 'warning' : 'normal'),
          observedAt,
          periodMs: PERIOD[s.kind],
          averagingMs: AVERAGING[s.kind],
          kind: 'waterlogging',
          values: { depthCm: depth },
        };
      }
      case 'slope': {
        const rain = effect(incidents, d, at, 'rainstorm', SCRIPT.creep);
        const displacement =
          3 +
          15 * s.a * s.a +
          2 * Math.sin((2 * Math.PI * at) / (30 * DAY) + 6 * s.b) +
          0.3 * smoothNoise(s.h, at, 2 * HOUR) +
          25 * (0.3 + s.c) * rain;
        const value = round(displacement, 1);
        return {
          id: s.id,
          position: s.position,
          district: c.district.code,
          street: c.street.code,
          community: c.code,
          name: s.name,
          status:
            status ??
            (value >= SLOPE_THRESHOLDS_MM.alarm
              ? 'alarm'
              : value >= SLOPE_THRESHOLDS_MM.warning
                ? 'warning'
                : 'normal'),
          observedAt,
          periodMs: PERIOD[s.kind],
          averagingMs: AVERAGING[s.kind],
          kind: 'slope',
          values: { displacementMm: value },
        };
      }
    }
  };

  /**
   * When the reading's status began: the start of the run of earlier observations with the same
   * status (an outage: its window's start), looked for as far back as the kind allows.
   */
  const withStatusSince = (
    s: SensorSite,
    r: SensorReading,
    offline: boolean,
    incidents: readonly Incident[],
  ): SensorReading => {
    const lookback = STATUS_LOOKBACK[s.kind];
    if (lookback === undefined || (r.status === 'normal' && !offline)) return r;
    if (offline)
      return {
        ...r,
        statusSince: Math.floor(r.observedAt / HEALTH_WINDOW + 1) * HEALTH_WINDOW,
      };
    const period = PERIOD[s.kind];
    let since = r.observedAt;
    for (let at = r.observedAt - period; at >= r.observedAt - lookback; at -= period) {
      if (observe(s, at).offline) break;
      if (reading(s, at, false, incidents).status !== r.status) break;
      since = at;
    }
    return { ...r, statusSince: since };
  };

  const readingAt = (s: SensorSite, t: number, incidents: readonly Incident[]) => {
    const { at, offline } = observe(s, t);
    return withStatusSince(s, reading(s, at, offline, incidents), offline, incidents);
  };

  const access: SensorAccess = {
    sites: () => sites(),
    version: () => book.version,
    scale,
    at(site, t) {
      return readingAt(site as SensorSite, t, book.between(t - INCIDENT_REACH_SENSORS, t + 1));
    },
    observations(site, from, to) {
      const s = site as SensorSite;
      const period = PERIOD[s.kind];
      const incidents = book.between(from - INCIDENT_REACH_SENSORS, to + 1);
      const out: SensorReading[] = [];
      const first = from + ((((s.phase - from) % period) + period) % period);
      for (let at = first; at <= to; at += period) {
        if (observe(s, at).offline) continue;
        out.push(reading(s, at, false, incidents));
      }
      return out;
    },
  };

  return {
    snapshot(t) {
      const incidents = book.between(t - INCIDENT_REACH_SENSORS, t + 1);
      const version = book.version;
      return sites()
        .map((s) => {
          const { at, offline } = observe(s, t);
          const view = s.view;
          if (view && view.at === at && view.offline === offline && view.version === version) {
            return view.reading;
          }
          const r = withStatusSince(s, reading(s, at, offline, incidents), offline, incidents);
          s.view = { at, offline, version, reading: r };
          return r;
        })
        .sort(byId);
    },
    endpoint: createSensorEndpoints(places, seed, access),
  };
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
