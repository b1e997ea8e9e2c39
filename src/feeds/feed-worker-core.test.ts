import { describe, expect, it } from 'vitest';
import { FeedFetchError } from '@/adapters/feed-adapter';
import type { FeedConfig } from '@/config/config-schema';
import type { FeedName } from '@/domain/common';
import { sanitizeTicket } from '@/domain/personal-data';
import type { Ticket } from '@/domain/ticket';
import { makeTicket, T0 } from '../../tests/fixtures/make-ticket';
import { ALARMS_VIEW, type Alarm, type AlarmRule } from './alarms';
import { createWorkerCore, serializeError, stableKey } from './feed-worker-core';
import type { Sanitizers, ScenarioWorker } from './scenario-worker';
import { defineView } from './view-builder';
import { grown, type TableSpec } from './feed-table';
import type { FeedHealth, ViewResult } from './worker-protocol';

/** A hotline ticket with personal data, for the sanitising tests. */
const ticket = (id: string, overrides: Partial<Ticket> = {}): Ticket =>
  makeTicket(id, {
    channel: 'hotline',
    address: '鼓楼区五四路128号',
    reporter: { name: '张三', phone: '13812345678', idNumber: '350102199001011234' },
    ...overrides,
  });

/**
 * A fake `fetch` speaking the native contract for a feed: snapshots, `?since=` deltas, 304 at the
 * current version. `failWith` makes every request answer that status (with headers); `hold()`
 * keeps requests waiting until released; `raw()` replaces the next snapshot's items.
 */
function fakeBackend(feed: FeedName, initial: { id: string }[]) {
  const items = new Map(initial.map((t) => [t.id, t as unknown]));
  const changedAt = new Map(initial.map((t) => [t.id, 1]));
  const removedAt: { id: string; version: number }[] = [];
  let version = 1;
  let failure: { status: number; headers?: Record<string, string> } | null = null;
  let held: Promise<void> | null = null;
  let rawItems: unknown[] | null = null;
  const calls: URL[] = [];
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });

  const fetch = async (url: URL) => {
    calls.push(url);
    if (held) await held;
    if (failure) return new Response('unavailable', failure);
    const since = url.searchParams.get('since');
    const generatedAt = T0 + version;
    if (since === null || rawItems) {
      const body = { feed, version, generatedAt, items: rawItems ?? [...items.values()] };
      rawItems = null;
      return json(body);
    }
    const from = Number(since);
    if (from === version) return new Response(null, { status: 304 });
    if (from > version) return new Response(null, { status: 410 });
    return json({
      feed,
      version,
      since: from,
      generatedAt,
      upserts: [...items.entries()]
        .filter(([id]) => (changedAt.get(id) ?? 0) > from)
        .map(([, item]) => item),
      removed: removedAt.filter((r) => r.version > from).map((r) => r.id),
    });
  };

  return {
    fetch,
    calls,
    publish(upserts: { id: string }[], removed: string[] = []) {
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
    failWith(status: number | null, headers?: Record<string, string>) {
      failure = status === null ? null : { status, ...(headers ? { headers } : {}) };
    },
    raw(next: unknown[]) {
      version += 1;
      rawItems = next;
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

const countView = defineView<unknown, { n: number }>({
  id: 'test.count',
  feeds: ['tickets'],
  build: (input) => ({ n: input.inArea('tickets').size }),
});
/** A row table of the tickets' districts, counting what it writes. */
let tableWrites = 0;
const DISTRICTS: TableSpec<Ticket, { district: Int32Array }> = {
  id: 'test.districts',
  create: (capacity, previous) => ({ district: grown(Int32Array, capacity, previous?.district) }),
  write(c, row, t, codes) {
    tableWrites += 1;
    c.district[row] = codes.of(t.district);
  },
};
const tableView = defineView<unknown, { rows: [string, string][] }>({
  id: 'test.table',
  feeds: ['tickets'],
  build: (input) => {
    const table = input.table('tickets', DISTRICTS);
    return {
      rows: Array.from(table.rows(), (row): [string, string] => [
        table.items[row]!.id,
        table.codes.names[table.columns.district[row]!]!,
      ]).sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    };
  },
});
const allView = defineView<unknown, { items: Ticket[]; now: number }>({
  id: 'test.all',
  feeds: ['tickets'],
  build: (input, _params, context) => ({
    items: [...input.inArea('tickets').values()],
    now: context.now,
  }),
});
/** A figure that changes at a deadline: how many tickets are past theirs. */
const overdueView = defineView<unknown, { overdue: number }>({
  id: 'test.overdue',
  feeds: ['tickets'],
  build: (input, _params, { now, changesAt }) => {
    let overdue = 0;
    for (const t of input.inArea('tickets').values()) {
      if (now > t.deadline) overdue += 1;
      else changesAt(t.deadline + 1);
    }
    return { overdue };
  },
});
/** A join of two feeds: tickets with the detection they came from. */
const joinView = defineView<unknown, { linked: number; detections: number }>({
  id: 'test.join',
  feeds: ['tickets', 'detections'],
  optionalFeeds: ['detections'],
  build: (input) => {
    const detections = input.all('detections');
    let linked = 0;
    for (const t of input.all('tickets').values())
      if (t.sourceRef !== null && detections.has(t.sourceRef)) linked += 1;
    return { linked, detections: detections.size };
  },
});

const overdueRule: AlarmRule = {
  id: 'test.overdue',
  feeds: ['tickets'],
  evaluate(input, { now, changesAt }) {
    const late = [...input.all('tickets').values()].filter((t) => {
      if (now <= t.deadline) changesAt(t.deadline + 1);
      return now > t.deadline;
    });
    return late.map((t) => ({
      place: t.id,
      severity: 'major' as const,
      area: t.district,
      position: t.position,
      feed: 'tickets' as const,
      entity: t.id,
      since: t.deadline,
      message: { key: 'test.late', params: { id: t.id } },
    }));
  },
};

function detection(id: string) {
  return {
    id,
    position: [119.3, 26.08],
    district: '350102',
    street: '350102001',
    community: '350102001001',
    type: 'street_vending',
    source: 'camera',
    cameraId: 'CAM-1',
    observedAt: T0,
    hotspot: null,
    status: 'reported',
    ticketId: null,
  };
}

function setup(
  options: {
    initial?: Ticket[];
    profile?: 'desktop' | 'wall';
    sanitizers?: Sanitizers;
    detections?: boolean;
  } = {},
) {
  const tickets = fakeBackend('tickets', options.initial ?? [ticket('T-1'), ticket('T-2')]);
  const detections = fakeBackend('detections', [detection('D-1'), detection('D-2')]);
  let real = T0 + 10_000;
  const healths: FeedHealth[] = [];
  const scenario: ScenarioWorker = {
    id: 'test',
    views: [countView, allView, overdueView, joinView, tableView],
    sanitizers: options.sanitizers ?? {},
    alarmRules: [overdueRule],
  };
  const core = createWorkerCore({
    feeds: {
      tickets: feedConfig,
      ...(options.detections ? { detections: { ...feedConfig, baseUrl: '/det' } } : {}),
    },
    profile: options.profile ?? 'desktop',
    origin: 'http://localhost',
    fetch: ((input: RequestInfo | URL) => {
      const url = new URL(String(input));
      return url.pathname.startsWith('/det') ? detections.fetch(url) : tickets.fetch(url);
    }) as typeof fetch,
    scenarios: [scenario],
    realNow: () => real,
    onHealth: (h) => healths.push(h),
  });
  return {
    core,
    backend: tickets,
    detections,
    healths,
    advance(ms: number) {
      real += ms;
    },
    now: () => real,
  };
}

function expectView(result: ViewResult) {
  if (result.kind !== 'view') throw new Error(`expected a view, got ${result.kind}`);
  return result;
}

const CITY = T0 + 3_600_000 * 24; // the city clock, a day after the tickets were reported

describe('worker core', () => {
  it('polls and builds a view on the first request, stamped, as of the city clock', async () => {
    const { core, backend } = setup();
    const result = expectView(await core.view('test.count', null, -1, CITY));
    expect(result).toMatchObject({
      kind: 'view',
      view: { n: 2 },
      asOf: CITY,
      validUntil: Infinity,
    });
    expect(result.stamp).toBeGreaterThan(0);
    expect(backend.calls).toHaveLength(1);
    expect(backend.calls[0]?.href).toBe('http://localhost/api/v1/tickets');
  });

  it('answers unchanged for the stamp the page holds after a 304', async () => {
    const { core, backend, advance } = setup();
    const first = expectView(await core.view('test.count', null, -1, CITY));
    advance(5_000);
    const again = await core.view('test.count', null, first.stamp, CITY + 5_000);
    expect(again).toEqual({ kind: 'unchanged', stamp: first.stamp });
    expect(backend.calls).toHaveLength(2);
    expect(backend.calls[1]?.searchParams.get('since')).toBe('1');
  });

  it('builds a new view when the data changed', async () => {
    const { core, backend, advance } = setup();
    const first = expectView(await core.view('test.count', null, -1, CITY));
    backend.publish([ticket('T-3'), ticket('T-4')], ['T-1']);
    advance(5_000);
    const next = expectView(await core.view('test.count', null, first.stamp, CITY));
    expect(next.stamp).not.toBe(first.stamp);
    expect(next.view).toEqual({ n: 3 });
    expect(core.health('tickets')).toMatchObject({ version: 2, count: 3, lastError: null });
  });

  it('rebuilds a view when the city clock crosses one of its boundaries, with the same data', async () => {
    const { core, advance } = setup({
      initial: [ticket('T-1', { deadline: T0 + 1_000 }), ticket('T-2', { deadline: T0 + 60_000 })],
    });
    const first = expectView(await core.view('test.overdue', null, -1, T0 + 500));
    expect(first.view).toEqual({ overdue: 0 });
    expect(first.validUntil).toBe(T0 + 1_001);
    advance(5_000);
    // Before the boundary: the same view, nothing to re-render.
    expect(await core.view('test.overdue', null, first.stamp, T0 + 1_000)).toEqual({
      kind: 'unchanged',
      stamp: first.stamp,
    });
    advance(5_000);
    const second = expectView(await core.view('test.overdue', null, first.stamp, T0 + 1_001));
    expect(second.view).toEqual({ overdue: 1 });
    expect(second.validUntil).toBe(T0 + 60_001);
    advance(5_000);
    const third = expectView(await core.view('test.overdue', null, second.stamp, T0 + 90_000));
    expect(third.view).toEqual({ overdue: 2 });
    expect(third.validUntil).toBe(Infinity);
  });

  it('passes the city clock to the builder', async () => {
    const { core } = setup();
    const result = expectView(await core.view('test.all', null, -1, CITY + 123));
    expect((result.view as { now: number }).now).toBe(CITY + 123);
  });

  it('keeps the last data when a poll fails, and reports it in the health', async () => {
    const { core, backend, advance, now, healths } = setup();
    const first = expectView(await core.view('test.count', null, -1, CITY));
    const confirmedAt = now();
    backend.failWith(503);
    advance(7_000);
    // Data first: the page keeps its view; the failure is in the health, not in the view.
    expect(await core.view('test.count', null, first.stamp, CITY)).toEqual({
      kind: 'unchanged',
      stamp: first.stamp,
    });
    expect(healths.at(-1)).toMatchObject({
      lastSuccessAt: confirmedAt,
      lastError: { reason: 'throttled', status: 503, feed: 'tickets' },
      failures: 1,
      count: 2,
    });
    // A page without this view gets the older data at once.
    advance(3_000);
    expect(expectView(await core.view('test.all', null, -1, CITY)).view).toMatchObject({
      items: [{ id: 'T-1' }, { id: 'T-2' }],
    });
    // Recovery: the next good poll (after the back-off) clears the error.
    backend.failWith(null);
    advance(10_000);
    await core.view('test.count', null, first.stamp, CITY);
    expect(core.health('tickets')).toMatchObject({
      lastSuccessAt: now(),
      lastError: null,
      failures: 0,
    });
  });

  it('rejects when a poll fails and there never was data: down from the first poll, with the reason', async () => {
    const { core, backend, healths } = setup();
    backend.failWith(500);
    await expect(core.view('test.count', null, -1, CITY)).rejects.toMatchObject({
      reason: 'http',
      status: 500,
    });
    expect(healths).toHaveLength(1);
    expect(healths[0]).toMatchObject({ lastSuccessAt: 0, failures: 1, lastError: { status: 500 } });
    expect(healths[0]!.nextAttemptAt).toBe(healths[0]!.lastAttemptAt + 5_000);
  });

  it('backs off after failures instead of polling on every request, up to four intervals', async () => {
    const { core, backend, advance } = setup();
    backend.failWith(500);
    const attempt = () => core.view('test.count', null, -1, CITY).catch((e: unknown) => e);
    await attempt();
    advance(1_000);
    await attempt(); // within the back-off: no request, the last error
    expect(backend.calls).toHaveLength(1);
    advance(4_000);
    await attempt();
    expect(backend.calls).toHaveLength(2);
    advance(5_000);
    await attempt(); // second failure backs off 10 s
    expect(backend.calls).toHaveLength(2);
    advance(5_000);
    await attempt();
    expect(backend.calls).toHaveLength(3);
    expect(core.health('tickets').nextAttemptAt - core.health('tickets').lastAttemptAt).toBe(
      20_000,
    );
    advance(20_000);
    await attempt();
    expect(core.health('tickets').nextAttemptAt - core.health('tickets').lastAttemptAt).toBe(
      20_000,
    );
  });

  it('honours Retry-After from a source that asks to wait', async () => {
    const { core, backend, advance } = setup();
    backend.failWith(429, { 'Retry-After': '60' });
    const error = await core.view('test.count', null, -1, CITY).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'throttled', status: 429, retryAfterMs: 60_000 });
    advance(30_000);
    await core.view('test.count', null, -1, CITY).catch(() => null);
    expect(backend.calls).toHaveLength(1);
    advance(30_000);
    await core.view('test.count', null, -1, CITY).catch(() => null);
    expect(backend.calls).toHaveLength(2);
  });

  it('names a source that refuses access', async () => {
    const { core, backend } = setup();
    backend.failWith(401);
    await expect(core.view('test.count', null, -1, CITY)).rejects.toMatchObject({
      reason: 'refused',
      status: 401,
    });
  });

  it('shares one poll between concurrent requests', async () => {
    const { core, backend } = setup();
    const release = backend.hold();
    const pending = [
      core.view('test.count', null, -1, CITY),
      core.view('test.all', null, -1, CITY),
      core.view('test.count', { area: '350102' }, -1, CITY),
    ];
    await Promise.resolve();
    release();
    const results = (await Promise.all(pending)).map(expectView);
    expect(backend.calls).toHaveLength(1);
    expect(new Set(results.map((r) => r.stamp)).size).toBe(3);
    expect(results[0]?.view).toEqual({ n: 2 });
  });

  it('polls a feed at most every half interval, whatever the page asks', async () => {
    const { core, backend, advance } = setup();
    const first = expectView(await core.view('test.count', null, -1, CITY));
    advance(2_499);
    expect(await core.view('test.count', null, first.stamp, CITY)).toEqual({
      kind: 'unchanged',
      stamp: first.stamp,
    });
    // A page without the view still gets it, built from the held data without a poll.
    expectView(await core.view('test.all', null, -1, CITY));
    expect(backend.calls).toHaveLength(1);
    advance(1);
    await core.view('test.count', null, first.stamp, CITY);
    expect(backend.calls).toHaveLength(2);
  });

  it('removes personal data on a wall, whatever the backend sent', async () => {
    const { core, backend } = setup({ profile: 'wall', sanitizers: { tickets: sanitizeTicket } });
    const result = expectView(await core.view('test.all', null, -1, CITY));
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
    const first = expectView(await core.view('test.count', null, -1, CITY));
    backend.publish([
      ticket('T-9', {
        reporter: { name: '李四光', phone: '13900001111', idNumber: null },
        address: '台江区八一七中路1号',
      }),
    ]);
    advance(5_000);
    await core.view('test.count', null, first.stamp, CITY);
    expect(core.detail('tickets', 'T-1')).toMatchObject({
      reporter: { name: '张*', phone: '138****5678' },
      address: '鼓楼区五四路***',
    });
    expect(core.detail('tickets', 'T-9')).toMatchObject({
      reporter: { name: '李**', idNumber: null },
      address: '台江区八一七中路***',
    });
    expect(core.detail('tickets', 'nope')).toBeNull();
  });

  it('without a sanitizer, passes items through as validated', async () => {
    const { core } = setup();
    await core.view('test.count', null, -1, CITY);
    expect(core.detail('tickets', 'T-1')).toEqual(ticket('T-1'));
  });

  it('refuses views it does not know and feeds it was not configured for', async () => {
    const { core } = setup();
    await expect(core.view('test.nope', null, -1, CITY)).rejects.toThrow('no view test.nope');
    expect(() => core.detail('signals', 'S-1')).toThrow(FeedFetchError);
  });

  it('refuses an unknown adapter kind, a view registered twice and two rules for one feed', () => {
    const base = {
      profile: 'desktop' as const,
      origin: 'http://localhost',
      fetch: globalThis.fetch,
    };
    expect(() =>
      createWorkerCore({
        ...base,
        feeds: { tickets: { ...feedConfig, adapter: 'soap' } },
        scenarios: [],
      }),
    ).toThrow('no adapter of kind soap');
    expect(() =>
      createWorkerCore({
        ...base,
        feeds: {},
        scenarios: [
          { id: 'a', views: [countView] },
          { id: 'b', views: [countView] },
        ],
      }),
    ).toThrow('view test.count is registered twice');
    expect(() =>
      createWorkerCore({
        ...base,
        feeds: {},
        scenarios: [
          { id: 'a', views: [], sanitizers: { tickets: sanitizeTicket } },
          { id: 'b', views: [], sanitizers: { tickets: sanitizeTicket } },
        ],
      }),
    ).toThrow('feed tickets has two personal-data rules');
  });

  it('serialises errors for the page', () => {
    expect(serializeError(new FeedFetchError('tickets', 'http', 'HTTP 500', 500))).toEqual({
      message: 'HTTP 500',
      reason: 'http',
      feed: 'tickets',
      status: 500,
    });
    expect(
      serializeError(new FeedFetchError('tickets', 'throttled', 'HTTP 429', 429, 3000)),
    ).toEqual({
      message: 'HTTP 429',
      reason: 'throttled',
      feed: 'tickets',
      status: 429,
      retryAfterMs: 3000,
    });
    expect(serializeError(new Error('boom'))).toEqual({ message: 'boom', reason: 'internal' });
    expect(serializeError('text')).toEqual({ message: 'text', reason: 'internal' });
  });

  it('keys parameters whatever the order of their fields', () => {
    expect(stableKey({ b: 1, a: [1, { d: 2, c: null }] })).toBe(
      stableKey({ a: [1, { c: null, d: 2 }], b: 1 }),
    );
    expect(stableKey({ a: undefined })).toBe(stableKey({}));
  });
});

describe('views that read several feeds', () => {
  it('joins two feeds and is rebuilt when either changes', async () => {
    const { core, backend, detections, advance } = setup({
      initial: [ticket('T-1', { sourceRef: 'D-1' }), ticket('T-2')],
      detections: true,
    });
    const first = expectView(await core.view('test.join', null, -1, CITY));
    expect(first.view).toEqual({ linked: 1, detections: 2 });
    advance(5_000);
    expect(await core.view('test.join', null, first.stamp, CITY)).toEqual({
      kind: 'unchanged',
      stamp: first.stamp,
    });
    detections.publish([], ['D-1']);
    advance(5_000);
    const second = expectView(await core.view('test.join', null, first.stamp, CITY));
    expect(second.view).toEqual({ linked: 0, detections: 1 });
    backend.publish([ticket('T-3', { sourceRef: 'D-2' })]);
    advance(5_000);
    const third = expectView(await core.view('test.join', null, second.stamp, CITY));
    expect(third.view).toEqual({ linked: 1, detections: 1 });
  });

  it('builds without an optional feed that is not configured', async () => {
    const { core } = setup({ initial: [ticket('T-1', { sourceRef: 'D-1' })] });
    expect(expectView(await core.view('test.join', null, -1, CITY)).view).toEqual({
      linked: 0,
      detections: 0,
    });
  });

  it('fails a view whose required feed is not configured, naming it', async () => {
    const core = createWorkerCore({
      feeds: {},
      profile: 'desktop',
      origin: 'http://localhost',
      fetch: globalThis.fetch,
      scenarios: [{ id: 'test', views: [countView] }],
    });
    await expect(core.view('test.count', null, -1, CITY)).rejects.toMatchObject({
      reason: 'unconfigured',
      feed: 'tickets',
    });
  });
});

describe('quarantine and health', () => {
  it('counts quarantined items by field and rule, and duplicate ids, per poll and since start', async () => {
    const { core, backend, advance } = setup();
    const first = expectView(await core.view('test.count', null, -1, CITY));
    const bad = { ...ticket('T-5'), position: [500, 26] };
    const alsoBad = { ...ticket('T-6'), position: [119, 95] };
    const noCategory = { ...ticket('T-7'), category: 'Not A Category!' };
    backend.raw([ticket('T-1'), ticket('T-1'), bad, alsoBad, noCategory]);
    advance(5_000);
    // The next snapshot (asked because the page's revision is older) brings the raw items.
    await core.view('test.count', null, first.stamp, CITY).catch(() => null);
    const health = core.health('tickets');
    expect(health.droppedLast).toBe(3);
    expect(health.duplicatesLast).toBe(1);
    const byKey = Object.fromEntries(health.reasons.map((r) => [`${r.path}|${r.rule}`, r.last]));
    expect(byKey).toEqual({
      'position.0|too_big': 1,
      'position.1|too_big': 1,
      'category|invalid_format': 1,
    });
  });

  it('quarantines an item whose division codes do not nest', async () => {
    const { core } = setup({
      initial: [ticket('T-1', { street: '350103001', community: '350103001001' })],
    });
    await core.view('test.count', null, -1, CITY);
    expect(core.health('tickets').reasons).toMatchObject([
      { path: 'street', rule: 'area_mismatch', last: 1 },
    ]);
    expect(core.health('tickets').count).toBe(0);
  });
});

describe('alarms', () => {
  it('raises an alarm when a rule holds, clears it when it stops, keeps it until acknowledged', async () => {
    const { core, backend, advance } = setup({
      initial: [ticket('T-1', { deadline: T0 + 1_000 })],
    });
    const first = expectView(await core.view(ALARMS_VIEW, {}, -1, T0 + 500));
    expect((first.view as { alarms: Alarm[] }).alarms).toEqual([]);
    expect(first.validUntil).toBe(T0 + 1_001);
    advance(5_000);
    const raised = expectView(await core.view(ALARMS_VIEW, {}, first.stamp, T0 + 2_000));
    const [alarm] = (raised.view as { alarms: Alarm[] }).alarms;
    expect(alarm).toMatchObject({
      key: 'test.overdue|T-1',
      rule: 'test.overdue',
      severity: 'major',
      state: 'active',
      ack: null,
      firstAt: T0 + 1_000,
      count: 1,
      entity: 'T-1',
    });
    // Its deadline moves (the rule no longer holds): the alarm clears but stays, unacknowledged.
    backend.publish([ticket('T-1', { deadline: T0 + 100_000 })]);
    advance(5_000);
    const cleared = expectView(await core.view(ALARMS_VIEW, {}, raised.stamp, T0 + 4_000));
    expect((cleared.view as { alarms: Alarm[] }).alarms[0]).toMatchObject({
      state: 'cleared',
      ack: null,
      clearedAt: T0 + 4_000,
    });
    // An acknowledgement from another window is applied and changes the view.
    expect(
      core.acknowledge({ key: 'test.overdue|T-1', firstAt: T0 + 1_000, at: T0 + 4_500, by: 'B' }),
    ).toBe(true);
    const acked = expectView(await core.view(ALARMS_VIEW, {}, cleared.stamp, T0 + 4_600));
    expect((acked.view as { alarms: Alarm[] }).alarms[0]).toMatchObject({
      state: 'cleared',
      ack: { at: T0 + 4_500, by: 'B' },
    });
  });

  it('raises the platform alarm for a feed down from the first poll', async () => {
    const { core, backend } = setup();
    backend.failWith(503);
    const result = expectView(await core.view(ALARMS_VIEW, {}, -1, CITY));
    expect((result.view as { alarms: Alarm[] }).alarms).toMatchObject([
      { key: 'platform.feed-down|tickets', severity: 'major', feed: 'tickets', state: 'active' },
    ]);
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
    const count = async (area: string | null) =>
      expectView(await core.view('test.count', { area }, -1, CITY)).view;
    expect(await count(null)).toEqual({ n: 3 });
    expect(await count('350102')).toEqual({ n: 2 });
    expect(await count('350102002')).toEqual({ n: 1 });
    expect(await count('350103001001')).toEqual({ n: 1 });
    // Codes the index does not know (the city's own, an empty area) fall back to every item: the
    // builders filter by area themselves.
    expect(await count('350100')).toEqual({ n: 3 });
  });

  it('keeps the index in step with deltas: moves, removals and additions', async () => {
    const initial = [
      ticket('A', { district: '350102', street: '350102001', community: '350102001001' }),
      ticket('B', { district: '350102', street: '350102002', community: '350102002001' }),
      ticket('C', { district: '350103', street: '350103001', community: '350103001001' }),
    ];
    const { core, backend, advance } = setup({ initial });
    const count = async (area: string | null) =>
      expectView(await core.view('test.count', { area }, -1, CITY)).view;
    let stamp = expectView(await core.view('test.count', { area: null }, -1, CITY)).stamp;
    const poll = async () => {
      advance(5_000);
      const next = expectView(await core.view('test.count', { area: null }, stamp, CITY));
      expect(next.stamp).not.toBe(stamp);
      stamp = next.stamp;
    };
    expect(await count('350102')).toEqual({ n: 2 });
    // A moves to 350103, B is removed, D arrives in 350102: three deltas, one after another.
    backend.publish([
      ticket('A', { district: '350103', street: '350103001', community: '350103001001' }),
    ]);
    await poll();
    expect(await count('350102')).toEqual({ n: 1 });
    expect(await count('350103001')).toEqual({ n: 2 });
    backend.publish([], ['B']);
    await poll();
    expect(await count('350102')).toEqual({ n: 2 }); // unknown to the index now: every item (A, C)
    backend.publish([
      ticket('D', { district: '350102', street: '350102002', community: '350102002001' }),
    ]);
    await poll();
    expect(await count('350102')).toEqual({ n: 1 });
    expect(await count('350102002001')).toEqual({ n: 1 });
    expect(await count('350103')).toEqual({ n: 2 });
  });

  it('keeps a scenario’s row table in step with deltas, writing only what they changed', async () => {
    const placed = (id: string, district: string) =>
      ticket(id, { district, street: `${district}001`, community: `${district}001001` });
    const initial = [
      placed('A', '350102'),
      placed('constructor', '350102'),
      placed('__proto__', '350103'),
    ];
    const { core, backend, advance } = setup({ initial });
    tableWrites = 0;
    let result = expectView(await core.view('test.table', {}, -1, CITY));
    expect(result.view).toEqual({
      rows: [
        ['A', '350102'],
        ['__proto__', '350103'],
        ['constructor', '350102'],
      ],
    });
    expect(tableWrites).toBe(3);
    const poll = async () => {
      advance(5_000);
      result = expectView(await core.view('test.table', {}, result.stamp, CITY));
    };
    // `constructor` moves, `__proto__` is removed, D arrives: one write each for what came.
    backend.publish([placed('constructor', '350104'), placed('D', '350105')], ['__proto__']);
    tableWrites = 0;
    await poll();
    expect(result.view).toEqual({
      rows: [
        ['A', '350102'],
        ['D', '350105'],
        ['constructor', '350104'],
      ],
    });
    expect(tableWrites).toBe(2);
    // `__proto__` comes back (in the row freed by its removal).
    backend.publish([placed('__proto__', '350111')]);
    tableWrites = 0;
    await poll();
    expect(result.view).toEqual({
      rows: [
        ['A', '350102'],
        ['D', '350105'],
        ['__proto__', '350111'],
        ['constructor', '350104'],
      ],
    });
    expect(tableWrites).toBe(1);
  });

  it('builds a new area at once from the data held, without a poll', async () => {
    const { core, backend, advance } = setup();
    await core.view('test.count', { area: null }, -1, CITY);
    const polls = backend.calls.length;
    advance(4_000);
    expectView(await core.view('test.count', { area: '350102' }, -1, CITY));
    expect(backend.calls.length).toBe(polls);
  });
});

describe('optional endpoints of a source', () => {
  it('loads one in prepare, reads it in build, and rebuilds when its answer changes', async () => {
    let answer: unknown = { values: [1, 2] };
    let calls = 0;
    const seriesView = defineView<unknown, { series: unknown }>({
      id: 'test.series',
      feeds: ['tickets'],
      prepare: (_params, loader) => loader.load('tickets', 'series', { metric: 'open' }, 10_000),
      build: (input) => ({
        series: input.resource('tickets', 'series', { metric: 'open' }) ?? null,
      }),
    });
    let real = T0;
    const backend = fakeBackend('tickets', [ticket('T-1')]);
    const core = createWorkerCore({
      feeds: { tickets: feedConfig },
      profile: 'desktop',
      origin: 'http://localhost',
      fetch: (async (input: RequestInfo | URL) => {
        const url = new URL(String(input));
        if (url.pathname.endsWith('/tickets/series')) {
          calls += 1;
          expect(url.searchParams.get('metric')).toBe('open');
          return answer === null
            ? new Response(null, { status: 404 })
            : new Response(JSON.stringify(answer));
        }
        return backend.fetch(url);
      }) as typeof fetch,
      scenarios: [{ id: 'test', views: [seriesView] }],
      realNow: () => real,
    });
    const first = expectView(await core.view('test.series', {}, -1, CITY));
    expect(first.view).toEqual({ series: { values: [1, 2] } });
    real += 5_000;
    // Within its age: not asked again, the same view.
    expect(await core.view('test.series', {}, first.stamp, CITY)).toEqual({
      kind: 'unchanged',
      stamp: first.stamp,
    });
    expect(calls).toBe(1);
    answer = null;
    real += 10_000;
    const second = expectView(await core.view('test.series', {}, first.stamp, CITY));
    // A source without the endpoint: null, not a failure.
    expect(second.view).toEqual({ series: null });
    expect(calls).toBe(2);
  });

  it('holds the answers the views read, not every answer asked for since the page opened', async () => {
    // The view's answer is keyed by the hour, as the air series and past readings are: a week of
    // hours asks for 168 keys, and only the current one is read again.
    const HOUR = 3_600_000;
    const hourly = defineView<{ area: string }, { value: unknown }>({
      id: 'test.hourly',
      feeds: ['tickets'],
      prepare: (params, loader) =>
        loader.load(
          'tickets',
          'series',
          { area: params.area, to: String(loader.now - (loader.now % HOUR)) },
          60_000,
        ),
      build: (input, params, context) => {
        const to = context.now - (context.now % HOUR);
        context.changesAt(to + HOUR);
        return {
          value: input.resource('tickets', 'series', { area: params.area, to: String(to) }) ?? null,
        };
      },
    });
    const backend = fakeBackend('tickets', [ticket('T-1')]);
    let real = T0;
    const core = createWorkerCore({
      feeds: { tickets: feedConfig },
      profile: 'desktop',
      origin: 'http://localhost',
      fetch: (async (input: RequestInfo | URL) => {
        const url = new URL(String(input));
        if (url.pathname.endsWith('/tickets/series'))
          return new Response(JSON.stringify({ to: url.searchParams.get('to') }));
        return backend.fetch(url);
      }) as typeof fetch,
      scenarios: [{ id: 'test', views: [hourly] }],
      realNow: () => real,
    });
    const stamps = new Map<string, number>();
    for (let hour = 0; hour < 168; hour += 1) {
      real += 1_000;
      for (const area of ['350102', '350103']) {
        const now = CITY + hour * HOUR;
        const result = await core.view('test.hourly', { area }, stamps.get(area) ?? -1, now);
        expect(result.kind).toBe('view');
        if (result.kind !== 'view') continue;
        stamps.set(area, result.stamp);
        // Every build reads the answer of its own hour, loaded just before.
        expect(result.view).toEqual({ value: { to: String(now - (now % HOUR)) } });
      }
    }
    // Two answers read by the two views held, and at most the 32 most recent spare ones.
    expect(core.heldResources()).toBeLessThanOrEqual(2 + 32);
    expect(core.heldResources()).toBeGreaterThanOrEqual(2);
    // Coming back to an hour that was dropped loads it again, and the view is still right.
    const back = await core.view('test.hourly', { area: '350102' }, -1, CITY);
    expect(back.kind === 'view' && back.view).toEqual({
      value: { to: String(CITY - (CITY % HOUR)) },
    });
  });

  it('lets an alarm rule load what it reads before it is evaluated; a failing load is absorbed', async () => {
    const backend = fakeBackend('tickets', [ticket('T-1')]);
    const rule = (id: string, fail: boolean): AlarmRule => ({
      id,
      feeds: ['tickets'],
      prepare: (loader) =>
        fail
          ? Promise.reject(new Error('no module'))
          : loader.load('tickets', 'status', {}, 60_000),
      evaluate: (input) =>
        input.resource('tickets', fail ? 'other' : 'status') === undefined
          ? []
          : [
              {
                place: 'p',
                severity: 'minor',
                area: null,
                position: null,
                feed: 'tickets',
                entity: null,
                message: { key: id, params: {} },
              },
            ],
    });
    const core = createWorkerCore({
      feeds: { tickets: feedConfig },
      profile: 'desktop',
      origin: 'http://localhost',
      fetch: (async (input: RequestInfo | URL) => {
        const url = new URL(String(input));
        if (url.pathname.endsWith('/tickets/status')) return new Response('{"ok":true}');
        return backend.fetch(url);
      }) as typeof fetch,
      scenarios: [{ id: 'test', views: [], alarmRules: [rule('a', false), rule('b', true)] }],
      realNow: () => T0,
    });
    const result = expectView(await core.view(ALARMS_VIEW, {}, -1, CITY));
    expect((result.view as { alarms: Alarm[] }).alarms.map((a) => a.rule)).toEqual(['a']);
  });
});

describe('a standards adapter in the worker', () => {
  it('places open311 requests in the city by their coordinates, and quarantines what lies outside', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseGeoBundle } = await import('@/geo/geo-data');
    const read = (name: string): unknown =>
      JSON.parse(readFileSync(new URL(`../../public/geo/fuzhou/${name}`, import.meta.url), 'utf8'));
    const geo = parseGeoBundle(read('districts.geojson'), read('divisions.json'));
    const request = (id: string, lng: number, lat: number) => ({
      service_request_id: id,
      status: 'open',
      service_name: 'Potholes',
      service_code: '001',
      description: 'A pothole',
      requested_datetime: '2026-12-01T08:00:00+08:00',
      updated_datetime: '2026-12-01T08:00:00+08:00',
      lat,
      long: lng,
      first_name: '张',
      phone: '13812345678',
    });
    const requests = [
      request('__proto__', 119.2965, 26.0745), // 鼓楼区
      request('in-city', 119.3, 26.08),
      request('far-away', -3.16, 40.63),
    ];
    const core = createWorkerCore({
      feeds: {
        tickets: {
          adapter: 'open311',
          baseUrl: 'https://city.example/open311/v2#lookbackDays=2',
          pollIntervalMs: 5_000,
        } as FeedConfig,
      },
      profile: 'desktop',
      origin: 'http://localhost',
      fetch: (async () =>
        new Response(JSON.stringify(requests), {
          headers: { 'Content-Type': 'application/json' },
        })) as unknown as typeof fetch,
      scenarios: [{ id: 'test', views: [allView] }],
      timeZone: 'Asia/Shanghai',
      geo,
      realNow: () => Date.parse('2026-12-01T10:00:00+08:00'),
    });
    const view = expectView(
      await core.view('test.all', null, -1, Date.parse('2026-12-01T10:00:00+08:00')),
    ).view as { items: Ticket[] };
    const placed = view.items.map((t) => [t.id, t.district]);
    expect(placed.length).toBe(2);
    for (const [, district] of placed) expect(district).toMatch(/^3501\d\d$/);
    expect(JSON.stringify(view.items)).not.toContain('13812345678');
    expect(core.health('tickets').droppedLast).toBe(1);
  });
});
