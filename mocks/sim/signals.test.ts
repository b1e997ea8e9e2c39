// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { PhaseBin, SignalState } from '../../src/domain/signal';
import { binFigures, binLog, field, platoonRatio, sumBins } from '../../src/features/traffic/bins';
import type { HiResEvent } from '../../src/features/traffic/hi-res';
import { cleanLog, measureLog } from '../../src/features/traffic/measures';
import { HOUR, MINUTE, TZ_OFFSET } from './clock';
import { CRASH, createIncidentBook } from './incidents';
import { loadGeo } from './load-geo-node';
import { createPlaces } from './places';
import { BIN_LAG, BIN_LAG_SPREAD, createSignalWorld, type SignalWorld } from './signals';
import type { IncidentKind, IncidentSpec } from './types';

const geo = loadGeo();
const places = createPlaces(geo);
// Thursday 20 November 2025, 00:00 in Fuzhou.
const DAY0 = Date.UTC(2025, 10, 20) - TZ_OFFSET;
const at = (hours: number): number => DAY0 + Math.round(hours * HOUR);
const BIN = 15 * MINUTE;
const ZERO: PhaseBin = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

function world(seed = 7, incidents: IncidentSpec[] = []): SignalWorld {
  const book = createIncidentBook(places, seed, incidents, false);
  return createSignalWorld(places, seed, 1, book);
}

/** The item's bins read again from its event log, as a central system would. */
function remeasure(w: SignalWorld, item: SignalState) {
  const bins = item.bins;
  if (!bins) throw new Error(`${item.id} has no bins`);
  const count = bins.completeness.length;
  const from = bins.start - 20 * MINUTE;
  const to = bins.start + count * BIN + 20 * MINUTE;
  const log = w.events(item.id, from, to);
  if (!log) throw new Error(`no events for ${item.id}`);
  const again = binLog(
    measureLog(log.events, log.config, { from, to }),
    log.config,
    bins.start,
    count,
  );
  return { bins, again };
}

const lastBins = (items: SignalState[]) =>
  items.flatMap((i) => (i.bins?.phases ?? []).map((p) => p[p.length - 1] ?? ZERO));

describe('the feed’s 15-minute bins', () => {
  const w = world();

  it.each([3, 8.5, 17.75])('equal the measures of each event log at %s h', (hours) => {
    const items = w.snapshot(at(hours)).filter((_, i) => i % 30 === 0);
    for (const item of items) {
      const { bins, again } = remeasure(w, item);
      expect(again.phases, item.id).toEqual(bins.phases);
      expect(again.completeness, item.id).toEqual(bins.completeness);
    }
  });

  it('equal them for a controller whose link loses part of its log, which shows as incomplete', () => {
    let found: { w: SignalWorld; item: SignalState } | undefined;
    for (let h = 9; h < 48 && !found; h += 2) {
      const item = w
        .snapshot(at(h))
        .find((i) => (i.completeness ?? 1) > 0 && (i.completeness ?? 1) < 1);
      if (item) found = { w, item };
    }
    expect(found).toBeDefined();
    if (!found) return;
    const { bins, again } = remeasure(found.w, found.item);
    expect(again.phases).toEqual(bins.phases);
    expect(again.completeness).toEqual(bins.completeness);
    expect(Math.min(...bins.completeness.map((c) => c ?? 1))).toBeLessThan(0.95);
  });

  it('are the last complete bins, each counting whole cycles', () => {
    for (const item of w.snapshot(at(10)).slice(0, 200)) {
      const bins = item.bins;
      if (!bins) continue;
      expect(bins.start % BIN).toBe(0);
      // Read 3 to 8 minutes after the quarter hour, controller by controller.
      expect(bins.start + 4 * BIN + BIN_LAG).toBeLessThanOrEqual(item.observedAt);
      expect(bins.start + 5 * BIN + BIN_LAG + BIN_LAG_SPREAD).toBeGreaterThan(item.observedAt);
      expect(bins.phases.length).toBe(item.phases.length || bins.phases.length);
      for (const phase of bins.phases)
        for (const b of phase) {
          expect(field(b, 'arrivalsOnGreen')).toBeLessThanOrEqual(field(b, 'volume'));
          expect(field(b, 'splitFailures')).toBeLessThanOrEqual(field(b, 'cycles'));
          expect(field(b, 'greenSeconds')).toBeLessThanOrEqual(field(b, 'cycleSeconds'));
          const ends = field(b, 'gapOuts') + field(b, 'maxOuts') + field(b, 'forceOffs');
          expect(ends).toBeLessThanOrEqual(field(b, 'cycles'));
        }
    }
  });
});

describe('signal control', () => {
  const w = world();
  const night = w.snapshot(at(3));
  const peak = w.snapshot(at(8.5));
  const share = (
    items: SignalState[],
    mode: string,
    f: 'gapOutShare' | 'maxOutShare' | 'forceOffShare' | 'skipShare' | 'splitFailureShare',
  ) => binFigures(sumBins(lastBins(items.filter((i) => i.mode === mode))))[f] ?? 0;

  it('gaps out when demand is low and maxes out when it exceeds the split', () => {
    expect(share(night, 'actuated', 'gapOutShare')).toBeGreaterThan(0.6);
    expect(share(peak, 'actuated', 'maxOutShare')).toBeGreaterThan(
      2 * share(night, 'actuated', 'maxOutShare'),
    );
    expect(share(peak, 'adaptive', 'forceOffShare')).toBeGreaterThan(
      share(night, 'adaptive', 'forceOffShare'),
    );
    // Fixed time: every phase ends at its programmed point (but where a lossy link lost it).
    expect(share(peak, 'fixed', 'forceOffShare')).toBeGreaterThan(0.98);
    expect(share(peak, 'fixed', 'gapOutShare') + share(peak, 'fixed', 'maxOutShare')).toBe(0);
    // Side phases are skipped at night when nobody calls them, never in fixed time.
    expect(share(night, 'actuated', 'skipShare')).toBeGreaterThan(0.03);
    expect(share(peak, 'actuated', 'skipShare')).toBeLessThan(0.01);
    // (A lossy log loses begin greens, which read as skips, even in fixed time.)
    expect(share(night, 'fixed', 'skipShare')).toBeLessThan(0.005);
  });

  it('fails splits at the peak, hardly at night', () => {
    const failures = (items: SignalState[]) =>
      binFigures(sumBins(lastBins(items))).splitFailureShare ?? 0;
    expect(failures(night)).toBeLessThan(0.01);
    expect(failures(peak)).toBeGreaterThan(0.1);
    expect(failures(peak)).toBeLessThan(0.35);
  });

  it('brings platoons on green where signals are coordinated', () => {
    const phase1 = (mode: string) =>
      platoonRatio(
        peak.filter((i) => i.mode === mode).map((i) => i.bins?.phases[0]?.[3] ?? ZERO),
      ) ?? 0;
    expect(phase1('adaptive')).toBeGreaterThan(1.2);
    expect(phase1('fixed')).toBeGreaterThan(1.2);
    expect(phase1('actuated')).toBeLessThan(1.15);
  });

  it('adapts green between phases, with the delay before and after', () => {
    const adaptive = peak.filter((i) => i.mode === 'adaptive');
    const moved = adaptive.filter((i) => (i.adjustments ?? []).length > 0);
    expect(moved.length).toBeGreaterThan(adaptive.length / 2);
    for (const item of moved) {
      const list = item.adjustments ?? [];
      const last = list[list.length - 1];
      expect(item.adjustment).toBe(last?.[3]);
      for (const [t, from, to, seconds] of list) {
        expect(t).toBeLessThanOrEqual(item.observedAt);
        expect(from).not.toBe(to);
        expect(seconds).toBeGreaterThanOrEqual(1);
        expect(seconds).toBeLessThanOrEqual(20);
      }
      // Once its plan period has ended, an adjustment has the delay after it, and before it
      // unless it is the first plan since the controller came back.
      for (const [t, , , , before, after] of list)
        if (t + BIN + BIN_LAG + BIN_LAG_SPREAD <= item.observedAt) {
          if (t > (item.modeSince ?? 0)) expect(before).not.toBeNull();
          expect(after).not.toBeNull();
        }
      expect(Math.min(...item.phases)).toBeGreaterThanOrEqual(8);
    }
    // Other modes adjust nothing (an offline item is its last report, from before the outage).
    const others = peak.filter((i) => i.mode !== 'adaptive' && i.mode !== 'offline');
    expect(others.every((i) => i.adjustment === 0)).toBe(true);
  });

  it('reports when a mode began: a fault cluster since its start', () => {
    const start = at(14);
    const faults = world(7, [{ kind: 'signal-faults', start, place: '350103' }]);
    const broken = faults
      .snapshot(start + HOUR)
      .filter((i) => i.district === '350103' && (i.mode === 'fault' || i.mode === 'offline'));
    expect(broken.length).toBeGreaterThanOrEqual(12);
    for (const item of broken) {
      expect(item.modeSince).toBeGreaterThanOrEqual(start - 2 * HOUR);
      expect(item.modeSince).toBeLessThanOrEqual(start + HOUR);
      if (item.mode === 'offline') expect(item.observedAt).toBeLessThan(item.modeSince ?? 0);
      else expect(item.cycle).toBe(0);
    }
    // An offline controller's last report precedes its outage; anything else is in its mode.
    for (const item of peak)
      if (item.mode !== 'offline') expect(item.modeSince).toBeLessThanOrEqual(item.observedAt);
  });

  it('keeps an item around 1 KB of JSON', () => {
    const sizes = peak.map((i) => JSON.stringify(i).length);
    expect(sizes.reduce((a, b) => a + b, 0) / sizes.length).toBeLessThan(1150);
    expect(Math.max(...sizes)).toBeLessThan(1600);
  });
});

describe('a crash closing an approach', () => {
  const start = at(14);
  const spec = { kind: CRASH as IncidentKind, start, place: '350102' };
  const calm = world(11);
  const crash = world(11, [spec]);

  it('queues and delays the blocked approach, fails its splits, starves the next junction', () => {
    const t = start + 50 * MINUTE;
    const before = calm.snapshot(t);
    const after = crash.snapshot(t);
    const changed = after.filter((x, i) => JSON.stringify(x) !== JSON.stringify(before[i]));
    expect(changed.length).toBe(2);
    const pairs = changed.map((x) => [before.find((y) => y.id === x.id) as SignalState, x]);
    const blocked = pairs.find(([, x]) => (x?.queue ?? 0) > 500) ?? [];
    const downstream = pairs.find((pair) => pair !== blocked) ?? [];
    const [was, now] = blocked;
    expect(now?.queue).toBeGreaterThan((was?.queue ?? 0) + 500);
    expect(now?.delay).toBeGreaterThan((was?.delay ?? 0) + 150);
    expect(now?.flow).toBeLessThan(was?.flow ?? 0);
    // The bin 15–30 minutes into the crash: every cycle of the blocked phase failed.
    const bin = (item: SignalState | undefined) =>
      item?.bins?.phases.map((p) => p[3] ?? ZERO) ?? [];
    const failing = bin(now).findIndex((p) => field(p, 'splitFailures') === field(p, 'cycles'));
    expect(failing).toBeGreaterThanOrEqual(0);
    expect(field(bin(now)[failing] ?? ZERO, 'volume')).toBeLessThan(
      field(bin(was)[failing] ?? ZERO, 'volume'),
    );
    const [dWas, dNow] = downstream;
    expect(dNow?.flow).toBeLessThan(dWas?.flow ?? 0);
    const volume = (item: SignalState | undefined) => field(sumBins(bin(item)), 'volume');
    expect(volume(dNow)).toBeLessThan(volume(dWas) * 0.95);
    // Three hours on, all is as it was.
    expect(crash.snapshot(start + 3 * HOUR)).toEqual(calm.snapshot(start + 3 * HOUR));
  });

  it('keeps the blocked junction’s bins equal to the measures of its log', () => {
    const t = start + 75 * MINUTE;
    const before = calm.snapshot(t);
    for (const item of crash
      .snapshot(t)
      .filter((x, i) => JSON.stringify(x) !== JSON.stringify(before[i]))) {
      const { bins, again } = remeasure(crash, item);
      expect(again.phases).toEqual(bins.phases);
    }
  });
});

describe('the event log of one intersection', () => {
  const w = world();
  const site = w.sites()[40];
  const from = at(10);
  const to = from + HOUR;
  const log = site ? w.events(site.id, from, to) : null;

  it('holds the Indiana codes of its phases and detectors, sorted, within the window', () => {
    expect(log).not.toBeNull();
    if (!log) return;
    const phases = new Set(log.config.phases.map((p) => p.phase));
    const channels = new Set(log.config.detectors.map((d) => d.channel));
    for (const [t, code, param] of log.events) {
      expect(t).toBeGreaterThanOrEqual(from);
      expect(t).toBeLessThan(to);
      expect([1, 4, 5, 6, 8, 9, 10, 11, 81, 82]).toContain(code);
      expect(code >= 81 ? channels.has(param) : phases.has(param)).toBe(true);
    }
    expect(cleanLog(log.events)).toEqual(log.events);
    // Each detector alternates on and off (vehicles never merge on one detector).
    const last = new Map<number, number>();
    for (const [, code, channel] of log.events) {
      if (code < 81) continue;
      expect(last.get(channel)).not.toBe(code);
      last.set(channel, code);
    }
  });

  it('has thousands of events an hour, and completeness 1', () => {
    if (!log) return;
    expect(log.events.length).toBeGreaterThan(3000);
    expect(log.events.length).toBeLessThan(60000);
    const m = measureLog(log.events, log.config, { from, to });
    const b = binLog(m, log.config, from, 4);
    expect(b.completeness).toEqual([1, 1, 1, 1]);
  });

  it('is the same whatever was asked before, and a window is a slice of a longer one', () => {
    const fresh = world();
    fresh.events(site?.id ?? '', at(30), at(31));
    expect(fresh.events(site?.id ?? '', from, to)).toEqual(log);
    const half = w.events(site?.id ?? '', from + 30 * MINUTE, to)?.events ?? [];
    const tail = (log?.events ?? []).filter((e: HiResEvent) => e[0] >= from + 30 * MINUTE);
    // Detector states at the cut may differ in their first event only.
    expect(half.length).toBeGreaterThan(0);
    expect(half.filter((e) => e[1] < 81)).toEqual(tail.filter((e) => e[1] < 81));
  });

  it('is null for an unknown id, including names of Object.prototype', () => {
    for (const id of ['SIG-000000-99999', '__proto__', 'constructor', 'toString'])
      expect(w.events(id, from, to)).toBeNull();
  });
});

describe('congestion and volume series', () => {
  const w = world();
  const now = at(24);
  const city = places.geo.cityCode;

  it('gives the city index per bin: calm at night, congested at the peaks, null ahead', () => {
    const { from, series } = w.series(
      { metric: 'congestion', level: 'city', area: null, from: DAY0, to: at(26) },
      now,
    );
    expect(from).toBe(DAY0);
    expect(series.map((s) => s.area)).toEqual([city]);
    const values = series[0]?.values ?? [];
    expect(values.length).toBe(26 * 4);
    const v = (h: number) => values[h * 4] ?? Number.NaN;
    expect(v(3)).toBeLessThan(1);
    expect(v(8.25)).toBeGreaterThan(2);
    expect(v(18.25)).toBeGreaterThan(v(14));
    expect(values.slice(24 * 4)).toEqual(new Array(8).fill(null));
  });

  it('lists districts and the streets under one, with volumes that add up', () => {
    const q = { metric: 'volume' as const, from: at(8), to: at(9) };
    const cityVol = w.series({ ...q, level: 'city', area: null }, now).series[0]?.values ?? [];
    const districts = w.series({ ...q, level: 'district', area: null }, now).series;
    expect(districts.length).toBe(8);
    const sum = (i: number) => districts.reduce((a, d) => a + (d.values[i] ?? 0), 0);
    for (let i = 0; i < 4; i += 1) expect(Math.abs(sum(i) - (cityVol[i] ?? 0))).toBeLessThan(10);
    const streets = w.series({ ...q, level: 'street', area: '350102' }, now).series;
    expect(streets.length).toBeGreaterThan(3);
    expect(streets.every((s) => s.area.startsWith('350102') && s.area.length === 9)).toBe(true);
    // The city's volume in an hour is about its intersections' flow.
    const flow = w.snapshot(at(8.5)).reduce((a, i) => a + i.flow, 0);
    expect((cityVol[2] ?? 0) * 4).toBeGreaterThan(flow * 0.8);
    expect((cityVol[2] ?? 0) * 4).toBeLessThan(flow * 1.2);
  });

  it('shows a rainstorm congesting its district', () => {
    const start = at(14);
    const storm = world(7, [{ kind: 'rainstorm', start, place: '350102' }]);
    const q = { metric: 'congestion' as const, level: 'district' as const, area: '350102' };
    const index = (x: SignalWorld) =>
      x.series({ ...q, from: start + 2 * HOUR, to: start + 2 * HOUR + BIN }, now).series[0]
        ?.values[0] ?? 0;
    expect(index(storm)).toBeGreaterThan(index(w) + 1.5);
  });

  it('refuses unknown areas and areas below the level', () => {
    const q = { metric: 'congestion' as const, from: at(8), to: at(9) };
    expect(() => w.series({ ...q, level: 'district', area: '999999' }, now)).toThrow(RangeError);
    expect(() => w.series({ ...q, level: 'district', area: '350102001' }, now)).toThrow(RangeError);
    expect(() => w.series({ ...q, level: 'city', area: '350102' }, now)).toThrow(RangeError);
    expect(() => w.series({ ...q, level: 'street', area: '__proto__' }, now)).toThrow(RangeError);
  });
});
