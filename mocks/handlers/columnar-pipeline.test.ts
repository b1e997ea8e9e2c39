// The columnar delta end to end in Node: the worker core (adapter, store) polling the sim's feed
// server core through its MSW handlers.
import { http } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FeedConfig } from '../../src/config/config-schema';
import type { FeedName } from '../../src/domain/common';
import type { SnapshotPayload } from '../../src/domain/feeds';
import { sanitizeTicket } from '../../src/domain/personal-data';
import { createWorkerCore, type Sanitizers } from '../../src/feeds/feed-worker-core';
import { defineView } from '../../src/feeds/view-builder';
import { createFakeCity, manualTime } from './fake-city';
import { createFeedServer, type FeedServer } from './feed-server';
import { createFeedHandlers } from './msw';
import { createTestServer } from './node';
import { createSimClock } from './sim-clock';

const ORIGIN = 'http://city.test';
const BASE = `${ORIGIN}/api/v1`;
const T0 = Date.UTC(2026, 10, 22, 0, 0, 2);

const time = manualTime();
const clock = createSimClock({ start: T0, speed: 1, realNow: time.realNow });
const feeds: FeedServer = createFeedServer({ city: createFakeCity({ scale: 40 }), clock });
const msw = createTestServer(createFeedHandlers({ baseUrl: BASE, server: feeds }));

/** Every request the worker made, with the form of the delta it got back. */
const log: { url: URL; status: number; format: string | null }[] = [];
const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const text = response.status === 200 ? await response.clone().text() : '';
  const format = /^\{[^[]*"format":"(\w+)"/.exec(text)?.[1] ?? null;
  log.push({ url: new URL(String(input)), status: response.status, format });
  return response;
};

const views = (['sensors', 'signals', 'detections', 'tickets'] as const).map((feed) =>
  defineView<unknown, unknown[]>({
    id: `all.${feed}`,
    feeds: [feed],
    build: (input) => [...input.all(feed).values()],
  }),
);

function feedConfig(overrides: Partial<FeedConfig> = {}): FeedConfig {
  return {
    adapter: 'native-rest',
    baseUrl: BASE,
    pollIntervalMs: 5_000,
    freshness: { ageingAfterMs: 7_500, staleAfterMs: 15_000, downAfterMs: 50_000 },
    ...overrides,
  };
}

function core(feed: FeedName, options: { sanitizers?: Sanitizers; config?: FeedConfig } = {}) {
  const worker = createWorkerCore({
    feeds: { [feed]: options.config ?? feedConfig() },
    profile: 'desktop',
    origin: ORIGIN,
    fetch: recordingFetch,
    scenarios: [{ id: 'all', views, sanitizers: options.sanitizers ?? {} }],
    realNow: time.realNow,
  });
  return {
    worker,
    /** Polls now and returns the items the worker holds, sorted by id. */
    async items(): Promise<unknown[]> {
      const result = await worker.view(`all.${feed}`, null, -2, clock.now());
      if (result.kind !== 'view') throw new Error(`got ${result.kind}`);
      return [...(result.view as { id: string }[])].sort((a, b) => (a.id < b.id ? -1 : 1));
    },
  };
}

/** What the feed serves now, as a fresh snapshot would give it. */
async function served(feed: FeedName): Promise<unknown[]> {
  const response = await feeds.handle({ feed, params: new URLSearchParams(), headers: {} });
  const body = JSON.parse(response.body ?? '') as SnapshotPayload<{ id: string }>;
  return body.items.sort((a, b) => (a.id < b.id ? -1 : 1));
}

const forms = () => log.map(({ url, format }) => `${url.search || '(snapshot)'} → ${format}`);

beforeAll(() => msw.listen());
beforeEach(() => {
  log.length = 0;
});
afterEach(() => {
  msw.resetHandlers();
  feeds.setFault('all', null);
});
afterAll(() => msw.close());

describe('columnar deltas through the worker core', () => {
  it.each(['sensors', 'signals', 'detections'] as const)(
    'keeps %s equal to the server over polls of columnar deltas',
    async (feed) => {
      const { items, worker } = core(feed);
      expect(await items()).toEqual(await served(feed));
      for (const step of [5_000, 60_000, 5_000, 300_000, 120_000, 5_000]) {
        time.advance(step);
        expect(await items()).toEqual(await served(feed));
      }
      const deltas = log.slice(1);
      expect(deltas).toHaveLength(6);
      for (const { url, format } of deltas) {
        expect(url.searchParams.get('delta')).toBe('columns');
        expect(format).toBe('columns');
      }
      expect(worker.health(feed)).toMatchObject({ droppedTotal: 0, lastError: null });
    },
  );

  it('keeps the plain form for a feed whose items the worker rewrites (tickets)', async () => {
    const { items } = core('tickets', { sanitizers: { tickets: sanitizeTicket } });
    await items();
    time.advance(60_000);
    const held = await items();
    expect(held.length).toBe((await served('tickets')).length);
    expect(log.map(({ url }) => url.searchParams.has('delta'))).toEqual([false, false]);
  });

  it('keeps working with a server that answers the plain form to columns', async () => {
    msw.use(
      http.get(`${BASE}/:feed`, async ({ request, params }) => {
        const url = new URL(request.url);
        url.searchParams.delete('delta');
        const answer = await feeds.handle({
          feed: String(params.feed),
          params: url.searchParams,
          headers: {},
        });
        return new Response(answer.body, { status: answer.status, headers: answer.headers });
      }),
    );
    const { items } = core('sensors');
    await items();
    time.advance(60_000);
    expect(await items()).toEqual(await served('sensors'));
    expect(forms()).toEqual(['(snapshot) → null', `${log[1]?.url.search} → null`]);
    expect(log[1]?.url.searchParams.get('delta')).toBe('columns');
  });

  it('discards an inconsistent columnar delta, takes a snapshot and counts it', async () => {
    const { items, worker } = core('sensors');
    await items();
    time.advance(60_000);
    msw.use(
      http.get(
        `${BASE}/sensors`,
        async ({ request }) => {
          const url = new URL(request.url);
          const answer = await feeds.handle({
            feed: 'sensors',
            params: url.searchParams,
            headers: {},
          });
          const body = JSON.parse(answer.body ?? '') as { rows: number[] };
          body.rows[0] = 10_000_000;
          return Response.json(body, { headers: answer.headers });
        },
        { once: true },
      ),
    );
    expect(await items()).toEqual(await served('sensors'));
    expect(log.slice(1).map(({ url }) => url.search)).toEqual([
      `?since=${feeds.version() - 12}&delta=columns`,
      '',
    ]);
    const health = worker.health('sensors');
    expect(health).toMatchObject({ droppedLast: 1, droppedTotal: 1, lastError: null });
    expect(health.reasons[0]?.example).toMatch(/^delta discarded: columnar delta: row 0: index/);
    // The next polls ask for the plain form for a while.
    time.advance(5_000);
    expect(await items()).toEqual(await served('sensors'));
    expect(log.at(-1)?.url.searchParams.has('delta')).toBe(false);
  });

  it('asks for the plain form while it misses items it quarantined, until a snapshot', async () => {
    feeds.setFault('signals', { kind: 'invalid', percent: 10 });
    time.advance(5_000);
    const { items, worker } = core('signals');
    await items();
    expect(worker.health('signals').droppedLast).toBeGreaterThan(0);
    time.advance(60_000);
    await items();
    expect(log[1]?.url.searchParams.has('delta')).toBe(false);
    feeds.setFault('signals', null);
    time.advance(5_000);
    // The fault changed the items: the server answers 410, the worker takes a snapshot …
    expect(await items()).toEqual(await served('signals'));
    time.advance(5_000);
    // … and from it asks for columns again.
    expect(await items()).toEqual(await served('signals'));
    expect(forms().slice(2)).toEqual([
      `${log[2]?.url.search} → null`,
      '(snapshot) → null',
      `${log[4]?.url.search} → columns`,
    ]);
    expect(log[2]?.status).toBe(410);
  });
});
