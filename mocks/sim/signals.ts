// Scenario 2: signalised intersections. Static layout once; the state at t is a function of the
// demand curve (morning and evening peaks), smooth noise, the controller's plan and cycles, and
// incidents. The feed's 15-minute bins come from the cycle engine (signal-cycles.ts) through the
// same pure measures the product uses (src/features/traffic), and so does the drawer's event log.
import type { LngLat } from '../../src/domain/common';
import type { PhaseBin, RoadClass, SignalMode, SignalState } from '../../src/domain/signal';
import { BinAccumulator, binLog } from '../../src/features/traffic/bins';
import { CongestionSums, congestionIndex } from '../../src/features/traffic/congestion';
import type { Approach, HiResEvent, SignalConfig } from '../../src/features/traffic/hi-res';
import { measureLog } from '../../src/features/traffic/measures';
import { DAY, HOUR, MINUTE, hourly, isWeekend, localDayStart, localHour } from './clock';
import {
  INCIDENT_REACH,
  SCRIPT,
  incidentCentre,
  isCrash,
  type Incident,
  type IncidentBook,
} from './incidents';
import { layout, sitedId } from './layout';
import { remember } from './slot-cache';
import { distanceMeters, type Community, type Places } from './places';
import { Rng, hash, hashString, smoothNoise, unit } from './prng';
import {
  CHANGE_MS,
  CycleEngine,
  MIN_GREEN_MS,
  PERIOD_MS,
  STARTUP_MS,
  cycleStart,
  type Control,
  type CycleSink,
  type EnginePhase,
  type EngineSite,
  type Move,
  type PeriodPlan,
} from './signal-cycles';
import { engineConfig, expandEvents, periodIndex } from './signal-events';

/**
 * Bins are reported once their last cycle has ended and the controller's log has been read: the
 * central system reads controllers in turn, 3 to 8 minutes after each quarter hour.
 */
export const BIN_LAG = 3 * MINUTE;
export const BIN_LAG_SPREAD = 5 * MINUTE;
/** How long after a bin's end a site's bin is reported. */
export const binLagOf = (key: number): number => BIN_LAG + (key % BIN_LAG_SPREAD);
/** Complete bins an item carries. */
export const ITEM_BINS = 4;
/** The longest window the event endpoint serves, and the series endpoint. */
export const MAX_EVENT_WINDOW = HOUR;
export const MAX_SERIES_WINDOW = 8 * DAY;
/** How far back a mode's start is looked for (older: reported as that horizon). */
const MODE_HORIZON = 2 * DAY;

interface SignalSite {
  id: string;
  name: string;
  community: Community;
  position: LngLat;
  key: number;
  /** Index in the site list (the series samples every k-th at scale k). */
  index: number;
  /** Capacity of all approaches under the base plan, veh/h. */
  capacity: number;
  roadClass: RoadClass;
  /** Free-flow speed, km/h. */
  freeSpeed: number;
  linkKm: number;
  /** Base cycle, s. */
  baseCycle: number;
  weights: number[];
  /** Saturation flow per phase, veh/h of green. */
  saturationFlows: number[];
  /** Green share of each phase in the base plan (what demand is measured against). */
  baseShares: number[];
  /** Share of a phase's demand on its first approach (the second has the rest). */
  split: number[];
  /** Each phase's degree of saturation relative to the critical phase's. */
  load: number[];
  baseMode: 'adaptive' | 'actuated' | 'fixed';
  /** Volume/capacity at the weekday peak. */
  peakSaturation: number;
  /** Platoon strength on the coordinated phase, 0–1. */
  coordination: number;
  /** Plan periods start this long after each quarter hour. */
  offset: number;
  /** Switches to flashing yellow late at night. */
  nightFlash: boolean;
  /** Handed to a police officer at peak hours. */
  manualAtPeak: boolean;
  engine: EngineSite;
  /** Approach → the phase (index) serving its through movement and the approach's slot in it. */
  through: Readonly<Record<Approach, readonly [number, number]>>;
  /** The last state built; states are shared between snapshots (callers must not mutate). */
  view?: { observedAt: number; version: number; state: SignalState };
  bins?: BinCache;
  /** The mode shown and since when, valid over [from, until). */
  mode?: { version: number; from: number; until: number; mode: SignalMode; since: number };
  /** What the item shows of the plans: valid while the period and the last bin are the same. */
  plan?: PlanView;
}

interface PlanView {
  version: number;
  period: number;
  last: number;
  control: Control | null;
  darkFrom: number;
  cycleMs: number;
  /** Green per phase, s, as shown. */
  greens: number[];
  /** Adaptive moves of the periods from last − 2 to this one. */
  moves: { period: number; start: number; move: Move }[];
}

/** Approach delay (ms) and volume of the last few plan periods. */
class PeriodStats {
  private readonly rows = new Float64Array(3 * 8).fill(Number.NaN);
  private next = 0;

  set(period: number, delay: number, volume: number): void {
    for (let i = 0; i < 8; i += 1)
      if (this.rows[3 * i] === period) {
        this.rows[3 * i + 1] = delay;
        this.rows[3 * i + 2] = volume;
        return;
      }
    const i = this.next;
    this.next = (i + 1) % 8;
    this.rows[3 * i] = period;
    this.rows[3 * i + 1] = delay;
    this.rows[3 * i + 2] = volume;
  }

  /** Mean approach delay, s/veh, of a period (null when unknown or without traffic). */
  perVehicle(period: number): number | null {
    for (let i = 0; i < 8; i += 1)
      if (this.rows[3 * i] === period) {
        const volume = this.rows[3 * i + 2] as number;
        return volume > 0
          ? Math.min(1000, round1((this.rows[3 * i + 1] as number) / 1000 / volume))
          : null;
      }
    return null;
  }

  clear(): void {
    this.rows.fill(Number.NaN);
    this.next = 0;
  }
}

interface BinCache {
  version: number;
  /** Index of the last bin held. */
  last: number;
  phases: PhaseBin[][];
  completeness: (number | null)[];
  /** The last period's part of the next bin. */
  pending: BinAccumulator;
  stats: PeriodStats;
}

/** A fault-cluster member's outage. */
interface Hit {
  from: number;
  to: number;
  offline: boolean;
}

/** What a crash does at one intersection: a blocked approach, or one downstream of it. */
interface CrashRole {
  incident: Incident;
  phase: number;
  slot: number;
  blocked: boolean;
}

/** Incidents that act on signals over a stretch of time, indexed by site. */
interface Context {
  rain: Incident[];
  faults: Incident[];
  hits: Map<SignalSite, Hit[]>;
  crashes: Map<SignalSite, CrashRole[]>;
}

export type SeriesMetric = 'congestion' | 'volume';
export type SeriesLevel = 'city' | 'district' | 'street';

export interface SeriesQuery {
  metric: SeriesMetric;
  level: SeriesLevel;
  /** Restricts to this area and those under it (a code of the level or above). */
  area: string | null;
  from: number;
  to: number;
}

export interface SeriesAnswer {
  /** Start of the first bin. */
  from: number;
  series: { area: string; values: (number | null)[] }[];
}

/** The signal endpoints of the sim's feed server. */
export interface SignalData {
  /** Null for an unknown id. */
  events(
    id: string,
    from: number,
    to: number,
  ): { config: SignalConfig; events: HiResEvent[] } | null;
  /** The detector and phase configuration of one intersection (null for an unknown id). */
  config(id: string): SignalConfig | null;
  /** A RangeError names a bad query (an unknown area). Bins ending after `now` are null. */
  series(query: SeriesQuery, now: number): SeriesAnswer;
}

export interface SignalWorld extends SignalData {
  sites(): readonly SignalSite[];
  snapshot(t: number): SignalState[];
}

// Demand by local hour, 1 = the weekday peak (07:30–09:00 and 17:30–19:00).
const WEEKDAY = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.45, 0.85, 1.0, 0.8, 0.65, 0.65, 0.6, 0.6, 0.62, 0.65, 0.72,
  0.9, 1.0, 0.8, 0.6, 0.5, 0.35, 0.22,
];
const WEEKEND = [
  0.2, 0.15, 0.1, 0.08, 0.08, 0.12, 0.25, 0.45, 0.6, 0.72, 0.8, 0.8, 0.75, 0.72, 0.75, 0.8, 0.82,
  0.85, 0.85, 0.75, 0.65, 0.55, 0.4, 0.28,
];

const OBSERVE_EVERY = MINUTE;
/** Faults, outages and lossy links are drawn per window of this length. */
const HEALTH_WINDOW = 2 * HOUR;
const P_FAULT = 0.008;
const P_OFFLINE = 0.007;
/**
 * A link that loses part of the controller's log (10–50 % of its events): about five controllers
 * at any time, whatever the scale (their bins are read from the log, which costs more).
 */
const P_LOSSY = 0.004;
/** A lossy bin is read from the events within this margin around it. */
const LOSSY_MARGIN = 10 * MINUTE;
const SATURATION_PER_LANE = 1800;
/** What still gets past a crash on a blocked approach, veh/h. */
const BLOCKED_DISCHARGE = 400;
const SATURATION_PER_LEFT_LANE = 1600;

const isPeak = (h: number): boolean => (h >= 7.5 && h < 9) || (h >= 17.5 && h < 19);
const isDark = (m: SignalMode): boolean => m === 'flashing' || m === 'fault' || m === 'offline';
const round1 = (x: number): number => Math.round(x * 10) / 10;

export function createSignalWorld(
  places: Places,
  seed: number,
  scale: number,
  book: IncidentBook,
): SignalWorld {
  let siteList: SignalSite[] | null = null;
  let siteById: Map<string, SignalSite> | null = null;
  const clusters = new Map<number, Map<SignalSite, Hit>>();
  const crashes = new Map<number, CrashRole[] & { sites?: SignalSite[] }>();
  const HEALTH = hashString('signal-health');
  const LOSSY = hashString('signal-lossy');

  const sites = (): SignalSite[] => {
    if (siteList) return siteList;
    const used = new Set<string>();
    siteList = layout(places, seed, 'signals', scale).map((s, index) => {
      const rng = new Rng(s.h);
      const roads = s.community.district.roads;
      let name = '';
      for (let attempt = 0; attempt < 12 && (name === '' || used.has(name)); attempt += 1) {
        const a = rng.pick(roads);
        let b = rng.pick(roads);
        if (b === a) b = roads[(roads.indexOf(a) + 1) % roads.length] ?? b;
        name = `${a}与${b}交叉口`;
      }
      if (used.has(name)) name = `${name}${s.local}`;
      used.add(name);
      const u = rng.next();
      const baseMode = u < 0.47 ? 'adaptive' : u < 0.72 ? 'actuated' : 'fixed';
      const phaseCount = 2 + rng.int(3);
      const baseCycle = 60 + 10 * rng.int(10);
      const weights = Array.from(
        { length: phaseCount },
        (_, i) => (i === 0 ? 1.6 : 1) * rng.range(0.7, 1.3),
      );
      const peakSaturation = rng.range(0.7, 1.05);
      const nightFlash = baseMode === 'fixed' && rng.chance(0.4);
      const manualAtPeak = rng.chance(0.03);
      const r = rng.next();
      const roadClass: RoadClass = r < 0.04 ? 'expressway' : r < 0.6 ? 'arterial' : 'collector';
      const freeSpeed = Math.round(
        roadClass === 'expressway'
          ? rng.range(60, 80)
          : roadClass === 'arterial'
            ? rng.range(45, 60)
            : rng.range(35, 45),
      );
      const linkKm =
        Math.round(rng.range(0.3, 1.2) * (roadClass === 'expressway' ? 2 : 1) * 100) / 100;
      const mainEW = rng.chance(0.5);
      const mainLanes = 2 + rng.int(3);
      const crossLanes = 1 + rng.int(3);
      const leftLanes = 1 + rng.int(2);
      const advanceMeters = rng.range(60, 110);
      const coordination = rng.range(0.3, 0.9);
      const offset = Math.floor(rng.next() * PERIOD_MS);
      const split = weights.map(() => rng.range(0.45, 0.55));
      // The intersection's v/c is its critical phase's; the others have some slack.
      const critical = rng.int(phaseCount);
      const load = weights.map((_, i) => (i === critical ? 1 : rng.range(0.7, 1)));
      const main: Approach[] = mainEW ? ['E', 'W'] : ['N', 'S'];
      const cross: Approach[] = mainEW ? ['N', 'S'] : ['E', 'W'];
      // Phase 1: the main road's through movement (with its lefts when there are two phases).
      const lanes: { approaches: Approach[]; perApproach: number }[] =
        phaseCount === 2
          ? [
              { approaches: main, perApproach: (mainLanes + 0.5) * SATURATION_PER_LANE },
              { approaches: cross, perApproach: (crossLanes + 0.5) * SATURATION_PER_LANE },
            ]
          : phaseCount === 3
            ? [
                { approaches: main, perApproach: mainLanes * SATURATION_PER_LANE },
                { approaches: main, perApproach: leftLanes * SATURATION_PER_LEFT_LANE },
                { approaches: cross, perApproach: (crossLanes + 0.5) * SATURATION_PER_LANE },
              ]
            : [
                { approaches: main, perApproach: mainLanes * SATURATION_PER_LANE },
                { approaches: main, perApproach: leftLanes * SATURATION_PER_LEFT_LANE },
                { approaches: cross, perApproach: crossLanes * SATURATION_PER_LANE },
                { approaches: cross, perApproach: SATURATION_PER_LEFT_LANE },
              ];
      const saturationFlows = lanes.map((l) => Math.round(2 * l.perApproach));
      const baseGreens = plannedGreens(baseCycle * 1000, weights);
      // Effective green: the displayed green less the start-up lost time.
      const baseShares = baseGreens.map((g) => (g - STARTUP_MS) / (baseCycle * 1000));
      const capacity = Math.round(
        saturationFlows.reduce((sum, f, i) => sum + f * (baseShares[i] ?? 0), 0),
      );
      const phases: EnginePhase[] = lanes.map((l, i) => ({
        number: i + 1,
        approaches: l.approaches,
        advance: [4 * i + 1, 4 * i + 3],
        stopbar: [4 * i + 2, 4 * i + 4],
      }));
      const crossThrough = phaseCount === 2 ? 1 : 2;
      const through = {} as Record<Approach, readonly [number, number]>;
      through[main[0] as Approach] = [0, 0];
      through[main[1] as Approach] = [0, 1];
      through[cross[0] as Approach] = [crossThrough, 0];
      through[cross[1] as Approach] = [crossThrough, 1];
      return {
        id: sitedId('SIG', s),
        name,
        community: s.community,
        position: s.position,
        key: s.h,
        index,
        capacity,
        roadClass,
        freeSpeed,
        linkKm,
        baseCycle,
        weights,
        saturationFlows,
        baseShares,
        split,
        load,
        baseMode,
        peakSaturation,
        coordination,
        offset,
        nightFlash,
        manualAtPeak,
        engine: {
          key: s.h,
          phases,
          leadMs: Math.round((advanceMeters / (freeSpeed / 3.6)) * 1000),
        },
        through,
      };
    });
    return siteList;
  };

  let sorted: SignalSite[] | null = null;
  /** Sites in the order of their ids (snapshots are sorted by id). */
  const sortedSites = (): SignalSite[] => {
    sorted ??= [...sites()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return sorted;
  };

  const byIdMap = (): Map<string, SignalSite> => {
    siteById ??= new Map(sites().map((s) => [s.id, s]));
    return siteById;
  };

  /** The fault cluster of a signal-faults incident: the signals nearest its centre. */
  const cluster = (incident: Incident): Map<SignalSite, Hit> => {
    let found = clusters.get(incident.key);
    if (found) return found;
    const centre = incidentCentre(incident).anchor;
    const near = sites()
      .filter((s) => s.community.district === incident.district)
      .map((s) => ({ s, d: distanceMeters(s.position, centre) }))
      .sort((a, b) => a.d - b.d || (a.s.id < b.s.id ? -1 : 1))
      .slice(0, Math.max(4, Math.round(15 * scale)));
    found = new Map(
      near.map(({ s }) => {
        const rng = new Rng(hash(incident.key, s.key));
        return [
          s,
          {
            from: incident.start + Math.round(rng.range(0, 20) * MINUTE),
            to: incident.start + Math.round(rng.range(120, 180) * MINUTE),
            offline: rng.chance(0.25),
          },
        ];
      }),
    );
    remember(clusters, incident.key, found, 64);
    return found;
  };

  /**
   * A crash: the intersection nearest the incident's centre, one approach closed; downstream, the
   * nearest intersection in the direction of travel, whose matching approach loses that traffic.
   */
  const crashRoles = (incident: Incident): { site: SignalSite; role: CrashRole }[] => {
    const hit = crashes.get(incident.key);
    if (hit?.sites) return hit.sites.map((site, i) => ({ site, role: hit[i] as CrashRole }));
    const centre = incidentCentre(incident).anchor;
    const local = sites().filter((s) => s.community.district === incident.district);
    const out: { site: SignalSite; role: CrashRole }[] = [];
    const site = local
      .map((s) => ({ s, d: distanceMeters(s.position, centre) }))
      .sort((a, b) => a.d - b.d || (a.s.id < b.s.id ? -1 : 1))[0]?.s;
    if (site) {
      const approach = (['E', 'W', 'N', 'S'] as const)[hash(incident.key, 7) % 4] as Approach;
      const [phase, slot] = site.through[approach];
      out.push({ site, role: { incident, phase, slot, blocked: true } });
      // Traffic from the east travels west: the next intersection lies west, entered from its east.
      const dir = { E: [-1, 0], W: [1, 0], N: [0, -1], S: [0, 1] }[approach];
      const lat = (site.position[1] * Math.PI) / 180;
      let best: SignalSite | undefined;
      let bestD = Number.POSITIVE_INFINITY;
      for (const s of sites()) {
        if (s === site) continue;
        const dx = (s.position[0] - site.position[0]) * Math.cos(lat) * 111_320;
        const dy = (s.position[1] - site.position[1]) * 110_574;
        const d = Math.hypot(dx, dy);
        const along = dx * (dir?.[0] ?? 0) + dy * (dir?.[1] ?? 0);
        if (d > 100 && d < 2500 && along > 0.7 * d && d < bestD) {
          best = s;
          bestD = d;
        }
      }
      if (best) {
        const [p2, s2] = best.through[approach];
        out.push({ site: best, role: { incident, phase: p2, slot: s2, blocked: false } });
      }
    }
    const list = Object.assign(
      out.map((o) => o.role),
      { sites: out.map((o) => o.site) },
    );
    remember(crashes, incident.key, list, 64);
    return out;
  };

  /** Incidents acting on signals from `from − reach` to `to`. */
  const contextFor = (from: number, to: number): Context => {
    const ctx: Context = { rain: [], faults: [], hits: new Map(), crashes: new Map() };
    for (const i of book.between(from - INCIDENT_REACH, to + 1)) {
      if (i.kind === 'rainstorm') ctx.rain.push(i);
      else if (i.kind === 'signal-faults') {
        ctx.faults.push(i);
        for (const [s, hit] of cluster(i)) {
          const list = ctx.hits.get(s) ?? [];
          list.push(hit);
          ctx.hits.set(s, list);
        }
      } else if (isCrash(i)) {
        for (const { site, role } of crashRoles(i)) {
          const list = ctx.crashes.get(site) ?? [];
          list.push(role);
          ctx.crashes.set(site, list);
        }
      }
    }
    return ctx;
  };

  // ---- modes --------------------------------------------------------------------------------

  /** The mode the controller is in at t, before plan periods are taken into account. */
  const rawAt = (s: SignalSite, t: number, ctx: Context): SignalMode => {
    const health = unit(hash(seed, HEALTH, s.key, Math.floor(t / HEALTH_WINDOW)));
    let mode: SignalMode =
      health < P_FAULT ? 'fault' : health < P_FAULT + P_OFFLINE ? 'offline' : s.baseMode;
    for (const hit of ctx.hits.get(s) ?? []) {
      if (t >= hit.from && t < hit.to) {
        if (hit.offline) mode = 'offline';
        else if (mode !== 'offline') mode = 'fault';
      }
    }
    if (mode === s.baseMode) {
      const hour = localHour(t);
      if (s.nightFlash && (hour >= 23.5 || hour < 5.5)) mode = 'flashing';
      else if (s.manualAtPeak && isPeak(hour) && !isWeekend(t)) mode = 'manual';
    }
    return mode;
  };

  /** Times in (a, b] at which the raw mode may change, ascending. */
  const changePoints = (s: SignalSite, a: number, b: number, ctx: Context): number[] => {
    const out: number[] = [];
    for (let w = Math.floor(a / HEALTH_WINDOW) + 1; w * HEALTH_WINDOW <= b; w += 1)
      out.push(w * HEALTH_WINDOW);
    for (const hit of ctx.hits.get(s) ?? [])
      for (const x of [hit.from, hit.to]) if (x > a && x <= b) out.push(x);
    const hours = s.nightFlash ? [5.5, 23.5] : s.manualAtPeak ? [7.5, 9, 17.5, 19] : [];
    if (hours.length > 0) {
      for (let day = localDayStart(a); day <= b; day += DAY)
        for (const h of hours) {
          const x = day + h * HOUR;
          if (x > a && x <= b) out.push(x);
        }
    }
    return out.sort((x, y) => x - y);
  };

  /** When the raw mode in force at t began (at most MODE_HORIZON back). */
  const rawSince = (s: SignalSite, t: number, ctx: Context): number => {
    const mode = rawAt(s, t, ctx);
    const horizon = localDayStart(t - MODE_HORIZON);
    const points = changePoints(s, horizon, t, ctx);
    for (let i = points.length - 1; i >= 0; i -= 1) {
      const c = points[i] as number;
      if (rawAt(s, c - 1, ctx) !== mode) return c;
    }
    return horizon;
  };

  const periodStart = (s: SignalSite, p: number): number => p * PERIOD_MS + s.offset;
  const periodOf = (s: SignalSite, t: number): number => periodIndex(t, s.offset);

  /** A period's control (null when dark at its start) and when it goes dark within it. */
  const controlOf = (
    s: SignalSite,
    p: number,
    ctx: Context,
  ): { control: Control | null; darkFrom: number; dark: SignalMode | null } => {
    const start = periodStart(s, p);
    const at = rawAt(s, start, ctx);
    if (isDark(at)) return { control: null, darkFrom: start, dark: at };
    for (const c of changePoints(s, start, start + PERIOD_MS - 1, ctx)) {
      const m = rawAt(s, c, ctx);
      if (isDark(m)) return { control: at as Control, darkFrom: c, dark: m };
    }
    return { control: at as Control, darkFrom: Number.POSITIVE_INFINITY, dark: null };
  };

  /** The mode shown at t and since when: a plan's control changes at the next period's start. */
  const modeNow = (s: SignalSite, t: number, ctx: Context): { mode: SignalMode; since: number } => {
    const raw = rawAt(s, t, ctx);
    if (isDark(raw)) return { mode: raw, since: rawSince(s, t, ctx) };
    const p = periodOf(s, t);
    const start = periodStart(s, p);
    const c = controlOf(s, p, ctx);
    if (c.control === null || c.darkFrom <= t) {
      const at = c.control === null ? start : c.darkFrom;
      return { mode: c.dark ?? raw, since: rawSince(s, at, ctx) };
    }
    const began = rawSince(s, start, ctx);
    const q = Math.ceil((began - s.offset) / PERIOD_MS);
    return { mode: c.control, since: Math.max(began, periodStart(s, q)) };
  };

  /**
   * `modeNow`, remembered until the next period start or mode change point (it cannot change
   * before either).
   */
  const modeAt = (s: SignalSite, t: number, ctx: Context): { mode: SignalMode; since: number } => {
    const hit = s.mode;
    const version = book.version;
    if (hit && hit.version === version && t >= hit.from && t < hit.until) return hit;
    const { mode, since } = modeNow(s, t, ctx);
    const nextPeriod = periodStart(s, periodOf(s, t) + 1);
    const change = changePoints(s, t, t + 4 * HOUR, ctx).find((c) => c > t) ?? t + 4 * HOUR;
    s.mode = { version, from: t, until: Math.min(nextPeriod, change), mode, since };
    return s.mode;
  };

  // ---- demand ---------------------------------------------------------------------------------

  const demandOf = (t: number): number => hourly(isWeekend(t) ? WEEKEND : WEEKDAY, localHour(t));
  const wobbleOf = (s: SignalSite, t: number): number =>
    1 + 0.08 * smoothNoise(s.key, t, 15 * MINUTE) + 0.04 * smoothNoise(s.key ^ 0x55, t, 4 * MINUTE);

  /** Extra congestion from rain and from faulty neighbours, 0–1. */
  const congestionOf = (s: SignalSite, t: number, ctx: Context): number => {
    let c = 0;
    for (const i of ctx.rain)
      if (i.district === s.community.district) c = Math.max(c, SCRIPT.congestion(t - i.start));
    for (const i of ctx.faults) {
      if (i.district !== s.community.district) continue;
      if (cluster(i).has(s)) c = Math.max(c, 0.6 * SCRIPT.congestion(t - i.start + 60 * MINUTE));
    }
    return c;
  };

  /** The crash curve at a site: blocked here, and downstream of one. */
  const crashOf = (s: SignalSite, t: number, ctx: Context): { blocked: number; lost: number } => {
    let blocked = 0;
    let lost = 0;
    for (const r of ctx.crashes.get(s) ?? []) {
      const c = SCRIPT.crash(t - r.incident.start);
      if (r.blocked) blocked = Math.max(blocked, c);
      else lost = Math.max(lost, c);
    }
    return { blocked, lost };
  };

  /** Demand ÷ capacity of the intersection under its base plan (a crash takes no demand away). */
  const saturationOf = (s: SignalSite, t: number, ctx: Context, broken: boolean): number =>
    Math.min(
      2.5,
      s.peakSaturation *
        demandOf(t) *
        wobbleOf(s, t) *
        (1 + 0.45 * congestionOf(s, t, ctx)) *
        (broken ? 1.25 : 1),
    );

  /** The figures of the controller's last minute (and of the series, at a bin's middle). */
  const now = (s: SignalSite, t: number, ctx: Context, mode: SignalMode) => {
    const congestion = congestionOf(s, t, ctx);
    const crash = crashOf(s, t, ctx);
    const demand = saturationOf(s, t, ctx, mode === 'fault');
    // A blocked approach takes capacity away: the degree of saturation rises, the flow falls.
    const x = Math.min(2.5, demand * (1 + 0.5 * crash.blocked));
    const wobble = wobbleOf(s, t);
    const flow = Math.round(
      s.capacity *
        Math.min(demand, 1) *
        (0.96 + 0.03 * wobble) *
        (1 - 0.2 * crash.blocked) *
        (1 - 0.2 * crash.lost),
    );
    const speed =
      (s.freeSpeed / (1 + 0.6 * x ** 4)) * (1 - 0.25 * congestion) * (1 - 0.45 * crash.blocked);
    const queue = Math.min(
      4000,
      6 + 180 * x ** 3 + (x > 0.9 ? 900 * (x - 0.9) ** 1.5 : 0) + 900 * crash.blocked,
    );
    return { x, flow, speed, queue, crash };
  };

  // ---- plans ----------------------------------------------------------------------------------

  const planOf = (s: SignalSite, p: number, ctx: Context): PeriodPlan => {
    const start = periodStart(s, p);
    const end = start + PERIOD_MS;
    const phaseCount = s.engine.phases.length;
    const c = controlOf(s, p, ctx);
    const blank = {
      period: p,
      start,
      end,
      control: c.control,
      darkFrom: c.darkFrom,
      n: 1,
      greens: [],
      move: null,
      lambdaGreen: new Float64Array(0),
      lambdaOther: new Float64Array(0),
      saturation: new Float64Array(0),
      overflow: new Int32Array(0),
      demandFactor: null,
      dischargeFactor: null,
    };
    if (c.control === null) return blank;
    const mid = start + PERIOD_MS / 2;
    const x = saturationOf(s, mid, ctx, false);
    const crash = ctx.crashes.get(s) ?? [];
    // Each phase's demand ÷ capacity; what the adaptive controller measures also sees the
    // capacity a blocked approach loses.
    const xs = s.weights.map(
      (_, i) =>
        x *
        (s.load[i] as number) *
        (1 + 0.08 * smoothNoise(s.key ^ (0x3c6ef372 + i), mid, 20 * MINUTE)),
    );
    const measured = xs.map((xi, i) => {
      let m = xi;
      for (const r of crash)
        if (r.blocked && r.phase === i) m *= 1 + 1.5 * SCRIPT.crash(mid - r.incident.start);
      return m;
    });
    const hour = localHour(start);
    let cycle = s.baseCycle;
    if (c.control === 'fixed') {
      const peak = !isWeekend(start) && ((hour >= 7 && hour < 9.5) || (hour >= 17 && hour < 19.5));
      cycle = s.baseCycle * (peak ? 1 : hour >= 22 || hour < 6 ? 0.7 : 0.85);
    } else if (c.control === 'actuated') cycle = s.baseCycle * (0.85 + 0.25 * demandOf(mid));
    else if (c.control === 'adaptive') cycle = s.baseCycle * (0.8 + 0.35 * Math.min(1.2, x));
    else cycle = s.baseCycle * 1.2;
    const n = Math.min(15, Math.max(6, Math.round(PERIOD_MS / 1000 / cycle)));
    const cycleMs = Math.floor(PERIOD_MS / n);
    const greens = plannedGreens(cycleMs, s.weights);
    let move: Move | null = null;
    if (c.control === 'adaptive') {
      let to = 0;
      let from = 0;
      measured.forEach((xi, i) => {
        if (xi > (measured[to] as number)) to = i;
        if (xi < (measured[from] as number)) from = i;
      });
      const total = cycleMs - phaseCount * CHANGE_MS;
      const room = Math.floor(((greens[from] as number) - MIN_GREEN_MS) / 1000);
      const seconds = Math.min(
        20,
        room,
        Math.round((((measured[to] as number) - (measured[from] as number)) * 0.5 * total) / 1000),
      );
      if (to !== from && seconds >= 1) {
        move = { from, to, seconds };
        greens[to] = (greens[to] as number) + seconds * 1000;
        greens[from] = (greens[from] as number) - seconds * 1000;
      }
    }
    const lambdaGreen = new Float64Array(2 * phaseCount);
    const lambdaOther = new Float64Array(2 * phaseCount);
    const saturation = new Float64Array(2 * phaseCount);
    const overflow = new Int32Array(2 * phaseCount);
    const coordinated = c.control === 'fixed' || c.control === 'adaptive';
    for (let i = 0; i < phaseCount; i += 1) {
      const xi = xs[i] as number;
      const q = (xi * (s.saturationFlows[i] as number) * (s.baseShares[i] as number)) / 3.6e6;
      const gs = (greens[i] as number) / cycleMs;
      const platoon = coordinated && i === 0 ? gs + s.coordination * (1 - gs) * 0.6 : gs;
      for (let a = 0; a < 2; a += 1) {
        const share = a === 0 ? (s.split[i] as number) : 1 - (s.split[i] as number);
        const qa = 2 * q * share * 0.5;
        const j = 2 * i + a;
        lambdaGreen[j] = (qa * platoon) / gs;
        lambdaOther[j] = (qa * (1 - platoon)) / (1 - gs);
        saturation[j] = (s.saturationFlows[i] as number) / 2 / 3.6e6;
        let left = xi > 0.92 ? Math.round(qa * cycleMs * 3 * (xi - 0.92)) : 0;
        for (const r of crash)
          if (
            r.blocked &&
            r.phase === i &&
            r.slot === a &&
            SCRIPT.crash(end - r.incident.start) > 0
          )
            left = Math.max(left, 25);
        overflow[j] = left;
      }
    }
    // A blocked approach: about one lane's worth discharges past the wreck (400 veh/h), some
    // drivers turn away before the advance detector; downstream, the approach loses most of the
    // traffic that came through it.
    const factor =
      (blockedMul: (j: number) => number, lostMul: number) =>
      (phase: number, slot: number, t: number): number => {
        let f = 1;
        for (const r of crash) {
          if (r.phase !== phase || r.slot !== slot) continue;
          const c2 = SCRIPT.crash(t - r.incident.start);
          f *= 1 - (r.blocked ? blockedMul(2 * phase + slot) : lostMul) * c2;
        }
        return f;
      };
    const trickle = (j: number): number =>
      1 - Math.min(1, BLOCKED_DISCHARGE / 3.6e6 / (saturation[j] as number));
    return {
      ...blank,
      n,
      greens,
      move,
      lambdaGreen,
      lambdaOther,
      saturation,
      overflow,
      demandFactor: crash.length > 0 ? factor(() => 0.3, 0.7) : null,
      dischargeFactor: crash.length > 0 ? factor(trickle, 0) : null,
    };
  };

  const memoPlans = (s: SignalSite, ctx: Context): ((p: number) => PeriodPlan) => {
    const memo = new Map<number, PeriodPlan>();
    return (p) => {
      let plan = memo.get(p);
      if (!plan) {
        plan = planOf(s, p, ctx);
        memo.set(p, plan);
      }
      return plan;
    };
  };

  // ---- bins -----------------------------------------------------------------------------------

  const lossAt = (s: SignalSite, t: number): number => {
    const w = Math.floor(t / HEALTH_WINDOW);
    if (unit(hash(seed, LOSSY, s.key, w)) >= P_LOSSY / scale) return 0;
    return 0.1 + 0.4 * unit(hash(seed, LOSSY, s.key, w, 1));
  };
  const lossyBetween = (s: SignalSite, a: number, b: number): boolean => {
    for (let w = Math.floor(a / HEALTH_WINDOW); w * HEALTH_WINDOW < b; w += 1)
      if (lossAt(s, w * HEALTH_WINDOW) > 0) return true;
    return false;
  };
  const keeper = (s: SignalSite) => (e: HiResEvent) => {
    const loss = lossAt(s, e[0]);
    return loss === 0 || unit(hash(s.key, e[0], e[1], e[2], 0x1055)) >= loss;
  };

  /** Runs periods of one site into accumulators, with one engine and sink. */
  const runner = (s: SignalSite, plans: (p: number) => PeriodPlan, stats: PeriodStats) => {
    let acc: BinAccumulator | null = null;
    let period = 0;
    let delay = 0;
    let volume = 0;
    const sink: CycleSink = {
      record(i, c, p) {
        acc?.addCycle(i, c);
        if (p === period) {
          delay += c.delay;
          volume += c.arrivalsGreen + c.arrivalsYellow + c.arrivalsRed;
        }
      },
      skip(i, at) {
        acc?.addSkip(i, at);
      },
      ran(from, to) {
        if (acc) tallyOver(acc, from, to);
      },
    };
    const engine = new CycleEngine(s.engine, sink, plans);
    return (p: number, into: BinAccumulator): void => {
      acc = into;
      period = p;
      delay = 0;
      volume = 0;
      engine.runPeriod(p);
      stats.set(p, delay, volume);
    };
  };

  /** The bin computed from the (lossy) event log around it, as a central system reads it. */
  const measuredBin = (s: SignalSite, bin: number, plans: (p: number) => PeriodPlan) => {
    const start = bin * PERIOD_MS;
    const from = start - LOSSY_MARGIN;
    const to = start + PERIOD_MS + LOSSY_MARGIN;
    const events = expandEvents(s.engine, plans, (t) => periodOf(s, t), from, to, keeper(s));
    const measured = measureLog(events, configOf(s), { from, to });
    return binLog(measured, configOf(s), start, 1);
  };

  const binsOf = (
    s: SignalSite,
    last: number,
    ctx: Context,
    plans: (p: number) => PeriodPlan,
  ): BinCache => {
    const version = book.version;
    const cached = s.bins;
    if (cached && cached.version === version && cached.last === last) return cached;
    const phaseCount = s.engine.phases.length;
    const stats = cached && cached.version === version ? cached.stats : new PeriodStats();
    const run = runner(s, plans, stats);
    let phases: PhaseBin[][];
    let completeness: (number | null)[];
    let pending: BinAccumulator;
    const fresh: number[] = [];
    if (cached && cached.version === version && cached.last === last - 1) {
      const acc = new BinAccumulator(phaseCount, last * PERIOD_MS, 2);
      run(last, acc);
      const bin = new BinAccumulator(phaseCount, last * PERIOD_MS, 1);
      bin.merge(cached.pending);
      bin.merge(acc);
      const done = bin.finish();
      phases = cached.phases.map((list, i) => [...list.slice(1), done.phases[i]?.[0] ?? empty()]);
      completeness = [...cached.completeness.slice(1), done.completeness[0] ?? null];
      pending = new BinAccumulator(phaseCount, (last + 1) * PERIOD_MS, 1);
      pending.merge(acc);
      fresh.push(last);
    } else {
      stats.clear();
      const first = last - ITEM_BINS + 1;
      const acc = new BinAccumulator(phaseCount, first * PERIOD_MS, ITEM_BINS + 1);
      for (let p = first - 1; p <= last; p += 1) run(p, acc);
      const done = acc.finish();
      phases = done.phases.map((list) => list.slice(0, ITEM_BINS));
      completeness = done.completeness.slice(0, ITEM_BINS);
      pending = new BinAccumulator(phaseCount, (last + 1) * PERIOD_MS, 1);
      pending.merge(acc);
      for (let b = first; b <= last; b += 1) fresh.push(b);
    }
    for (const b of fresh) {
      const start = b * PERIOD_MS;
      if (!lossyBetween(s, start - LOSSY_MARGIN, start + PERIOD_MS + LOSSY_MARGIN)) continue;
      const measured = measuredBin(s, b, plans);
      const slot = ITEM_BINS - 1 - (last - b);
      phases.forEach((list, i) => {
        list[slot] = measured.phases[i]?.[0] ?? empty();
      });
      completeness[slot] = measured.completeness[0] ?? null;
    }
    const next: BinCache = { version, last, phases, completeness, pending, stats };
    s.bins = next;
    return next;
  };

  // ---- items ----------------------------------------------------------------------------------

  const state = (s: SignalSite, t: number, ctx: Context): SignalState => {
    let observedAt =
      t - ((((t - (s.key % OBSERVE_EVERY)) % OBSERVE_EVERY) + OBSERVE_EVERY) % OBSERVE_EVERY);
    let { mode, since } = modeAt(s, observedAt, ctx);
    if (mode === 'offline') {
      // An offline controller's last report is from before the outage.
      observedAt = since - 1 - Math.round(unit(hash(s.key, since)) * 20 * MINUTE);
      const before = modeAt(s, observedAt, ctx);
      if (before.mode !== 'offline')
        return build(s, observedAt, ctx, 'offline', since, before.mode);
      mode = before.mode;
      since = before.since;
    }
    return build(s, observedAt, ctx, mode, since, mode);
  };

  /** The item as of `observedAt`; `shown` is the mode reported, `mode` the one in force then. */
  /** The plans as an item shows them, recomputed when the period or the last bin changes. */
  const planView = (
    s: SignalSite,
    pc: number,
    last: number,
    plans: (p: number) => PeriodPlan,
  ): PlanView => {
    const version = book.version;
    const hit = s.plan;
    if (hit && hit.version === version && hit.period === pc && hit.last === last) return hit;
    const plan = plans(pc);
    const moves: PlanView['moves'] = [];
    for (let p = last - 2; p <= pc; p += 1) {
      const move = plans(p).move;
      if (move) moves.push({ period: p, start: periodStart(s, p), move });
    }
    const view: PlanView = {
      version,
      period: pc,
      last,
      control: plan.control,
      darkFrom: plan.darkFrom,
      cycleMs: plan.control === null ? 0 : cycleStart(plan, 1) - cycleStart(plan, 0),
      greens: plan.control === null ? [] : plan.greens.map((g) => round1(g / 1000)),
      moves,
    };
    s.plan = view;
    return view;
  };

  /** The item as of `observedAt`; `shown` is the mode reported, `mode` the one in force then. */
  const build = (
    s: SignalSite,
    observedAt: number,
    ctx: Context,
    shown: SignalMode,
    since: number,
    mode: SignalMode,
  ): SignalState => {
    const figures = now(s, observedAt, ctx, mode);
    const plans = memoPlans(s, ctx);
    const pc = periodOf(s, observedAt);
    const lag = binLagOf(s.key);
    const last = Math.floor((observedAt - lag) / PERIOD_MS) - 1;
    const bins = binsOf(s, last, ctx, plans);
    const plan = planView(s, pc, last, plans);
    const dark = isDark(mode) || plan.control === null || plan.darkFrom <= observedAt;
    // A period's delay is known once it has ended and its log has been read.
    const delayOf = (p: number): number | null =>
      periodStart(s, p + 1) + lag > observedAt ? null : bins.stats.perVehicle(p);
    const recent = plan.moves
      .filter((m) => m.start <= observedAt)
      .slice(-3)
      .map(
        ({
          period,
          start,
          move,
        }): [number, number, number, number, number | null, number | null] => [
          start,
          move.from + 1,
          move.to + 1,
          move.seconds,
          delayOf(period - 1),
          delayOf(period),
        ],
      );
    // Webster's uniform delay plus an overflow term, and a blocked approach's standing queue.
    const lambda = 0.45;
    const x = Math.min(figures.x, 0.98);
    const cycleS = dark ? 0 : plan.cycleMs / 1000;
    const uniform = dark ? 15 : (0.5 * cycleS * (1 - lambda) ** 2) / (1 - x * lambda);
    const overflow = figures.x > 0.85 ? 600 * (figures.x - 0.85) ** 2 : 0;
    const delay = Math.min(900, uniform + overflow + 240 * figures.crash.blocked);
    const lastMove = plan.control === 'adaptive' && !dark ? recent[recent.length - 1] : undefined;
    const c = s.community;
    return {
      id: s.id,
      position: s.position,
      district: c.district.code,
      street: c.street.code,
      community: c.code,
      name: s.name,
      mode: shown,
      cycle: round1(cycleS),
      phases: dark ? [] : plan.greens,
      flow: figures.flow,
      speed: round1(figures.speed),
      queue: Math.round(figures.queue),
      saturation: Math.round(figures.x * 100) / 100,
      delay: round1(delay),
      adjustment: lastMove ? lastMove[3] : 0,
      observedAt,
      modeSince: since,
      roadClass: s.roadClass,
      freeSpeed: s.freeSpeed,
      linkKm: s.linkKm,
      saturationFlows: s.saturationFlows,
      completeness: bins.completeness[bins.completeness.length - 1] ?? null,
      bins: {
        start: (last - ITEM_BINS + 1) * PERIOD_MS,
        phases: bins.phases,
        completeness: bins.completeness,
      },
      adjustments: recent,
    };
  };

  const configOf = (s: SignalSite): SignalConfig => engineConfig(s.engine, s.saturationFlows);

  // ---- series ---------------------------------------------------------------------------------

  interface Areas {
    codes: string[];
    slot: Map<string, number>;
    /** Per site (by index): its city, district and street slots. */
    of: Int32Array;
  }
  let areas: Areas | null = null;
  const areasOf = (): Areas => {
    if (areas) return areas;
    const codes: string[] = [places.geo.cityCode];
    const slot = new Map<string, number>([[places.geo.cityCode, 0]]);
    const list = sites();
    const of = new Int32Array(list.length * 3);
    for (const s of list) {
      for (const [k, code] of [s.community.district.code, s.community.street.code].entries()) {
        let i = slot.get(code);
        if (i === undefined) {
          i = codes.length;
          codes.push(code);
          slot.set(code, i);
        }
        of[s.index * 3 + k + 1] = i;
      }
    }
    areas = { codes, slot, of };
    return areas;
  };
  const seriesCache = new Map<number, { congestion: Float64Array; volume: Float64Array }>();
  let seriesVersion = -1;

  /** Every area's index and volume over one bin, from the model at the bin's middle. */
  const aggregate = (bin: number): { congestion: Float64Array; volume: Float64Array } => {
    if (seriesVersion !== book.version) {
      seriesCache.clear();
      seriesVersion = book.version;
    }
    const hit = seriesCache.get(bin);
    if (hit) return hit;
    const { codes, of } = areasOf();
    const t = bin * PERIOD_MS + PERIOD_MS / 2;
    const ctx = contextFor(t, t);
    const sums = codes.map(() => new CongestionSums());
    const volume = new Float64Array(codes.length);
    const stride = Math.max(1, Math.round(scale));
    const list = sites();
    for (let k = 0; k < list.length; k += stride) {
      const s = list[k] as SignalSite;
      const figures = now(s, t, ctx, rawAt(s, t, ctx));
      const index = congestionIndex(figures.speed, s.freeSpeed, s.roadClass);
      for (let level = 0; level < 3; level += 1) {
        const a = of[s.index * 3 + level] as number;
        sums[a]?.add(index, figures.flow, s.linkKm);
        volume[a] = (volume[a] as number) + (figures.flow * stride) / 4;
      }
    }
    const out = {
      congestion: Float64Array.from(sums, (x) => x.value() ?? Number.NaN),
      volume,
    };
    remember(seriesCache, bin, out, 1000);
    return out;
  };

  const series = (query: SeriesQuery, nowT: number): SeriesAnswer => {
    const { codes, slot } = areasOf();
    const city = places.geo.cityCode;
    let area = city;
    if (query.area !== null && query.area !== city) {
      const node = places.geo.area(query.area);
      if (!node) throw new RangeError(`unknown area "${query.area}"`);
      area = node.code;
    }
    const depth = (code: string): number =>
      code === city ? 0 : code.length === 6 ? 1 : code.length === 9 ? 2 : 3;
    const level = query.level === 'city' ? 0 : query.level === 'district' ? 1 : 2;
    if (depth(area) > level)
      throw new RangeError(`area ${area} lies below the ${query.level} level`);
    const wanted =
      level === 0
        ? [city]
        : codes.filter(
            (code) =>
              code !== city && depth(code) === level && (area === city || code.startsWith(area)),
          );
    const first = Math.floor(query.from / PERIOD_MS);
    const end = Math.ceil(query.to / PERIOD_MS);
    const out = wanted.map((code) => ({ area: code, values: [] as (number | null)[] }));
    for (let b = first; b < end; b += 1) {
      const done = (b + 1) * PERIOD_MS <= nowT;
      const agg = done ? aggregate(b) : null;
      out.forEach((row) => {
        const i = slot.get(row.area) as number;
        if (!agg) row.values.push(null);
        else if (query.metric === 'volume') row.values.push(Math.round(agg.volume[i] as number));
        else {
          const v = agg.congestion[i] as number;
          row.values.push(Number.isNaN(v) ? null : Math.round(v * 100) / 100);
        }
      });
    }
    return { from: first * PERIOD_MS, series: out };
  };

  return {
    sites,
    snapshot(t) {
      const version = book.version;
      const ctx = contextFor(t - MODE_HORIZON - DAY, t + HOUR);
      return sortedSites().map((s) => {
        // The state depends on t only through the minute of observation (and incidents).
        const minute =
          t - ((((t - (s.key % OBSERVE_EVERY)) % OBSERVE_EVERY) + OBSERVE_EVERY) % OBSERVE_EVERY);
        const view = s.view;
        if (view && view.observedAt === minute && view.version === version) return view.state;
        const next = state(s, t, ctx);
        s.view = { observedAt: minute, version, state: next };
        return next;
      });
    },
    config(id) {
      const s = byIdMap().get(id);
      return s ? configOf(s) : null;
    },
    events(id, from, to) {
      const s = byIdMap().get(id);
      if (!s) return null;
      const ctx = contextFor(from - DAY, to + HOUR);
      const plans = memoPlans(s, ctx);
      const events = expandEvents(s.engine, plans, (t) => periodOf(s, t), from, to, keeper(s));
      return { config: configOf(s), events };
    },
    series,
  };
}

/** Green per phase, ms, for a cycle: minimum greens, the rest by weight in whole seconds. */
function plannedGreens(cycleMs: number, weights: readonly number[]): number[] {
  const n = weights.length;
  const total = cycleMs - n * CHANGE_MS;
  const spare = Math.max(0, total - n * MIN_GREEN_MS);
  const sum = weights.reduce((a, w) => a + w, 0);
  const out = weights.map((w) => MIN_GREEN_MS + Math.floor((spare * w) / sum / 1000) * 1000);
  out[0] = total - out.slice(1).reduce((a, g) => a + g, 0);
  return out;
}

const empty = (): PhaseBin => [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

/**
 * A cycle ran over [from, to): its bins hold events. A complete log's completeness is 1 in every
 * bin with events; only their presence is tallied here (lossy logs are measured from events).
 */
function tallyOver(acc: BinAccumulator, from: number, to: number): void {
  acc.addTally(from, 1, 1);
  for (let b = Math.floor(from / PERIOD_MS) + 1; b * PERIOD_MS < to; b += 1)
    acc.addTally(b * PERIOD_MS, 1, 1);
}
