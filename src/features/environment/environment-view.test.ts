import { describe, expect, it } from 'vitest';
import { loadGeo } from '../../../mocks/sim/load-geo-node';
import { createCity } from '../../../mocks/sim/city';
import type { SensorReading } from '@/domain/sensor';
import { pointIdAt, pointIndexOf } from '@/feeds/point-columns';
import { buildEnvironmentSummary, buildEnvironmentView } from './environment-view';
import { STATE_CODE } from './readings';
import { sensorColumns } from './sensor-columns';
import { comparisonTimes, overviewRefs, seriesRef } from './resources';
import { parseEnvironmentSettings } from './settings';
import { HOUR, MIN, T, context, inputWith, resourceKey, sensor } from './test-fixtures';

const build = (
  items: SensorReading[],
  area: string | null = null,
  resources = {},
  ctx = context(),
) => buildEnvironmentView(items, { area }, ctx, inputWith(items, resources));

describe('readings that are not readings', () => {
  it('never counts a stale, offline or out-of-range sensor, and shows each as such', () => {
    const fresh = sensor('air', {
      values: { pm25: 80, pm10: 60, o3: 50, no2: 20, so2: 5, co: 0.5 },
    });
    // 2 periods old by the source's clock: stale. Its PM2.5 would have made the AQI 500.
    const stale = sensor('air', {
      observedAt: T - 2 * HOUR - MIN,
      values: { pm25: 900, pm10: 60, o3: 50, no2: 20, so2: 5, co: 0.5 },
    });
    const offline = sensor('air', {
      status: 'offline',
      values: { pm25: 900, pm10: 1, o3: 1, no2: 1, so2: 1, co: 0.1 },
    });
    const lost = sensor('air', { observedAt: T - 11 * HOUR });
    const faulty = sensor('air', {
      values: { pm25: -1, pm10: 60, o3: 50, no2: 20, so2: 5, co: 0.5 },
    });
    const items = [fresh, stale, offline, lost, faulty];
    const v = build(items);
    expect(v.counts.air).toEqual({ total: 5, online: 1, stale: 1, offline: 2, outOfRange: 1 });
    // PM2.5 80: 100 + 50/40 × 5 = 106.25 → 107, from the one reading only.
    expect(v.air.now).toMatchObject({ aqi: 107, level: 3, primary: ['pm25'], stations: 1 });
    expect(v.air.stations).toBe(1);
    expect(v.air.ranking.map((r) => r.id)).toEqual([fresh.id]);
    // On the map: each with its state, and no level (0) unless it is a reading.
    const at = (id: string) => pointIndexOf(v.points.ids, id);
    expect(v.points.state[at(stale.id)]).toBe(STATE_CODE.stale);
    expect(v.points.state[at(offline.id)]).toBe(STATE_CODE.offline);
    expect(v.points.state[at(lost.id)]).toBe(STATE_CODE.offline);
    expect(v.points.state[at(faulty.id)]).toBe(STATE_CODE.outOfRange);
    for (const id of [stale.id, offline.id, lost.id, faulty.id])
      expect(v.points.level[at(id)]).toBe(0);
    expect(v.points.level[at(fresh.id)]).toBe(3);
  });

  it('builds the map’s drawing columns in the worker, keyed so that the page keeps what did not change', () => {
    const clean = { pm25: 20, pm10: 30, o3: 50, no2: 20, so2: 5, co: 0.5 };
    const a = sensor('air', { values: clean });
    const b = sensor('noise', {});
    const first = build([a, b]);
    const p = first.points;
    expect(p.length).toBe(2);
    // The columns are those of the codes: colour, size and icon per point.
    const expected = sensorColumns(p);
    expect(Array.from(p.colors)).toEqual(Array.from(expected.colors));
    expect(Array.from(p.sizes)).toEqual(Array.from(expected.sizes));
    expect(Array.from(p.icons)).toEqual(Array.from(expected.icons));
    expect([0, 1].map((i) => pointIdAt(p.ids, i)).sort()).toEqual([a.id, b.id].sort());
    // The same readings again: every key the same.
    const again = build([a, b]).points;
    expect([again.layoutKey, again.styleKey, again.iconKey]).toEqual([
      p.layoutKey,
      p.styleKey,
      p.iconKey,
    ]);
    // A worse reading where it was: the colours change, the positions and the icons do not.
    const worse = build([{ ...a, values: { ...clean, pm25: 200 } }, b]).points;
    expect(worse.layoutKey).toBe(p.layoutKey);
    expect(worse.iconKey).toBe(p.iconKey);
    expect(worse.styleKey).not.toBe(p.styleKey);
    // Offline: the icon changes (a dashed shape); moved: the layout.
    expect(build([{ ...a, status: 'offline' }, b]).points.iconKey).not.toBe(p.iconKey);
    const moved = { ...a, position: [a.position[0] + 0.001, a.position[1]] as [number, number] };
    expect(build([moved, b]).points.layoutKey).not.toBe(p.layoutKey);
  });

  it('has no AQI at all, not 0 or 优, when no station reads', () => {
    const v = build([sensor('air', { status: 'offline' })]);
    expect(v.air.now.aqi).toBeNull();
    expect(v.air.now.level).toBeNull();
    expect(v.air.children).toEqual([]);
  });

  it('turns a reading stale by the city clock once the source lags, and says when', () => {
    const noise = sensor('noise', { observedAt: T - 4 * MIN, periodMs: 5 * MIN });
    // The source is current: online until 2 periods and the clock lag have passed.
    const ctx = context(T);
    const v = buildEnvironmentView([noise], { area: null }, ctx, null);
    expect(v.counts.noise.online).toBe(1);
    const staleAt = noise.observedAt + 60 * MIN + 10 * MIN + 1;
    expect(ctx.boundaries).toContain(staleAt);
    // A source that stopped (its data 2 hours behind the clock): stale, then offline.
    const later = context(T + 2 * HOUR);
    const w = buildEnvironmentView([noise], { area: null }, { ...later, generatedAt: T }, null);
    expect(w.counts.noise).toMatchObject({ online: 0, offline: 1 });
  });
});

describe('air', () => {
  it('takes national stations where an area has one online, micro-stations elsewhere', () => {
    const national = sensor('air', {
      values: { pm25: 40, pm10: 50, o3: 60, no2: 20, so2: 8, co: 0.6 },
    });
    const micro = sensor('air', {
      network: 'micro',
      averagingMs: 0,
      values: { pm25: 200, pm10: 50, o3: 60, no2: 20, so2: null, co: null },
    });
    const county = sensor(
      'air',
      { network: 'micro', values: { pm25: 120, pm10: 80, o3: 60, no2: 20, so2: null, co: null } },
      '350125',
    );
    const v = build([national, micro, county]);
    // The city: the national station only (PM2.5 40: 50 + 50/40 × 5 = 56.25 → 57).
    expect(v.air.now).toMatchObject({ aqi: 57, basis: 'national', stations: 1, averagingMs: HOUR });
    expect(v.air.children.map((c) => [c.key, c.basis, c.aqi])).toEqual([
      ['350125', 'micro', 158],
      ['350102', 'national', 57],
    ]);
    // Ranking: every station with its own AQI, worst first.
    expect(v.air.ranking.map((r) => r.aqi)).toEqual([250, 158, 57]);
  });

  it('follows the configured edition', () => {
    const station = sensor('air', {
      values: { pm25: 70, pm10: 40, o3: 60, no2: 20, so2: 8, co: 0.6 },
    });
    const ctx2026 = context(T, parseEnvironmentSettings({ aqi: { edition: 'HJ633-2026' } }));
    expect(build([station]).air.now).toMatchObject({ aqi: 94, level: 2 });
    // 2026: 100 + 50/55 × 10 = 109.1 → 110.
    expect(buildEnvironmentView([station], { area: null }, ctx2026, null).air.now).toMatchObject({
      aqi: 110,
      level: 3,
      primary: ['pm25'],
    });
    expect(buildEnvironmentView([station], { area: null }, ctx2026, null).edition).toBe(
      'HJ 633-2026',
    );
  });

  it('reads the last 24 hours from the source, computes each hour by the edition, counts hours over 良 today', () => {
    const station = sensor('air');
    const ref = seriesRef(null, T)!;
    const n = 24;
    const pm25 = Array.from({ length: n }, (_, i) => (i < 20 ? 30 : i === 23 ? null : 90));
    const body = {
      bin: HOUR,
      from: T - 24 * HOUR,
      series: [
        {
          area: '350100',
          stations: pm25.map((v) => (v === null ? null : 10)),
          basis: pm25.map((v) => (v === null ? null : 'national')),
          values: {
            pm25,
            pm10: pm25.map(() => 40),
            o3: pm25.map(() => 50),
            no2: pm25.map(() => 20),
            so2: pm25.map(() => 5),
            co: pm25.map(() => 0.5),
          },
        },
      ],
    };
    const v = build([station], null, { [resourceKey(ref.path, ref.query)]: body });
    const trend = v.air.trend;
    expect(trend.state).toBe('offered');
    expect(trend.bins).toHaveLength(24);
    // An hour without data has no AQI: not 0.
    expect(trend.bins[23]).toMatchObject({ aqi: null, level: null });
    // PM2.5 90: 100 + 50/40 × 15 = 118.75 → 119.
    expect(trend.bins[20]).toMatchObject({ aqi: 119, level: 3, primary: ['pm25'] });
    // Today (from 00:00, i.e. bin 14 on) the hours 20–22 were over 良; 9 complete hours known.
    expect(trend.hoursOverGood).toBe(3);
    expect(trend.hoursKnown).toBe(9);
    // Now (AQI 50: PM10 at 50) against the hour that ended 2 hours ago (119): better.
    expect(trend).toMatchObject({ direction: 'better', delta: 50 - 119 });
  });

  it('says the history is not offered where the source has none', () => {
    const ref = seriesRef(null, T)!;
    expect(
      build([sensor('air')], null, { [resourceKey(ref.path, ref.query)]: null }).air.trend.state,
    ).toBe('absent');
    expect(build([sensor('air')]).air.trend.state).toBe('unavailable');
    expect(
      build([sensor('air')], null, { [resourceKey(ref.path, ref.query)]: { bin: 5 } }).air.trend
        .state,
    ).toBe('invalid');
  });
});

describe('water, noise, waterlogging and slopes', () => {
  it('shares points by class, names the indicator that sets it, finds those worse than 24 h ago', () => {
    const good = sensor('water');
    const poor = sensor('water', { values: { ph: 7, do: 1.5, codMn: 9, nh3n: 2.6, tp: 0.3 } });
    const at = comparisonTimes(T).water;
    const body = {
      at,
      items: [
        {
          id: poor.id,
          observedAt: at,
          status: 'warning',
          values: { ph: 7, do: 3.5, codMn: 8, nh3n: 1.2, tp: 0.25 },
        },
        { id: good.id, observedAt: at, status: 'normal', values: good.values },
      ],
    };
    const v = build([good, poor], null, {
      [resourceKey('readings', { kind: 'water', at: String(at) })]: body,
    });
    expect(v.water.byClass).toEqual([0, 1, 0, 0, 0, 1]);
    // 劣V set by DO (1.5 < 2) and NH3-N (2.6 > 2).
    expect(v.water.decisive[5]).toEqual([0, 1, 0, 1, 0]);
    expect(v.water.worse.map((r) => [r.id, r.before, r.waterClass])).toEqual([[poor.id, 4, 6]]);
    expect(v.water.rows[0]).toMatchObject({ id: poor.id, decisive: ['do', 'nh3n'] });
  });

  it('judges noise by the limit of its zone at the hour it was measured', () => {
    const day = sensor('noise', { zone: '1', values: { laeq: 58 } });
    const quiet = sensor('noise', { zone: '4a', values: { laeq: 66 } });
    const v = build([day, quiet]);
    expect(v.noise.period).toBe('day');
    expect(v.noise.nextSwitch).toBe(Date.parse('2026-11-19T22:00:00+08:00'));
    expect(v.noise.exceeding).toBe(1);
    expect(v.noise.rows).toMatchObject([{ id: day.id, limit: 55, over: 3, period: 'day' }]);
    // At 23:00 the night limits hold: class 4a 55.
    const night = T + 13 * HOUR;
    const n = buildEnvironmentView(
      [{ ...quiet, observedAt: night - MIN }],
      { area: null },
      context(night),
      null,
    );
    expect(n.noise).toMatchObject({ period: 'night', exceeding: 1, exceedingNight: 1 });
    expect(n.noise.rows[0]).toMatchObject({ limit: 55, over: 11 });
  });

  it('levels waterlogging by the configured depths and tells rising from falling', () => {
    const rising = sensor('waterlogging', {
      values: { depthCm: 42 },
      status: 'alarm',
      statusSince: T - 20 * MIN,
    });
    const falling = sensor('waterlogging', { values: { depthCm: 28 } });
    const dry = sensor('waterlogging');
    const at = comparisonTimes(T).waterlogging;
    const body = {
      at,
      items: [
        { id: rising.id, observedAt: at, status: 'warning', values: { depthCm: 30 } },
        { id: falling.id, observedAt: at, status: 'alarm', values: { depthCm: 41 } },
        { id: dry.id, observedAt: at, status: 'normal', values: { depthCm: 0 } },
      ],
    };
    const v = build([rising, falling, dry], null, {
      [resourceKey('readings', { kind: 'waterlogging', at: String(at) })]: body,
    });
    expect(v.waterlogging.byLevel).toEqual([1, 0, 1, 1]);
    expect(v.waterlogging).toMatchObject({
      rising: 1,
      falling: 1,
      trend: 'offered',
      comparedAt: at,
    });
    expect(v.waterlogging.rows.map((r) => [r.id, r.level, r.trend, r.since])).toEqual([
      [rising.id, 3, 'rising', T - 20 * MIN],
      [falling.id, 2, 'falling', null],
    ]);
    // 12 cm in (T − 1 min) − at: cm per hour.
    const span = (T - MIN - at) / HOUR;
    expect(v.waterlogging.rows[0]!.rate).toBeCloseTo(12 / span, 1);
    // Thresholds from config: 42 cm is only a warning where the alarm depth is 50.
    const strict = parseEnvironmentSettings({
      waterlogging: { attentionCm: 20, warningCm: 35, alarmCm: 50 },
    });
    expect(
      buildEnvironmentView([rising], { area: null }, context(T, strict), null).waterlogging.byLevel,
    ).toEqual([0, 0, 1, 0]);
  });

  it('raises a slope’s level by its rate over a day, when it is moving further', () => {
    const slope = sensor('slope', { values: { displacementMm: 20 } });
    const settling = sensor('slope', { values: { displacementMm: 10 } });
    const at = comparisonTimes(T).slope;
    const body = {
      at,
      items: [
        { id: slope.id, observedAt: at, status: 'normal', values: { displacementMm: 8 } },
        { id: settling.id, observedAt: at, status: 'normal', values: { displacementMm: 30 } },
      ],
    };
    const v = build([slope, settling], null, {
      [resourceKey('readings', { kind: 'slope', at: String(at) })]: body,
    });
    // 20 mm is below attention (15)? No: attention. Its rate ≈ 12 mm/day: alarm (10).
    const row = v.slope.rows.find((r) => r.id === slope.id)!;
    expect(row.rate).toBeGreaterThan(10);
    expect(row.level).toBe(3);
    // Moving back by 20 mm a day is not a hazard.
    expect(v.slope.rows.find((r) => r.id === settling.id)).toBeUndefined();
  });
});

describe('on the simulated city', () => {
  const geo = loadGeo();
  const city = createCity({ seed: 42, scale: 1, geo });
  const items = city.snapshot('sensors', T);
  const answers: Record<string, unknown> = {};
  for (const area of [null, '350102'])
    for (const ref of overviewRefs(area, T))
      answers[resourceKey(ref.path, ref.query)] =
        city.endpoints!.sensors!(ref.path, new URLSearchParams(ref.query), T)?.body ?? null;

  it('shows the same stations and AQI on the KPI, the map and the ranking', () => {
    for (const area of [null, '350102']) {
      const v = build(items, area, answers, { ...context(T), generatedAt: T });
      const airOnline: number[] = [];
      for (let i = 0; i < v.points.length; i += 1)
        if (v.points.kind[i]! <= 1 && v.points.state[i] === STATE_CODE.online) airOnline.push(i);
      // Every online station is ranked (up to the list's length) and drawn with its own level.
      expect(v.air.stations).toBe(airOnline.length);
      for (const row of v.air.ranking) {
        const i = pointIndexOf(v.points.ids, row.id);
        expect(v.points.level[i]).toBe(row.level);
      }
      // The KPI's stations are the online ones of its basis, the children's add up to the online ones.
      const basis = v.air.now.basis === 'national' ? [0] : [1];
      expect(v.air.now.stations).toBe(
        airOnline.filter((i) => basis.includes(v.points.kind[i]!)).length,
      );
      expect(v.counts.air.online).toBe(airOnline.length);
      // The summary (overview tile) says the same.
      const s = buildEnvironmentSummary(items, { area }, context(T));
      expect(s.air.aqi).toBe(v.air.now.aqi);
      expect(s.total).toEqual(v.total);
      expect(v.air.trend.state).toBe('offered');
      expect(v.enterprises.state).toBe('offered');
    }
  });
});
