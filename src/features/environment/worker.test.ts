// The environment scenario inside the feed worker: feed, optional endpoints, views and alarms,
// with ids a plain object would choke on.
import { describe, expect, it } from 'vitest';
import { pointIdAt, pointIndexOf } from '@/feeds/point-columns';
import { loadGeo } from '../../../mocks/sim/load-geo-node';
import type { FeedConfig } from '@/config/config-schema';
import { ALARMS_VIEW, type Alarm } from '@/feeds/alarms';
import { createWorkerCore } from '@/feeds/feed-worker-core';
import type { ViewResult } from '@/feeds/worker-protocol';
import type { EnvironmentView } from './environment-view';
import type { SensorDetail } from './sensor-detail';
import { parseEnvironmentSettings } from './settings';
import type { Surface } from './surface';
import { HOUR, MIN, T, sensor } from './test-fixtures';
import { scenarioWorker } from './worker';

const feed: FeedConfig = {
  adapter: 'native-rest',
  baseUrl: '/api/v1',
  pollIntervalMs: 10_000,
  freshness: { ageingAfterMs: 15_000, staleAfterMs: 30_000, downAfterMs: 100_000 },
};

const GEO = loadGeo();
const HOSTILE = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

function backend(withEndpoints: boolean) {
  const items = [
    sensor('waterlogging', {
      id: '__proto__',
      name: '__proto__',
      values: { depthCm: 48 },
      status: 'alarm',
      statusSince: T - 20 * MIN,
    }),
    sensor('air', {
      id: 'constructor',
      name: 'constructor',
      values: { pm25: 180, pm10: 90, o3: 50, no2: 20, so2: 5, co: 0.6 },
    }),
    sensor('water', {
      id: 'toString',
      name: 'toString',
      values: { ph: 7, do: 1, codMn: 9, nh3n: 2.5, tp: 0.3 },
    }),
    sensor('slope', { id: 'hasOwnProperty', name: 'valueOf', values: { displacementMm: 45 } }),
  ];
  const requests: string[] = [];
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    const path = decodeURIComponent(url.pathname.replace('/api/v1/', ''));
    requests.push(path);
    if (path === 'sensors') return json({ feed: 'sensors', version: 1, generatedAt: T, items });
    if (!withEndpoints) return json({ error: 'not_found' }, 404);
    if (path === 'sensors/__proto__/history')
      return json({
        feed: 'sensors',
        id: '__proto__',
        from: Number(url.searchParams.get('from')),
        to: T,
        readings: [0, 1, 2, 3].map((k) => ({
          observedAt: T - (4 - k) * 10 * MIN,
          status: 'normal',
          values: { depthCm: 10 * k, __proto__: 5 },
        })),
      });
    if (path === 'sensors/readings')
      return json({
        feed: 'sensors',
        at: Number(url.searchParams.get('at')),
        items: items.map((r) => ({
          id: r.id,
          observedAt: r.observedAt - HOUR,
          status: 'normal',
          values: r.values,
        })),
      });
    if (path === 'sensors/enterprises')
      return json({
        feed: 'sensors',
        enterprises: [
          {
            id: '__proto__',
            name: 'constructor',
            position: [119.3, 26.08],
            district: '350102',
            street: '350102001',
            community: '350102001001',
            status: 'rectifying',
          },
          { id: 'bad one', name: 'x' },
        ],
      });
    return json({ error: 'not_found' }, 404);
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

function core(withEndpoints = true, settings?: unknown) {
  const b = backend(withEndpoints);
  const c = createWorkerCore({
    feeds: { sensors: feed },
    profile: 'desktop',
    origin: 'http://localhost',
    fetch: b.fetch,
    scenarios: [scenarioWorker],
    settings: { environment: parseEnvironmentSettings(settings) },
    realNow: () => 0,
    geo: GEO,
  });
  const view = async <V>(id: string, params: unknown, have = -1) => {
    const r = (await c.view(id, params, have, T)) as ViewResult;
    if (r.kind !== 'view') throw new Error('expected a view');
    return r.view as V;
  };
  return { core: c, view, requests: b.requests };
}

describe('the environment scenario in the feed worker', () => {
  it('builds every view and raises its alarms for ids such as __proto__', async () => {
    const { view } = core();
    // The first build waits a moment for the endpoints; the next one reads them all.
    await view<EnvironmentView>('environment.overview', { area: null });
    const v = await view<EnvironmentView>('environment.overview', { area: null });
    expect(HOSTILE.map((id) => pointIdAt(v.points.ids, pointIndexOf(v.points.ids, id)))).toEqual(
      HOSTILE,
    );
    expect(v.air.ranking.map((r) => r.id)).toEqual(['constructor']);
    expect(v.waterlogging.rows.map((r) => r.id)).toEqual(['__proto__']);
    expect(v.water.byClass[5]).toBe(1);
    expect(v.slope.rows.map((r) => r.name)).toEqual(['valueOf']);
    // The enterprises' invalid entry is left out, the rest kept.
    expect(v.enterprises).toMatchObject({ state: 'offered', length: 1, names: ['constructor'] });
    expect(({} as Record<string, unknown>).depthCm).toBeUndefined();

    const s = await view<Surface>('environment.surface', { area: null });
    expect(s.stations).toBe(1);

    const d = await view<SensorDetail>('environment.sensor', { id: '__proto__' });
    expect(d).toMatchObject({ found: true, kind: 'waterlogging', state: 'online', level: 3 });
    expect(d.history.state).toBe('offered');
    expect(Array.from(d.indicators[0]!.spark)).toEqual([0, 10, 20, 30]);
    expect((await view<SensorDetail>('environment.sensor', { id: 'valueOf' })).found).toBe(false);

    const alarms = (await view<{ alarms: Alarm[] }>(ALARMS_VIEW, {})).alarms;
    expect(alarms.map((a) => [a.rule, a.entity, a.severity]).sort()).toEqual(
      [
        ['environment.aqi-level', 'constructor', 'critical'],
        ['environment.aqi-level', null, 'critical'],
        ['environment.slope', 'hasOwnProperty', 'critical'],
        ['environment.water-poor', 'toString', 'major'],
        ['environment.waterlogging', '__proto__', 'critical'],
      ].sort(),
    );
    expect(alarms.find((a) => a.entity === '__proto__')!.firstAt).toBe(T - 20 * MIN);
    expect(Object.prototype).not.toHaveProperty('depthCm');
  });

  it('works from a source without the optional endpoints, saying so', async () => {
    const { view } = core(false);
    await view<EnvironmentView>('environment.overview', { area: null });
    const v = await view<EnvironmentView>('environment.overview', { area: null });
    expect(v.air.trend.state).toBe('absent');
    expect(v.waterlogging.trend).toBe('absent');
    expect(v.water.baseline).toBe('absent');
    expect(v.enterprises.state).toBe('absent');
    expect(v.air.now.aqi).not.toBeNull();
    const d = await view<SensorDetail>('environment.sensor', { id: '__proto__' });
    expect(d.history.state).toBe('absent');
  });

  it('reads the city’s rules from its settings', async () => {
    const { view } = core(true, { waterlogging: { attentionCm: 30, warningCm: 50, alarmCm: 60 } });
    const v = await view<EnvironmentView>('environment.overview', { area: null });
    expect(v.waterlogging.byLevel).toEqual([0, 1, 0, 0]);
  });
});
