import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  decodeColumnarRows,
  idOrderHash,
  sortIds,
  type ColumnarDeltaPayload,
} from '../../src/adapters/native-rest/columnar-delta';
import { FEED_NAMES, type FeedName } from '../../src/domain/common';
import { feedItemSchemas, type DeltaPayload, type SnapshotPayload } from '../../src/domain/feeds';
import type { HiResEvent, SignalConfig } from '../../src/features/traffic/hi-res';
import { createIncidentBook } from '../sim/incidents';
import { loadGeo } from '../sim/load-geo-node';
import { createPlaces } from '../sim/places';
import { createSignalWorld, type SignalWorld } from '../sim/signals';
import type { SimCity } from '../sim/types';
import { createFakeCity, manualTime } from './fake-city';
import { createFeedServer, type FeedResponse, type FeedServerOptions } from './feed-server';
import { createSimClock } from './sim-clock';

const T0 = Date.UTC(2026, 10, 22, 0, 0, 2);
type Item = { id: string } & Record<string, unknown>;
/** An 11-digit run not part of a longer number (epoch ms have 13 digits). */
const PHONE_LIKE = /(?<!\d)\d{11}(?!\d)/;

function setup(options: Partial<FeedServerOptions> & { city?: SimCity; speed?: number } = {}) {
  const time = manualTime();
  const clock = createSimClock({ start: T0, speed: options.speed ?? 1, realNow: time.realNow });
  const city = options.city ?? createFakeCity();
  const server = createFeedServer({ ...options, city, clock });
  const get = (feed: string, query = '', ifNoneMatch?: string): Promise<FeedResponse> =>
    server.handle({ feed, params: new URLSearchParams(query), headers: { ifNoneMatch } });
  return { time, clock, city, server, get };
}

function json<T>(response: FeedResponse): T {
  return JSON.parse(response.body ?? '') as T;
}

function applyDelta(items: readonly Item[], delta: DeltaPayload<Item>): Item[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  for (const id of delta.removed) byId.delete(id);
  for (const item of delta.upserts) byId.set(item.id, item);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** What a client holding `items` makes of a columnar delta. */
function applyColumnar(items: readonly Item[], delta: ColumnarDeltaPayload<Item>): Item[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  const sortedIds = sortIds(byId.keys());
  const rows = decodeColumnarRows(delta, { items: byId, sortedIds, hash: idOrderHash(sortedIds) });
  const upserts = [...(rows.items as Item[]), ...delta.upserts];
  return applyDelta(items, { ...delta, feed: delta.feed as FeedName, upserts });
}

function invalidCount(feed: FeedName, items: readonly unknown[]): number {
  return items.filter((item) => !feedItemSchemas[feed].safeParse(item).success).length;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('snapshot', () => {
  it.each(FEED_NAMES)('serves %s as a valid snapshot at the tick time', async (feed) => {
    const { get } = setup();
    const response = await get(feed);
    expect(response.status).toBe(200);
    expect(response.headers['Content-Type']).toMatch(/^application\/json/);
    expect(response.headers['Cache-Control']).toBe('no-cache');
    const body = json<SnapshotPayload>(response);
    const version = Math.floor(T0 / 5000);
    expect(body).toMatchObject({ feed, version, generatedAt: version * 5000 });
    expect(body.items.length).toBeGreaterThan(0);
    expect(invalidCount(feed, body.items)).toBe(0);
    expect(response.headers.ETag).toBe(`"${feed}-42-${version}-desktop"`);
  });

  it('answers 304 to a matching If-None-Match and 200 once the version moves', async () => {
    const { get, time } = setup();
    const first = await get('tickets');
    const etag = first.headers.ETag ?? '';
    const again = await get('tickets', '', etag);
    expect(again.status).toBe(304);
    expect(again.body).toBeUndefined();
    expect(again.headers).toEqual({ ETag: etag, 'Cache-Control': 'no-cache' });
    expect((await get('tickets', '', `"other", W/${etag}`)).status).toBe(304);
    expect((await get('tickets', 'view=wall', etag)).status).toBe(200);
    time.advance(2999);
    expect((await get('tickets', '', etag)).status).toBe(304);
    time.advance(1);
    const next = await get('tickets', '', etag);
    expect(next.status).toBe(200);
    expect(json<SnapshotPayload>(next).version).toBe(json<SnapshotPayload>(first).version + 1);
  });

  it('computes a version once and serves the same bytes again', async () => {
    const city = createFakeCity();
    const spy = vi.spyOn(city, 'snapshot');
    const { get } = setup({ city });
    const a = await get('sensors');
    const b = await get('sensors');
    expect(b.body).toBe(a.body);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalledWith('sensors', json<SnapshotPayload>(a).version * 5000);
  });

  it('answers 404 for an unknown feed and 400 for bad parameters, as JSON', async () => {
    const { get } = setup();
    const missing = await get('parking');
    expect(missing.status).toBe(404);
    expect(json<{ error: string }>(missing).error).toBe('unknown_feed');
    expect((await get('tickets', 'since=abc')).status).toBe(400);
    expect((await get('tickets', 'since=-1')).status).toBe(400);
    expect((await get('tickets', 'view=kiosk')).status).toBe(400);
    expect((await get('tickets', 'view=desktop')).status).toBe(200);
  });
});

describe('delta', () => {
  it.each(FEED_NAMES)('turns the old %s snapshot into the new one', async (feed) => {
    const { get, time } = setup();
    const old = json<SnapshotPayload<Item>>(await get(feed));
    time.advance(5 * 60_000);
    const delta = json<DeltaPayload<Item>>(await get(feed, `since=${old.version}`));
    const now = json<SnapshotPayload<Item>>(await get(feed));
    expect(delta).toMatchObject({
      feed,
      since: old.version,
      version: now.version,
      generatedAt: now.generatedAt,
    });
    expect(delta.upserts.length).toBeGreaterThan(0);
    expect(delta.upserts.length).toBeLessThanOrEqual(now.items.length);
    expect(applyDelta(old.items, delta)).toEqual(now.items);
  });

  it('reports removed ids and only changed items', async () => {
    const { get, time } = setup();
    const old = json<SnapshotPayload<Item>>(await get('tickets'));
    time.advance(3 * 60_000);
    const delta = json<DeltaPayload<Item>>(await get('tickets', `since=${old.version}`));
    const oldJson = new Map(old.items.map((item) => [item.id, JSON.stringify(item)]));
    expect(delta.removed.length).toBeGreaterThan(0);
    for (const id of delta.removed) expect(oldJson.has(id)).toBe(true);
    for (const item of delta.upserts) expect(oldJson.get(item.id)).not.toBe(JSON.stringify(item));
  });

  it('is empty for the current version, or 304 with its ETag', async () => {
    const { get } = setup();
    const snap = await get('signals');
    const version = json<SnapshotPayload>(snap).version;
    const delta = json<DeltaPayload>(await get('signals', `since=${version}`));
    expect(delta).toMatchObject({ version, since: version, upserts: [], removed: [] });
    expect((await get('signals', `since=${version}`, snap.headers.ETag)).status).toBe(304);
  });

  it('answers 410 for versions too old or from the future', async () => {
    const { get, clock } = setup();
    const current = Math.floor(T0 / 5000);
    expect((await get('tickets', `since=${current + 1}`)).status).toBe(410);
    expect((await get('tickets', `since=${current - 121}`)).status).toBe(410);
    expect((await get('tickets', `since=${current - 120}`)).status).toBe(200);
    const gone = json<{ error: string; version: number }>(await get('tickets', 'since=0'));
    expect(gone).toMatchObject({ error: 'gone', version: current });
    clock.setSpeed(600);
    expect((await get('tickets', `since=${current - 7000}`)).status).toBe(200);
    expect((await get('tickets', `since=${current - 7201}`)).status).toBe(410);
  });
});

describe('columnar delta', () => {
  it.each(FEED_NAMES)('turns the old %s snapshot into the new one', async (feed) => {
    const { get, time } = setup();
    const old = json<SnapshotPayload<Item>>(await get(feed));
    time.advance(5 * 60_000);
    const response = await get(feed, `since=${old.version}&delta=columns`);
    expect(response.status).toBe(200);
    const delta = json<ColumnarDeltaPayload<Item>>(response);
    const now = json<SnapshotPayload<Item>>(await get(feed));
    expect(delta).toMatchObject({
      feed,
      format: 'columns',
      since: old.version,
      version: now.version,
      generatedAt: now.generatedAt,
      base: { count: old.items.length },
    });
    expect(applyColumnar(old.items, delta)).toEqual(now.items);
    expect(response.headers.ETag).toBe(`"${feed}-42-${now.version}-desktop"`);
  });

  it('sends changed sensors and signals as rows of differences, in fewer bytes', async () => {
    const { get, time } = setup({ city: createFakeCity({ scale: 20 }) });
    const sensors = json<SnapshotPayload<Item>>(await get('sensors'));
    const signals = json<SnapshotPayload<Item>>(await get('signals'));
    time.advance(60_000);
    for (const [feed, old] of [
      ['sensors', sensors],
      ['signals', signals],
    ] as const) {
      const plain = await get(feed, `since=${old.version}`);
      const columns = await get(feed, `since=${old.version}&delta=columns`);
      const delta = json<ColumnarDeltaPayload<Item>>(columns);
      expect(delta.rows.length).toBe(json<DeltaPayload>(plain).upserts.length);
      expect(delta.upserts).toEqual([]);
      expect(delta.columns.length).toBeGreaterThan(0);
      for (const column of delta.columns) expect(column.entries).toHaveLength(delta.rows.length);
      expect(columns.body!.length).toBeLessThan(plain.body!.length / 3);
    }
  });

  it('is relative to the view asked for', async () => {
    const { get, time } = setup();
    const wall = json<SnapshotPayload<Item>>(await get('tickets', 'view=wall'));
    time.advance(10 * 60_000);
    const response = await get('tickets', `view=wall&since=${wall.version}&delta=columns`);
    expect(/"reporter"|"address"|"idNumber"|"phone"/.test(response.body ?? '')).toBe(false);
    const now = json<SnapshotPayload<Item>>(await get('tickets', 'view=wall'));
    expect(applyColumnar(wall.items, json(response))).toEqual(now.items);
  });

  it('answers the plain form for the current version, under item faults and to other values', async () => {
    const { get, server, time } = setup();
    const old = json<SnapshotPayload<Item>>(await get('signals'));
    const same = json<DeltaPayload>(await get('signals', `since=${old.version}&delta=columns`));
    expect(same).toEqual({
      feed: 'signals',
      version: old.version,
      since: old.version,
      generatedAt: old.generatedAt,
      upserts: [],
      removed: [],
    });
    time.advance(60_000);
    expect(
      json<object>(await get('signals', `since=${old.version}&delta=rows`)),
    ).not.toHaveProperty('format');
    server.setFault('signals', { kind: 'invalid', percent: 50 });
    time.advance(5000);
    const base = json<SnapshotPayload>(await get('signals'));
    time.advance(60_000);
    const delta = json<DeltaPayload>(await get('signals', `since=${base.version}&delta=columns`));
    expect(delta).not.toHaveProperty('format');
    expect(invalidCount('signals', delta.upserts)).toBe(Math.floor(delta.upserts.length / 2));
  });

  it('answers 410 as the plain form does', async () => {
    const { get } = setup();
    const current = Math.floor(T0 / 5000);
    expect((await get('tickets', `since=${current + 1}&delta=columns`)).status).toBe(410);
    expect((await get('tickets', `since=${current - 121}&delta=columns`)).status).toBe(410);
  });
});

describe('wall view', () => {
  it('leaves out reporter and address, in snapshots and deltas', async () => {
    const { get, time } = setup();
    const desktop = await get('tickets');
    expect(/"reporter"/.test(desktop.body ?? '')).toBe(true);
    expect(PHONE_LIKE.test(desktop.body ?? '')).toBe(true);
    const wall = await get('tickets', 'view=wall');
    const version = json<SnapshotPayload>(wall).version;
    expect(wall.headers.ETag).toBe(`"tickets-42-${version}-wall"`);
    time.advance(10 * 60_000);
    const delta = await get('tickets', `view=wall&since=${version}`);
    for (const response of [wall, delta]) {
      expect(response.status).toBe(200);
      expect(/"reporter"|"address"|"idNumber"|"phone"/.test(response.body ?? '')).toBe(false);
      expect(PHONE_LIKE.test(response.body ?? '')).toBe(false);
    }
    expect(json<DeltaPayload>(delta).upserts.length).toBeGreaterThan(0);
  });

  it("strips again after the sim's own projection", async () => {
    const toWall = vi.fn((ticket) => ticket);
    const { get } = setup({ toWall });
    const wall = await get('tickets', 'view=wall');
    expect(toWall).toHaveBeenCalled();
    expect(/"reporter"|"address"/.test(wall.body ?? '')).toBe(false);
  });
});

describe('faults', () => {
  it('down: 503 with a JSON error', async () => {
    const { get, server } = setup();
    server.setFault('tickets', { kind: 'down' });
    const response = await get('tickets');
    expect(response.status).toBe(503);
    expect(json<{ error: string }>(response).error).toBe('unavailable');
    expect((await get('signals')).status).toBe(200);
  });

  it('slow: answers after the delay (fake timers)', async () => {
    vi.useFakeTimers();
    const { get, server } = setup();
    server.setFault('sensors', { kind: 'slow', ms: 3000 });
    let settled = false;
    const pending = get('sensors').then((response) => {
      settled = true;
      return response;
    });
    await vi.advanceTimersByTimeAsync(2999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(200);
  });

  it('slow: measured in real time', async () => {
    const { get, server } = setup();
    server.setFault('sensors', { kind: 'slow', ms: 60 });
    const started = performance.now();
    const response = await get('sensors');
    expect(performance.now() - started).toBeGreaterThanOrEqual(59);
    expect(response.status).toBe(200);
  });

  it('garbage: 200 whose body is not JSON', async () => {
    const { get, server, time } = setup();
    server.setFault('all', { kind: 'garbage' });
    for (let i = 0; i < 2; i += 1) {
      const response = await get('detections');
      expect(response.status).toBe(200);
      expect(() => JSON.parse(response.body ?? '')).toThrow();
      time.advance(5000);
    }
  });

  it('invalid: mixes the given share of invalid items into a valid payload', async () => {
    const { get, server } = setup();
    const clean = json<SnapshotPayload>(await get('tickets'));
    server.setFault('tickets', { kind: 'invalid', percent: 25 });
    const response = await get('tickets');
    const body = json<SnapshotPayload>(response);
    expect(body.items).toHaveLength(clean.items.length);
    expect(invalidCount('tickets', body.items)).toBe(Math.floor(clean.items.length / 4));
    expect(response.headers.ETag).toMatch(/^"tickets-42-\d+-desktop-f[0-9a-z]+"$/);
    const shapes = body.items.filter((item) => !feedItemSchemas.tickets.safeParse(item).success);
    expect(shapes.some((item) => typeof item !== 'object')).toBe(true);
    expect(
      shapes.some((item) => typeof item === 'object' && item !== null && !('id' in item)),
    ).toBe(true);
  });

  it('invalid: corrupts delta upserts too', async () => {
    const { get, server, time } = setup();
    server.setFault('signals', { kind: 'invalid', percent: 50 });
    time.advance(5000);
    const base = json<SnapshotPayload>(await get('signals'));
    time.advance(60_000);
    const delta = json<DeltaPayload>(await get('signals', `since=${base.version}`));
    expect(delta.upserts.length).toBeGreaterThan(1);
    expect(invalidCount('signals', delta.upserts)).toBe(Math.floor(delta.upserts.length / 2));
  });

  it('empty: no items, its own ETag', async () => {
    const { get, server } = setup();
    const clean = await get('detections');
    server.setFault('detections', { kind: 'empty' });
    const response = await get('detections', '', clean.headers.ETag);
    expect(response.status).toBe(200);
    expect(json<SnapshotPayload>(response).items).toEqual([]);
    const version = json<SnapshotPayload>(response).version;
    expect((await get('detections', `since=${version}`)).status).toBe(410);
  });

  it('skew: shifts generatedAt', async () => {
    const { get, server } = setup();
    server.setFault('sensors', { kind: 'skew', ms: -600_000 });
    const body = json<SnapshotPayload>(await get('sensors'));
    expect(body.generatedAt).toBe(body.version * 5000 - 600_000);
  });

  it('clears, and makes clients with older versions take a snapshot', async () => {
    const { get, server, time } = setup();
    server.setFault('all', { kind: 'slow', ms: 1 });
    server.setFault('all', { kind: 'empty' });
    expect(server.faults.tickets).toEqual([{ kind: 'slow', ms: 1 }, { kind: 'empty' }]);
    const during = json<SnapshotPayload>(await get('tickets'));
    time.advance(5000);
    server.clearFault('tickets', 'slow');
    expect(server.faults.tickets).toEqual([{ kind: 'empty' }]);
    server.setFault('all', null);
    expect(server.faults).toEqual({ tickets: [], signals: [], sensors: [], detections: [] });
    expect((await get('tickets', `since=${during.version}`)).status).toBe(410);
    time.advance(5000);
    const after = json<SnapshotPayload>(await get('tickets'));
    expect(after.items.length).toBeGreaterThan(0);
    time.advance(5000);
    expect((await get('tickets', `since=${after.version}`)).status).toBe(200);
  });

  it('keeps deltas going across faults that do not change the items', async () => {
    const { get, server, time } = setup();
    const base = json<SnapshotPayload>(await get('tickets'));
    server.setFault('tickets', { kind: 'down' });
    server.setFault('tickets', { kind: 'skew', ms: 1000 });
    server.setFault('all', null);
    time.advance(5000);
    expect((await get('tickets', `since=${base.version}`)).status).toBe(200);
  });

  it('takes initial faults from the options', async () => {
    const { get } = setup({ faults: [{ target: 'tickets', fault: { kind: 'down' } }] });
    expect((await get('tickets')).status).toBe(503);
  });
});

describe('incidents', () => {
  it('start at the next version, so served versions keep their content', async () => {
    const { get, server, time, city } = setup();
    const before = await get('tickets');
    const version = json<SnapshotPayload>(before).version;
    const spec = server.trigger('rainstorm', '350102');
    expect(spec).toEqual({ kind: 'rainstorm', place: '350102', start: (version + 1) * 5000 });
    expect(city.snapshot('tickets', version * 5000)).toEqual(json<SnapshotPayload>(before).items);
    time.advance(5 * 90_000);
    const after = json<SnapshotPayload<Item>>(await get('tickets'));
    expect(after.items.some((item) => item.id.startsWith('TI-'))).toBe(true);
    expect(city.activeIncidents(after.version * 5000)).toEqual([spec]);
  });
});

describe('signal endpoints', () => {
  const places = createPlaces(loadGeo());
  const signals: SignalWorld = createSignalWorld(
    places,
    42,
    1,
    createIncidentBook(places, 42, [], false),
  );
  const id = signals.sites()[10]?.id ?? '';
  const HOUR = 3_600_000;
  const now = Math.floor(T0 / 5000) * 5000;
  type Events = {
    feed: string;
    id: string;
    from: number;
    to: number;
    cyclePhase: number;
    phases: SignalConfig['phases'];
    detectors: SignalConfig['detectors'];
    events: HiResEvent[];
  };
  type Series = {
    feed: string;
    metric: string;
    level: string;
    bin: number;
    from: number;
    to: number;
    series: { area: string; values: (number | null)[] }[];
  };

  it('serves one intersection’s event log with its detector configuration', async () => {
    const { get } = setup({ signals });
    const from = now - HOUR;
    const response = await get(`signals/${id}/events`, `from=${from}&to=${now}`);
    expect(response.status).toBe(200);
    expect(response.headers['Content-Type']).toMatch(/^application\/json/);
    const body = json<Events>(response);
    expect(body).toMatchObject({ feed: 'signals', id, from, to: now });
    expect(body.detectors.length).toBeGreaterThan(0);
    expect(body.detectors.every((d) => body.phases.some((p) => p.phase === d.phase))).toBe(true);
    expect(body.events.length).toBeGreaterThan(1000);
    expect(body.events.every(([t]) => t >= from && t < now)).toBe(true);
    expect(body.events).toEqual(signals.events(id, from, now)?.events);
  });

  it('stops at the server’s now: a controller has not logged the future', async () => {
    const { get } = setup({ signals });
    const half = json<Events>(
      await get(`signals/${id}/events`, `from=${now - HOUR / 2}&to=${now + HOUR / 2}`),
    );
    expect(half.to).toBe(now);
    expect(half.events.every(([t]) => t < now)).toBe(true);
    const ahead = json<Events>(
      await get(`signals/${id}/events`, `from=${now + 1000}&to=${now + 2000}`),
    );
    expect(ahead.events).toEqual([]);
  });

  it('answers 400 for a bad window and 404 for an unknown id, whatever the id', async () => {
    const { get } = setup({ signals });
    const path = `signals/${id}/events`;
    for (const query of [
      '',
      `from=${now}`,
      `from=${now}&to=${now}`,
      `from=${now}&to=${now - 1}`,
      `from=${now - HOUR - 1}&to=${now}`,
      'from=abc&to=def',
      `from=-5&to=${now}`,
    ])
      expect((await get(path, query)).status, query).toBe(400);
    for (const unknown of [
      'SIG-999999-00000',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'a b',
      '%00',
    ]) {
      const response = await get(`signals/${unknown}/events`, `from=${now - 1000}&to=${now}`);
      expect(response.status, unknown).toBe(404);
      expect(json<{ error: string }>(response).error).toBe('unknown_signal');
    }
    for (const path of [
      'signals/series/x',
      `signals/${id}`,
      `signals/${id}/events/more`,
      'tickets/series',
    ])
      expect((await get(path, `from=${now - 1000}&to=${now}`)).status, path).toBe(404);
  });

  it('serves the congestion index and volume per area and bin, null ahead of now', async () => {
    const { get } = setup({ signals });
    const from = now - 24 * HOUR;
    const to = now + HOUR;
    const city = json<Series>(
      await get('signals/series', `metric=congestion&level=city&bin=900000&from=${from}&to=${to}`),
    );
    expect(city).toMatchObject({
      feed: 'signals',
      metric: 'congestion',
      level: 'city',
      bin: 900000,
    });
    expect(city.from).toBe(Math.floor(from / 900000) * 900000);
    const values = city.series[0]?.values ?? [];
    expect(values.length).toBe(25 * 4 + (from % 900000 === 0 ? 0 : 1));
    expect(values.slice(0, 90).every((v) => v !== null && v >= 0 && v <= 10)).toBe(true);
    expect(values.slice(-4)).toEqual([null, null, null, null]);
    const streets = json<Series>(
      await get('signals/series', `metric=volume&level=street&area=350102&from=${from}&to=${now}`),
    );
    expect(streets.series.length).toBeGreaterThan(3);
    expect(streets.series.every((s) => s.area.startsWith('350102'))).toBe(true);
    // Eight days back: today against the same weekday last week.
    const week = await get(
      'signals/series',
      `metric=congestion&level=district&from=${now - 8 * 24 * HOUR}&to=${now}`,
    );
    expect(week.status).toBe(200);
  });

  it('answers 400 for bad series parameters', async () => {
    const { get } = setup({ signals });
    const w = `from=${now - HOUR}&to=${now}`;
    for (const query of [
      `metric=speed&level=city&${w}`,
      `metric=congestion&level=community&${w}`,
      `metric=congestion&level=city&bin=300000&${w}`,
      `metric=congestion&level=city&from=${now - 9 * 24 * HOUR}&to=${now}`,
      `metric=congestion&level=city`,
      `metric=congestion&level=district&area=999999&${w}`,
      `metric=congestion&level=district&area=350102001&${w}`,
      `metric=congestion&level=street&area=__proto__&${w}`,
    ])
      expect((await get('signals/series', query)).status, query).toBe(400);
  });

  it('follows the signals feed’s faults, and is a 404 where no signal data is served', async () => {
    const { get, server } = setup({ signals });
    server.setFault('signals', { kind: 'down' });
    expect(
      (await get('signals/series', `metric=volume&level=city&from=${now - HOUR}&to=${now}`)).status,
    ).toBe(503);
    const bare = setup();
    const response = await bare.get(`signals/${id}/events`, `from=${now - 1000}&to=${now}`);
    expect(response.status).toBe(404);
    expect(json<{ error: string }>(response).error).toBe('not_served');
  });
});

describe('optional endpoints of the simulated city', () => {
  it('serves a feed’s endpoint the city offers, 404 for one it does not, under the feed’s faults', async () => {
    const city = createFakeCity();
    const clock = createSimClock({ start: Date.UTC(2026, 10, 22, 2), speed: 1, realNow: () => 0 });
    const withEndpoints = {
      ...city,
      options: city.options,
      endpoints: {
        sensors: (path: string, params: URLSearchParams, t: number) =>
          path === 'series' ? { status: 200, body: { metric: params.get('metric'), t } } : null,
      },
    };
    const server = createFeedServer({ city: withEndpoints, clock });
    const get = (feed: string, search = '') =>
      server.handle({ feed, params: new URLSearchParams(search), headers: {} });
    const ok = await get('sensors/series', 'metric=aqi');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body ?? '')).toEqual({ metric: 'aqi', t: clock.now() });
    expect((await get('sensors/nothing')).status).toBe(404);
    expect((await get('detections/series')).status).toBe(404);
    expect((await get('__proto__/series')).status).toBe(404);
    server.setFault('sensors', { kind: 'down' });
    expect((await get('sensors/series')).status).toBe(503);
  });

  it('keeps alarm acknowledgements for its clients, newest after `since`', async () => {
    const server = createFeedServer({
      city: createFakeCity(),
      clock: createSimClock({ start: 0, speed: 1, realNow: () => 0 }),
    });
    const post = (body: string) =>
      server.handle({
        feed: 'alarm-acks',
        method: 'POST',
        body,
        params: new URLSearchParams(),
        headers: {},
      });
    expect((await post('{"key":"a|1","firstAt":1,"at":5,"by":"A"}')).status).toBe(204);
    expect((await post('{"key":"a|2","firstAt":1,"at":9,"by":"B"}')).status).toBe(204);
    expect((await post('not json')).status).toBe(400);
    expect((await post('{"key":3}')).status).toBe(400);
    const list = await server.handle({
      feed: 'alarm-acks',
      params: new URLSearchParams('since=5'),
      headers: {},
    });
    expect(JSON.parse(list.body ?? '')).toEqual({
      acks: [{ key: 'a|2', firstAt: 1, at: 9, by: 'B' }],
    });
    // Feeds themselves are read-only.
    expect(
      (
        await server.handle({
          feed: 'tickets',
          method: 'POST',
          params: new URLSearchParams(),
          headers: {},
        })
      ).status,
    ).toBe(405);
  });
});

describe('one area and its counts (feeds past their budget)', () => {
  it('serves one area alone, in snapshots and deltas, and its counts one level down', async () => {
    const { get, time } = setup();
    const all = json<SnapshotPayload<Item>>(await get('tickets')).items;
    const district = all[0]!.district as string;
    const mine = all.filter((t) => t.district === district);
    const first = await get('tickets', `area=${district}`);
    const snapshot = json<SnapshotPayload<Item>>(first);
    expect(snapshot.items.map((t) => t.id).sort()).toEqual(mine.map((t) => t.id).sort());
    expect(first.headers.ETag).not.toBe((await get('tickets')).headers.ETag);
    time.advance(60_000);
    const delta = json<DeltaPayload<Item>>(
      await get('tickets', `area=${district}&since=${snapshot.version}`),
    );
    for (const item of delta.upserts) expect(item.district).toBe(district);

    const counts = json<{ total: number; level: string; groups: { key: string; count: number }[] }>(
      await get('tickets/aggregate', `within=${district}&level=street`),
    );
    const now = json<SnapshotPayload<Item>>(await get('tickets', `area=${district}`)).items;
    expect(counts.total).toBe(now.length);
    for (const g of counts.groups) {
      expect(g.key.startsWith(district)).toBe(true);
      expect(g.count).toBe(now.filter((t) => t.street === g.key).length);
    }
    const cells = json<{ groups: { key: string }[] }>(
      await get('tickets/aggregate', `within=${district}&level=cell`),
    );
    for (const g of cells.groups) expect(g.key).toMatch(/^8[0-9a-f]{14}$/);
  });

  it('counts every feed, signals too (their own endpoints live under signals/)', async () => {
    const { get } = setup();
    for (const feed of ['tickets', 'signals', 'sensors', 'detections']) {
      const all = json<SnapshotPayload<Item>>(await get(feed)).items;
      const reply = await get(`${feed}/aggregate`, 'level=district');
      expect(reply.status, feed).toBe(200);
      const counts = json<{ total: number; groups: { key: string; count: number }[] }>(reply);
      expect(counts.total, feed).toBe(all.length);
      expect(
        counts.groups.reduce((n, g) => n + g.count, 0),
        feed,
      ).toBe(all.length);
    }
  });

  it('refuses what is not an area or a level, and a feed it does not have', async () => {
    const { get } = setup();
    expect((await get('tickets', 'area=__proto__')).status).toBe(400);
    expect((await get('tickets/aggregate', 'within=constructor&level=district')).status).toBe(400);
    expect((await get('tickets/aggregate', 'level=toString')).status).toBe(400);
    expect((await get('__proto__/aggregate', 'level=district')).status).toBe(404);
  });
});
