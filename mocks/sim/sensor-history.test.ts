// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { SensorReading } from '../../src/domain/sensor';
import { createGeoIndex } from '../../src/geo/geo-index';
import { createCity } from './city';
import { HOUR, MINUTE, TZ_OFFSET } from './clock';
import { loadGeo } from './load-geo-node';

const geo = loadGeo();
const index = createGeoIndex(geo);
// Thursday 20 November 2025, 10:00 in Fuzhou.
const T = Date.UTC(2025, 10, 20, 10) - TZ_OFFSET;
const GULOU = '350102';

const ask = (
  city: ReturnType<typeof createCity>,
  path: string,
  query: Record<string, string | number>,
  t = T,
) =>
  city.endpoints!.sensors!(
    path,
    new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])),
    t,
  )!;

describe('sensors endpoints (sim)', () => {
  const city = createCity({ seed: 5, scale: 1, geo });

  it('serve hourly mean concentrations per area, national stations where there are some', () => {
    const answer = ask(city, 'series', {
      metric: 'air',
      level: 'district',
      bin: HOUR,
      from: T - 24 * HOUR,
      to: T + 2 * HOUR,
    });
    expect(answer.status).toBe(200);
    const body = answer.body as {
      series: {
        area: string;
        basis: (string | null)[];
        stations: number[];
        values: Record<string, (number | null)[]>;
      }[];
    };
    expect(body.series.length).toBe(13);
    const gulou = body.series.find((s) => s.area === GULOU)!;
    expect(gulou.values.pm25!.length).toBe(26);
    // Bins that have not ended are null, not zero.
    expect(gulou.values.pm25!.slice(-2)).toEqual([null, null]);
    expect(gulou.values.pm25!.slice(0, 24).every((v) => v !== null && v > 0)).toBe(true);
    expect(gulou.basis.slice(0, 24).every((b) => b === 'national')).toBe(true);
    // A county without a national station: its micro-stations.
    const yongtai = body.series.find((s) => s.area === '350125')!;
    expect(yongtai.basis[0]).toBe('micro');
    // The same bin asked again is the same answer.
    expect(
      ask(city, 'series', { metric: 'air', level: 'city', from: T - HOUR, to: T }).body,
    ).toEqual(ask(city, 'series', { metric: 'air', level: 'city', from: T - HOUR, to: T }).body);
  });

  it('refuse bad parameters', () => {
    expect(ask(city, 'series', { metric: 'noise', level: 'city', from: 0, to: 1 }).status).toBe(
      400,
    );
    expect(ask(city, 'series', { metric: 'air', level: 'x', from: 0, to: 1 }).status).toBe(400);
    expect(ask(city, 'series', { metric: 'air', level: 'city', from: T, to: T - 1 }).status).toBe(
      400,
    );
    expect(
      ask(city, 'series', { metric: 'air', level: 'street', area: '999999', from: T - HOUR, to: T })
        .status,
    ).toBe(400);
    expect(ask(city, '__proto__/history', { from: T - HOUR, to: T }).status).toBe(404);
    expect(ask(city, 'readings', { kind: 'air', at: T + HOUR }).status).toBe(400);
    expect(ask(city, 'readings', { kind: 'constructor', at: T }).status).toBe(400);
    expect(city.endpoints!.sensors!('nothing', new URLSearchParams(), T)).toBeNull();
  });

  it('give one sensor’s readings over a window, at its period, none from the future', () => {
    const sensors = city.snapshot('sensors', T);
    const micro = sensors.find(
      (s) => s.kind === 'air' && s.network === 'micro' && s.status !== 'offline',
    )!;
    const answer = ask(city, `${micro.id}/history`, { from: T - 24 * HOUR, to: T + HOUR });
    const body = answer.body as { to: number; periodMs: number; readings: SensorReading[] };
    expect(body.periodMs).toBe(5 * MINUTE);
    expect(body.to).toBe(T);
    expect(body.readings.length).toBeGreaterThan(250);
    const times = body.readings.map((r) => r.observedAt);
    expect(times.every((t, i) => i === 0 || t - times[i - 1]! >= 5 * MINUTE)).toBe(true);
    // The last one is the feed's own reading.
    expect(body.readings.at(-1)).toMatchObject({
      observedAt: micro.observedAt,
      values: micro.values,
    });
  });

  it('give every sensor of a kind as it stood at a time: the water rising in a rainstorm', () => {
    const storm = createCity({
      seed: 5,
      scale: 1,
      geo,
      incidents: [{ kind: 'rainstorm', start: T, place: GULOU }],
    });
    const at = (t: number) =>
      (
        ask(storm, 'readings', { kind: 'waterlogging', at: t }, T + 3 * HOUR).body as {
          items: { id: string; values: { depthCm: number } }[];
        }
      ).items;
    const before = new Map(at(T + 60 * MINUTE).map((r) => [r.id, r.values.depthCm]));
    const later = at(T + 90 * MINUTE).filter((r) => r.id.includes(GULOU));
    expect(later.length).toBeGreaterThan(5);
    expect(later.filter((r) => r.values.depthCm > (before.get(r.id) ?? 0)).length).toBeGreaterThan(
      later.length / 2,
    );
    // The feed at that time says the same.
    const feed = storm
      .snapshot('sensors', T + 90 * MINUTE)
      .filter((s) => s.kind === 'waterlogging');
    expect(feed.map((s) => [s.id, s.values])).toEqual(
      at(T + 90 * MINUTE).map((r) => [r.id, r.values]),
    );
  });

  it('say since when a point has been in alarm', () => {
    const storm = createCity({
      seed: 5,
      scale: 1,
      geo,
      incidents: [{ kind: 'rainstorm', start: T, place: GULOU }],
    });
    const alarms = storm
      .snapshot('sensors', T + 120 * MINUTE)
      .filter((s) => s.kind === 'waterlogging' && s.status === 'alarm');
    expect(alarms.length).toBeGreaterThan(0);
    for (const s of alarms) {
      expect(s.statusSince).toBeLessThanOrEqual(s.observedAt);
      expect(s.statusSince).toBeGreaterThan(T);
      const earlier = (
        ask(storm, 'readings', { kind: 'waterlogging', at: s.statusSince! - 1 }, T + 3 * HOUR)
          .body as { items: { id: string; status: string }[] }
      ).items.find((r) => r.id === s.id)!;
      expect(earlier.status).not.toBe('alarm');
    }
  });

  it('list the 散乱污 enterprises, each inside its district', () => {
    const body = ask(city, 'enterprises', {}).body as {
      enterprises: { id: string; position: [number, number]; district: string; status: string }[];
    };
    expect(body.enterprises.length).toBe(60);
    expect(new Set(body.enterprises.map((e) => e.id)).size).toBe(60);
    for (const e of body.enterprises) expect(index.districtAt(e.position)).toBe(e.district);
    expect(new Set(body.enterprises.map((e) => e.status))).toEqual(
      new Set(['rectifying', 'rectified', 'shutdown']),
    );
  });

  it('report periods, averaging times and networks in the feed', () => {
    const sensors = city.snapshot('sensors', T);
    const national = sensors.filter((s) => s.kind === 'air' && s.network === 'national');
    expect(national.length).toBe(10);
    for (const s of national) {
      expect(s).toMatchObject({ periodMs: HOUR, averagingMs: HOUR });
      // On the hour, with the 8-hour ozone mean.
      expect(s.observedAt % HOUR).toBe(0);
      expect(s.kind === 'air' && typeof s.values.o3_8h).toBe('number');
    }
    expect(sensors.every((s) => typeof s.periodMs === 'number')).toBe(true);
  });
});
