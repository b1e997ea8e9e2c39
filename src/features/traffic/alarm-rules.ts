// The traffic scenario's alarms (docs/metrics.md "Traffic alarms"): a controller in fault or
// offline; a cluster of them in one street or district (one alarm for the cluster, which folds in
// its controllers' own); a district whose congestion index reaches 严重拥堵.
import type { LngLat } from '@/domain/common';
import type { SignalState } from '@/domain/signal';
import { MINUTE_MS } from '@/domain/city-time';
import type { AlarmCondition, AlarmRule } from '@/feeds/alarms';
import type { ViewContext, ViewInput } from '@/feeds/view-builder';
import { CongestionSums, LEVEL_FLOORS } from './congestion';
import { isCurrent, isDark, linkKmOf, signalIndex } from './signal-state';

/**
 * A cluster: at least `streetMin` dark controllers in a street (`districtMin` in a district, or two
 * cluster streets), and at least `factor` times what the background rate of dark controllers
 * (`background`, about 1.5 % in practice) would put there.
 */
export const CLUSTER = { streetMin: 3, districtMin: 6, background: 0.02, factor: 5 } as const;
/**
 * More scattered dark controllers than this in one district are one alarm for the district (with
 * the count) rather than one each: an operator cannot act on a flood (ISA-18.2); the list of them
 * is on the traffic screen.
 */
export const SCATTERED_MAX = 8;
/** The index at which a district's alarm is raised: the floor of 严重拥堵. */
export const SEVERE_INDEX = LEVEL_FLOORS[4];

const centroid = (items: readonly SignalState[]): LngLat => {
  let x = 0;
  let y = 0;
  for (const s of items) {
    x += s.position[0];
    y += s.position[1];
  }
  return [x / items.length, y / items.length];
};

const sinceOf = (s: SignalState, now: number): number => Math.min(s.modeSince ?? s.observedAt, now);
const earliest = (items: readonly SignalState[], now: number): number =>
  items.reduce((m, s) => Math.min(m, sinceOf(s, now)), now);

const isCluster = (dark: number, total: number, min: number) =>
  dark >= min && dark >= CLUSTER.factor * CLUSTER.background * total;

interface Group {
  total: number;
  dark: SignalState[];
}
const groupOf = (map: Map<string, Group>, key: string): Group => {
  let g = map.get(key);
  if (!g) map.set(key, (g = { total: 0, dark: [] }));
  return g;
};

/** Where dark controllers cluster: districts and streets, each with its dark controllers. */
export function findClusters(items: Iterable<SignalState>): {
  districts: Map<string, SignalState[]>;
  streets: Map<string, SignalState[]>;
  loose: SignalState[];
} {
  const byDistrict = new Map<string, Group>();
  const byStreet = new Map<string, Group>();
  for (const s of items) {
    const d = groupOf(byDistrict, s.district);
    const st = groupOf(byStreet, s.street);
    d.total += 1;
    st.total += 1;
    if (isDark(s.mode)) {
      d.dark.push(s);
      st.dark.push(s);
    }
  }
  const clusterStreets = new Map<string, SignalState[]>();
  const streetsPerDistrict = new Map<string, number>();
  for (const [street, g] of byStreet)
    if (isCluster(g.dark.length, g.total, CLUSTER.streetMin)) {
      clusterStreets.set(street, g.dark);
      const district = g.dark[0]!.district;
      streetsPerDistrict.set(district, (streetsPerDistrict.get(district) ?? 0) + 1);
    }
  const districts = new Map<string, SignalState[]>();
  for (const [district, g] of byDistrict)
    if (
      isCluster(g.dark.length, g.total, CLUSTER.districtMin) ||
      (streetsPerDistrict.get(district) ?? 0) >= 2
    )
      districts.set(district, g.dark);
  const streets = new Map<string, SignalState[]>();
  for (const [street, dark] of clusterStreets)
    if (!districts.has(dark[0]!.district)) streets.set(street, dark);
  const loose: SignalState[] = [];
  for (const g of byDistrict.values())
    for (const s of g.dark) if (!districts.has(s.district) && !streets.has(s.street)) loose.push(s);
  return { districts, streets, loose };
}

/**
 * A rule's conditions are the same while the signals data and the minute are: the alarms view is
 * rebuilt whenever any feed changes, and at a hundred thousand intersections a rule costs 0.1 s.
 */
function memoised(
  evaluate: (input: ViewInput, context: ViewContext) => AlarmCondition[],
): (input: ViewInput, context: ViewContext) => AlarmCondition[] {
  let held: { items: object; revision: number; minute: number; out: AlarmCondition[] } | null =
    null;
  return (input, context) => {
    const items = input.all('signals');
    const revision = input.facts('signals').revision;
    const minute = Math.floor(context.now / MINUTE_MS);
    if (!held || held.items !== items || held.revision !== revision || held.minute !== minute)
      held = { items, revision, minute, out: evaluate(input, context) };
    context.changesAt((minute + 1) * MINUTE_MS);
    return held.out;
  };
}

/**
 * 信号机故障 / 离线 and 故障群: one alarm per dark controller, unless it belongs to a cluster,
 * which raises one alarm with the count (ISA-18.2: one cause, one alarm).
 */
export const controllerFaultRule: AlarmRule = {
  id: 'traffic.controller-fault',
  feeds: ['signals'],
  evaluate: memoised((input, { now }) => {
    const { districts, streets, loose } = findClusters(input.all('signals').values());
    const out: AlarmCondition[] = [];
    const cluster = (
      place: string,
      dark: SignalState[],
      severity: 'critical' | 'major',
    ): AlarmCondition => ({
      place,
      severity,
      area: place,
      position: centroid(dark),
      feed: 'signals',
      entity: null,
      since: earliest(dark, now),
      magnitude: dark.length,
      message: {
        key: 'traffic.alarms.cluster',
        params: {
          count: dark.length,
          fault: dark.filter((s) => s.mode === 'fault').length,
          offline: dark.filter((s) => s.mode === 'offline').length,
        },
      },
    });
    for (const [district, dark] of districts) out.push(cluster(district, dark, 'critical'));
    for (const [street, dark] of streets) out.push(cluster(street, dark, 'major'));
    const looseByDistrict = new Map<string, SignalState[]>();
    for (const s of loose) {
      const list = looseByDistrict.get(s.district);
      if (list) list.push(s);
      else looseByDistrict.set(s.district, [s]);
    }
    for (const [district, list] of looseByDistrict) {
      if (list.length <= SCATTERED_MAX) continue;
      const fault = list.filter((s) => s.mode === 'fault').length;
      out.push({
        place: district,
        severity: fault > 0 ? 'major' : 'minor',
        area: district,
        position: centroid(list),
        feed: 'signals',
        entity: null,
        since: earliest(list, now),
        magnitude: list.length,
        message: {
          key: 'traffic.alarms.scattered',
          params: { count: list.length, fault, offline: list.length - fault },
        },
      });
    }
    for (const s of loose) {
      if ((looseByDistrict.get(s.district)?.length ?? 0) > SCATTERED_MAX) continue;
      out.push({
        place: s.id,
        severity: s.mode === 'fault' ? 'major' : 'minor',
        area: s.community,
        position: s.position,
        feed: 'signals',
        entity: s.id,
        since: sinceOf(s, now),
        magnitude: 1,
        message: {
          key: s.mode === 'fault' ? 'traffic.alarms.fault' : 'traffic.alarms.offline',
          params: { name: s.name },
        },
      });
    }
    return out;
  }),
};

/** 严重拥堵: a district's congestion index (vehicle-km weighted, now) at or above 8. */
export const severeCongestionRule: AlarmRule = {
  id: 'traffic.severe-congestion',
  feeds: ['signals'],
  evaluate: memoised((input) => {
    const generatedAt = input.facts('signals').generatedAt;
    const sums = new Map<string, { sums: CongestionSums; severe: SignalState[] }>();
    for (const s of input.all('signals').values()) {
      let d = sums.get(s.district);
      if (!d) sums.set(s.district, (d = { sums: new CongestionSums(), severe: [] }));
      const index = signalIndex(s, generatedAt);
      d.sums.add(index, isCurrent(s, generatedAt) ? s.flow : 0, linkKmOf(s));
      if (index !== null && index >= SEVERE_INDEX) d.severe.push(s);
    }
    const out: AlarmCondition[] = [];
    for (const [district, d] of sums) {
      const index = d.sums.value();
      if (index === null || index < SEVERE_INDEX) continue;
      out.push({
        place: district,
        severity: 'major',
        area: district,
        position: d.severe.length ? centroid(d.severe) : null,
        feed: 'signals',
        entity: null,
        magnitude: Math.round(index * 10) / 10,
        message: {
          key: 'traffic.alarms.severe',
          params: { index: Math.round(index * 10) / 10, count: d.severe.length },
        },
      });
    }
    return out;
  }),
};
