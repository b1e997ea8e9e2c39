// Incident scripts: which incidents exist (given, triggered, or the demo loop's) and how strongly
// each one acts at a time since its start. Each feed reads these curves; nothing is stepped.
import type { IncidentKind, IncidentSpec } from './types';
import { DAY, HOUR, MINUTE } from './clock';
import { districtShares } from './layout';
import type { Community, District, Places } from './places';
import { hash, hashString } from './prng';

export const INCIDENT_KINDS: readonly IncidentKind[] = [
  'rainstorm',
  'pollution',
  'signal-faults',
  'hotspot-surge',
];
/** How long an incident counts as active. Its after-effects (tickets, receding water) last longer. */
export const INCIDENT_DURATION = 3 * HOUR;
/** The demo loop starts one incident every this long. */
export const LOOP_PERIOD = 4 * HOUR;
/** The longest any incident acts on a feed after its start. */
export const INCIDENT_REACH = 8 * HOUR;
/** A crash closing one approach of an intersection for an hour. Played only when triggered (not by the demo loop). */
export const CRASH = 'crash';
export const isCrash = (incident: { kind: string }): boolean => incident.kind === CRASH;
const KNOWN_KINDS: readonly string[] = [...INCIDENT_KINDS, CRASH];

export interface Incident extends IncidentSpec {
  district: District;
  /** Short stable tag for ids of what the incident creates. */
  tag: string;
  key: number;
}

/** 0 before a, eased up to 1 at b, 1 until c, eased down to 0 at d (times since start, ms). */
export function trapezoid(tau: number, a: number, b: number, c: number, d: number): number {
  if (tau <= a || tau >= d) return 0;
  if (tau < b) return ease((tau - a) / (b - a));
  if (tau <= c) return 1;
  return ease((d - tau) / (d - c));
}
const ease = (x: number): number => x * x * (3 - 2 * x);

/** Script curves, by time since the incident's start. */
export const SCRIPT = {
  /** Rain intensity 0–1. */
  rain: (tau: number) => trapezoid(tau, 0, 30 * MINUTE, 120 * MINUTE, 180 * MINUTE),
  /** Standing water, 0–1 of a point's potential depth: lags the rain, recedes after. */
  flood: (tau: number) => trapezoid(tau, 20 * MINUTE, 100 * MINUTE, 150 * MINUTE, 270 * MINUTE),
  /** Drainage tickets per hour, 0–1 of the peak rate. */
  drainageTickets: (tau: number) =>
    trapezoid(tau, 45 * MINUTE, 110 * MINUTE, 170 * MINUTE, 300 * MINUTE),
  /** Extra congestion of signals in the district, 0–1. */
  congestion: (tau: number) =>
    trapezoid(tau, 60 * MINUTE, 120 * MINUTE, 200 * MINUTE, 300 * MINUTE),
  /** First flush into rivers and slopes after rain, 0–1. */
  runoff: (tau: number) => trapezoid(tau, 60 * MINUTE, 150 * MINUTE, 240 * MINUTE, 8 * HOUR),
  /** Slope creep after rain, 0–1: builds over the storm, relaxes over two days. */
  creep: (tau: number) => trapezoid(tau, 0, 3 * HOUR, 6 * HOUR, 2 * DAY),
  /** Pollution episode: extra particulate load, 0–1. */
  smog: (tau: number) => trapezoid(tau, 0, 60 * MINUTE, 150 * MINUTE, 210 * MINUTE),
  /** Environment tickets during an episode, 0–1 of the peak rate. */
  smogTickets: (tau: number) =>
    trapezoid(tau, 40 * MINUTE, 90 * MINUTE, 180 * MINUTE, 240 * MINUTE),
  /** Hotspot surge: extra detections at hotspots, 0–1. */
  surge: (tau: number) => trapezoid(tau, 0, 20 * MINUTE, 150 * MINUTE, 180 * MINUTE),
  /** Faulty signals' tickets, 0–1 of the peak rate. */
  faultTickets: (tau: number) =>
    trapezoid(tau, 10 * MINUTE, 30 * MINUTE, 150 * MINUTE, 200 * MINUTE),
  /** A crash's blocked approach: closed within 2 minutes, for an hour, cleared by 90 minutes. */
  crash: (tau: number) => trapezoid(tau, 0, 2 * MINUTE, 60 * MINUTE, 90 * MINUTE),
} as const;

export interface IncidentBook {
  add(spec: IncidentSpec): void;
  /** Grows with every add(): readings cached under an older version are stale. */
  readonly version: number;
  /** Incidents starting in [from, to), sorted by start then tag. */
  between(from: number, to: number): Incident[];
  /** Incidents active at t (start ≤ t < start + duration). */
  active(t: number): Incident[];
  /** Normalises a spec's place to its district; throws on an unknown kind or place. */
  resolve(spec: IncidentSpec): Incident;
}

export function createIncidentBook(
  places: Places,
  seed: number,
  initial: readonly IncidentSpec[],
  loop: boolean,
): IncidentBook {
  const explicit: Incident[] = [];
  // The loop visits the districts where signals stand, busiest first.
  const loopDistricts = [...districtShares(places, 'signals')]
    .sort((a, b) => b[1] - a[1] || a[0].index - b[0].index)
    .map(([d]) => d);
  const kindOffset = hash(seed, 0x100b) % INCIDENT_KINDS.length;
  const placeOffset = hash(seed, 0x100c) % Math.max(1, loopDistricts.length);

  const resolve = (spec: IncidentSpec): Incident => {
    if (!KNOWN_KINDS.includes(spec.kind))
      throw new RangeError(`unknown incident kind "${spec.kind}"`);
    if (!Number.isFinite(spec.start)) throw new RangeError('incident start must be epoch ms');
    const code = places.geo.canonical(spec.place).slice(0, 6);
    const district = places.district(code);
    if (!district) throw new RangeError(`unknown incident place "${spec.place}"`);
    const start = Math.round(spec.start);
    const key = hash(hashString(spec.kind), start, Number(district.code));
    return {
      kind: spec.kind,
      start,
      place: district.code,
      district,
      key,
      tag: key.toString(36).padStart(7, '0'),
    };
  };

  const loopAt = (j: number): Incident | null => {
    const district = loopDistricts[(j + Math.floor(j / 4) + placeOffset) % loopDistricts.length];
    const kind = INCIDENT_KINDS[(j + kindOffset) % INCIDENT_KINDS.length];
    if (!district || !kind) return null;
    const start = j * LOOP_PERIOD + (hash(seed, 0x100d, j) % 30) * MINUTE;
    return resolve({ kind, start, place: district.code });
  };

  for (const spec of initial) explicit.push(resolve(spec));

  const order = (a: Incident, b: Incident): number =>
    a.start - b.start || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0);

  const between = (from: number, to: number): Incident[] => {
    const out = explicit.filter((i) => i.start >= from && i.start < to);
    if (loop) {
      for (let j = Math.floor(from / LOOP_PERIOD) - 1; j * LOOP_PERIOD < to; j += 1) {
        const i = loopAt(j);
        if (i && i.start >= from && i.start < to) out.push(i);
      }
    }
    // The same incident given twice acts once.
    const seen = new Set<string>();
    return out.sort(order).filter((i) => {
      const id = `${i.tag}:${i.kind}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  };

  let version = 0;
  return {
    add(spec) {
      explicit.push(resolve(spec));
      version += 1;
    },
    get version() {
      return version;
    },
    between,
    active: (t) => between(t - INCIDENT_DURATION + 1, t + 1),
    resolve,
  };
}

/** Where a localised incident (a signal-fault cluster) centres: a built-up community of its district. */
export function incidentCentre(incident: Incident): Community {
  const pool = incident.district.communities.filter((c) => c.street.urban);
  const list = pool.length > 0 ? pool : incident.district.communities;
  return list[incident.key % list.length] as Community;
}
