import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FeedConfig } from '@/config/config-schema';
import type { Ticket } from '@/domain/ticket';
import { FeedFetchError, type FeedCursor, type FeedFetchResult } from '../feed-adapter';
import { createNativeRestAdapter } from './native-rest-adapter';

const ORIGIN = 'http://localhost';
const BASE = `${ORIGIN}/api/v1`;
const T0 = Date.UTC(2026, 10, 22, 2, 0, 0);

function ticket(id: string, overrides: Partial<Ticket> = {}): Ticket {
  return {
    id,
    position: [119.3, 26.08],
    district: '350102',
    street: '350102001',
    community: '350102001001',
    channel: 'hotline',
    type: 'complaint',
    category: 'drainage',
    urgent: false,
    title: `井盖缺失 ${id}`,
    description: '路口井盖缺失，夜间危险。',
    department: null,
    stage: 'reported',
    stages: { reported: T0 - 60_000 },
    deadline: T0 + 86_400_000,
    reworkCount: 0,
    rating: null,
    repeatOf: null,
    sourceRef: null,
    photos: { before: true, after: false },
    address: '鼓楼区东街88号',
    reporter: { name: '张三', phone: '13812345678', idNumber: '350102199001011234' },
    ...overrides,
  };
}

/**
 * A minimal backend for the tickets feed implementing docs/api.md: versioned content, snapshots
 * with ETag and 304, `?since=` deltas (410 for versions it no longer keeps), `?view=wall`.
 */
function createBackend() {
  const versions = new Map<number, Map<string, unknown>>();
  let version = 0;
  let oldestKept = 0;
  const state = {
    /** Publishes a new version: upserts replace by id, removed ids disappear. */
    publish(upserts: unknown[], removed: string[] = []) {
      const next = new Map(versions.get(version) ?? []);
      for (const id of removed) next.delete(id);
      for (const item of upserts) next.set((item as { id: string }).id, item);
      version += 1;
      versions.set(version, next);
      return version;
    },
    forgetBefore(v: number) {
      oldestKept = v;
    },
    items: () => versions.get(version) ?? new Map<string, unknown>(),
  };
  const generatedAt = (v: number) => T0 + v * 1_000;
  const project = (item: unknown, wall: boolean) => {
    if (!wall) return item;
    const { reporter: _r, address: _a, ...rest } = item as Ticket;
    return rest;
  };

  /** Answers `GET {base}/{feed}`. */
  const answer = (request: Request, feed: string): Response => {
    if (feed !== 'tickets') return HttpResponse.json({ error: 'unknown_feed' }, { status: 404 });
    const url = new URL(request.url);
    const wall = url.searchParams.get('view') === 'wall';
    const etag = `"tickets-${version}${wall ? '-wall' : ''}"`;
    const sinceParam = url.searchParams.get('since');
    if (sinceParam !== null) {
      const since = Number(sinceParam);
      const before = versions.get(since);
      if (!before || since < oldestKept || since > version)
        return new HttpResponse(null, { status: 410 });
      if (since === version)
        return new HttpResponse(null, { status: 304, headers: { ETag: etag } });
      const now = state.items();
      const upserts = [...now].filter(([id, item]) => before.get(id) !== item).map(([, i]) => i);
      const removed = [...before.keys()].filter((id) => !now.has(id));
      return HttpResponse.json(
        {
          feed: 'tickets',
          version,
          since,
          generatedAt: generatedAt(version),
          upserts: upserts.map((i) => project(i, wall)),
          removed,
        },
        { headers: { ETag: etag } },
      );
    }
    if (request.headers.get('If-None-Match') === etag)
      return new HttpResponse(null, { status: 304, headers: { ETag: etag } });
    return HttpResponse.json(
      {
        feed: 'tickets',
        version,
        generatedAt: generatedAt(version),
        items: [...state.items().values()].map((i) => project(i, wall)),
      },
      { headers: { ETag: etag } },
    );
  };
  return { state, answer, generatedAt };
}

let backend = createBackend();
const requests: Request[] = [];
// Happy paths: the current test's backend (a fresh one per test) answers.
const server = setupServer(
  http.get(`${BASE}/:feed`, ({ request, params }) => backend.answer(request, String(params.feed))),
  http.head(`${BASE}/:feed`, () => new HttpResponse(null, { status: 200 })),
);
server.events.on('request:start', ({ request }) => {
  requests.push(request.clone());
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
const env = () => ({ fetch: globalThis.fetch, origin: ORIGIN });

function poll(
  since: FeedCursor | null,
  options: { profile?: 'desktop' | 'wall'; config?: FeedConfig } = {},
): Promise<FeedFetchResult<'tickets'>> {
  const adapter = createNativeRestAdapter(options.config ?? config(), env());
  return adapter.fetch(
    { feed: 'tickets', profile: options.profile ?? 'desktop' },
    { signal: new AbortController().signal, since },
  );
}

async function failure(promise: Promise<unknown>): Promise<FeedFetchError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(FeedFetchError);
    return e as FeedFetchError;
  }
  throw new Error('the poll resolved');
}

const urls = () => requests.map((r) => new URL(r.url));

describe('native REST adapter', () => {
  it('decodes a snapshot with its version and ETag', async () => {
    const items = [ticket('T-1'), ticket('T-2', { urgent: true, stage: 'dispatched' })];
    const version = backend.state.publish(items);
    const result = await poll(null);
    if (result.kind !== 'snapshot') throw new Error(`got ${result.kind}`);
    expect(result.items).toEqual(items);
    expect(result.dropped).toEqual([]);
    expect(result.cursor).toEqual({ version, etag: `"tickets-${version}"` });
    expect(result.generatedAt).toBe(backend.generatedAt(version));

    expect(requests).toHaveLength(1);
    const [url] = urls();
    expect(url?.pathname).toBe('/api/v1/tickets');
    expect([...url!.searchParams]).toEqual([]);
    expect(requests[0]?.headers.get('Accept')).toBe('application/json');
    expect(requests[0]?.headers.has('Authorization')).toBe(false);
  });

  it('normalises a base URL with a trailing slash and honours an absolute one', async () => {
    backend.state.publish([ticket('T-1')]);
    await poll(null, { config: config({ baseUrl: '/api/v1/' }) });
    expect(urls()[0]?.href).toBe(`${BASE}/tickets`);

    server.use(
      http.get(
        'https://feeds.city.example/v2/tickets',
        () => HttpResponse.json({ feed: 'tickets', version: 7, generatedAt: T0, items: [] }),
        { once: true },
      ),
    );
    const result = await poll(null, {
      config: config({ baseUrl: 'https://feeds.city.example/v2' }),
    });
    expect(result).toMatchObject({
      kind: 'snapshot',
      items: [],
      cursor: { version: 7, etag: null },
    });
    expect(urls()[1]?.href).toBe('https://feeds.city.example/v2/tickets');
  });

  it('decodes a delta since the cursor: upserts and removals', async () => {
    backend.state.publish([ticket('T-1'), ticket('T-2'), ticket('T-3')]);
    const first = await poll(null);
    const changed = ticket('T-2', { stage: 'processing', department: 'drainage' });
    const added = ticket('T-4');
    const version = backend.state.publish([changed, added], ['T-3']);

    const result = await poll(first.cursor);
    if (result.kind !== 'delta') throw new Error(`got ${result.kind}`);
    expect(result.upserts.map((t) => t.id).sort()).toEqual(['T-2', 'T-4']);
    expect(result.upserts.find((t) => t.id === 'T-2')).toEqual(changed);
    expect(result.removed).toEqual(['T-3']);
    expect(result.dropped).toEqual([]);
    expect(result.cursor).toEqual({ version, etag: `"tickets-${version}"` });
    expect(result.generatedAt).toBe(backend.generatedAt(version));
    expect(urls()[1]?.searchParams.get('since')).toBe(String(first.cursor.version));
  });

  it('reports a 304 on the delta as unchanged with the same cursor', async () => {
    backend.state.publish([ticket('T-1')]);
    const first = await poll(null);
    const result = await poll(first.cursor);
    expect(result).toEqual({ kind: 'unchanged', cursor: first.cursor });
    expect(requests).toHaveLength(2);
  });

  it('reports an empty delta at the same version as unchanged', async () => {
    const since = { version: 5, etag: '"x"' };
    server.use(
      http.get(
        `${BASE}/tickets`,
        () =>
          HttpResponse.json({
            feed: 'tickets',
            version: 5,
            since: 5,
            generatedAt: T0,
            upserts: [],
            removed: [],
          }),
        { once: true },
      ),
    );
    expect(await poll(since)).toEqual({ kind: 'unchanged', cursor: since });
  });

  it('falls back to a full snapshot when the delta answers 410', async () => {
    backend.state.publish([ticket('T-1')]);
    const first = await poll(null);
    backend.state.publish([ticket('T-2')], ['T-1']);
    const latest = backend.state.publish([ticket('T-3')]);
    backend.state.forgetBefore(latest);

    const result = await poll(first.cursor);
    if (result.kind !== 'snapshot') throw new Error(`got ${result.kind}`);
    expect(result.items.map((t) => t.id).sort()).toEqual(['T-2', 'T-3']);
    expect(result.cursor.version).toBe(latest);
    const [, delta, snapshot] = urls();
    expect(delta?.searchParams.get('since')).toBe(String(first.cursor.version));
    expect(snapshot?.searchParams.has('since')).toBe(false);
    expect(requests).toHaveLength(3);
  });

  it('drops invalid items with their reasons and keeps the valid rest', async () => {
    const { id: _id, ...withoutId } = ticket('unused');
    const valid = [ticket('T-1'), ticket('T-5')];
    server.use(
      http.get(
        `${BASE}/tickets`,
        () =>
          HttpResponse.json({
            feed: 'tickets',
            version: 3,
            generatedAt: T0,
            items: [
              valid[0],
              { ...ticket('T-2'), position: [119.3] },
              withoutId,
              { ...ticket('T-3'), channel: 'fax' },
              { ...ticket('T-4'), position: [119.3, 999] },
              valid[1],
              'not a ticket',
            ],
          }),
        { once: true },
      ),
    );
    const result = await poll(null);
    if (result.kind !== 'snapshot') throw new Error(`got ${result.kind}`);
    expect(result.items).toEqual(valid);
    expect(result.dropped).toHaveLength(5);
    expect(result.dropped.map((d) => d.id)).toEqual(['T-2', null, 'T-3', 'T-4', null]);
    const [position, id, channel, lat, text] = result.dropped.map((d) => d.reason);
    expect(position).toMatch(/^position/);
    expect(id).toMatch(/^id: /);
    expect(channel).toMatch(/^channel: /);
    expect(lat).toMatch(/^position\.1: /);
    expect(text).toMatch(/^\(item\): /);
  });

  it('drops invalid upserts of a delta too', async () => {
    server.use(
      http.get(
        `${BASE}/tickets`,
        () =>
          HttpResponse.json({
            feed: 'tickets',
            version: 9,
            since: 8,
            generatedAt: T0,
            upserts: [ticket('T-1'), { ...ticket('T-2'), district: '3501' }],
            removed: ['T-0'],
          }),
        { once: true },
      ),
    );
    const result = await poll({ version: 8, etag: null });
    if (result.kind !== 'delta') throw new Error(`got ${result.kind}`);
    expect(result.upserts.map((t) => t.id)).toEqual(['T-1']);
    expect(result.removed).toEqual(['T-0']);
    expect(result.dropped).toEqual([
      {
        id: 'T-2',
        reason: expect.stringMatching(/^district: /),
        path: 'district',
        rule: 'invalid_format',
      },
    ]);
  });

  it('asks for the wall projection with the wall profile, on snapshots and deltas', async () => {
    backend.state.publish([ticket('T-1')]);
    const first = await poll(null, { profile: 'wall' });
    if (first.kind !== 'snapshot') throw new Error(`got ${first.kind}`);
    expect(first.items[0]).not.toHaveProperty('reporter');
    expect(first.items[0]).not.toHaveProperty('address');
    expect(first.cursor.etag).toBe(`"tickets-1-wall"`);
    backend.state.publish([ticket('T-2')]);
    await poll(first.cursor, { profile: 'wall' });
    const [snapshot, delta] = urls();
    expect(snapshot?.searchParams.get('view')).toBe('wall');
    expect(delta?.searchParams.get('view')).toBe('wall');
    expect(delta?.searchParams.get('since')).toBe('1');

    await poll(null, { profile: 'desktop' });
    expect(urls()[2]?.searchParams.has('view')).toBe(false);
  });

  it('never sends credentials of its own: the same-origin server adds them', async () => {
    backend.state.publish([ticket('T-1')]);
    const first = await poll(null);
    backend.state.publish([ticket('T-2')]);
    await poll(first.cursor);
    expect(requests).toHaveLength(2);
    for (const r of requests) {
      expect(r.headers.has('Authorization')).toBe(false);
      expect(r.headers.get('Accept')).toBe('application/json');
    }
  });

  it('rejects a 503 as a source asking to wait, with its Retry-After', async () => {
    server.use(
      http.get(
        `${BASE}/tickets`,
        () => new HttpResponse('busy', { status: 503, headers: { 'Retry-After': '30' } }),
        { once: true },
      ),
    );
    const error = await failure(poll(null));
    expect(error).toMatchObject({
      feed: 'tickets',
      reason: 'throttled',
      status: 503,
      retryAfterMs: 30_000,
    });
  });

  it.each([
    [401, 'refused'],
    [403, 'refused'],
    [429, 'throttled'],
    [500, 'http'],
    [404, 'http'],
  ] as const)('names an HTTP %i as %s', async (status, reason) => {
    server.use(
      http.get(`${BASE}/tickets`, () => new HttpResponse(null, { status }), { once: true }),
    );
    expect(await failure(poll(null))).toMatchObject({ reason, status });
  });

  it('sends the ETag it holds when it asks for a whole snapshot, and takes a 304 as unchanged', async () => {
    // Handlers added later answer first: the delta request meets the 404, the snapshot the 304.
    server.use(
      http.get(
        `${BASE}/tickets`,
        ({ request }) =>
          request.headers.get('If-None-Match') === '"v4"'
            ? new HttpResponse(null, { status: 304 })
            : new HttpResponse(null, { status: 500 }),
        { once: true },
      ),
    );
    server.use(
      http.get(`${BASE}/tickets`, () => new HttpResponse(null, { status: 404 }), { once: true }),
    );
    // A source without deltas (404 to ?since=) is asked for the snapshot with If-None-Match.
    const result = await poll({ version: 4, etag: '"v4"' });
    expect(result).toEqual({ kind: 'unchanged', cursor: { version: 4, etag: '"v4"' } });
    expect(requests.at(-1)?.headers.get('If-None-Match')).toBe('"v4"');
  });

  it('rejects a 503 on the delta without falling back to a snapshot', async () => {
    server.use(
      http.get(`${BASE}/tickets`, () => new HttpResponse(null, { status: 503 }), { once: true }),
    );
    const error = await failure(poll({ version: 4, etag: null }));
    expect(error).toMatchObject({ reason: 'throttled', status: 503 });
    expect(requests).toHaveLength(1);
  });

  it('rejects a body that is not JSON as a parse failure', async () => {
    server.use(
      http.get(
        `${BASE}/tickets`,
        () =>
          new HttpResponse('{"feed":"tickets","items":[', {
            headers: { 'Content-Type': 'application/json' },
          }),
        { once: true },
      ),
    );
    const error = await failure(poll(null));
    expect(error.reason).toBe('parse');
    expect(error.status).toBe(200);
  });

  it('rejects an envelope for another feed as a contract failure', async () => {
    server.use(
      http.get(
        `${BASE}/tickets`,
        () => HttpResponse.json({ feed: 'signals', version: 1, generatedAt: T0, items: [] }),
        { once: true },
      ),
    );
    expect((await failure(poll(null))).reason).toBe('contract');
  });

  it('rejects a snapshot without its items as a contract failure, and takes a whole feed sent for a delta as a snapshot', async () => {
    server.use(
      http.get(
        `${BASE}/tickets`,
        () => HttpResponse.json({ feed: 'tickets', version: 1, generatedAt: T0 }),
        {
          once: true,
        },
      ),
    );
    expect((await failure(poll(null))).reason).toBe('contract');
    server.use(
      http.get(
        `${BASE}/tickets`,
        () => HttpResponse.json({ feed: 'tickets', version: 2, generatedAt: T0, items: [] }),
        { once: true },
      ),
    );
    // A server that ignores `since` and sends the whole feed: a snapshot, not a failure.
    expect((await poll({ version: 1, etag: null })).kind).toBe('snapshot');
  });

  it('rejects a network error as a network failure', async () => {
    server.use(http.get(`${BASE}/tickets`, () => HttpResponse.error(), { once: true }));
    expect((await failure(poll(null))).reason).toBe('network');
  });

  it('lets an abort through as it is', async () => {
    backend.state.publish([ticket('T-1')]);
    const controller = new AbortController();
    controller.abort();
    const adapter = createNativeRestAdapter(config(), env());
    const outcome = adapter.fetch(
      { feed: 'tickets', profile: 'desktop' },
      { signal: controller.signal, since: null },
    );
    await expect(outcome).rejects.not.toBeInstanceOf(FeedFetchError);
    await expect(outcome).rejects.toThrow();
  });

  it('checks the backend with a HEAD request', async () => {
    const adapter = createNativeRestAdapter(config(), env());
    expect(await adapter.check()).toEqual({ ok: true, message: 'HTTP 200' });
    expect(requests[0]?.method).toBe('HEAD');
    server.use(
      http.head(`${BASE}/tickets`, () => new HttpResponse(null, { status: 500 }), { once: true }),
    );
    expect(await adapter.check()).toEqual({ ok: false, message: 'HTTP 500' });
  });
});
