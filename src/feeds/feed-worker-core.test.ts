import { describe, expect, it } from 'vitest';
import { FeedFetchError } from '@/adapters/feed-adapter';
import type { FeedConfig } from '@/config/config-schema';
import type { FeedName } from '@/domain/common';
import { sanitizeTicket } from '@/domain/personal-data';
import type { Ticket } from '@/domain/ticket';
import { makeTicket, T0 } from '../../tests/fixtures/make-ticket';
import { createWorkerCore, serializeError, type Sanitizers } from './feed-worker-core';
import type { ViewRegistry } from './view-builder';
import type { ViewResult } from './worker-protocol';

/** A hotline ticket with personal data, for the sanitising tests. */
const ticket = (id: string, overrides: Partial<Ticket> = {}): Ticket =>
  makeTicket(id, {
    channel: 'hotline',
    address: '鼓楼区五四路128号',
    reporter: { name: '张三', phone: '13812345678', idNumber: '350102199001011234' },
    ...overrides,
  });

/**
 * A fake `fetch` speaking the native contract for the tickets feed: snapshots, `?since=` deltas,
 * 304 at the current version. `failWith` makes every request answer that status; `hold()` keeps
 * requests waiting until released.
 */
function fakeBackend(initial: Ticket[] = [ticket('T-1'), ticket('T-2')]) {
  const items = new Map(initial.map((t) => [t.id, t]));
  const changedAt = new Map(initial.map((t) => [t.id, 1]));
  const removedAt: { id: string; version: number }[] = [];
  let version = 1;
  let failWith: number | null = null;
  let held: Promise<void> | null = null;
  const calls: URL[] = [];
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });

  const fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    calls.push(url);
    if (held) await held;
    if (failWith !== null) return new Response('unavailable', { status: failWith });
    const since = url.searchParams.get('since');
    const generatedAt = T0 + version;
    if (since === null)
      return json({ feed: 'tickets', version, generatedAt, items: [...items.values()] });
    const from = Number(since);
    if (from === version) return new Response(null, { status: 304 });
    if (from > version) return new Response(null, { status: 410 });
    return json({
      feed: 'tickets',
      version,
      since: from,
      generatedAt,
      upserts: [...items.values()].filter((t) => (changedAt.get(t.id) ?? 0) > from),
      removed: removedAt.filter((r) => r.version > from).map((r) => r.id),
    });
  }) as typeof globalThis.fetch;

  return {
    fetch,
    calls,
    publish(upserts: Ticket[], removed: string[] = []) {
      version += 1;
      for (const t of upserts) {
        items.set(t.id, t);
        changedAt.set(t.id, version);
      }
      for (const id of removed) {
        items.delete(id);
        removedAt.push({ id, version });
      }
    },
    failWith(status: number | null) {
      failWith = status;
    },
    hold() {
      let release!: () => void;
      held = new Promise((r) => (release = r));
      return () => {
        held = null;
        release();
      };
    },
  };
}

const feedConfig: FeedConfig = {
  adapter: 'native-rest',
  baseUrl: '/api/v1',
  pollIntervalMs: 5_000,
  freshness: { ageingAfterMs: 7_500, staleAfterMs: 15_000, downAfterMs: 50_000 },
};

const views = {
  tickets: {
    count: { build: (items) => ({ n: items.size }) },
    all: {
      build: (items, _params, context) => ({ items: [...items.values()], context }),
    },
  },
} satisfies ViewRegistry;

function setup(
  options: {
    initial?: Ticket[];
    profile?: 'desktop' | 'wall';
    sanitizers?: Sanitizers;
  } = {},
) {
  const backend = fakeBackend(options.initial);
  let clock = T0 + 10_000;
  const core = createWorkerCore({
    feeds: { tickets: feedConfig },
    profile: options.profile ?? 'desktop',
    origin: 'http://localhost',
    fetch: backend.fetch,
    views,
    sanitizers: options.sanitizers ?? {},
    now: () => clock,
  });
  return {
    core,
    backend,
    advance(ms: number) {
      clock += ms;
    },
    now: () => clock,
  };
}

function expectView(result: ViewResult) {
  if (result.kind !== 'view') throw new Error(`expected a view, got ${result.kind}`);
  return result;
}

describe('worker core', () => {
  it('polls and builds a view on the first request', async () => {
    const { core, backend } = setup();
    const result = expectView(await core.view('tickets', 'count', null, -1, 0));
    expect(result).toEqual({ kind: 'view', revision: 1, view: { n: 2 }, degradedSince: null });
    expect(backend.calls).toHaveLength(1);
    expect(backend.calls[0]?.href).toBe('http://localhost/api/v1/tickets');
  });

  it('answers unchanged for the revision the page holds after a 304', async () => {
    const { core, backend, advance } = setup();
    const first = expectView(await core.view('tickets', 'count', null, -1, 0));
    advance(5_000);
    const again = await core.view('tickets', 'count', null, first.revision, 0);
    expect(again).toEqual({ kind: 'unchanged', revision: first.revision });
    expect(backend.calls).toHaveLength(2);
    expect(backend.calls[1]?.searchParams.get('since')).toBe('1');
  });

  it('builds a new view when the data changed', async () => {
    const { core, backend, advance } = setup();
    const first = expectView(await core.view('tickets', 'count', null, -1, 0));
    backend.publish([ticket('T-3'), ticket('T-4')], ['T-1']);
    advance(5_000);
    const next = expectView(await core.view('tickets', 'count', null, first.revision, 0));
    expect(next.revision).toBe(first.revision + 1);
    expect(next.view).toEqual({ n: 3 });
    expect(core.health('tickets')).toMatchObject({ version: 2, count: 3, lastError: null });
  });

  it('passes the store context to the builder', async () => {
    const { core } = setup();
    const result = expectView(await core.view('tickets', 'all', null, -1, 0));
    expect((result.view as { context: unknown }).context).toEqual({
      revision: 1,
      version: 1,
      generatedAt: T0 + 1,
      droppedLast: 0,
      droppedTotal: 0,
    });
  });

  it('keeps the last data when a poll fails', async () => {
    const { core, backend, advance, now } = setup();
    const first = expectView(await core.view('tickets', 'count', null, -1, 0));
    const confirmedAt = now();
    backend.failWith(503);
    advance(7_000);

    // The page holds this revision already: the poll's failure surfaces, the query keeps its data.
    const error = await core.view('tickets', 'count', null, first.revision, 0).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FeedFetchError);
    expect(error).toMatchObject({ reason: 'http', status: 503 });

    // A page without this view gets the older data at once, marked as confirmed at the last success.
    advance(3_000);
    const degraded = expectView(await core.view('tickets', 'count', null, -1, 0));
    expect(degraded).toEqual({
      kind: 'view',
      revision: first.revision,
      view: { n: 2 },
      degradedSince: confirmedAt,
    });
    expect(core.health('tickets')).toMatchObject({
      lastSuccessAt: confirmedAt,
      lastError: { reason: 'http', status: 503 },
      count: 2,
    });

    // Recovery: the next good poll clears the error.
    backend.failWith(null);
    advance(1_000);
    const recovered = await core.view('tickets', 'count', null, first.revision, 0);
    expect(recovered).toEqual({ kind: 'unchanged', revision: first.revision });
    expect(core.health('tickets')).toMatchObject({ lastSuccessAt: now(), lastError: null });
  });

  it('rejects when a poll fails and there never was data', async () => {
    const { core, backend } = setup();
    backend.failWith(500);
    await expect(core.view('tickets', 'count', null, -1, 0)).rejects.toMatchObject({
      reason: 'http',
      status: 500,
    });
    expect(core.health('tickets').lastSuccessAt).toBe(0);
  });

  it('shares one poll between concurrent requests', async () => {
    const { core, backend } = setup();
    const release = backend.hold();
    const pending = [
      core.view('tickets', 'count', null, -1, 0),
      core.view('tickets', 'all', null, -1, 0),
      core.view('tickets', 'count', { area: '350102' }, -1, 0),
    ];
    await Promise.resolve();
    release();
    const results = (await Promise.all(pending)).map(expectView);
    expect(backend.calls).toHaveLength(1);
    expect(results.map((r) => r.revision)).toEqual([1, 1, 1]);
    expect(results[0]?.view).toEqual({ n: 2 });
  });

  it('skips a poll more recent than maxAgeMs', async () => {
    const { core, backend, advance } = setup();
    const first = expectView(await core.view('tickets', 'count', null, -1, 2_500));
    advance(2_499);
    expect(await core.view('tickets', 'count', null, first.revision, 2_500)).toEqual({
      kind: 'unchanged',
      revision: first.revision,
    });
    // A page without the view still gets it, built from the held data without a poll.
    expectView(await core.view('tickets', 'all', null, -1, 2_500));
    expect(backend.calls).toHaveLength(1);
    advance(1);
    await core.view('tickets', 'count', null, first.revision, 2_500);
    expect(backend.calls).toHaveLength(2);
  });

  it('polls again right after a failure, whatever maxAgeMs says', async () => {
    const { core, backend, advance } = setup();
    await core.view('tickets', 'count', null, -1, 60_000);
    backend.failWith(503);
    advance(60_000);
    await expect(core.view('tickets', 'count', null, 1, 60_000)).rejects.toBeInstanceOf(
      FeedFetchError,
    );
    backend.failWith(null);
    advance(1);
    await core.view('tickets', 'count', null, 1, 60_000);
    expect(backend.calls).toHaveLength(3);
  });

  it('removes personal data on a wall, whatever the backend sent', async () => {
    const { core, backend } = setup({ profile: 'wall', sanitizers: { tickets: sanitizeTicket } });
    const result = expectView(await core.view('tickets', 'all', null, -1, 0));
    expect(backend.calls[0]?.searchParams.get('view')).toBe('wall');
    const items = (result.view as { items: Ticket[] }).items;
    expect(items).toHaveLength(2);
    for (const t of items) {
      expect(t).not.toHaveProperty('reporter');
      expect(t).not.toHaveProperty('address');
    }
    expect(core.detail('tickets', 'T-1')).not.toHaveProperty('reporter');
  });

  it('masks personal data on a desktop, in deltas too', async () => {
    const { core, backend, advance } = setup({ sanitizers: { tickets: sanitizeTicket } });
    await core.view('tickets', 'count', null, -1, 0);
    backend.publish([
      ticket('T-9', {
        reporter: { name: '李四光', phone: '13900001111', idNumber: null },
        address: '台江区八一七中路1号',
      }),
    ]);
    advance(5_000);
    await core.view('tickets', 'count', null, 1, 0);
    expect(core.detail('tickets', 'T-1')).toMatchObject({
      reporter: { name: '张*', phone: '138****5678', idNumber: '3501**********1234' },
      address: '鼓楼区五四路***',
    });
    expect(core.detail('tickets', 'T-9')).toMatchObject({
      reporter: { name: '李**', phone: '139****1111', idNumber: null },
      address: '台江区八一七中路***',
    });
    expect(core.detail('tickets', 'nope')).toBeNull();
  });

  it('without a sanitizer, passes items through as validated', async () => {
    const { core } = setup();
    await core.view('tickets', 'count', null, -1, 0);
    expect(core.detail('tickets', 'T-1')).toEqual(ticket('T-1'));
  });

  it('refuses feeds it was not configured for and views it does not know', async () => {
    const { core } = setup();
    await expect(core.view('signals' as FeedName, 'count', null, -1, 0)).rejects.toMatchObject({
      reason: 'contract',
    });
    await expect(core.view('tickets', 'nope', null, -1, 0)).rejects.toThrow(
      'no view nope for tickets',
    );
  });

  it('refuses an unknown adapter kind at creation', () => {
    expect(() =>
      createWorkerCore({
        feeds: { tickets: { ...feedConfig, adapter: 'soap' } },
        profile: 'desktop',
        origin: 'http://localhost',
        fetch: globalThis.fetch,
        views,
        sanitizers: {},
      }),
    ).toThrow('no adapter of kind soap');
  });

  it('serialises errors for the page', () => {
    expect(serializeError(new FeedFetchError('tickets', 'http', 'HTTP 503', 503))).toEqual({
      message: 'HTTP 503',
      reason: 'http',
      status: 503,
    });
    expect(serializeError(new FeedFetchError('tickets', 'parse', 'bad'))).toEqual({
      message: 'bad',
      reason: 'parse',
    });
    expect(serializeError(new Error('boom'))).toEqual({ message: 'boom', reason: 'internal' });
    expect(serializeError('text')).toEqual({ message: 'text', reason: 'internal' });
  });
});

describe('area index', () => {
  it('builds a division code’s view from that area’s items only, and the city view from all', async () => {
    const initial = [
      ticket('A', { district: '350102', street: '350102001', community: '350102001001' }),
      ticket('B', { district: '350102', street: '350102002', community: '350102002001' }),
      ticket('C', { district: '350103', street: '350103001', community: '350103001001' }),
    ];
    const { core } = setup({ initial });
    const ids = async (area: string | null) => {
      const result = await core.view('tickets', 'count', { area }, -1, 60_000);
      return expectView(result).view;
    };
    expect(await ids(null)).toEqual({ n: 3 });
    expect(await ids('350102')).toEqual({ n: 2 });
    expect(await ids('350102002')).toEqual({ n: 1 });
    expect(await ids('350103001001')).toEqual({ n: 1 });
    // Codes the index does not know (the city's own, an empty area) fall back to every item.
    expect(await ids('350100')).toEqual({ n: 3 });
    expect(await ids('350105')).toEqual({ n: 3 });
  });
});

describe('a new area', () => {
  it('is built at once from the data held, without a poll, carrying when that data was confirmed', async () => {
    const { core, backend, advance } = setup();
    const first = expectView(await core.view('tickets', 'count', { area: null }, -1, 0));
    const polls = backend.calls.length;
    const confirmedAt = core.health('tickets').lastSuccessAt;
    advance(4_000);
    const drilled = expectView(await core.view('tickets', 'count', { area: '350102' }, -1, 0));
    expect(backend.calls.length).toBe(polls);
    expect(drilled).toMatchObject({ revision: first.revision, degradedSince: confirmedAt });
    // Its own next poll confirms it.
    const confirmed = await core.view('tickets', 'count', { area: '350102' }, drilled.revision, 0);
    expect(confirmed).toEqual({ kind: 'unchanged', revision: first.revision });
    expect(backend.calls.length).toBe(polls + 1);
  });
});
