// A feed whose ids and codes are names every object has, with items sent twice and items placed
// outside their district: the worker takes the valid ones as they are, counts and flags the rest,
// and nothing it builds reads or writes Object.prototype.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCity } from '../../mocks/sim/city';
import { loadGeo } from '../../mocks/sim/load-geo-node';
import { toWall } from '../../mocks/sim/wall';
import { createFeedServer, PROTO_NAMES, type FeedServer } from '../../mocks/handlers/feed-server';
import { createSimClock } from '../../mocks/handlers/sim-clock';
import { parseConfig } from '@/config/config-schema';
import { createWorkerCore } from '@/feeds/feed-worker-core';
import { ALARMS_VIEW } from '@/feeds/alarms';
import type { TicketView } from '@/features/tickets/ticket-view';
import { scenarioWorker } from '@/features/tickets/worker';
import publicConfig from '../../public/config.json';

const config = parseConfig(publicConfig);
const START = Date.UTC(2026, 10, 19, 2, 0);
const geo = loadGeo();
let server: FeedServer;

const fetchFromServer: typeof fetch = async (input) => {
  const url = new URL(String(input));
  const answer = await server.handle({
    feed: url.pathname.split('/').pop()!,
    params: url.searchParams,
    headers: { ifNoneMatch: null },
  });
  return new Response(answer.body ?? null, { status: answer.status, headers: answer.headers });
};

beforeAll(() => {
  const city = createCity({ seed: 3, scale: 1, geo });
  const clock = createSimClock({ start: START, speed: 1, realNow: () => 0 });
  server = createFeedServer({
    city,
    clock,
    toWall,
    faults: [
      { target: 'tickets', fault: { kind: 'protoids' } },
      { target: 'tickets', fault: { kind: 'invalid', percent: 3 } },
      { target: 'tickets', fault: { kind: 'duplicate', percent: 2 } },
      { target: 'tickets', fault: { kind: 'misplaced', percent: 1 } },
    ],
  });
});

describe('a hostile feed', () => {
  it('is taken, counted and flagged without touching Object.prototype', async () => {
    const core = createWorkerCore({
      feeds: { tickets: config.feeds.tickets! },
      profile: 'desktop',
      origin: 'http://localhost',
      fetch: fetchFromServer,
      scenarios: [scenarioWorker],
      geo,
    });
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    for (const area of [null, '350102', '350102001']) {
      const result = await core.view('tickets.overview', { area }, -1, START);
      if (result.kind !== 'view') throw new Error('expected a view');
      const view = result.view as TicketView;
      expect(view.kpis.today).toBeGreaterThan(0);
      // The hostile categories reach the view as plain data, counted like any other.
      if (area === null) {
        const categories = view.categories.map((c) => c.category);
        expect(categories.some((c) => PROTO_NAMES.includes(c))).toBe(true);
        expect(view.departments.some((d) => PROTO_NAMES.includes(d.department))).toBe(true);
      }
    }
    await core.view(ALARMS_VIEW, {}, -1, START);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    expect(({} as Record<string, unknown>).length).toBeUndefined();

    // Items with those ids are held and open as any other.
    for (const id of PROTO_NAMES) expect(core.detail('tickets', id)).toMatchObject({ id });
    expect(core.detail('tickets', 'valueOf')).toBeNull();

    const health = core.health('tickets');
    expect(health.duplicatesLast).toBeGreaterThan(50);
    expect(health.flagged.outOfArea).toBeGreaterThan(20);
    expect(health.flagged.examples.length).toBeGreaterThan(0);
    // Only the items the invalid fault broke are quarantined.
    expect(health.droppedLast).toBeGreaterThan(0);
    expect(health.reasons.every((r) => r.rule !== 'area_mismatch')).toBe(true);
  });
});
