import { describe, expect, it } from 'vitest';
import type { FeedConfig } from '@/config/config-schema';
import type { Ticket } from '@/domain/ticket';
import { makeTicket, T0 } from '../../tests/fixtures/make-ticket';
import { inProcessWorker } from '../../tests/fixtures/in-process-worker';
import { createFeedClient, FeedPollError } from './feed-client';
import { defineView } from './view-builder';
import type { FeedHealth } from './worker-protocol';

const ticket = (id: string, overrides: Partial<Ticket> = {}): Ticket => makeTicket(id, overrides);

/** Native-contract tickets backend as a fake `fetch`: snapshot, 304 at the same version, deltas. */
function fakeBackend() {
  let version = 1;
  let items = [ticket('T-1'), ticket('T-2')];
  let failWith: number | null = null;
  let calls = 0;
  const json = (body: unknown) => new Response(JSON.stringify(body));
  const fetch = (async (input: RequestInfo | URL) => {
    calls += 1;
    const url = new URL(String(input));
    if (failWith !== null) return new Response(null, { status: failWith });
    const since = url.searchParams.get('since');
    if (since === null) return json({ feed: 'tickets', version, generatedAt: T0, items });
    if (Number(since) === version) return new Response(null, { status: 304 });
    return json({
      feed: 'tickets',
      version,
      since: Number(since),
      generatedAt: T0,
      upserts: items,
      removed: [],
    });
  }) as typeof globalThis.fetch;
  return {
    fetch,
    calls: () => calls,
    publish(next: Ticket[]) {
      version += 1;
      items = next;
    },
    failWith(status: number | null) {
      failWith = status;
    },
  };
}

const feedConfig: FeedConfig = {
  adapter: 'native-rest',
  baseUrl: '/api/v1',
  pollIntervalMs: 5_000,
  freshness: { ageingAfterMs: 7_500, staleAfterMs: 15_000, downAfterMs: 50_000 },
};

const idsView = defineView<unknown, { ids: string[] }>({
  id: 'test.ids',
  feeds: ['tickets'],
  build: (input) => ({ ids: [...input.inArea('tickets').keys()] }),
});
const inDistrictView = defineView<{ district: string }, { n: number }>({
  id: 'test.inDistrict',
  feeds: ['tickets'],
  build: (input, params) => ({
    n: [...input.all('tickets').values()].filter((t) => t.district === params.district).length,
  }),
});

function setup() {
  const backend = fakeBackend();
  let real = T0;
  const host = inProcessWorker([{ id: 'test', views: [idsView, inDistrictView] }], {
    fetch: backend.fetch,
    realNow: () => real,
  });
  const client = createFeedClient(host.worker);
  const healths: FeedHealth[] = [];
  client.onHealth((h) => healths.push(h));
  client.init({
    feeds: { tickets: feedConfig },
    profile: 'desktop',
    origin: 'http://localhost',
    timeZone: 'Asia/Shanghai',
    geo: null,
    acks: [],
  });
  return {
    backend,
    client,
    host,
    healths,
    advance: (ms: number) => {
      real += ms;
    },
  };
}

type Ids = { ids: string[] };

describe('feed client', () => {
  it('resolves an unchanged poll to the very same object', async () => {
    const { client, backend, host, advance } = setup();
    const first = await client.view<Ids>('test.ids', {}, T0);
    expect(first).toMatchObject({ view: { ids: ['T-1', 'T-2'] }, asOf: T0 });
    advance(5_000);
    const second = await client.view<Ids>('test.ids', {}, T0 + 5_000);
    expect(second).toBe(first);
    expect(backend.calls()).toBe(2);
    const requests = host.posted.filter((m) => m.type === 'view');
    expect(requests.map((m) => m.haveStamp)).toEqual([-1, first.stamp]);
    expect(new Set(requests.map((m) => m.requestId)).size).toBe(2);
  });

  it('resolves a changed poll to a new object', async () => {
    const { client, backend, advance } = setup();
    const first = await client.view<Ids>('test.ids', {}, T0);
    backend.publish([ticket('T-1'), ticket('T-2'), ticket('T-3')]);
    advance(5_000);
    const second = await client.view<Ids>('test.ids', {}, T0);
    expect(second).not.toBe(first);
    expect(second.view.ids).toEqual(['T-1', 'T-2', 'T-3']);
    advance(5_000);
    expect(await client.view<Ids>('test.ids', {}, T0)).toBe(second);
  });

  it('keeps views apart by their parameters', async () => {
    const { client } = setup();
    const gulou = await client.view<{ n: number }>('test.inDistrict', { district: '350102' }, T0);
    const taijiang = await client.view<{ n: number }>(
      'test.inDistrict',
      { district: '350103' },
      T0,
    );
    expect(gulou.view.n).toBe(2);
    expect(taijiang.view.n).toBe(0);
    expect(await client.view('test.inDistrict', { district: '350102' }, T0)).toBe(gulou);
    expect(await client.view('test.inDistrict', { district: '350103' }, T0)).toBe(taijiang);
  });

  it('rejects with the reason when there never was data, and hears the health', async () => {
    const { client, backend, healths } = setup();
    backend.failWith(500);
    const error = await client.view('test.ids', {}, T0).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FeedPollError);
    expect((error as FeedPollError).detail).toMatchObject({
      message: 'HTTP 500',
      reason: 'http',
      status: 500,
      feed: 'tickets',
    });
    await new Promise((r) => setTimeout(r, 5));
    expect(healths.at(-1)).toMatchObject({ feed: 'tickets', lastSuccessAt: 0, failures: 1 });
  });

  it('keeps the view it has when a later poll fails', async () => {
    const { client, backend, advance } = setup();
    const first = await client.view<Ids>('test.ids', {}, T0);
    backend.failWith(503);
    advance(20_000);
    expect(await client.view<Ids>('test.ids', {}, T0)).toBe(first);
  });

  it('fetches one item’s detail', async () => {
    const { client } = setup();
    await client.view('test.ids', {}, T0);
    expect(await client.detail<Ticket>('tickets', 'T-2')).toEqual(ticket('T-2'));
    expect(await client.detail('tickets', 'missing')).toBeNull();
  });

  it('rejects pending calls on dispose', async () => {
    const { client, host } = setup();
    const pending = client.view('test.ids', {}, T0);
    client.dispose();
    expect(host.isTerminated()).toBe(true);
    await expect(pending).rejects.toThrow('feed client disposed');
  });
});
