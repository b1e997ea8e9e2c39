// The environment screen's view of an area, built in the feed worker from the sensors feed (latest
// readings) and the source's optional endpoints (history, readings at a time, enterprises). Every
// figure is computed against the city clock; docs/metrics.md, "Environment", defines each one.
import { aqiReport, type AqiPollutant } from '@/domain/aqi';
import { DAY_MS, HOUR_MS } from '@/domain/city-time';
import { NOISE_ZONES, nextNoiseSwitch, noisePeriodAt, type NoisePeriod } from '@/domain/noise';
import type { SensorReading } from '@/domain/sensor';
import { WATER_PARAMETERS, classifyWater, type WaterParameter } from '@/domain/water-quality';
import { areaMatcher, childKeyOf, loadGrid, needsGrid, type AreaParams } from '@/feeds/area-filter';
import { columnKey, encodeIds, type IdColumn } from '@/feeds/point-columns';
import { defineView, type FeedFacts, type ViewContext, type ViewInput } from '@/feeds/view-builder';
import {
  ENTERPRISE_STATUSES,
  comparisonTimes,
  hourFloor,
  overviewRefs,
  readEnterprises,
  readReadings,
  readSeries,
  readingsRef,
  seriesRef,
  type AirSeries,
  type OfferState,
  type PastReadings,
} from './resources';
import {
  NO_AIR,
  areaAir,
  averagingOf,
  derive,
  depthLevel,
  displacementLevel,
  rulesOf,
  slopeRateLevel,
  type AreaAir,
  type Derived,
  type ReadingState,
  type Rules,
  type StatusLevel,
} from './readings';
import { sensorColumns, type SensorColumns } from './sensor-columns';
import {
  K_AIR,
  K_NOISE,
  K_SLOPE,
  K_WATER,
  K_WATERLOGGING,
  S_OFFLINE,
  S_ONLINE,
  S_OUT_OF_RANGE,
  S_STALE,
  recordState,
  sensorRecord,
  stateClock,
} from './sensor-records';
import { settingsOf } from './settings';
import { ENVIRONMENT_OVERVIEW, ENVIRONMENT_SUMMARY } from './views';

export const COUNT_KINDS = ['air', 'water', 'noise', 'waterlogging', 'slope'] as const;
export type CountKind = (typeof COUNT_KINDS)[number];

export interface StateCounts {
  total: number;
  online: number;
  stale: number;
  offline: number;
  outOfRange: number;
}
const noCounts = (): StateCounts => ({ total: 0, online: 0, stale: 0, offline: 0, outOfRange: 0 });

/** How long a build waits for the source's optional endpoints before it goes without them. */
export const RESOURCE_WAIT_MS = 1000;

/** Rows a list shows at most; the view says how many there are. */
export const ROW_LIMIT = 30;

export interface StationRow {
  id: string;
  name: string;
  network: 'national' | 'provincial' | 'micro' | null;
  aqi: number | null;
  level: number | null;
  primary: AqiPollutant[];
  observedAt: number;
  averagingMs: number;
  street: string;
}

export interface ChildAir {
  key: string;
  aqi: number | null;
  level: number | null;
  primary: AqiPollutant[];
  basis: AreaAir['basis'];
  stations: number;
}

export interface TrendBin {
  /** Start of the hour; the value is its mean, known once it ends. */
  start: number;
  aqi: number | null;
  level: number | null;
  primary: AqiPollutant[];
  basis: 'national' | 'micro' | null;
}

export interface AirTrend {
  state: OfferState;
  /** The 24 complete hours before now, oldest first. */
  bins: TrendBin[];
  /** Complete hours today above 良 (AQI > 100), and how many complete hours today were known. */
  hoursOverGood: number | null;
  hoursKnown: number;
  /** The AQI now against the hourly AQI of the hour that ended 2–3 hours ago. */
  direction: 'better' | 'worse' | 'steady' | null;
  delta: number | null;
  comparedWith: number | null;
}

export interface WaterRow {
  id: string;
  name: string;
  waterClass: number;
  decisive: WaterParameter[];
  /** The class 24 hours earlier, when the source offers it. */
  before: number | null;
  observedAt: number;
  street: string;
}

export interface WaterSummary {
  points: number;
  /** Points per class I … 劣V. */
  byClass: number[];
  /** Per class, how many points each indicator (WATER_PARAMETERS order) set the class of. */
  decisive: number[][];
  worse: WaterRow[];
  worseCount: number;
  baseline: OfferState;
  /** Points of class IV or worse, worst first. */
  rows: WaterRow[];
  rowsTotal: number;
}

export interface NoiseZoneRow {
  zone: string;
  day: number;
  night: number;
  stations: number;
  exceeding: number;
  max: number | null;
}

export interface NoiseRow {
  id: string;
  name: string;
  zone: string;
  laeq: number;
  limit: number;
  over: number;
  period: NoisePeriod;
  observedAt: number;
  averagingMs: number;
  street: string;
}

export interface NoiseSummary {
  /** The period in force now and when it switches. */
  period: NoisePeriod;
  nextSwitch: number;
  points: number;
  exceeding: number;
  /** Exceedances among readings taken by day and at night. */
  exceedingDay: number;
  exceedingNight: number;
  zones: NoiseZoneRow[];
  rows: NoiseRow[];
}

export type Trend = 'rising' | 'falling' | 'steady';

export interface PointRow {
  id: string;
  name: string;
  kind: 'waterlogging' | 'slope';
  /** Depth (cm) or displacement (mm). */
  value: number;
  level: StatusLevel;
  trend: Trend | null;
  /** cm/h (waterlogging) or mm/day (slope), from the reading compared with. */
  rate: number | null;
  observedAt: number;
  /** Since when the point has been at its status, as the source says. */
  since: number | null;
  street: string;
}

export interface HazardSummary {
  points: number;
  /** Points per level: normal, attention, warning, alarm. */
  byLevel: number[];
  rising: number;
  falling: number;
  rows: PointRow[];
  rowsTotal: number;
  trend: OfferState;
  /** The time the readings are compared with. */
  comparedAt: number;
}

/**
 * Every sensor of the area as columns for the map: index i is the id at i of `ids`
 * (`pointIdAt`). The drawing columns are built here, in the worker, and every array is
 * transferred: the page hands them to deck.gl as they are.
 */
export interface SensorPoints extends SensorColumns {
  length: number;
  positions: Float32Array;
  /** MAP_KINDS index. */
  kind: Uint8Array;
  /** STATE_CODE. */
  state: Uint8Array;
  /** Air: AQI level 1–6 (0 none); water: class 1–6; others: status level 0–3. */
  level: Uint8Array;
  ids: IdColumn;
  /**
   * Equal keys, equal contents (`columnKey`): the page keeps the attribute it uploaded. Most polls
   * move no sensor (`layoutKey`: positions) and change few readings.
   */
  layoutKey: string;
  /** Colours, sizes and the halo. */
  styleKey: string;
  /** The icons (a state changed). */
  iconKey: string;
}

export interface EnterprisePoints {
  state: OfferState;
  length: number;
  positions: Float32Array;
  /** ENTERPRISE_STATUSES index. */
  status: Uint8Array;
  byStatus: number[];
  names: string[];
}

export interface EnvironmentView {
  area: string | null;
  version: number;
  revision: number;
  generatedAt: number;
  asOf: number;
  droppedLast: number;
  droppedTotal: number;
  edition: string;
  editionUnverified: boolean;
  counts: Record<CountKind, StateCounts>;
  total: StateCounts;
  air: {
    now: AreaAir;
    childLevel: 'district' | 'street' | 'community' | 'cell';
    children: ChildAir[];
    ranking: StationRow[];
    /** Online stations with an AQI. */
    stations: number;
    trend: AirTrend;
  };
  water: WaterSummary;
  noise: NoiseSummary;
  waterlogging: HazardSummary;
  slope: HazardSummary;
  points: SensorPoints;
  enterprises: EnterprisePoints;
  extent: [number, number, number, number] | null;
}

export type EnvironmentContext = Pick<ViewContext, 'now' | 'time' | 'changesAt'> &
  Pick<FeedFacts, 'version' | 'revision' | 'generatedAt' | 'droppedLast' | 'droppedTotal'> & {
    rules: Rules;
  };

/** Keeps the `limit` best rows by a comparator (a sort of all rows costs too much at 100k). */
function topRows<T>(rows: T[], row: T, limit: number, before: (a: T, b: T) => number) {
  if (rows.length === limit && before(row, rows[limit - 1]!) >= 0) return;
  let i = rows.length;
  if (i === limit) i -= 1;
  while (i > 0 && before(row, rows[i - 1]!) < 0) {
    rows[i] = rows[i - 1]!;
    i -= 1;
  }
  rows[i] = row;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The AQI of each hour of the series, by the city's edition (the source sends concentrations). */
export function trendOf(
  series: AirSeries | null,
  now: AreaAir,
  rules: Rules,
  state: OfferState,
  asOf: number,
): AirTrend {
  const row = series?.series[0];
  if (!series || !row)
    return {
      state: series ? 'invalid' : state,
      bins: [],
      hoursOverGood: null,
      hoursKnown: 0,
      direction: null,
      delta: null,
      comparedWith: null,
    };
  const bins: TrendBin[] = row.stations.map((stations, i) => {
    const start = series.from + i * HOUR_MS;
    // An hour no station reported has no AQI (whatever else the answer carries).
    if (!stations) return { start, aqi: null, level: null, primary: [], basis: null };
    const values = {
      pm25: row.values.pm25[i],
      pm10: row.values.pm10[i],
      o3: row.values.o3[i],
      no2: row.values.no2[i],
      so2: row.values.so2[i],
      co: row.values.co[i],
      o3_8h: row.values.o3_8h?.[i],
    };
    const report = aqiReport(values, 'hour', rules.aqi);
    return {
      start,
      aqi: report.aqi,
      level: report.level,
      primary: report.primary,
      basis: row.basis[i] ?? null,
    };
  });
  const dayStart = rules.time.dayStart(asOf);
  let over = 0;
  let known = 0;
  for (const b of bins)
    if (b.start >= dayStart && b.start + HOUR_MS <= asOf && b.aqi !== null) {
      known += 1;
      if (b.aqi > 100) over += 1;
    }
  const then = bins.length >= 3 ? bins[bins.length - 3]! : null;
  const delta = then?.aqi != null && now.aqi !== null ? now.aqi - then.aqi : null;
  return {
    state: 'offered',
    bins,
    hoursOverGood: known > 0 || bins.some((b) => b.start >= dayStart) ? over : null,
    hoursKnown: known,
    direction: delta === null ? null : delta <= -5 ? 'better' : delta >= 5 ? 'worse' : 'steady',
    delta,
    comparedWith: then ? then.start + HOUR_MS : null,
  };
}

const trendOfDelta = (delta: number, threshold: number): Trend =>
  delta >= threshold ? 'rising' : delta <= -threshold ? 'falling' : 'steady';

interface Collected {
  /** The derived meaning of each online reading, aligned with the lists by kind. */
  derived: Record<CountKind, Derived[]>;
  air: SensorReading[];
  byChild: Map<string, SensorReading[]>;
  water: SensorReading[];
  noise: SensorReading[];
  waterlogging: SensorReading[];
  slope: SensorReading[];
  counts: Record<CountKind, StateCounts>;
  total: StateCounts;
}

/** The map's columns of an area's sensors, filled in the same pass as their states. */
interface PointColumns {
  positions: Float32Array;
  kind: Uint8Array;
  state: Uint8Array;
  level: Uint8Array;
  ids: string[];
  extent: [number, number, number, number] | null;
}

const STATE_KEYS: readonly ReadingState[] = ['online', 'stale', 'offline', 'outOfRange'];

/** One pass over the area's sensors: their states (with the clock's next change), by kind. */
function collect(
  list: readonly SensorReading[],
  ctx: EnvironmentContext,
  child: ReturnType<typeof childKeyOf> | null,
  columns: PointColumns | null,
): Collected {
  const { rules, now, generatedAt } = ctx;
  const sensors = rules.settings.sensors;
  // Per kind (COUNT_KINDS order) and state (STATE_CODE order).
  const tally = new Int32Array(COUNT_KINDS.length * STATE_KEYS.length);
  const derived: Derived[][] = [[], [], [], [], []];
  const online: SensorReading[][] = [[], [], [], [], []];
  const byChild = new Map<string, SensorReading[]>();
  const level = child?.level;
  let until = Infinity;
  let extent: PointColumns['extent'] = null;
  for (let i = 0; i < list.length; i += 1) {
    const r = list[i]!;
    const rec = sensorRecord(r, rules);
    const d = rec.derived!;
    const state = recordState(rec, d.plausible, now, generatedAt, sensors);
    if (stateClock.until < until) until = stateClock.until;
    tally[rec.kind * STATE_KEYS.length + state]! += 1;
    if (columns) {
      const x = rec.x;
      const y = rec.y;
      columns.positions[i * 2] = x;
      columns.positions[i * 2 + 1] = y;
      columns.kind[i] = rec.mapKind;
      columns.state[i] = state;
      columns.level[i] = state === S_ONLINE ? rec.level : 0;
      columns.ids[i] = rec.id;
      if (!extent) extent = [x, y, x, y];
      else {
        if (x < extent[0]) extent[0] = x;
        if (y < extent[1]) extent[1] = y;
        if (x > extent[2]) extent[2] = x;
        if (y > extent[3]) extent[3] = y;
      }
    }
    if (state !== S_ONLINE) continue;
    derived[rec.kind]!.push(d);
    online[rec.kind]!.push(r);
    if (rec.kind === K_AIR && child) {
      const key =
        level === 'district'
          ? rec.district
          : level === 'street'
            ? rec.street
            : level === 'community'
              ? rec.community
              : child.key(r);
      const group = byChild.get(key);
      if (group) group.push(r);
      else byChild.set(key, [r]);
    }
  }
  if (columns) columns.extent = extent;
  if (until < Infinity) ctx.changesAt(until);
  const countsOf = (k: number): StateCounts => {
    const o = k * STATE_KEYS.length;
    const online = tally[o + S_ONLINE]!;
    const stale = tally[o + S_STALE]!;
    const offline = tally[o + S_OFFLINE]!;
    const outOfRange = tally[o + S_OUT_OF_RANGE]!;
    return { total: online + stale + offline + outOfRange, online, stale, offline, outOfRange };
  };
  const counts = {
    air: countsOf(K_AIR),
    water: countsOf(K_WATER),
    noise: countsOf(K_NOISE),
    waterlogging: countsOf(K_WATERLOGGING),
    slope: countsOf(K_SLOPE),
  };
  const total = noCounts();
  for (const c of Object.values(counts)) {
    total.total += c.total;
    total.online += c.online;
    total.stale += c.stale;
    total.offline += c.offline;
    total.outOfRange += c.outOfRange;
  }
  return {
    derived: {
      air: derived[K_AIR]!,
      water: derived[K_WATER]!,
      noise: derived[K_NOISE]!,
      waterlogging: derived[K_WATERLOGGING]!,
      slope: derived[K_SLOPE]!,
    },
    air: online[K_AIR]!,
    byChild,
    water: online[K_WATER]!,
    noise: online[K_NOISE]!,
    waterlogging: online[K_WATERLOGGING]!,
    slope: online[K_SLOPE]!,
    counts,
    total,
  };
}

function summariseWater(
  water: readonly SensorReading[],
  derived: readonly Derived[],
  baseline: PastReadings | null,
  baselineState: OfferState,
  rules: Rules,
): WaterSummary {
  const byClass = [0, 0, 0, 0, 0, 0];
  const decisive = byClass.map(() => WATER_PARAMETERS.map(() => 0));
  const rows: WaterRow[] = [];
  const worse: WaterRow[] = [];
  let rowsTotal = 0;
  let worseCount = 0;
  const order = (a: WaterRow, b: WaterRow) => b.waterClass - a.waterClass || byId(a, b);
  for (let k = 0; k < water.length; k += 1) {
    const r = water[k]!;
    if (r.kind !== 'water') continue;
    const result = derived[k]!.water!;
    const c = result.waterClass;
    byClass[c - 1]! += 1;
    for (const p of result.decisive) decisive[c - 1]![WATER_PARAMETERS.indexOf(p)]! += 1;
    const past = baseline?.byId.get(r.id);
    const before =
      past && past.status !== 'offline'
        ? classifyWater(
            {
              ph: past.values.ph ?? Number.NaN,
              do: past.values.do ?? Number.NaN,
              codMn: past.values.codMn ?? Number.NaN,
              nh3n: past.values.nh3n ?? Number.NaN,
              tp: past.values.tp ?? Number.NaN,
            },
            rules.water,
          ).waterClass
        : null;
    const row: WaterRow = {
      id: r.id,
      name: r.name,
      waterClass: c,
      decisive: result.decisive,
      before,
      observedAt: r.observedAt,
      street: r.street,
    };
    if (c >= 4) {
      rowsTotal += 1;
      topRows(rows, row, ROW_LIMIT, order);
    }
    if (before !== null && c > before) {
      worseCount += 1;
      topRows(
        worse,
        row,
        ROW_LIMIT,
        (a, b) => b.waterClass - (b.before ?? 0) - (a.waterClass - (a.before ?? 0)) || order(a, b),
      );
    }
  }
  return {
    points: water.length,
    byClass,
    decisive,
    worse,
    worseCount,
    baseline: baselineState,
    rows,
    rowsTotal,
  };
}

function summariseNoise(
  noise: readonly SensorReading[],
  derived: readonly Derived[],
  ctx: EnvironmentContext,
): NoiseSummary {
  const { rules, now, time } = ctx;
  const zones = new Map<string, NoiseZoneRow>(
    NOISE_ZONES.map((zone) => [
      zone,
      {
        zone,
        day: rules.noise.limits[zone].day,
        night: rules.noise.limits[zone].night,
        stations: 0,
        exceeding: 0,
        max: null,
      },
    ]),
  );
  const rows: NoiseRow[] = [];
  let exceeding = 0;
  let exceedingDay = 0;
  let exceedingNight = 0;
  for (let k = 0; k < noise.length; k += 1) {
    const r = noise[k]!;
    if (r.kind !== 'noise') continue;
    const n = derived[k]!.noise!;
    const zone = zones.get(r.zone)!;
    zone.stations += 1;
    if (zone.max === null || r.values.laeq > zone.max) zone.max = r.values.laeq;
    if (n.over <= 0) continue;
    zone.exceeding += 1;
    exceeding += 1;
    if (n.period === 'day') exceedingDay += 1;
    else exceedingNight += 1;
    topRows(
      rows,
      {
        id: r.id,
        name: r.name,
        zone: r.zone,
        laeq: r.values.laeq,
        limit: n.limit,
        over: n.over,
        period: n.period,
        observedAt: r.observedAt,
        averagingMs: averagingOf(r),
        street: r.street,
      },
      ROW_LIMIT,
      (a, b) => b.over - a.over || byId(a, b),
    );
  }
  const nextSwitch = nextNoiseSwitch(now, time, rules.noise);
  ctx.changesAt(nextSwitch);
  return {
    period: noisePeriodAt(now, time, rules.noise),
    nextSwitch,
    points: noise.length,
    exceeding,
    exceedingDay,
    exceedingNight,
    zones: [...zones.values()],
    rows,
  };
}

function summariseHazard(
  kind: 'waterlogging' | 'slope',
  points: readonly SensorReading[],
  past: PastReadings | null,
  pastState: OfferState,
  wantedAt: number,
  rules: Rules,
): HazardSummary {
  const byLevel = [0, 0, 0, 0];
  const rows: PointRow[] = [];
  let rowsTotal = 0;
  let rising = 0;
  let falling = 0;
  const { waterlogging: wl, slope } = rules.settings;
  for (const r of points) {
    let value: number;
    let level: StatusLevel;
    if (r.kind === 'waterlogging') {
      value = r.values.depthCm;
      level = depthLevel(value, wl);
    } else if (r.kind === 'slope') {
      value = r.values.displacementMm;
      level = displacementLevel(value, slope);
    } else continue;
    let trend: Trend | null = null;
    let rate: number | null = null;
    const then = past?.byId.get(r.id);
    const thenValue = kind === 'waterlogging' ? then?.values.depthCm : then?.values.displacementMm;
    if (
      then &&
      then.status !== 'offline' &&
      typeof thenValue === 'number' &&
      r.observedAt > then.observedAt
    ) {
      const delta = value - thenValue;
      const span = r.observedAt - then.observedAt;
      if (kind === 'waterlogging') {
        rate = Math.round(((delta * HOUR_MS) / span) * 10) / 10;
        trend = trendOfDelta(delta, 1);
      } else {
        rate = Math.round(((delta * DAY_MS) / span) * 10) / 10;
        trend = trendOfDelta(delta, 0.5);
        // Moving further is the hazard: a slope settling back is not.
        const growth = Math.sign(value || 1) * rate;
        level = Math.max(level, slopeRateLevel(Math.max(0, growth), slope)) as StatusLevel;
      }
      if (trend === 'rising') rising += 1;
      else if (trend === 'falling') falling += 1;
    }
    byLevel[level]! += 1;
    if (level === 0) continue;
    rowsTotal += 1;
    topRows(
      rows,
      {
        id: r.id,
        name: r.name,
        kind,
        value,
        level,
        trend,
        rate,
        observedAt: r.observedAt,
        since: r.status !== 'normal' ? (r.statusSince ?? null) : null,
        street: r.street,
      },
      ROW_LIMIT,
      (a, b) => b.level - a.level || b.value - a.value || byId(a, b),
    );
  }
  return {
    points: points.length,
    byLevel,
    rising,
    falling,
    rows,
    rowsTotal,
    trend: pastState,
    comparedAt: past?.at ?? wantedAt,
  };
}

function stationRow(r: SensorReading, rules: Rules): StationRow {
  const report = derive(r, rules).aqi!;
  return {
    id: r.id,
    name: r.name,
    network: r.kind === 'air' ? (r.network ?? null) : null,
    aqi: report.aqi,
    level: report.level,
    primary: report.primary,
    observedAt: r.observedAt,
    averagingMs: averagingOf(r),
    street: r.street,
  };
}

const rankStations = (a: StationRow, b: StationRow) => (b.aqi ?? -1) - (a.aqi ?? -1) || byId(a, b);

/** Builds the environment view of one area (runs in the worker). */
export function buildEnvironmentView(
  items: Iterable<SensorReading>,
  params: AreaParams,
  ctx: EnvironmentContext,
  input: Pick<ViewInput, 'resource'> | null,
): EnvironmentView {
  const { rules, now, time } = ctx;
  const matches = areaMatcher(params);
  const child = childKeyOf(params);
  const list: SensorReading[] = [];
  for (const r of items) if (matches(r)) list.push(r);

  // Map columns, filled in the same pass as the states.
  const n = list.length;
  const columns: PointColumns = {
    positions: new Float32Array(n * 2),
    kind: new Uint8Array(n),
    state: new Uint8Array(n),
    level: new Uint8Array(n),
    ids: new Array<string>(n),
    extent: null,
  };
  const collected = collect(list, ctx, child, columns);
  const { positions, kind, state, level, ids, extent } = columns;

  // Air: the area now, its children, the stations' ranking, the last 24 hours.
  const now_ = collected.air.length ? areaAir(collected.air, rules) : NO_AIR;
  const ranking: StationRow[] = [];
  let stations = 0;
  collected.air.forEach((r, k) => {
    const aqi = collected.derived.air[k]!.aqi?.aqi ?? null;
    if (aqi === null) return;
    stations += 1;
    // A row is made only for a station that can enter the list.
    const last = ranking[ROW_LIMIT - 1];
    if (last && (last.aqi ?? -1) > aqi) return;
    topRows(ranking, stationRow(r, rules), ROW_LIMIT, rankStations);
  });
  const children: ChildAir[] = [...collected.byChild].map(([key, group]) => {
    const a = areaAir(group, rules);
    return {
      key,
      aqi: a.aqi,
      level: a.level,
      primary: a.primary,
      basis: a.basis,
      stations: a.stations,
    };
  });
  children.sort((a, b) => (b.aqi ?? -1) - (a.aqi ?? -1) || (a.key < b.key ? -1 : 1));

  const sRef = seriesRef(params.area, now);
  const series = input ? readSeries(input, sRef) : ({ state: 'unavailable' } as const);
  const trend = trendOf(
    series.state === 'offered' ? series.value : null,
    now_,
    rules,
    series.state,
    now,
  );

  // Comparisons with the past: waterlogging trend, slope rate, water 24 hours ago.
  const at = comparisonTimes(now);
  ctx.changesAt(at.next);
  ctx.changesAt(hourFloor(now) + HOUR_MS);
  ctx.changesAt(time.nextDayStart(now));
  const past = (k: 'water' | 'waterlogging' | 'slope') =>
    input ? readReadings(input, readingsRef(k, at[k])) : ({ state: 'unavailable' } as const);
  const wlPast = past('waterlogging');
  const slopePast = past('slope');
  const waterPast = past('water');

  // Enterprises in the area.
  const ent = input ? readEnterprises(input) : ({ state: 'unavailable' } as const);
  const entList = ent.state === 'offered' ? ent.value.filter(matches) : [];
  const entPositions = new Float32Array(entList.length * 2);
  const entStatus = new Uint8Array(entList.length);
  const byStatus = [0, 0, 0];
  entList.forEach((e, k) => {
    entPositions[k * 2] = e.position[0];
    entPositions[k * 2 + 1] = e.position[1];
    const s = ENTERPRISE_STATUSES.indexOf(e.status);
    entStatus[k] = s;
    byStatus[s]! += 1;
  });

  return {
    area: params.area,
    version: ctx.version,
    revision: ctx.revision,
    generatedAt: ctx.generatedAt,
    asOf: now,
    droppedLast: ctx.droppedLast,
    droppedTotal: ctx.droppedTotal,
    edition: rules.aqi.title,
    editionUnverified: rules.aqi.unverified.length > 0,
    counts: collected.counts,
    total: collected.total,
    air: { now: now_, childLevel: child.level, children, ranking, stations, trend },
    water: summariseWater(
      collected.water,
      collected.derived.water,
      waterPast.state === 'offered' ? waterPast.value : null,
      waterPast.state,
      rules,
    ),
    noise: summariseNoise(collected.noise, collected.derived.noise, ctx),
    waterlogging: summariseHazard(
      'waterlogging',
      collected.waterlogging,
      wlPast.state === 'offered' ? wlPast.value : null,
      wlPast.state,
      at.waterlogging,
      rules,
    ),
    slope: summariseHazard(
      'slope',
      collected.slope,
      slopePast.state === 'offered' ? slopePast.value : null,
      slopePast.state,
      at.slope,
      rules,
    ),
    points: sensorPoints({ length: n, positions, kind, state, level }, ids),
    enterprises: {
      state: ent.state,
      length: entList.length,
      positions: entPositions,
      status: entStatus,
      byStatus,
      names: entList.map((e) => e.name),
    },
    extent,
  };
}

function sensorPoints(
  codes: Pick<SensorPoints, 'length' | 'positions' | 'kind' | 'state' | 'level'>,
  ids: readonly string[],
): SensorPoints {
  const columns = sensorColumns(codes);
  const idColumn = encodeIds(ids);
  return {
    ...codes,
    ...columns,
    ids: idColumn,
    layoutKey: columnKey(codes.positions, idColumn.bytes, idColumn.offsets),
    styleKey: columnKey(columns.colors, columns.sizes, columns.halo),
    iconKey: columnKey(columns.icons),
  };
}

/** The buffers of the sensor columns, to transfer rather than copy. */
const sensorTransferables = (p: SensorPoints): Transferable[] => [
  p.positions.buffer,
  p.kind.buffer,
  p.state.buffer,
  p.level.buffer,
  p.colors.buffer,
  p.sizes.buffer,
  p.icons.buffer,
  p.halo.buffer,
  p.ids.bytes.buffer,
  p.ids.offsets.buffer,
];

/** What the worker passes a builder: the feed's facts, the clock and the city's rules. */
export function contextOf(input: ViewInput, ctx: ViewContext): EnvironmentContext {
  return {
    ...input.facts('sensors'),
    now: ctx.now,
    time: ctx.time,
    changesAt: ctx.changesAt,
    rules: rulesOf(settingsOf(ctx.settings('environment')), ctx.time),
  };
}

export const environmentOverviewView = defineView<AreaParams, EnvironmentView>({
  ...ENVIRONMENT_OVERVIEW,
  async prepare(params, loader) {
    if (needsGrid(params)) await loadGrid();
    // The source's endpoints do not hold the figures of the feed back: a build waits for them a
    // moment at most, and the view is rebuilt when they arrive (the worker sees what it read).
    await Promise.race([
      Promise.all(
        overviewRefs(params.area, loader.now).map((r) =>
          loader.load('sensors', r.path, r.query, r.maxAgeMs),
        ),
      ),
      new Promise((resolve) => setTimeout(resolve, RESOURCE_WAIT_MS)),
    ]);
  },
  build: (input, params, ctx) =>
    buildEnvironmentView(input.inArea('sensors').values(), params, contextOf(input, ctx), input),
  transferables: (v) => [
    ...sensorTransferables(v.points),
    v.enterprises.positions.buffer,
    v.enterprises.status.buffer,
  ],
});

/** What the overview shows of the environment. */
export interface EnvironmentSummary {
  asOf: number;
  edition: string;
  air: AreaAir;
  waterloggingAlarm: number;
  waterloggingWarning: number;
  slopeAlarm: number;
  waterPoor: number;
  waterPoints: number;
  noiseExceeding: number;
  total: StateCounts;
  /** Points needing attention: waterlogging and slopes at warning or worse, water 劣V. */
  alerts: { length: number; positions: Float32Array; level: Uint8Array };
}

export function buildEnvironmentSummary(
  items: Iterable<SensorReading>,
  params: AreaParams,
  ctx: EnvironmentContext,
): EnvironmentSummary {
  const { rules } = ctx;
  const matches = areaMatcher(params);
  const list: SensorReading[] = [];
  for (const r of items) if (matches(r)) list.push(r);
  const c = collect(list, ctx, null, null);
  const alerts: SensorReading[] = [];
  const alertLevel: number[] = [];
  let wlAlarm = 0;
  let wlWarning = 0;
  let slopeAlarm = 0;
  let waterPoor = 0;
  let noise = 0;
  for (const r of c.waterlogging)
    if (r.kind === 'waterlogging') {
      const l = depthLevel(r.values.depthCm, rules.settings.waterlogging);
      if (l === 3) wlAlarm += 1;
      if (l === 2) wlWarning += 1;
      if (l >= 2) {
        alerts.push(r);
        alertLevel.push(l);
      }
    }
  for (const r of c.slope)
    if (r.kind === 'slope') {
      const l = displacementLevel(r.values.displacementMm, rules.settings.slope);
      if (l === 3) slopeAlarm += 1;
      if (l >= 2) {
        alerts.push(r);
        alertLevel.push(l);
      }
    }
  c.water.forEach((r, k) => {
    if (c.derived.water[k]!.water?.waterClass === 6) {
      waterPoor += 1;
      alerts.push(r);
      alertLevel.push(2);
    }
  });
  for (const d of c.derived.noise) if ((d.noise?.over ?? 0) > 0) noise += 1;
  const positions = new Float32Array(alerts.length * 2);
  alerts.forEach((r, k) => {
    positions[k * 2] = r.position[0];
    positions[k * 2 + 1] = r.position[1];
  });
  return {
    asOf: ctx.now,
    edition: rules.aqi.title,
    air: c.air.length ? areaAir(c.air, rules) : NO_AIR,
    waterloggingAlarm: wlAlarm,
    waterloggingWarning: wlWarning,
    slopeAlarm,
    waterPoor,
    waterPoints: c.water.length,
    noiseExceeding: noise,
    total: c.total,
    alerts: { length: alerts.length, positions, level: Uint8Array.from(alertLevel) },
  };
}

export const environmentSummaryView = defineView<AreaParams, EnvironmentSummary>({
  ...ENVIRONMENT_SUMMARY,
  prepare: (params) => (needsGrid(params) ? loadGrid() : Promise.resolve()),
  build: (input, params, ctx) =>
    buildEnvironmentSummary(input.inArea('sensors').values(), params, contextOf(input, ctx)),
  transferables: (v) => [v.alerts.positions.buffer, v.alerts.level.buffer],
});
