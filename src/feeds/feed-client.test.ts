import { describe, expect, it } from 'vitest';
import type { FeedConfig } from '@/config/config-schema';
import type { Ticket } from '@/domain/ticket';
import { makeTicket, T0 } from '../../tests/fixtures/make-ticket';
import { createFeedClient, FeedPollError, type WorkerLike } from './feed-client';
import { createWorkerCore, serializeError, type WorkerCore } from './feed-worker-core';
import type { ViewRegistry } from './view-builder';
import type { WorkerRequest, WorkerResponse } from './worker-protocol';

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

/** A Worker stand-in that runs the core in-process and answers asynchronously, like a worker. */
function inProcessWorker(core: WorkerCore) {
  const listeners: ((event: MessageEvent<WorkerResponse>) => void)[] = [];
  const posted: WorkerRequest[] = [];
  let terminated = false;
  const reply = (response: WorkerResponse) =>
    setTimeout(() => {
      if (terminated) return;
      for (const l of listeners) l({ data: response } as MessageEvent<WorkerResponse>);
    }, 0);
  const worker: WorkerLike = {
    postMessage(message) {
      posted.push(message);
      if (message.type === 'init') return;
      const { requestId } = message;
      const work =
        message.type === 'view'
          ? core.view(
              message.feed,
              message.view,
              message.params,
              message.haveRevision,
              message.maxAgeMs,
            )
          : Promise.resolve(core.detail(message.feed, message.id));
      work.then(
        (result) => reply({ requestId, ok: true, result }),
        (e: unknown) => reply({ requestId, ok: false, error: serializeError(e) }),
      );
    },
    addEventListener(_type, listener) {
      listeners.push(listener);
    },
    terminate() {
      terminated = true;
    },
  };
  return { worker, posted, isTerminated: () => terminated };
}

const feedConfig: FeedConfig = {
  adapter: 'native-rest',
  baseUrl: '/api/v1',
  pollIntervalMs: 5_000,
  freshness: { ageingAfterMs: 7_500, staleAfterMs: 15_000, downAfterMs: 50_000 },
};

function setup() {
  const backend = fakeBackend();
  let clock = T0;
  const core = createWorkerCore({
    feeds: { tickets: feedConfig },
    profile: 'desktop',
    origin: 'http://localhost',
    fetch: backend.fetch,
    views: {
      tickets: {
        ids: { build: (items) => ({ ids: [...items.keys()] }) },
        inArea: {
          build: (items, params: { district: string }) => ({
            n: [...items.values()].filter((t) => t.district === params.district).length,
          }),
        },
      },
    } as ViewRegistry,
    sanitizers: {},
    now: () => clock,
  });
  const host = inProcessWorker(core);
  const client = createFeedClient(host.worker);
  return {
    backend,
    client,
    host,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

type Ids = { ids: string[] };

describe('feed client', () => {
  it('resolves an unchanged poll to the very same object', async () => {
    const { client, backend, host } = setup();
    const first = await client.view<Ids>('tickets', 'ids', {}, 0);
    expect(first).toEqual({ view: { ids: ['T-1', 'T-2'] }, revision: 1, degradedSince: null });
    const second = await client.view<Ids>('tickets', 'ids', {}, 0);
    expect(second).toBe(first);
    expect(backend.calls()).toBe(2);
    const requests = host.posted.filter((m) => m.type === 'view');
    expect(requests.map((m) => m.haveRevision)).toEqual([-1, 1]);
    expect(new Set(requests.map((m) => m.requestId)).size).toBe(2);
  });

  it('resolves a changed poll to a new object', async () => {
    const { client, backend } = setup();
    const first = await client.view<Ids>('tickets', 'ids', {}, 0);
    backend.publish([ticket('T-1'), ticket('T-2'), ticket('T-3')]);
    const second = await client.view<Ids>('tickets', 'ids', {}, 0);
    expect(second).not.toBe(first);
    expect(second.revision).toBe(2);
    expect(second.view.ids).toEqual(['T-1', 'T-2', 'T-3']);
    expect(await client.view<Ids>('tickets', 'ids', {}, 0)).toBe(second);
  });

  it('keeps views apart by their parameters', async () => {
    const { client } = setup();
    const gulou = await client.view<{ n: number }>('tickets', 'inArea', { district: '350102' }, 0);
    const taijiang = await client.view<{ n: number }>(
      'tickets',
      'inArea',
      { district: '350103' },
      0,
    );
    expect(gulou.view.n).toBe(2);
    expect(taijiang.view.n).toBe(0);
    // A view first built from held data is confirmed by its own next poll: same view object.
    expect((await client.view('tickets', 'inArea', { district: '350102' }, 0)).view).toBe(
      gulou.view,
    );
    expect((await client.view('tickets', 'inArea', { district: '350103' }, 0)).view).toBe(
      taijiang.view,
    );
  });

  it('rejects a failed poll with FeedPollError carrying the reason', async () => {
    const { client, backend } = setup();
    await client.view<Ids>('tickets', 'ids', {}, 0);
    backend.failWith(503);
    const error = await client.view('tickets', 'ids', {}, 0).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FeedPollError);
    expect((error as FeedPollError).detail).toEqual({
      message: 'HTTP 503',
      reason: 'http',
      status: 503,
    });
    expect((error as FeedPollError).message).toBe('HTTP 503');
  });

  it('gets a degraded view for parameters it never held, then a fresh one on recovery', async () => {
    const { client, backend, advance } = setup();
    await client.view<Ids>('tickets', 'ids', {}, 0);
    backend.failWith(503);
    advance(20_000);
    const degraded = await client.view<{ n: number }>(
      'tickets',
      'inArea',
      { district: '350102' },
      0,
    );
    expect(degraded).toMatchObject({ view: { n: 2 }, revision: 1, degradedSince: T0 });
    backend.failWith(null);
    const fresh = await client.view<{ n: number }>('tickets', 'inArea', { district: '350102' }, 0);
    expect(fresh).not.toBe(degraded);
    expect(fresh).toMatchObject({ view: { n: 2 }, revision: 1, degradedSince: null });
  });

  it('rejects with the reason when there never was data', async () => {
    const { client, backend } = setup();
    backend.failWith(500);
    await expect(client.view('tickets', 'ids', {}, 0)).rejects.toMatchObject({
      name: 'FeedPollError',
      detail: { reason: 'http', status: 500 },
    });
  });

  it('fetches one item’s detail', async () => {
    const { client } = setup();
    await client.view('tickets', 'ids', {}, 0);
    expect(await client.detail<Ticket>('tickets', 'T-2')).toEqual(ticket('T-2'));
    expect(await client.detail('tickets', 'missing')).toBeNull();
  });

  it('sends init and rejects pending calls on dispose', async () => {
    const { client, host } = setup();
    client.init({ tickets: feedConfig }, 'wall', 'http://localhost');
    expect(host.posted[0]).toEqual({
      type: 'init',
      feeds: { tickets: feedConfig },
      profile: 'wall',
      origin: 'http://localhost',
    });
    const pending = client.view('tickets', 'ids', {}, 0);
    client.dispose();
    expect(host.isTerminated()).toBe(true);
    await expect(pending).rejects.toThrow('feed client disposed');
  });
});
