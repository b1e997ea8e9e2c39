// A city past what a browser may hold: a feed with an `entityBudget` below its size is never read
// whole. An area above the budget is shown by the source's counts one level down (the native
// contract's aggregate endpoint, served by the simulated city); an area within it is read alone.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCity } from '../../mocks/sim/city';
import { loadGeo } from '../../mocks/sim/load-geo-node';
import { createFeedServer, type FeedServer } from '../../mocks/handlers/feed-server';
import { createSimClock } from '../../mocks/handlers/sim-clock';
import { FeedFetchError } from '@/adapters/feed-adapter';
import type { FeedConfig } from '@/config/config-schema';
import type { Ticket } from '@/domain/ticket';
import { COVERAGE_VIEW, type CoverageView } from '@/feeds/coverage';
import { createWorkerCore } from '@/feeds/feed-worker-core';
import { defineScenarioWorker } from '@/feeds/scenario-worker';
import { defineView } from '@/feeds/view-builder';
import type { ViewResult } from '@/feeds/worker-protocol';

const START = Date.UTC(2026, 10, 19, 8, 0);
let server: FeedServer;
let cityTickets: Ticket[];

/** What a view of an area holds of the tickets feed. */
const held = defineView<{ area: string | null }, { ids: string[]; coverage: unknown }>({
  id: 'test.held',
  feeds: ['tickets'],
  build: (input) => ({
    ids: [...input.inArea('tickets').keys()],
    coverage: input.coverage('tickets'),
  }),
});
const scenario = defineScenarioWorker({ id: 'test', views: [held] });

function core(budget: number | undefined, answer?: (url: URL) => Response | null) {
  const requests: URL[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    const url = new URL(String(input));
    requests.push(url);
    const replaced = answer?.(url);
    if (replaced) return replaced;
    const response = await server.handle({
      feed: url.pathname.replace('/api/v1/', ''),
      params: url.searchParams,
      headers: { ifNoneMatch: null },
    });
    return new Response(response.body ?? null, {
      status: response.status,
      headers: response.headers,
    });
  };
  const feed: FeedConfig = {
    adapter: 'native-rest',
    baseUrl: '/api/v1',
    pollIntervalMs: 5000,
    freshness: { ageingAfterMs: 7500, staleAfterMs: 15000, downAfterMs: 50000 },
    ...(budget === undefined ? {} : { entityBudget: budget }),
  };
  const worker = createWorkerCore({
    feeds: { tickets: feed },
    profile: 'desktop',
    origin: 'http://localhost',
    fetch,
    scenarios: [scenario],
    realNow: () => 0,
  });
  const view = async <V>(id: string, area: string | null) => {
    const result = (await worker.view(id, { area }, -1, START)) as ViewResult;
    if (result.kind !== 'view') throw new Error('expected a view');
    return result.view as V;
  };
  /** Requests for the feed's entities (not its counts), with their area. */
  const entityReads = () =>
    requests.filter((u) => u.pathname.endsWith('/tickets')).map((u) => u.searchParams.get('area'));
  return { worker, view, requests, entityReads };
}

const countBy = (key: (t: Ticket) => string) => {
  const counts = new Map<string, number>();
  for (const t of cityTickets) counts.set(key(t), (counts.get(key(t)) ?? 0) + 1);
  return counts;
};

beforeAll(() => {
  const city = createCity({ seed: 7, scale: 1, geo: loadGeo() });
  const clock = createSimClock({ start: START, speed: 1, realNow: () => 0 });
  server = createFeedServer({ city, clock });
  cityTickets = city.snapshot('tickets', server.version() * server.tickMs) as Ticket[];
});

describe('a feed past its entity budget', () => {
  it('shows the city by its counts per district and never reads the whole feed', async () => {
    const budget = Math.floor(cityTickets.length / 3);
    const { worker, view, entityReads } = core(budget);
    await expect(worker.view('test.held', { area: null }, -1, START)).rejects.toMatchObject({
      reason: 'aggregated',
    });
    const { feeds } = await view<CoverageView>(COVERAGE_VIEW, null);
    expect(feeds).toHaveLength(1);
    const [coverage] = feeds;
    expect(coverage).toMatchObject({
      feed: 'tickets',
      mode: 'aggregate',
      budget,
      within: null,
      level: 'district',
      total: cityTickets.length,
    });
    expect(new Map(coverage!.groups.map((g) => [g.key, g.count]))).toEqual(
      countBy((t) => t.district),
    );
    expect(entityReads()).toEqual([]);
  });

  it('reads an area within the budget alone, and only its entities', async () => {
    const districts = [...countBy((t) => t.district)].sort((a, b) => a[1] - b[1]);
    const [small, smallCount] = districts[0]!;
    const budget = smallCount + 1;
    const { view, entityReads } = core(budget);
    const result = await view<{ ids: string[]; coverage: { mode: string; level: string } }>(
      'test.held',
      small,
    );
    expect(result.ids.sort()).toEqual(
      cityTickets
        .filter((t) => t.district === small)
        .map((t) => t.id)
        .sort(),
    );
    expect(result.coverage).toMatchObject({ mode: 'entities', level: 'street', total: smallCount });
    expect(entityReads()).toEqual([small]);

    // A bigger district is past the budget: its counts per street, then one of its streets alone.
    const [big] = districts.at(-1)!;
    const { feeds } = await view<CoverageView>(COVERAGE_VIEW, big);
    expect(feeds[0]).toMatchObject({ mode: 'aggregate', within: big, level: 'street' });
    expect(feeds[0]!.groups.reduce((n, g) => n + g.count, 0)).toBe(feeds[0]!.total);
    const street = [...countBy((t) => t.street)]
      .filter(([code, n]) => code.startsWith(big) && n <= budget)
      .sort((a, b) => b[1] - a[1])[0]![0];
    const inStreet = await view<{ ids: string[] }>('test.held', street);
    expect(inStreet.ids.length).toBe(countBy((t) => t.street).get(street));
    expect(entityReads()).toEqual([small, street]);
  });

  it('reads the feed whole while the city is within the budget, or when the source has no counts', async () => {
    const within = core(cityTickets.length);
    expect((await within.view<{ ids: string[] }>('test.held', null)).ids).toHaveLength(
      cityTickets.length,
    );
    expect(within.entityReads()).toEqual([null]);
    expect((await within.view<CoverageView>(COVERAGE_VIEW, null)).feeds).toEqual([]);

    const noCounts = core(10, (url) =>
      url.pathname.endsWith('/aggregate') ? new Response(null, { status: 404 }) : null,
    );
    expect((await noCounts.view<{ ids: string[] }>('test.held', null)).ids).toHaveLength(
      cityTickets.length,
    );
  });

  it('fails on counts that do not follow the contract, naming it; never takes a hostile key', async () => {
    const hostile = [
      { key: '__proto__', count: 1 },
      { key: 'constructor', count: 2 },
    ];
    const { worker } = core(10, (url) =>
      url.pathname.endsWith('/aggregate')
        ? Response.json({
            feed: 'tickets',
            within: null,
            level: 'district',
            total: 3,
            generatedAt: START,
            groups: hostile,
          })
        : null,
    );
    const error = await worker.view('test.held', { area: null }, -1, START).catch((e) => e);
    expect(error).toBeInstanceOf(FeedFetchError);
    expect(error).toMatchObject({ reason: 'contract' });
    // The feed's health says so: the panels show why, not "loading".
    expect(worker.health('tickets')).toMatchObject({
      failures: 1,
      lastError: { reason: 'contract' },
    });
  });
});
