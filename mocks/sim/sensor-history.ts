// The sensors source's optional endpoints (docs/api.md, "Sensor endpoints"): what the feed does not
// carry because it holds the latest reading of each sensor only. Readings are pure functions of
// time, so any past reading is recomputed rather than stored.
//
//   sensors/series?metric=air&level=city|district|street|community&area=&bin=3600000&from=&to=
//   sensors/{id}/history?from=&to=
//   sensors/readings?kind=&at=
//   sensors/enterprises
import type { SensorReading } from '../../src/domain/sensor';
import { inPlausibleRange } from '../../src/domain/sensor';
import { DAY, HOUR } from './clock';
import type { Community, Places } from './places';
import { createEnterprises } from './sensor-enterprises';
import type { SimAnswer, SimEndpoint } from './types';

/** A sensor site as the endpoints see it. */
export interface SiteLike {
  id: string;
  /** 'air-national', 'air-micro', 'water', 'noise', 'waterlogging' or 'slope'. */
  kind: string;
  index: number;
  community: Community;
}

/** What the sensor world lends the endpoints. */
export interface SensorAccess {
  sites(): readonly SiteLike[];
  /** Bumped when an incident is triggered: cached answers are dropped. */
  version(): number;
  scale: number;
  /** The reading a sensor shows at `t`: its last observation (offline: from before the outage). */
  at(site: SiteLike, t: number): SensorReading;
  /** Its observations within [from, to], outages left out. */
  observations(site: SiteLike, from: number, to: number): SensorReading[];
}

const SERIES_BIN = HOUR;
const MAX_SERIES_WINDOW = 8 * DAY;
const MAX_HISTORY_WINDOW = 2 * DAY;
const MAX_READINGS_AGE = 8 * DAY;
const SERIES_CACHE_BINS = 72;
const POLLUTANTS = ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co', 'o3_8h'] as const;
const LEVELS = ['city', 'district', 'street', 'community'] as const;
type Level = (typeof LEVELS)[number];
const API_KINDS = ['air', 'water', 'noise', 'waterlogging', 'slope'] as const;

const bad = (code: string, message: string): SimAnswer => ({
  status: 400,
  body: { error: code, message },
});
const epoch = (value: string | null): number | null =>
  value !== null && /^\d{1,15}$/.test(value) ? Number(value) : null;

/** Sums of one area's stations of one network at one bin end. */
interface Acc {
  stations: number;
  sum: Float64Array;
  n: Uint32Array;
}
const newAcc = (): Acc => ({
  stations: 0,
  sum: new Float64Array(POLLUTANTS.length),
  n: new Uint32Array(POLLUTANTS.length),
});

export function createSensorEndpoints(
  places: Places,
  seed: number,
  access: SensorAccess,
): SimEndpoint {
  const cityCode = places.geo.cityCode;
  let byId: Map<string, SiteLike> | null = null;
  const siteById = (id: string) => {
    byId ??= new Map(access.sites().map((s) => [s.id, s]));
    return byId.get(id);
  };
  const enterprises = createEnterprises(places, seed, access.scale);

  // Per bin end: per area code, the sums of its national and its micro stations.
  const bins = new Map<number, Map<string, { national: Acc; micro: Acc }>>();
  let binsVersion = -1;
  /** At ×k every k-th micro-station stands for the others (the means do not need them all). */
  const every = Math.max(1, Math.round(access.scale));

  function aggregate(end: number) {
    if (binsVersion !== access.version()) {
      bins.clear();
      binsVersion = access.version();
    }
    const held = bins.get(end);
    if (held) return held;
    const areas = new Map<string, { national: Acc; micro: Acc }>();
    const add = (code: string, network: 'national' | 'micro', r: SensorReading) => {
      let area = areas.get(code);
      if (!area) areas.set(code, (area = { national: newAcc(), micro: newAcc() }));
      const acc = area[network];
      acc.stations += 1;
      const values = r.values as Record<string, number | null | undefined>;
      POLLUTANTS.forEach((p, i) => {
        const v = values[p];
        if (v === null || v === undefined) return;
        acc.sum[i]! += v;
        acc.n[i]! += 1;
      });
    };
    for (const site of access.sites()) {
      const national = site.kind === 'air-national';
      if (!national && (site.kind !== 'air-micro' || site.index % every !== 0)) continue;
      const r = access.at(site, end);
      if (r.status === 'offline' || !inPlausibleRange(r)) continue;
      const network = national ? 'national' : 'micro';
      const c = site.community;
      add(cityCode, network, r);
      add(c.district.code, network, r);
      add(c.street.code, network, r);
      add(c.code, network, r);
    }
    bins.set(end, areas);
    while (bins.size > SERIES_CACHE_BINS) bins.delete(bins.keys().next().value as number);
    return areas;
  }

  function areasAt(level: Level, area: string | null): string[] | null {
    if (level === 'city') return area === null || area === cityCode ? [cityCode] : null;
    const scope = area === null || area === cityCode ? '' : area;
    if (scope && !places.geo.area(scope)) return null;
    const codes =
      level === 'district'
        ? places.districts.map((d) => d.code)
        : level === 'street'
          ? places.streets.map((s) => s.code)
          : places.communities.map((c) => c.code);
    const out = codes.filter((c) => c.startsWith(scope));
    return out.length ? out : null;
  }

  function series(params: URLSearchParams, now: number): SimAnswer {
    if (params.get('metric') !== 'air') return bad('bad_metric', 'metric must be "air"');
    const level = params.get('level') as Level | null;
    if (!level || !LEVELS.includes(level))
      return bad('bad_level', 'level must be "city", "district", "street" or "community"');
    const bin = params.get('bin');
    if (bin !== null && bin !== String(SERIES_BIN))
      return bad('bad_bin', `bin must be ${SERIES_BIN} (one hour)`);
    const from = epoch(params.get('from'));
    const to = epoch(params.get('to'));
    if (from === null || to === null || from >= to || to - from > MAX_SERIES_WINDOW)
      return bad('bad_window', 'from and to must be epoch ms, from < to, at most 8 days apart');
    const area = params.get('area');
    if (area !== null && !/^\d{6}(\d{3}(\d{3})?)?$/.test(area))
      return bad('bad_area', 'area must be a division code');
    const codes = areasAt(level, area);
    if (!codes) return bad('bad_area', `no ${level} in area ${String(area).slice(0, 12)}`);
    const start = Math.floor(from / SERIES_BIN) * SERIES_BIN;
    const ends: number[] = [];
    for (let b = start; b < to; b += SERIES_BIN) ends.push(b + SERIES_BIN);
    const wanted = new Set(codes);
    const out = new Map<
      string,
      { stations: (number | null)[]; basis: (string | null)[]; values: (number | null)[][] }
    >();
    for (const code of codes)
      out.set(code, {
        stations: [],
        basis: [],
        values: POLLUTANTS.map(() => []),
      });
    for (const end of ends) {
      const areas = end <= now ? aggregate(end) : null;
      for (const code of wanted) {
        const row = out.get(code)!;
        const sums = areas?.get(code);
        const acc = sums ? (sums.national.stations > 0 ? sums.national : sums.micro) : null;
        const basis = sums ? (sums.national.stations > 0 ? 'national' : 'micro') : null;
        row.stations.push(acc ? acc.stations : null);
        row.basis.push(acc ? basis : null);
        POLLUTANTS.forEach((p, i) => {
          const n = acc?.n[i] ?? 0;
          const mean = n > 0 ? acc!.sum[i]! / n : null;
          row.values[i]!.push(
            mean === null
              ? null
              : Math.round(mean * (p === 'co' ? 100 : 10)) / (p === 'co' ? 100 : 10),
          );
        });
      }
    }
    return {
      status: 200,
      body: {
        feed: 'sensors',
        metric: 'air',
        level,
        area,
        bin: SERIES_BIN,
        from: start,
        to,
        series: codes.map((code) => {
          const row = out.get(code)!;
          return {
            area: code,
            stations: row.stations,
            basis: row.basis,
            values: Object.fromEntries(POLLUTANTS.map((p, i) => [p, row.values[i]])),
          };
        }),
      },
    };
  }

  function history(id: string, params: URLSearchParams, now: number): SimAnswer {
    const site = /^[\w.:-]{1,64}$/.test(id) ? siteById(id) : undefined;
    if (!site) return { status: 404, body: { error: 'unknown_sensor', message: 'no such sensor' } };
    const from = epoch(params.get('from'));
    const to = epoch(params.get('to'));
    if (from === null || to === null || from >= to || to - from > MAX_HISTORY_WINDOW)
      return bad('bad_window', 'from and to must be epoch ms, from < to, at most 2 days apart');
    const until = Math.min(to, now);
    const readings = until >= from ? access.observations(site, from, until) : [];
    const first = readings[0] ?? access.at(site, until);
    return {
      status: 200,
      body: {
        feed: 'sensors',
        id,
        kind: first.kind,
        from,
        to: until,
        periodMs: first.periodMs ?? null,
        averagingMs: first.averagingMs ?? null,
        readings: readings.map((r) => ({
          observedAt: r.observedAt,
          status: r.status,
          values: r.values,
        })),
      },
    };
  }

  function readings(params: URLSearchParams, now: number): SimAnswer {
    const kind = params.get('kind') as (typeof API_KINDS)[number] | null;
    if (!kind || !API_KINDS.includes(kind))
      return bad('bad_kind', `kind must be one of ${API_KINDS.join(', ')}`);
    const at = epoch(params.get('at'));
    if (at === null || at > now || at < now - MAX_READINGS_AGE)
      return bad('bad_time', 'at must be epoch ms, not after now, at most 8 days ago');
    const items: unknown[] = [];
    for (const site of access.sites()) {
      if (!(site.kind === kind || (kind === 'air' && site.kind.startsWith('air-')))) continue;
      const r = access.at(site, at);
      items.push({
        id: r.id,
        observedAt: r.observedAt,
        status: r.status,
        ...(r.statusSince !== undefined ? { statusSince: r.statusSince } : {}),
        values: r.values,
      });
    }
    return { status: 200, body: { feed: 'sensors', kind, at, items } };
  }

  return (path, params, t) => {
    if (path === 'series') return series(params, t);
    if (path === 'readings') return readings(params, t);
    if (path === 'enterprises')
      return { status: 200, body: { feed: 'sensors', enterprises: enterprises() } };
    const m = /^([^/]+)\/history$/.exec(path);
    if (m) return history(m[1]!, params, t);
    return null;
  };
}
