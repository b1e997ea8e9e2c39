// Scenario 2: signalised intersections. Static layout once; the state at t is a function of the
// demand curve (morning and evening peaks), smooth noise, and incidents.
import type { LngLat } from '../../src/domain/common';
import type { SignalMode, SignalState } from '../../src/domain/signal';
import { HOUR, MINUTE, hourly, isWeekend, localHour } from './clock';
import { byId } from './detections';
import {
  INCIDENT_REACH,
  SCRIPT,
  incidentCentre,
  type Incident,
  type IncidentBook,
} from './incidents';
import { layout, sitedId } from './layout';
import { remember } from './slot-cache';
import { distanceMeters, type Community, type Places } from './places';
import { Rng, hash, hashString, smoothNoise, unit } from './prng';

interface SignalSite {
  id: string;
  name: string;
  community: Community;
  position: LngLat;
  key: number;
  /** Capacity of all approaches, veh/h. */
  capacity: number;
  /** Free-flow speed, km/h. */
  freeSpeed: number;
  baseCycle: number;
  phaseWeights: number[];
  baseMode: 'adaptive' | 'actuated' | 'fixed';
  /** Volume/capacity at the weekday peak. */
  peakSaturation: number;
  /** Switches to flashing yellow late at night. */
  nightFlash: boolean;
  /** Handed to a police officer at peak hours. */
  manualAtPeak: boolean;
  /** The last state built; states are shared between snapshots (callers must not mutate). */
  view?: { minute: number; window: number; version: number; state: SignalState };
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
/** Faults and outages are drawn per window of this length. */
const HEALTH_WINDOW = 2 * HOUR;
const P_FAULT = 0.008;
const P_OFFLINE = 0.007;

export interface SignalWorld {
  sites(): readonly SignalSite[];
  snapshot(t: number): SignalState[];
}

const isPeak = (h: number): boolean => (h >= 7.5 && h < 9) || (h >= 17.5 && h < 19);

export function createSignalWorld(
  places: Places,
  seed: number,
  scale: number,
  book: IncidentBook,
): SignalWorld {
  let siteList: SignalSite[] | null = null;
  const clusters = new Map<
    number,
    Map<SignalSite, { from: number; to: number; offline: boolean }>
  >();
  const HEALTH = hashString('signal-health');

  const sites = (): SignalSite[] => {
    if (siteList) return siteList;
    const used = new Set<string>();
    siteList = layout(places, seed, 'signals', scale).map((s) => {
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
      const phases = 2 + rng.int(3);
      return {
        id: sitedId('SIG', s),
        name,
        community: s.community,
        position: s.position,
        key: s.h,
        capacity: Math.round(rng.range(2400, 7200) / 100) * 100,
        freeSpeed: Math.round(rng.range(35, 60)),
        baseCycle: 60 + 10 * rng.int(10),
        phaseWeights: Array.from(
          { length: phases },
          (_, i) => (i === 0 ? 1.6 : 1) * rng.range(0.7, 1.3),
        ),
        baseMode,
        peakSaturation: rng.range(0.7, 1.05),
        nightFlash: baseMode === 'fixed' && rng.chance(0.4),
        manualAtPeak: rng.chance(0.03),
      };
    });
    return siteList;
  };

  /** The fault cluster of a signal-faults incident: the signals nearest its centre. */
  const cluster = (
    incident: Incident,
  ): Map<SignalSite, { from: number; to: number; offline: boolean }> => {
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

  const state = (s: SignalSite, t: number, incidents: readonly Incident[]): SignalState => {
    let observedAt =
      t - ((((t - (s.key % OBSERVE_EVERY)) % OBSERVE_EVERY) + OBSERVE_EVERY) % OBSERVE_EVERY);
    let mode: SignalMode = s.baseMode;
    const window = Math.floor(t / HEALTH_WINDOW);
    const health = unit(hash(seed, HEALTH, s.key, window));
    if (health < P_FAULT) mode = 'fault';
    else if (health < P_FAULT + P_OFFLINE) {
      mode = 'offline';
      // An offline controller's last report is from before the outage.
      observedAt = window * HEALTH_WINDOW - Math.round(unit(hash(s.key, window)) * 20 * MINUTE);
    }
    let congestion = 0;
    for (const i of incidents) {
      if (i.kind === 'rainstorm' && i.district === s.community.district) {
        congestion = Math.max(congestion, SCRIPT.congestion(observedAt - i.start));
      } else if (i.kind === 'signal-faults' && i.district === s.community.district) {
        const hit = cluster(i).get(s);
        if (hit && observedAt >= hit.from && observedAt < hit.to) {
          if (hit.offline && mode !== 'offline') {
            mode = 'offline';
            observedAt = hit.from;
          } else if (mode !== 'offline') mode = 'fault';
        }
        if (hit)
          congestion = Math.max(
            congestion,
            0.6 * SCRIPT.congestion(observedAt - i.start + 60 * MINUTE),
          );
      }
    }

    const hour = localHour(observedAt);
    if (mode === s.baseMode) {
      if (s.nightFlash && (hour >= 23.5 || hour < 5.5)) mode = 'flashing';
      else if (s.manualAtPeak && isPeak(hour) && !isWeekend(observedAt)) mode = 'manual';
    }
    const demand = hourly(isWeekend(observedAt) ? WEEKEND : WEEKDAY, hour);
    const wobble =
      1 +
      0.08 * smoothNoise(s.key, observedAt, 15 * MINUTE) +
      0.04 * smoothNoise(s.key ^ 0x55, observedAt, 4 * MINUTE);
    // A faulty controller makes the junction worse.
    const broken = mode === 'fault' ? 1.25 : 1;
    const saturation = Math.min(
      2.5,
      s.peakSaturation * demand * wobble * (1 + 0.45 * congestion) * broken,
    );
    const flow = Math.round(s.capacity * Math.min(saturation, 1) * (0.96 + 0.03 * wobble));
    const speed = (s.freeSpeed / (1 + 0.6 * saturation ** 4)) * (1 - 0.25 * congestion);
    const queue = Math.min(
      4000,
      6 + 180 * saturation ** 3 + (saturation > 0.9 ? 900 * (saturation - 0.9) ** 1.5 : 0),
    );

    let cycle = s.baseCycle;
    if (mode === 'adaptive')
      cycle = Math.round(s.baseCycle * (0.8 + 0.35 * Math.min(1.2, saturation)));
    else if (mode === 'actuated') cycle = Math.round(s.baseCycle * (0.85 + 0.25 * demand));
    else if (mode === 'manual') cycle = Math.round(s.baseCycle * 1.2);
    const dark = mode === 'flashing' || mode === 'fault';
    const phases = dark ? [] : split(cycle, s.phaseWeights);
    const lambda = 0.45;
    const x = Math.min(saturation, 0.98);
    const uniform = dark ? 15 : (0.5 * cycle * (1 - lambda) ** 2) / (1 - x * lambda);
    const overflow = saturation > 0.85 ? 600 * (saturation - 0.85) ** 2 : 0;
    const adjustment =
      mode === 'adaptive'
        ? Math.max(
            -20,
            Math.min(
              20,
              Math.round(
                (saturation - 0.75) * 25 + 3 * smoothNoise(s.key ^ 0xad, observedAt, 5 * MINUTE),
              ),
            ),
          )
        : 0;
    const c = s.community;
    return {
      id: s.id,
      position: s.position,
      district: c.district.code,
      street: c.street.code,
      community: c.code,
      name: s.name,
      mode,
      cycle: dark ? 0 : cycle,
      phases,
      flow,
      speed: round1(speed),
      queue: Math.round(queue),
      saturation: Math.round(saturation * 100) / 100,
      delay: round1(Math.min(900, uniform + overflow)),
      adjustment,
      observedAt,
    };
  };

  return {
    sites,
    snapshot(t) {
      const incidents = book
        .between(t - INCIDENT_REACH, t + 1)
        .filter((i) => i.kind === 'rainstorm' || i.kind === 'signal-faults');
      const version = book.version;
      const window = Math.floor(t / HEALTH_WINDOW);
      return sites()
        .map((s) => {
          // The state depends on t only through the minute of observation and the health window.
          const minute =
            t - ((((t - (s.key % OBSERVE_EVERY)) % OBSERVE_EVERY) + OBSERVE_EVERY) % OBSERVE_EVERY);
          const view = s.view;
          if (
            view &&
            view.minute === minute &&
            view.window === window &&
            view.version === version
          ) {
            return view.state;
          }
          const next = state(s, t, incidents);
          s.view = { minute, window, version, state: next };
          return next;
        })
        .sort(byId);
    },
  };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Green seconds per phase: the cycle less 4 s lost per phase, split by weight, summing exactly. */
function split(cycle: number, weights: readonly number[]): number[] {
  const green = Math.max(0, cycle - 4 * weights.length);
  const total = weights.reduce((a, w) => a + w, 0);
  const out = weights.map((w) => Math.floor((green * w) / total));
  out[0] = (out[0] ?? 0) + green - out.reduce((a, g) => a + g, 0);
  return out;
}
