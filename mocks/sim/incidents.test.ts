// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { SensorReading } from '../../src/domain/sensor';
import { aqiLevel } from '../../src/domain/aqi';
import { createCity } from './city';
import { HOUR, MINUTE, TZ_OFFSET } from './clock';
import { INCIDENT_DURATION, LOOP_PERIOD } from './incidents';
import { loadGeo } from './load-geo-node';
import type { IncidentSpec } from './types';

const geo = loadGeo();
// Wednesday 19 November 2025, 14:00 in Fuzhou: off-peak, so congestion comes from the storm.
const START = Date.UTC(2025, 10, 19, 14) - TZ_OFFSET;
const GULOU = '350102';
const TAIJIANG = '350103';

const inPlace = <T extends { district: string }>(items: T[], place: string) =>
  items.filter((x) => x.district === place);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

describe('rainstorm', () => {
  const spec: IncidentSpec = { kind: 'rainstorm', start: START, place: GULOU };
  const calm = createCity({ seed: 11, scale: 1, geo });
  const storm = createCity({ seed: 11, scale: 1, geo, incidents: [spec] });

  it('raises waterlogging alarms in the place within two hours, then lets the water recede', () => {
    const depths = (t: number) =>
      inPlace(storm.snapshot('sensors', t), GULOU).filter(
        (s): s is Extract<SensorReading, { kind: 'waterlogging' }> => s.kind === 'waterlogging',
      );
    expect(depths(START - MINUTE).every((s) => s.values.depthCm < 15)).toBe(true);
    const peak = depths(START + 110 * MINUTE);
    expect(peak.filter((s) => s.status === 'alarm').length).toBeGreaterThan(1);
    expect(Math.max(...peak.map((s) => s.values.depthCm))).toBeGreaterThanOrEqual(40);
    const elsewhere = inPlace(storm.snapshot('sensors', START + 110 * MINUTE), TAIJIANG).filter(
      (s) => s.kind === 'waterlogging',
    );
    expect(elsewhere.filter((s) => s.status === 'alarm')).toEqual([]);
    const after = depths(START + 6 * HOUR);
    expect(after.filter((s) => s.status === 'alarm')).toEqual([]);
  });

  it('then brings a surge of drainage tickets there', () => {
    const t = START + 3 * HOUR;
    const count = (city: typeof calm) =>
      inPlace(city.snapshot('tickets', t), GULOU).filter(
        (x) => x.category === 'drainage' && x.stages.reported >= START,
      ).length;
    const extra = count(storm) - count(calm);
    expect(extra).toBeGreaterThan(60);
    // Only the storm's own tickets were added: the city's other tickets are unchanged.
    const calmIds = new Set(calm.snapshot('tickets', t).map((x) => x.id));
    const added = storm.snapshot('tickets', t).filter((x) => !calmIds.has(x.id));
    expect(added.length).toBe(extra);
    expect(added.every((x) => x.district === GULOU && x.category === 'drainage')).toBe(true);
  });

  it('then congests the district’s signals', () => {
    const t = START + 150 * MINUTE;
    const sat = (city: typeof calm) =>
      mean(inPlace(city.snapshot('signals', t), GULOU).map((s) => s.saturation));
    const speed = (city: typeof calm) =>
      mean(inPlace(city.snapshot('signals', t), GULOU).map((s) => s.speed));
    expect(sat(storm)).toBeGreaterThan(sat(calm) * 1.3);
    expect(speed(storm)).toBeLessThan(speed(calm) * 0.85);
    // Before the water rises, traffic is as usual.
    expect(storm.snapshot('signals', START + 10 * MINUTE)).toEqual(
      calm.snapshot('signals', START + 10 * MINUTE),
    );
  });
});

describe('pollution episode', () => {
  it('lifts PM2.5 and AQI levels in the place and brings environment tickets', () => {
    const spec: IncidentSpec = { kind: 'pollution', start: START, place: TAIJIANG };
    const calm = createCity({ seed: 12, scale: 1, geo });
    const smog = createCity({ seed: 12, scale: 1, geo, incidents: [spec] });
    const t = START + 2 * HOUR;
    const air = (city: typeof calm) =>
      inPlace(city.snapshot('sensors', t), TAIJIANG).filter(
        (s): s is Extract<SensorReading, { kind: 'air' }> =>
          s.kind === 'air' && s.status !== 'offline',
      );
    const levels = (city: typeof calm) => air(city).map((s) => aqiLevel(s.aqi ?? 0));
    expect(mean(air(smog).map((s) => s.values.pm25 ?? 0))).toBeGreaterThan(
      3 * mean(air(calm).map((s) => s.values.pm25 ?? 0)),
    );
    // Levels jump from 优/良 to 轻度 and worse at most stations of the district.
    expect(levels(smog).filter((l) => l >= 3).length).toBeGreaterThan(0.8 * levels(smog).length);
    expect(mean(levels(smog))).toBeGreaterThan(mean(levels(calm)) + 1.5);
    const env = (city: typeof calm) =>
      inPlace(city.snapshot('tickets', START + 4 * HOUR), TAIJIANG).filter(
        (x) => x.category === 'environment' && x.stages.reported >= START,
      ).length;
    expect(env(smog) - env(calm)).toBeGreaterThan(20);
  });
});

describe('signal faults', () => {
  it('puts a cluster of signals in fault or offline, then they recover', () => {
    const spec: IncidentSpec = { kind: 'signal-faults', start: START, place: TAIJIANG };
    const city = createCity({ seed: 13, scale: 1, geo, incidents: [spec] });
    const broken = (t: number) =>
      inPlace(city.snapshot('signals', t), TAIJIANG).filter(
        (s) => s.mode === 'fault' || s.mode === 'offline',
      );
    const during = broken(START + 60 * MINUTE);
    expect(during.length).toBeGreaterThanOrEqual(12);
    // A cluster: the broken signals are close together (most within about 3 km of their mean).
    const cx = mean(during.map((s) => s.position[0]));
    const cy = mean(during.map((s) => s.position[1]));
    const near = during.filter((s) => Math.hypot(s.position[0] - cx, s.position[1] - cy) < 0.03);
    expect(near.length).toBeGreaterThan(during.length * 0.7);
    expect(broken(START + 4 * HOUR).length).toBeLessThan(during.length / 3);
  });
});

describe('hotspot surge', () => {
  it('multiplies detections at the place’s hotspots', () => {
    const spec: IncidentSpec = { kind: 'hotspot-surge', start: START, place: GULOU };
    const calm = createCity({ seed: 14, scale: 1, geo });
    const surge = createCity({ seed: 14, scale: 1, geo, incidents: [spec] });
    const t = START + 2 * HOUR;
    const atHotspots = (city: typeof calm) =>
      inPlace(city.snapshot('detections', t), GULOU).filter(
        (d) => d.hotspot !== null && d.observedAt >= START,
      ).length;
    expect(atHotspots(surge)).toBeGreaterThan(2 * atHotspots(calm) + 20);
    // Surge detections raise tickets like any other, and the link holds.
    const tickets = new Map(surge.snapshot('tickets', t).map((x) => [x.id, x]));
    for (const d of surge.snapshot('detections', t))
      if (d.ticketId !== null) expect(tickets.get(d.ticketId)?.sourceRef).toBe(d.id);
  });
});

describe('incident control', () => {
  it('trigger() adds an incident that later snapshots and activeIncidents reflect', () => {
    const city = createCity({ seed: 15, scale: 1, geo });
    const t = START + 2 * HOUR;
    const before = city.snapshot('sensors', t);
    expect(city.activeIncidents(t)).toEqual([]);
    city.trigger({ kind: 'rainstorm', start: START, place: GULOU });
    expect(city.activeIncidents(t)).toEqual([{ kind: 'rainstorm', start: START, place: GULOU }]);
    expect(city.activeIncidents(START + INCIDENT_DURATION)).toEqual([]);
    expect(city.snapshot('sensors', t)).not.toEqual(before);
    expect(() => city.trigger({ kind: 'rainstorm', start: START, place: '999999' })).toThrow();
  });

  it('the demo loop plays one incident every four hours, cycling kinds and places, from the seed', () => {
    const a = createCity({ seed: 16, scale: 1, geo, incidentLoop: true });
    const b = createCity({ seed: 16, scale: 1, geo, incidentLoop: true });
    const seen: IncidentSpec[] = [];
    for (let t = START; t < START + 48 * HOUR; t += LOOP_PERIOD) {
      const active = a.activeIncidents(t + 40 * MINUTE);
      expect(active).toHaveLength(1);
      expect(b.activeIncidents(t + 40 * MINUTE)).toEqual(active);
      seen.push(...active);
    }
    expect(new Set(seen.map((i) => i.kind)).size).toBe(4);
    expect(new Set(seen.map((i) => i.place)).size).toBeGreaterThanOrEqual(5);
    // A quiet hour between incidents.
    const gap = seen[0] as IncidentSpec;
    expect(a.activeIncidents(gap.start + INCIDENT_DURATION + 31 * MINUTE)).toHaveLength(0);
    const other = createCity({ seed: 17, scale: 1, geo, incidentLoop: true });
    expect(other.activeIncidents(START + 40 * MINUTE)).not.toEqual(
      a.activeIncidents(START + 40 * MINUTE),
    );
  });
});
