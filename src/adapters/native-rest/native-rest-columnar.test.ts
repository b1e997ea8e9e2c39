import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FeedConfig } from '@/config/config-schema';
import type { SensorReading } from '@/domain/sensor';
import type { DeltaBase, FeedAdapter, FeedCursor, FeedFetchResult } from '../feed-adapter';
import { sortIds, type ColumnarDeltaPayload } from './columnar-delta';
import { encodeColumnarDelta, encoderBase, type FeedItemJson } from './columnar-encode';
import { createNativeRestAdapter, PLAIN_DELTAS_AFTER_DISCARD } from './native-rest-adapter';

const ORIGIN = 'http://localhost';
const BASE = `${ORIGIN}/api/v1`;
const T0 = Date.UTC(2026, 10, 22, 2, 0, 0);

function sensor(id: string, pm25: number | null = 30, over: Partial<SensorReading> = {}) {
  return {
    id,
    position: [119.3, 26.08],
    district: '350102',
    street: '350102001',
    community: '350102001001',
    name: `空气站 ${id}`,
    status: 'normal',
    observedAt: T0,
    kind: 'air',
    values: { pm25, pm10: 40, o3: 60, no2: 20, so2: null, co: 0.6 },
    aqi: 50,
    primary: null,
    ...over,
  } as SensorReading;
}

type Payload = ColumnarDeltaPayload<FeedItemJson> & Record<string, unknown>;

/**
 * The sensors feed of docs/api.md with the columnar delta (the real encoder): `mode` `columns`
 * answers `delta=columns` in that form, `plain` ignores it, `always` sends columns unasked,
 * `refuse` answers 400 to it. `tamper` edits a columnar payload before it is sent.
 */
function createBackend() {
  const versions = new Map<number, SensorReading[]>();
  let version = 0;
  const state = {
    mode: 'columns' as 'columns' | 'plain' | 'always' | 'refuse',
    tamper: null as ((payload: Payload) => void) | null,
    /** The form of each 200 delta answered: `columns` or `items`. */
    served: [] as string[],
    publish(items: SensorReading[]) {
      version += 1;
      versions.set(version, items);
      return version;
    },
  };
  const answer = (request: Request): Response => {
    const url = new URL(request.url);
    const items = versions.get(version) ?? [];
    const sinceParam = url.searchParams.get('since');
    const head = { feed: 'sensors', version, generatedAt: T0 + version };
    if (sinceParam === null) return HttpResponse.json({ ...head, items });
    const since = Number(sinceParam);
    const before = versions.get(since);
    if (!before) return new HttpResponse(null, { status: 410 });
    const asked = url.searchParams.get('delta') === 'columns';
    if (asked && state.mode === 'refuse')
      return HttpResponse.json({ error: 'bad_delta' }, { status: 400 });
    const was = new Map(before.map((item) => [item.id, JSON.stringify(item)]));
    const now = new Set(items.map((item) => item.id));
    const removed = before.filter((item) => !now.has(item.id)).map((item) => item.id);
    if ((asked && state.mode === 'columns') || state.mode === 'always') {
      const json = (item: SensorReading) => JSON.parse(JSON.stringify(item)) as FeedItemJson;
      const changed = items
        .filter((item) => was.has(item.id) && was.get(item.id) !== JSON.stringify(item))
        .map((item) => ({
          before: JSON.parse(was.get(item.id)!) as FeedItemJson,
          after: json(item),
        }));
      const added = items.filter((item) => !was.has(item.id)).map(json);
      const base = encoderBase(before.map((item) => item.id));
      const payload = encodeColumnarDelta({ ...head, since }, base, changed, added, removed);
      const body = JSON.parse(JSON.stringify(payload)) as Payload;
      state.tamper?.(body);
      state.served.push('columns');
      return HttpResponse.json(body);
    }
    state.served.push('items');
    const upserts = items.filter((item) => was.get(item.id) !== JSON.stringify(item));
    return HttpResponse.json({ ...head, since, upserts, removed });
  };
  return { state, answer };
}

let backend = createBackend();
const requests: URL[] = [];
const server = setupServer(http.get(`${BASE}/sensors`, ({ request }) => backend.answer(request)));
server.events.on('request:start', ({ request }) => {
  requests.push(new URL(request.url));
});

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  backend = createBackend();
  requests.length = 0;
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const config = (overrides: Partial<FeedConfig> = {}): FeedConfig => ({
  adapter: 'native-rest',
  baseUrl: '/api/v1',
  pollIntervalMs: 5_000,
  freshness: { ageingAfterMs: 7_500, staleAfterMs: 15_000, downAfterMs: 50_000 },
  ...overrides,
});
const adapterOf = (c = config()) =>
  createNativeRestAdapter(c, { fetch: globalThis.fetch, origin: ORIGIN });

/** The base a client holds after `result`: its items by id (a worker keeps them so). */
function baseOf(items: readonly SensorReading[]): DeltaBase {
  const map = new Map(items.map((item) => [item.id, item]));
  const sorted = sortIds(map.keys());
  return { items: map, sortedIds: () => sorted };
}

function poll(
  adapter: FeedAdapter,
  since: FeedCursor | null,
  base: DeltaBase | null,
): Promise<FeedFetchResult<'sensors'>> {
  return adapter.fetch(
    { feed: 'sensors', profile: 'desktop' },
    { signal: new AbortController().signal, since, base },
  );
}

/** A snapshot at version 1 of A…E, then version 2 where B and D changed, E left and F came. */
async function start(adapter = adapterOf()) {
  const v1 = ['A', 'B', 'C', 'D', 'E'].map((id) => sensor(id));
  backend.state.publish(v1);
  const first = await poll(adapter, null, null);
  if (first.kind !== 'snapshot') throw new Error(`got ${first.kind}`);
  const v2 = [
    sensor('A'),
    sensor('B', 31, { observedAt: T0 + 60_000 }),
    sensor('C'),
    sensor('D', null, { status: 'offline' }),
    sensor('F', 12),
  ];
  backend.state.publish(v2);
  requests.length = 0;
  return { adapter, first, base: baseOf(first.items), v2 };
}

describe('native REST adapter: columnar delta', () => {
  it('asks for columns when it holds the base and decodes them into upserts', async () => {
    const { adapter, first, base, v2 } = await start();
    const result = await poll(adapter, first.cursor, base);
    if (result.kind !== 'delta') throw new Error(`got ${result.kind}`);
    expect(requests[0]?.searchParams.get('delta')).toBe('columns');
    expect(requests[0]?.searchParams.get('since')).toBe('1');
    expect(backend.state.served).toEqual(['columns']);
    expect(result.upserts).toEqual([v2[1], v2[3], v2[4]]);
    expect(result.removed).toEqual(['E']);
    expect(result.dropped).toEqual([]);
    expect(result.cursor.version).toBe(2);
    expect(result.generatedAt).toBe(T0 + 2);
  });

  it('asks for the plain form without a base or when the feed is configured for items', async () => {
    const { first, base } = await start();
    await poll(adapterOf(), first.cursor, null);
    await poll(adapterOf(config({ delta: 'items' })), first.cursor, base);
    expect(requests.map((url) => url.searchParams.has('delta'))).toEqual([false, false]);
    expect(backend.state.served).toEqual(['items', 'items']);
  });

  it('takes the plain form from a server that answers it to a request for columns', async () => {
    const { adapter, first, base, v2 } = await start();
    backend.state.mode = 'plain';
    const result = await poll(adapter, first.cursor, base);
    if (result.kind !== 'delta') throw new Error(`got ${result.kind}`);
    expect(requests[0]?.searchParams.get('delta')).toBe('columns');
    expect(backend.state.served).toEqual(['items']);
    expect(result.upserts).toEqual([v2[1], v2[3], v2[4]]);
    expect(result.removed).toEqual(['E']);
  });

  it('validates decoded rows like any item: a bad value is quarantined', async () => {
    const { adapter, first, base } = await start();
    backend.state.publish([
      sensor('A', 30, { position: [119.3, 99] }),
      sensor('B', 30, { status: 'melting' as SensorReading['status'] }),
      sensor('C', 33),
      sensor('D'),
      sensor('E'),
    ]);
    const result = await poll(adapter, first.cursor, base);
    if (result.kind !== 'delta') throw new Error(`got ${result.kind}`);
    expect(backend.state.served).toEqual(['columns']);
    expect(result.upserts).toEqual([sensor('C', 33)]);
    expect(result.dropped).toEqual([
      {
        id: 'A',
        reason: expect.stringMatching(/^position\.1: /),
        path: 'position.1',
        rule: 'too_big',
      },
      {
        id: 'B',
        reason: expect.stringMatching(/^status: /),
        path: 'status',
        rule: 'invalid_value',
      },
    ]);
  });

  it('reports an empty columnar delta at the same version as unchanged', async () => {
    backend.state.publish([sensor('A')]);
    const adapter = adapterOf();
    const first = await poll(adapter, null, null);
    backend.state.mode = 'always';
    expect(await poll(adapter, first.cursor, baseOf([sensor('A')]))).toEqual({
      kind: 'unchanged',
      cursor: first.cursor,
    });
  });

  const hostile: [string, (p: Payload) => void, RegExp][] = [
    [
      'rows shifted onto a removed id',
      (p) => (p.rows[1] = p.rows[1]! + 1),
      /E is both a row and removed/,
    ],
    ['a row beyond the base', (p) => p.rows.push(10), /beyond the 5 base ids/],
    ['another base count', (p) => (p.base.count = 6), /base has 6 ids/],
    ['another base hash', (p) => (p.base.hash = 'ffffffff'), /base hash/],
    ['a column one entry short', (p) => p.columns[0]!.entries.pop(), /entries for 2 rows/],
    ['an entry of text', (p) => (p.columns[0]!.entries[0] = '1' as unknown as number), /neither/],
    ['a path the items lack', (p) => (p.columns[0]!.path = ['values', 'laeq']), /has no leaf/],
    ['a row also sent whole', (p) => p.upserts.push(sensor('B') as FeedItemJson), /B is both/],
    ['a row also removed', (p) => p.removed.push('D'), /D is both a row and removed/],
    ['another since', (p) => (p.since = 0), /since 0, asked for 1/],
    ['an unknown format', (p) => (p.format = 'rows' as 'columns'), /unknown delta format "rows"/],
  ];

  it.each(hostile)(
    'discards a delta with %s and takes a snapshot',
    async (_name, tamper, reason) => {
      const { adapter, first, base, v2 } = await start();
      backend.state.tamper = tamper;
      const result = await poll(adapter, first.cursor, base);
      if (result.kind !== 'snapshot') throw new Error(`got ${result.kind}`);
      expect(result.discardedDelta).toMatch(reason);
      expect(result.items).toEqual(v2);
      expect(result.cursor.version).toBe(2);
      expect(requests.map((url) => url.search)).toEqual(['?since=1&delta=columns', '']);
    },
  );

  it('discards columns it did not ask for (no base) and takes a snapshot', async () => {
    const { adapter, first } = await start();
    backend.state.mode = 'always';
    const result = await poll(adapter, first.cursor, null);
    if (result.kind !== 'snapshot') throw new Error(`got ${result.kind}`);
    expect(result.discardedDelta).toMatch(/did not ask/);
  });

  it('after a discarded delta asks for the plain form for a while, then for columns again', async () => {
    const { adapter, first, base } = await start();
    backend.state.tamper = (p) => (p.base.hash = '00000000');
    const snapshot = await poll(adapter, first.cursor, base);
    if (snapshot.kind !== 'snapshot') throw new Error(`got ${snapshot.kind}`);
    backend.state.tamper = null;
    let cursor = snapshot.cursor;
    let items = snapshot.items;
    for (let i = 0; i <= PLAIN_DELTAS_AFTER_DISCARD; i += 1) {
      backend.state.publish(items.map((s) => ({ ...s, observedAt: s.observedAt + 1_000 })));
      const result = await poll(adapter, cursor, baseOf(items));
      if (result.kind !== 'delta') throw new Error(`got ${result.kind}`);
      cursor = result.cursor;
      items = items.map((s) => result.upserts.find((u) => u.id === s.id) ?? s);
    }
    const asked = requests.slice(2).map((url) => url.searchParams.get('delta'));
    expect(asked).toEqual([...Array<null>(PLAIN_DELTAS_AFTER_DISCARD).fill(null), 'columns']);
    expect(backend.state.served.at(-1)).toBe('columns');
    expect(items.map((s) => s.observedAt)).toEqual(
      snapshot.items.map((s) => s.observedAt + (PLAIN_DELTAS_AFTER_DISCARD + 1) * 1_000),
    );
  });

  it('takes a snapshot when a server refuses columns with 400, then asks for the plain form', async () => {
    const { adapter, first, base, v2 } = await start();
    backend.state.mode = 'refuse';
    const result = await poll(adapter, first.cursor, base);
    if (result.kind !== 'snapshot') throw new Error(`got ${result.kind}`);
    expect(result.items).toEqual(v2);
    backend.state.publish(v2);
    const next = await poll(adapter, result.cursor, baseOf(v2));
    expect(next.kind).toBe('delta');
    expect(requests.map((url) => url.search)).toEqual(['?since=1&delta=columns', '', '?since=2']);
  });
});
