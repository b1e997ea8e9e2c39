// Each injected fault reaches the client as that fault: through the real feed server (the same
// core MSW and `sim:serve` use), the native-rest adapter and the worker core with the tickets view.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCity } from '../../mocks/sim/city';
import { toWall } from '../../mocks/sim/wall';
import { loadGeo } from '../../mocks/sim/load-geo-node';
import { createFeedServer, type FeedServer } from '../../mocks/handlers/feed-server';
import { createSimClock } from '../../mocks/handlers/sim-clock';
import type { Fault } from '../../mocks/handlers/faults';
import { parseConfig } from '@/config/config-schema';
import { createWorkerCore } from '@/feeds/feed-worker-core';
import type { TicketView } from '@/features/tickets/ticket-view';
import { scenarioWorker } from '@/features/tickets/worker';
import publicConfig from '../../public/config.json';

const config = parseConfig(publicConfig);
const START = Date.UTC(2026, 10, 19, 2, 0); // a Thursday, 10:00 in Fuzhou
let server: FeedServer;
let realNow = 0;

/** A fetch that answers from the feed server core, as the service worker or HTTP server would. */
const fetchFromServer: typeof fetch = async (input) => {
  const url = new URL(String(input));
  const answer = await server.handle({
    feed: url.pathname.split('/').pop()!,
    params: url.searchParams,
    headers: { ifNoneMatch: null },
  });
  return new Response(answer.body ?? null, { status: answer.status, headers: answer.headers });
};

function client() {
  return createWorkerCore({
    feeds: { tickets: config.feeds.tickets! },
    profile: 'desktop',
    origin: 'http://localhost',
    fetch: fetchFromServer,
    scenarios: [scenarioWorker],
    realNow: () => realNow,
  });
}

/** The sim's clock: the city clock the page would ask at. */
const cityNow = () => START + realNow;

const view = async (core: ReturnType<typeof client>, have = -1) => {
  const result = await core.view('tickets.overview', { area: null }, have, cityNow());
  if (result.kind !== 'view') throw new Error('expected a view');
  return { ...result, view: result.view as TicketView };
};

const fault = (f: Fault | null) => server.setFault('tickets', f);
const nextVersion = () => {
  realNow += 5_000;
};

beforeAll(() => {
  const city = createCity({ seed: 42, scale: 1, geo: loadGeo() });
  const clock = createSimClock({ start: START, speed: 1, realNow: () => realNow });
  server = createFeedServer({
    city,
    clock,
    toWall,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
});

describe('faults as the client sees them', () => {
  it('down: the poll fails with HTTP 503 and the last data stays', async () => {
    const core = client();
    const first = await view(core);
    const heldBefore = core.health('tickets').count;
    fault({ kind: 'down' });
    nextVersion();
    // Data first: the page keeps its view; the health says why the poll failed.
    expect(await core.view('tickets.overview', { area: null }, first.stamp, cityNow())).toEqual({
      kind: 'unchanged',
      stamp: first.stamp,
    });
    expect(heldBefore).toBeGreaterThan(0);
    expect(core.health('tickets').count).toBe(heldBefore);
    expect(core.health('tickets').lastError).toMatchObject({ reason: 'throttled', status: 503 });
    // A view asked for during the outage is built from the last data.
    const held = await view(core);
    expect(held.view.kpis.open).toBe(first.view.kpis.open);
    fault(null);
  });

  it('slow: the answer arrives after the delay, with data', async () => {
    const core = client();
    fault({ kind: 'slow', ms: 300 });
    const t0 = performance.now();
    const result = await view(core);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(result.view.kpis.today).toBeGreaterThan(0);
    fault(null);
  });

  it('garbage: the poll fails as unreadable and the last data stays', async () => {
    const core = client();
    const first = await view(core);
    const heldBefore = core.health('tickets').count;
    fault({ kind: 'garbage' });
    nextVersion();
    await core.view('tickets.overview', { area: null }, first.stamp, cityNow());
    expect(core.health('tickets').count).toBe(heldBefore);
    expect(core.health('tickets').lastError).toMatchObject({ reason: 'parse' });
    fault(null);
  });

  it('invalid items: dropped and counted, the valid rest shown', async () => {
    const core = client();
    fault({ kind: 'invalid', percent: 20 });
    nextVersion();
    const result = await view(core);
    const health = core.health('tickets');
    expect(result.view.droppedLast).toBeGreaterThan(0);
    expect(health.droppedLast).toBe(result.view.droppedLast);
    expect(health.reasons.length).toBeGreaterThan(0);
    // Roughly a fifth quarantined, the rest kept.
    const share = health.droppedLast / (health.droppedLast + health.count);
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.3);
    expect(result.view.kpis.today).toBeGreaterThan(0);
    fault(null);
  });

  it('empty: an empty feed is shown as empty, not as an error', async () => {
    const core = client();
    fault({ kind: 'empty' });
    nextVersion();
    const result = await view(core);
    expect(result.view.kpis.open).toBe(0);
    expect(result.view.rows).toEqual([]);
    expect(core.health('tickets').lastError).toBeNull();
    fault(null);
  });

  it('down from the first poll: the view fails with the reason, the health names it', async () => {
    const core = client();
    fault({ kind: 'down' });
    nextVersion();
    await expect(view(core)).rejects.toMatchObject({ reason: 'throttled', status: 503 });
    expect(core.health('tickets')).toMatchObject({ lastSuccessAt: 0, failures: 1 });
    fault(null);
  });

  it('clock skew: the data carries the source’s shifted clock', async () => {
    const core = client();
    nextVersion();
    const straight = await view(core);
    fault({ kind: 'skew', ms: 3_600_000 });
    const skewedCore = client();
    const skewed = await view(skewedCore);
    expect(skewed.view.generatedAt - straight.view.generatedAt).toBeGreaterThanOrEqual(3_600_000);
    fault(null);
  });
});
