// The environment's alarms (docs/metrics.md, "Environment"): an area's or a national station's AQI
// level, a waterlogging point, a slope, a water point at 劣V. Only online readings raise them: a
// stale, offline or out-of-range sensor is never a reading.
import type { AqiPollutant } from '@/domain/aqi';
import { DAY_MS } from '@/domain/city-time';
import type { LngLat } from '@/domain/common';
import type { SensorReading } from '@/domain/sensor';
import type { WaterParameter } from '@/domain/water-quality';
import type { AlarmCondition, AlarmRule, AlarmSeverity } from '@/feeds/alarms';
import type { ViewContext, ViewInput } from '@/feeds/view-builder';
import {
  areaAir,
  depthLevel,
  derive,
  displacementLevel,
  rulesOf,
  stateOf,
  type Rules,
} from './readings';
import { settingsOf } from './settings';

/** How pollutants are named in alarm texts (the same in both languages). */
export const POLLUTANT_LABELS: Readonly<Record<AqiPollutant, string>> = {
  pm25: 'PM2.5',
  pm10: 'PM10',
  o3: 'O3',
  no2: 'NO2',
  so2: 'SO2',
  co: 'CO',
};

/** Water indicators as named in alarm texts. */
export const WATER_LABELS: Readonly<Record<WaterParameter, string>> = {
  ph: 'pH',
  do: 'DO',
  codMn: 'CODMn',
  nh3n: 'NH3-N',
  tp: 'TP',
};

/** AQI level → severity: 轻度 minor, 中度 major, 重度 and 严重 critical. */
export const aqiSeverity = (level: number | null): AlarmSeverity | null =>
  level === null || level < 3 ? null : level === 3 ? 'minor' : level === 4 ? 'major' : 'critical';

/** The online readings of a kind, and the clock's next change of any of them. */
function onlineOf(
  input: ViewInput,
  ctx: ViewContext,
  kind: SensorReading['kind'],
): { rules: Rules; online: SensorReading[] } {
  const rules = rulesOf(settingsOf(ctx.settings('environment')), ctx.time);
  const { generatedAt } = input.facts('sensors');
  const online: SensorReading[] = [];
  let until = Infinity;
  for (const r of input.all('sensors').values()) {
    if (r.kind !== kind) continue;
    const d = derive(r, rules);
    const s = stateOf(r, d.plausible, ctx.now, generatedAt, rules.settings.sensors);
    if (s.until < until) until = s.until;
    if (s.state === 'online') online.push(r);
  }
  if (until < Infinity) ctx.changesAt(until);
  return { rules, online };
}

/** When the condition began: the source's `statusSince` when its own status agrees, else the reading. */
const sinceOf = (r: SensorReading, agrees: boolean): number =>
  agrees && r.statusSince !== undefined ? r.statusSince : r.observedAt;

const centroid = (list: readonly SensorReading[]): LngLat => {
  let x = 0;
  let y = 0;
  for (const r of list) {
    x += r.position[0];
    y += r.position[1];
  }
  return [x / list.length, y / list.length];
};

/**
 * 空气质量等级: a district (from its stations' mean, national stations first) or a national
 * station at 轻度污染 or worse. The severity follows the level, so a jump escalates the alarm and
 * asks for a new acknowledgement.
 */
export const aqiLevelRule: AlarmRule = {
  id: 'environment.aqi-level',
  feeds: ['sensors'],
  evaluate(input, ctx) {
    const { rules, online } = onlineOf(input, ctx, 'air');
    const out: AlarmCondition[] = [];
    const byDistrict = new Map<string, SensorReading[]>();
    for (const r of online) {
      const list = byDistrict.get(r.district);
      if (list) list.push(r);
      else byDistrict.set(r.district, [r]);
      if (r.kind !== 'air' || r.network === 'micro') continue;
      const report = derive(r, rules).aqi!;
      const severity = aqiSeverity(report.level);
      if (!severity) continue;
      out.push({
        place: `station:${r.id}`,
        severity,
        area: r.street,
        position: r.position,
        feed: 'sensors',
        entity: r.id,
        since: r.observedAt,
        magnitude: report.aqi!,
        message: {
          key: `environment.alarms.stationAqi.l${report.level}`,
          params: {
            name: r.name,
            aqi: report.aqi!,
            primary: report.primary.map((p) => POLLUTANT_LABELS[p]).join(' '),
          },
        },
      });
    }
    for (const [district, list] of byDistrict) {
      const air = areaAir(list, rules);
      const severity = aqiSeverity(air.level);
      if (!severity) continue;
      out.push({
        place: `district:${district}`,
        severity,
        area: district,
        position: centroid(list),
        feed: 'sensors',
        entity: null,
        since: air.observedAt ?? ctx.now,
        magnitude: air.aqi!,
        message: {
          key: `environment.alarms.areaAqi.l${air.level}`,
          params: {
            aqi: air.aqi!,
            primary: air.primary.map((p) => POLLUTANT_LABELS[p]).join(' '),
            stations: air.stations,
          },
        },
      });
    }
    return out;
  },
};

/** 积涝: a point at its warning depth (major) or alarm depth (critical). */
export const waterloggingRule: AlarmRule = {
  id: 'environment.waterlogging',
  feeds: ['sensors'],
  evaluate(input, ctx) {
    const { rules, online } = onlineOf(input, ctx, 'waterlogging');
    const out: AlarmCondition[] = [];
    for (const r of online) {
      if (r.kind !== 'waterlogging') continue;
      const level = depthLevel(r.values.depthCm, rules.settings.waterlogging);
      if (level < 2) continue;
      const alarm = level === 3;
      out.push({
        place: r.id,
        severity: alarm ? 'critical' : 'major',
        area: r.street,
        position: r.position,
        feed: 'sensors',
        entity: r.id,
        since: sinceOf(r, r.status === (alarm ? 'alarm' : 'warning')),
        magnitude: r.values.depthCm,
        message: {
          key: alarm
            ? 'environment.alarms.waterloggingAlarm'
            : 'environment.alarms.waterloggingWarning',
          params: { name: r.name, depth: r.values.depthCm },
        },
      });
    }
    return out;
  },
};

/** 边坡: displacement at the warning (major) or alarm (critical) threshold. */
export const slopeRule: AlarmRule = {
  id: 'environment.slope',
  feeds: ['sensors'],
  evaluate(input, ctx) {
    const { rules, online } = onlineOf(input, ctx, 'slope');
    const out: AlarmCondition[] = [];
    for (const r of online) {
      if (r.kind !== 'slope') continue;
      const level = displacementLevel(r.values.displacementMm, rules.settings.slope);
      if (level < 2) continue;
      const alarm = level === 3;
      out.push({
        place: r.id,
        severity: alarm ? 'critical' : 'major',
        area: r.street,
        position: r.position,
        feed: 'sensors',
        entity: r.id,
        since: sinceOf(r, r.status === (alarm ? 'alarm' : 'warning')),
        magnitude: r.values.displacementMm,
        message: {
          key: alarm ? 'environment.alarms.slopeAlarm' : 'environment.alarms.slopeWarning',
          params: { name: r.name, mm: r.values.displacementMm },
        },
      });
    }
    return out;
  },
};

/**
 * 水质劣V: a water point at 劣V, naming the indicators that set it. Major when it fell to 劣V in
 * the last 24 hours (or the source does not say when), minor when it has been there longer.
 */
export const waterPoorRule: AlarmRule = {
  id: 'environment.water-poor',
  feeds: ['sensors'],
  evaluate(input, ctx) {
    const { rules, online } = onlineOf(input, ctx, 'water');
    const out: AlarmCondition[] = [];
    for (const r of online) {
      if (r.kind !== 'water') continue;
      const w = derive(r, rules).water!;
      if (w.waterClass !== 6) continue;
      const since = sinceOf(r, r.status === 'alarm');
      const fresh = r.statusSince === undefined || since > ctx.now - DAY_MS;
      // It turns long-standing a day after it fell: the severity changes then.
      if (fresh && r.statusSince !== undefined) ctx.changesAt(since + DAY_MS + 1);
      out.push({
        place: r.id,
        severity: fresh ? 'major' : 'minor',
        area: r.street,
        position: r.position,
        feed: 'sensors',
        entity: r.id,
        since,
        magnitude: 6,
        message: {
          key: 'environment.alarms.waterPoor',
          params: { name: r.name, indicators: w.decisive.map((p) => WATER_LABELS[p]).join(' ') },
        },
      });
    }
    return out;
  },
};

export const ENVIRONMENT_ALARM_RULES = [aqiLevelRule, waterloggingRule, slopeRule, waterPoorRule];
