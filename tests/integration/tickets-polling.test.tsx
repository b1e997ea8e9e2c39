// @vitest-environment jsdom
/**
 * The tickets panels over the real polling path: TanStack Query → feed client → an in-process
 * feed worker (the real worker host and core, the real native-REST adapter, the real ticket view
 * builder) → a fake backend speaking the native contract. Only the backend, the Worker transport
 * and the ECharts host are stand-ins.
 *
 * Timing: fake timers for setTimeout/setInterval/Date only. Polls in the measured windows are
 * driven by moving the system time forward one poll interval (`vi.setSystemTime`, which fires no
 * timer) and calling `queryClient.refetchQueries` — the same `query.fetch` the refetchInterval
 * timer would call. Because no timer is advanced past "now", the page clock (src/state/clock.ts,
 * a 1-s setInterval) does not tick inside those windows, so the live list's countdowns and the
 * freshness badge's age text have no reason of their own to re-render: any commit measured there
 * comes from the poll. The clock is the real module, not a mock; after the measured windows the
 * test advances the fake timers and lets it (and the real poll interval) run.
 */
import { Profiler, type ProfilerOnRenderCallback, type ReactNode } from 'react';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act, cleanup, render, screen } from '@testing-library/react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import type { i18n as I18n } from 'i18next';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EChartProps } from '@/charts/echart';
import { parseConfig, type AppConfig } from '@/config/config-schema';
import type { Ticket } from '@/domain/ticket';
import { createFeedClient, type FeedClient, type WorkerLike } from '@/feeds/feed-client';
import { feedHealthCleared, feedHealthReported } from '@/feeds/feed-health';
import { createQueryClient } from '@/feeds/query-client';
import { startFeedWorker } from '@/feeds/worker-host';
import type { WorkerRequest, WorkerResponse } from '@/feeds/worker-protocol';
import { Kpis, Left, Right } from '@/features/tickets/panels';
import { scenarioWorker } from '@/features/tickets/worker';
import { scenario } from '@/features/tickets/scenario';
import { FreshnessBadge } from '@/ui/freshness-badge';
import { setCityClock } from '@/state/clock';
import { createGeoIndex } from '@/geo/geo-index';
import { parseGeoBundle } from '@/geo/geo-data';
import { createI18n } from '@/i18n/i18n';
import { RuntimeProvider, type Runtime } from '@/state/runtime';
import { CITIZEN_TEXT, LATE_ARRIVAL, NOW, SNAPSHOT } from './fixtures/ticket-snapshot';

/** What the stand-in chart host saw, per chart test id. */
const charts = vi.hoisted(() => ({
  renders: new Map<string, number>(),
  /** Option objects handed to the chart (the real host calls setOption once per new object). */
  sets: new Map<string, unknown[]>(),
}));

vi.mock('@/charts/echart', async () => {
  const { useEffect } = await import('react');
  return {
    EChart({ option, label, testId }: EChartProps) {
      const id = testId ?? label;
      charts.renders.set(id, (charts.renders.get(id) ?? 0) + 1);
      useEffect(() => {
        charts.sets.set(id, [...(charts.sets.get(id) ?? []), option]);
      }, [id, option]);
      return <div className="echart" role="img" aria-label={label} data-testid={testId} />;
    },
  };
});

const ORIGIN = 'http://city.test';
const POLL_MS = 1_000;
const CHART_IDS = [
  'chart-ranking',
  'chart-funnel',
  'chart-categories',
  'chart-hourly',
  'chart-departments',
];

// Vitest runs from the repository root (as mocks/sim/load-geo-node.ts assumes too).
const readJson = (path: string): unknown =>
  JSON.parse(readFileSync(join(process.cwd(), path), 'utf8'));

function makeConfig(): AppConfig {
  const base = readJson('public/config.json') as { feeds: Record<string, object> };
  return parseConfig({
    ...base,
    feeds: { ...base.feeds, tickets: { ...base.feeds.tickets, pollIntervalMs: POLL_MS } },
  });
}

const geo = createGeoIndex(
  parseGeoBundle(
    readJson('public/geo/fuzhou/districts.geojson'),
    readJson('public/geo/fuzhou/divisions.json'),
  ),
);

/**
 * The tickets feed on the native contract (docs/api.md): a snapshot with an ETag, `?since=` at
 * the current version → 304, older → a delta of what changed. `failWith` answers every request
 * with that status.
 */
function createBackend(initial: Ticket[]) {
  const items = new Map(initial.map((t) => [t.id, t]));
  const changedAt = new Map(initial.map((t) => [t.id, 1]));
  let version = 1;
  let failWith: number | null = null;
  const log: { url: URL; status: number }[] = [];
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), {
      headers: { 'Content-Type': 'application/json', ETag: `"tickets-${version}"` },
    });

  function answer(url: URL): Response {
    if (url.origin !== ORIGIN || url.pathname !== '/api/v1/tickets')
      return new Response(null, { status: 404 });
    if (failWith !== null) return new Response('unavailable', { status: failWith });
    const since = url.searchParams.get('since');
    if (since === null)
      return json({ feed: 'tickets', version, generatedAt: NOW, items: [...items.values()] });
    const from = Number(since);
    if (from === version) return new Response(null, { status: 304 });
    if (from > version) return new Response(null, { status: 410 });
    return json({
      feed: 'tickets',
      version,
      since: from,
      generatedAt: NOW,
      upserts: [...items.values()].filter((t) => changedAt.get(t.id)! > from),
      removed: [],
    });
  }

  const fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    const response = answer(url);
    log.push({ url, status: response.status });
    return response;
  }) as typeof globalThis.fetch;

  return {
    fetch,
    log,
    publish(upserts: Ticket[]) {
      version += 1;
      for (const t of upserts) {
        items.set(t.id, t);
        changedAt.set(t.id, version);
      }
    },
    failWith(status: number | null) {
      failWith = status;
    },
  };
}

/**
 * A dedicated worker in the same thread: the real worker host on one side, messages structured-
 * cloned (typed arrays transferred, as a real Worker does) and delivered asynchronously.
 */
function createInProcessWorker(): WorkerLike {
  const listeners = new Set<(event: MessageEvent<WorkerResponse>) => void>();
  let terminated = false;
  const scope = {
    onmessage: null as ((event: MessageEvent<WorkerRequest>) => void) | null,
    postMessage(message: WorkerResponse, transfer: Transferable[]) {
      const copy = structuredClone(message, { transfer });
      queueMicrotask(() => {
        if (terminated) return;
        for (const l of listeners) l({ data: copy } as MessageEvent<WorkerResponse>);
      });
    },
  };
  startFeedWorker(scope, [scenarioWorker]);
  return {
    postMessage(message) {
      const copy = structuredClone(message);
      queueMicrotask(() => {
        if (!terminated) scope.onmessage?.({ data: copy } as MessageEvent<WorkerRequest>);
      });
    },
    addEventListener(_type, listener) {
      listeners.add(listener);
    },
    terminate() {
      terminated = true;
      listeners.clear();
    },
  };
}

/** Lets promises, the fake worker, the backend and TanStack's zero-delay batches run. */
async function settle(rounds = 12) {
  for (let i = 0; i < rounds; i++)
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
      await new Promise<void>((resolve) => setImmediate(resolve));
    });
}

const PANELS = ['kpis', 'left', 'right', 'freshness'] as const;
type PanelId = (typeof PANELS)[number];

interface Harness {
  backend: ReturnType<typeof createBackend>;
  queryClient: QueryClient;
  client: FeedClient;
  commits: Record<PanelId, number>;
  resetCounts(): void;
  /** One poll, as the refetch interval would run it, without ticking the page clock. */
  poll(): Promise<void>;
  /** Shows another area (as a click in the ranking or the breadcrumb would). */
  showArea(area: string | null): Promise<void>;
}

let i18n: I18n;
let harness: Harness | null = null;

// The city clock is the real (fake) clock, set to the fixture's "now": the figures worked out by
// hand hold for the few seconds of polls each test runs.
beforeEach(async () => {
  vi.useFakeTimers({
    now: NOW,
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  setCityClock(null);
  feedHealthCleared();
  i18n = await createI18n('en', { tickets: scenario.messages });
  charts.renders.clear();
  charts.sets.clear();
});

afterEach(() => {
  cleanup();
  harness?.client.dispose();
  harness?.queryClient.clear();
  harness = null;
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

async function mount(): Promise<Harness> {
  const config = makeConfig();
  const backend = createBackend(SNAPSHOT);
  // The worker core fetches with the global fetch, as it does in the browser.
  vi.stubGlobal('fetch', backend.fetch);
  const client = createFeedClient(createInProcessWorker());
  client.onHealth(feedHealthReported);
  client.init({
    feeds: config.feeds,
    profile: config.display.profile,
    origin: ORIGIN,
    timeZone: config.city.timeZone,
    geo: null,
    acks: [],
  });
  const runtime: Runtime = {
    config,
    geo,
    feeds: client,
    demo: false,
    profile: 'desktop',
    acknowledge: () => undefined,
    settings: new Map(),
  };
  // The app's own defaults (retry: false, structuralSharing: false …), a new client per test.
  const queryClient = createQueryClient();
  const commits: Record<PanelId, number> = { kpis: 0, left: 0, right: 0, freshness: 0 };
  const onRender: ProfilerOnRenderCallback = (id) => {
    commits[id as PanelId] += 1;
  };
  const profiled = (id: PanelId, node: ReactNode) => (
    <Profiler id={id} onRender={onRender}>
      {node}
    </Profiler>
  );
  const tree = (area: string | null) => (
    <QueryClientProvider client={queryClient}>
      <I18nextProvider i18n={i18n}>
        <RuntimeProvider runtime={runtime}>
          {profiled('kpis', <Kpis area={area} />)}
          {profiled('left', <Left area={area} />)}
          {profiled('right', <Right area={area} />)}
          {profiled('freshness', <FreshnessBadge feeds={['tickets']} testId="freshness-alone" />)}
        </RuntimeProvider>
      </I18nextProvider>
    </QueryClientProvider>
  );
  const { rerender } = render(tree(null));
  harness = {
    backend,
    queryClient,
    client,
    commits,
    resetCounts() {
      for (const id of PANELS) commits[id] = 0;
      charts.renders.clear();
      charts.sets.clear();
    },
    async poll() {
      vi.setSystemTime(Date.now() + POLL_MS);
      await act(() => queryClient.refetchQueries({ queryKey: ['view'] }));
      await settle();
    },
    async showArea(area) {
      rerender(tree(area));
      await settle();
    },
  };
  await settle();
  return harness;
}

const KPI_KEYS = [
  'today',
  'open',
  'dueSoon',
  'overdue',
  'closureRate',
  'onTimeRate',
  'avgHandlingHours',
  'satisfactionRate',
  'repeat',
];
const kpiValues = () =>
  Object.fromEntries(KPI_KEYS.map((k) => [k, screen.getByTestId(`kpi-${k}-value`).textContent]));
/** The distinct states of every freshness badge on screen (each panel has one). */
const freshnessStates = () => [
  ...new Set(
    [...document.querySelectorAll('.freshness[data-state]')].map((el) =>
      el.getAttribute('data-state'),
    ),
  ),
];
const chartCount = (map: Map<string, unknown>) =>
  Object.fromEntries(CHART_IDS.map((id) => [id, map.get(id) ?? 0]));
const setsPerChart = () =>
  Object.fromEntries(CHART_IDS.map((id) => [id, charts.sets.get(id)?.length ?? 0]));

describe('tickets panels under polling', () => {
  it('shows the snapshot’s figures, names and list', async () => {
    const { backend } = await mount();
    expect(backend.log.map((r) => [r.url.search, r.status])).toEqual([['', 200]]);
    // The figures worked out by hand in src/features/tickets/ticket-view.test.ts.
    expect(kpiValues()).toEqual({
      today: '7',
      open: '7',
      dueSoon: '2',
      overdue: '2',
      closureRate: '42.9%',
      onTimeRate: '50%',
      avgHandlingHours: '7.6',
      satisfactionRate: '66.7%',
      repeat: '2',
    });
    expect(screen.getByTestId('kpi-today').textContent).toContain('+4 vs yesterday');
    expect(screen.getByTestId('live-list').dataset).toMatchObject({ rows: '7', held: '0' });
    // Ranking bars carry the geography's names and the district codes for drilling down.
    const ranking = charts.sets.get('chart-ranking')!.at(-1) as {
      yAxis: { data: string[] };
      series: { data: { id: string }[] }[];
    };
    // English screens show romanised place names.
    expect(ranking.yAxis.data).toEqual(['Taijiang District', 'Gulou District']);
    expect(ranking.series[0]!.data.map((d) => d.id)).toEqual(['350103', '350102']);
    for (const id of CHART_IDS)
      expect(JSON.stringify(charts.sets.get(id)), id).not.toContain(CITIZEN_TEXT);

    // One second on: the page clock ticks and the refetch interval polls (304, nothing new).
    await act(() => vi.advanceTimersByTimeAsync(POLL_MS));
    await settle();
    expect(backend.log.map((r) => [r.url.search, r.status])).toEqual([
      ['', 200],
      ['?since=1', 304],
    ]);
    expect(freshnessStates()).toEqual(['live']);
    expect(kpiValues()).toMatchObject({ today: '7', open: '7' });
  });

  it('renders nothing again while polls return 304, then updates once for new data, and keeps the figures through a failed poll until the badge turns stale', async () => {
    const h = await mount();
    const first = kpiValues();
    // Let anything scheduled after the first data (list measurement and the like) finish.
    await settle();
    h.resetCounts();

    // Five polls that bring nothing new.
    for (let i = 0; i < 5; i++) await h.poll();
    expect(h.backend.log.slice(1).map((r) => [r.url.searchParams.get('since'), r.status])).toEqual(
      new Array(5).fill(['1', 304]),
    );
    // Every panel embeds a freshness badge, which reads each poll's time by design
    // (docs/architecture.md): each column's commits are exactly those of a badge on its own.
    expect(h.commits.freshness).toBeGreaterThan(0);
    expect({ kpis: h.commits.kpis, right: h.commits.right }).toEqual({
      kpis: h.commits.freshness,
      right: h.commits.freshness,
    });
    // No chart re-rendered or received an option.
    expect(chartCount(charts.renders)).toEqual(Object.fromEntries(CHART_IDS.map((id) => [id, 0])));
    expect(setsPerChart()).toEqual(Object.fromEntries(CHART_IDS.map((id) => [id, 0])));
    expect(h.commits.left).toBe(h.commits.freshness);
    expect(kpiValues()).toEqual(first);

    // A new version with one more ticket (D 09:55, 台江, on track).
    h.backend.publish([LATE_ARRIVAL]);
    await h.poll();
    expect(h.backend.log.at(-1)).toMatchObject({ status: 200 });
    expect(h.commits.kpis).toBeGreaterThan(0);
    expect(h.commits.right).toBeGreaterThan(0);
    const updated = kpiValues();
    expect(updated).toEqual({ ...first, today: '8', open: '8', closureRate: '37.5%' });
    expect(screen.getByTestId('kpi-today').textContent).toContain('+5 vs yesterday');
    // Each chart gets exactly one new option; the new ticket waits behind the list's toast.
    expect(setsPerChart()).toEqual(Object.fromEntries(CHART_IDS.map((id) => [id, 1])));
    expect(screen.getByTestId('live-list').dataset).toMatchObject({ rows: '7', held: '1' });
    expect(screen.getByTestId('new-tickets-toast')).toBeTruthy();

    // The source fails.
    h.backend.failWith(503);
    h.resetCounts();
    await h.poll();
    expect(h.backend.log.at(-1)).toMatchObject({ status: 503 });
    // Data first: the view stays; the failure is the feed's, in its health.
    expect(h.queryClient.getQueryState(['view', 'tickets.overview', { area: null }])?.status).toBe(
      'success',
    );
    expect(kpiValues()).toEqual(updated);
    expect(h.commits.kpis).toBe(h.commits.freshness);
    expect(setsPerChart()).toEqual(Object.fromEntries(CHART_IDS.map((id) => [id, 0])));
    // Freshness follows the clock, not the fetch: until the clock moves, one failure changes nothing.
    expect(freshnessStates()).toEqual(['live']);

    // The page clock runs on (and the poll interval with it, failing every time). Thresholds
    // derived from pollIntervalMs 1 s: ageing 1.5 s, stale 3 s, down 10 s. The last good poll was
    // 1 s before the failure; 4 s more put the data 4–5 s old by the 1-s clock: stale, not down.
    const thresholds = makeConfig().feeds.tickets!.freshness;
    expect(thresholds).toEqual({ ageingAfterMs: 1_500, staleAfterMs: 3_000, downAfterMs: 10_000 });
    const pollsBefore = h.backend.log.length;
    await act(() => vi.advanceTimersByTimeAsync(4_000));
    await settle();
    expect(h.backend.log.length).toBeGreaterThan(pollsBefore);
    expect(h.backend.log.slice(pollsBefore).every((r) => r.status === 503)).toBe(true);
    expect(freshnessStates()).toEqual(['stale']);
    expect(kpiValues()).toEqual(updated);
    expect(screen.getByTestId('live-list').dataset).toMatchObject({ rows: '7', held: '1' });
  });

  it('shows a new area from the last data during an outage, marked stale rather than live', async () => {
    const h = await mount();
    h.backend.failWith(503);
    await h.poll();
    await act(() => vi.advanceTimersByTimeAsync(4_000));
    await settle();
    expect(freshnessStates()).toEqual(['stale']);

    await h.showArea('350102');
    // 鼓楼's figures (worked out in ticket-view.test.ts), built from the data held before the
    // outage; the badge keeps counting from the last poll that succeeded.
    expect(kpiValues()).toEqual({
      today: '4',
      open: '4',
      dueSoon: '1',
      overdue: '1',
      closureRate: '50%',
      onTimeRate: '50%',
      avgHandlingHours: '5.3',
      satisfactionRate: '100%',
      repeat: '1',
    });
    expect(screen.getByTestId('live-list').dataset).toMatchObject({ rows: '4' });
    const ranking = charts.sets.get('chart-ranking')!.at(-1) as { yAxis: { data: string[] } };
    expect(ranking.yAxis.data).toEqual(['Guxi Subdistrict', 'Gudong Subdistrict']);
    expect(freshnessStates()).toEqual(['stale']);

    // The source comes back: the badge is live again and the figures stay.
    // A failing source is retried with a back-off (at most four intervals): within 5 s it is asked.
    h.backend.failWith(null);
    await act(() => vi.advanceTimersByTimeAsync(5_000));
    await settle();
    expect(h.backend.log.at(-1)).toMatchObject({ status: 304 });
    expect(freshnessStates()).toEqual(['live']);
    expect(kpiValues()).toMatchObject({ today: '4', open: '4' });
  });

  // A view first obtained during an outage is not rebuilt and re-sent on every failed poll.
  it('re-renders nothing on failed polls of an area first shown during an outage', async () => {
    const h = await mount();
    h.backend.failWith(503);
    await h.poll();
    await h.showArea('350102');
    expect(kpiValues()).toMatchObject({ today: '4', open: '4' });
    h.resetCounts();
    for (let i = 0; i < 3; i++) await h.poll();
    expect(h.backend.log.slice(-3).map((r) => r.status)).toEqual([503, 503, 503]);
    expect({ kpis: h.commits.kpis, right: h.commits.right }).toEqual({
      kpis: h.commits.freshness,
      right: h.commits.freshness,
    });
    expect(setsPerChart()).toEqual(Object.fromEntries(CHART_IDS.map((id) => [id, 0])));
  });
});
