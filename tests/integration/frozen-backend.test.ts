// A source that keeps serving one version for a simulated day (docs/api.md raises `version` only on
// a change): the figures still follow the city clock — tickets turn due soon and overdue on time,
// "today" rolls over at midnight in the city's time zone — and polls that cross no boundary
// change nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { createCity } from '../../mocks/sim/city';
import { loadGeo } from '../../mocks/sim/load-geo-node';
import { toWall } from '../../mocks/sim/wall';
import { createFeedServer, type FeedServer } from '../../mocks/handlers/feed-server';
import { createSimClock } from '../../mocks/handlers/sim-clock';
import { parseConfig } from '@/config/config-schema';
import { cityTimeOf, HOUR_MS, MINUTE_MS } from '@/domain/city-time';
import { isClosedStage } from '@/domain/ticket';
import { createWorkerCore } from '@/feeds/feed-worker-core';
import type { ViewResult } from '@/feeds/worker-protocol';
import type { TicketView } from '@/features/tickets/ticket-view';
import { scenarioWorker } from '@/features/tickets/worker';
import publicConfig from '../../public/config.json';

const config = parseConfig(publicConfig);
const START = Date.UTC(2026, 10, 19, 8, 0); // Thursday 16:00 in Fuzhou
const time = cityTimeOf('Asia/Shanghai');
let server: FeedServer;
let real = 0;
let requests = 0;

const fetchFromServer: typeof fetch = async (input) => {
  requests += 1;
  const url = new URL(String(input));
  const answer = await server.handle({
    feed: url.pathname.split('/').pop()!,
    params: url.searchParams,
    headers: { ifNoneMatch: null },
  });
  return new Response(answer.body ?? null, { status: answer.status, headers: answer.headers });
};

beforeAll(() => {
  const city = createCity({ seed: 7, scale: 1, geo: loadGeo() });
  const clock = createSimClock({ start: START, speed: 1, realNow: () => real });
  server = createFeedServer({
    city,
    clock,
    toWall,
    faults: [{ target: 'tickets', fault: { kind: 'freeze' } }],
  });
});

describe('a source frozen at one version for a day', () => {
  it('shows overdue counts rising, "today" rolling over, and nothing new between boundaries', async () => {
    const core = createWorkerCore({
      feeds: { tickets: config.feeds.tickets! },
      profile: 'desktop',
      origin: 'http://localhost',
      fetch: fetchFromServer,
      scenarios: [scenarioWorker],
      realNow: () => real,
    });
    const ask = (now: number, have: number) =>
      core.view('tickets.overview', { area: null }, have, now) as Promise<ViewResult>;
    const expectView = (r: ViewResult) => {
      if (r.kind !== 'view') throw new Error('expected a view');
      return { ...r, view: r.view as TicketView };
    };

    let now = START;
    let current = expectView(await ask(now, -1));
    const version = core.health('tickets').version;
    const first = current.view.kpis;
    expect(first.today).toBeGreaterThan(0);

    // Between boundaries (the next minute at the latest): the same view, whatever the polls.
    expect(current.validUntil).toBeLessThanOrEqual(now + MINUTE_MS);
    real += 5_000;
    const before = await ask(current.validUntil - 1, current.stamp);
    expect(before).toEqual({ kind: 'unchanged', stamp: current.stamp });

    // Walk the city clock through the next 20 hours, an hour at a time, polling as the page does.
    const overdue: number[] = [first.overdue];
    const todays: number[] = [first.today];
    const midnight = time.nextDayStart(START);
    let rolledOver = false;
    for (let h = 1; h <= 20; h += 1) {
      now = START + h * HOUR_MS;
      real += 10_000;
      const next = await ask(now, current.stamp);
      current = expectView(next);
      overdue.push(current.view.kpis.overdue);
      todays.push(current.view.kpis.today);
      expect(current.asOf).toBe(now);
      if (now >= midnight && !rolledOver) {
        rolledOver = true;
        // After midnight nothing reported since 00:00 exists at this frozen version: today is 0,
        // and yesterday's curve is the day that just ended.
        expect(current.view.kpis.today).toBe(0);
        expect(current.view.hourly.yesterday.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(
          todays[0]!,
        );
      }
    }
    // The source never moved …
    expect(core.health('tickets').version).toBe(version);
    expect(requests).toBeGreaterThan(20);
    // … yet tickets left open turned overdue as their deadlines passed: the count never falls
    // (no ticket closes at a frozen version) and rises.
    for (let i = 1; i < overdue.length; i += 1)
      expect(overdue[i]).toBeGreaterThanOrEqual(overdue[i - 1]!);
    expect(overdue.at(-1)!).toBeGreaterThan(overdue[0]!);
    expect(rolledOver).toBe(true);

    // Each ticket counted overdue is open and past its deadline at the view's moment.
    const detail = (id: string) => core.detail('tickets', id) as { deadline: number; stage: never };
    for (const row of current.view.rows.filter((r) => r.sla === 'overdue').slice(0, 50)) {
      const t = detail(row.id);
      expect(t.deadline).toBeLessThan(current.asOf);
      expect(isClosedStage(t.stage)).toBe(false);
    }
  });
});
