// The views bench's own process (tests/bench/views.ts starts it with a large heap): the real feed
// worker core (`createWorkerCore`) with the scenario workers the production feed worker registers,
// in Node, holding the simulated Fuzhou at ×100 (every feed at once, as the production worker
// does). For each scenario it times the views the scenario's page asks for at the city, a district
// and a street, and measures what each result weighs when structured-cloned (v8.serialize).
//
//   node --max-old-space-size=12000 --expose-gc --import tsx tests/bench/views-run.ts \
//     --out=<metrics.json> [--quick] [--profile=<dir>] [--scenarios=tickets,traffic]
//
// How:
// - The feeds are polled through the production config (public/config.json: native-rest) by a
//   `fetch` answering from the sim (lib/sim-source.ts): each snapshot is handed over as the parsed
//   object (its JSON text would be ~640 MB for the tickets), the optional endpoints come from the
//   sim's feed server. The bench registers one view of its own per feed beside the scenarios'
//   (`bench.poll.<feed>`, building nothing), so that a poll — the ingest — is timed apart from the
//   builds.
// - Each scenario: a first build from cold (its result is the first figure); then the district and
//   the street once, and the optional endpoints' answers awaited, so the timed builds wait for no
//   sim endpoint; then rounds. A round bumps the revision of every feed the page reads (a delta
//   re-sending 5 % of the items as new objects, the share of the other benches' delta), then asks
//   for the city views with the stamps the page holds (not `unchanged`: the data changed), then the
//   district's and the street's as a page that has none (haveStamp -1: the area change). The first
//   area asked for after a revision pays the area index (once per revision, as in production).
// - Times are the wall time of `core.view()` (parameters' key, `prepare` with the answers held,
//   the build, the bookkeeping); the view builder alone (`buildMs`) and the GC inside are in the
//   notes. A full GC runs before each timed group (the sim shares this heap; the worker would not
//   hold it).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import { deserialize, serialize } from 'node:v8';
import { createFeedServer } from '../../mocks/handlers/feed-server';
import { createCity } from '../../mocks/sim/city';
import { pickScenarioModules, SCENARIO_IDS } from '../../src/app/scenario-ids';
import { parseConfig } from '../../src/config/config-schema';
import { FEED_NAMES, type FeedName, type Placed } from '../../src/domain/common';
import { parseEnvironmentSettings } from '../../src/features/environment/settings';
import { ENVIRONMENT_OVERVIEW, ENVIRONMENT_SURFACE } from '../../src/features/environment/views';
import { parseInspectionSettings } from '../../src/features/inspection/settings';
import { INSPECTION_HOTSPOTS, INSPECTION_OVERVIEW } from '../../src/features/inspection/views';
import { parseTicketSettings } from '../../src/features/tickets/settings';
import { TICKETS_OVERVIEW } from '../../src/features/tickets/views';
import { TRAFFIC_OVERVIEW } from '../../src/features/traffic/views';
import { createWorkerCore, type WorkerCore } from '../../src/feeds/feed-worker-core';
import { defineScenarioWorker, type ScenarioWorker } from '../../src/feeds/scenario-worker';
import { defineView } from '../../src/feeds/view-builder';
import type { ViewRef } from '../../src/feeds/view-ref';
import type { ViewResult } from '../../src/feeds/worker-protocol';
import { parseGeoBundle } from '../../src/geo/geo-data';
import { addTimes, profileTimes, topTimes, type CpuProfile, type Times } from './lib/cpu-profile';
import { DELTA_SHARE, SEED, spread } from './lib/data';
import { REPO, log, metric, type Metrics } from './lib/harness';
import { createSimSource, type SimSource } from './lib/sim-source';
import { max, median, round } from './lib/stats';

const SCALE = 100;
/** The city clock of every request: a Thursday, 10:00 in Fuzhou (a working morning). */
const NOW = Date.parse('2026-11-19T10:00:00+08:00');
const CITY_GOAL_MS = 300;
const AREA_GOAL_MS = 200;
const ORIGIN = 'http://127.0.0.1:8080';

type Group = 'city' | 'district' | 'street';
const GROUPS: readonly Group[] = ['city', 'district', 'street'];

/** A scenario's page: the views it asks for of an area (the scenario's `useMap` and panels). */
interface PageViews {
  scenario: string;
  /** The feed its entities come from: the district and street measured are its busiest. */
  feed: FeedName;
  views(area: string | null): [ViewRef, Record<string, unknown>][];
}

// tickets: scenario.tsx `useTicketView` (panels and map); traffic: `useTrafficView`; environment:
// `useEnvironmentView` and `useEnvironmentSurface` (the surface layer is on by default);
// inspection: `useInspectionView` and `useHotspotView` (window 'today' by default). The summaries
// are the overview screen's tiles.
const PAGES: readonly PageViews[] = [
  { scenario: 'tickets', feed: 'tickets', views: (area) => [[TICKETS_OVERVIEW, { area }]] },
  { scenario: 'traffic', feed: 'signals', views: (area) => [[TRAFFIC_OVERVIEW, { area }]] },
  {
    scenario: 'environment',
    feed: 'sensors',
    views: (area) => [
      [ENVIRONMENT_OVERVIEW, { area }],
      [ENVIRONMENT_SURFACE, { area }],
    ],
  },
  {
    scenario: 'inspection',
    feed: 'detections',
    views: (area) => [
      [INSPECTION_OVERVIEW, { area }],
      [INSPECTION_HOTSPOTS, { area, window: 'today' }],
    ],
  },
];

const pageFeeds = (page: PageViews): FeedName[] => [
  ...new Set(page.views(null).flatMap(([ref]) => ref.feeds)),
];

const pollView = (feed: FeedName) => `bench.poll.${feed}`;

/** One view of the bench's own per feed: asking for it polls the feed and builds nothing. */
const poller: ScenarioWorker = defineScenarioWorker({
  id: 'bench-poller',
  views: FEED_NAMES.map((feed) =>
    defineView<Record<string, never>, null>({
      id: pollView(feed),
      feeds: [feed],
      build: () => null,
    }),
  ),
});

interface Args {
  out: string;
  quick: boolean;
  profileDir: string | null;
  /** Only these scenarios' views (every feed is still held, as in production). */
  scenarios: string[] | null;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (name: string) =>
    argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const out = value('out');
  if (!out) throw new Error('--out=<file> is required');
  return {
    out,
    quick: argv.includes('--quick'),
    profileDir: value('profile') ?? null,
    scenarios: value('scenarios')?.split(',') ?? null,
  };
}

const heapMb = () => Math.round(process.memoryUsage().heapUsed / 2 ** 20);
const fullGc = () => (globalThis as { gc?: () => void }).gc?.();

/** The production feed worker's scenario workers, picked as `src/app/feed-worker.ts` picks them. */
async function productionScenarios(): Promise<ScenarioWorker[]> {
  const modules: Record<string, { scenarioWorker: ScenarioWorker }> = {};
  for (const id of SCENARIO_IDS)
    modules[`../features/${id}/worker.ts`] = (await import(
      `../../src/features/${id}/worker.ts`
    )) as { scenarioWorker: ScenarioWorker };
  return pickScenarioModules(modules, 'worker.ts').map((m) => m.scenarioWorker);
}

const readPublic = (path: string): unknown =>
  JSON.parse(readFileSync(join(REPO, 'public', path.replace(/^\//, '')), 'utf8'));

/** The busiest district of a feed's items, and the busiest street in it. */
function busiest(items: readonly Placed[]): { district: string; street: string } {
  const count = (key: (i: Placed) => string, list: readonly Placed[]) => {
    const counts = new Map<string, number>();
    for (const item of list) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  };
  const district = count((i) => i.district, items);
  const street = count(
    (i) => i.street,
    items.filter((i) => i.district === district),
  );
  return { district, street };
}

interface Call {
  view: string;
  wall: number;
  /** CPU time of the process meanwhile (every thread: GC helpers too), ms. */
  cpu: number;
  build: number;
  from: number;
  to: number;
  resourceRequests: number;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const rounds = args.quick ? 3 : 7;
  const started = performance.now();
  const gcs: { start: number; end: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      gcs.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  const gcWithin = (from: number, to: number) =>
    gcs.reduce((s, g) => s + Math.max(0, Math.min(to, g.end) - Math.max(from, g.start)), 0);

  // As src/app/boot.tsx starts the worker: the config, the geography and each scenario's settings.
  const config = parseConfig(readPublic('config.json'));
  const geo = parseGeoBundle(readPublic(config.city.boundaries), readPublic(config.city.divisions));
  const settings = {
    tickets: await parseTicketSettings(config.scenarios.tickets, {
      json: (path) => Promise.resolve(readPublic(path)),
    }),
    environment: parseEnvironmentSettings(config.scenarios.environment),
    inspection: parseInspectionSettings(config.scenarios.inspection),
  };
  const names = new Map<string, string>();
  for (const d of geo.divisions.districts) {
    names.set(d.code, d.name);
    for (const s of d.streets) names.set(s.code, s.name);
  }

  const city = createCity({ seed: SEED, scale: SCALE, geo });
  const server = createFeedServer({ city, clock: { now: () => NOW, speed: 1 } });
  const feedsConfig = config.feeds;
  const bases = new Set(Object.values(feedsConfig).map((f) => f.baseUrl));
  if (bases.size !== 1) throw new Error(`one base URL expected, got ${[...bases].join(', ')}`);
  const source: SimSource = createSimSource(server, [...bases][0]!);
  let real = Date.parse('2026-12-01T00:00:00Z');
  const core: WorkerCore = createWorkerCore({
    feeds: feedsConfig,
    profile: 'desktop',
    origin: ORIGIN,
    timeZone: config.city.timeZone,
    geo,
    settings,
    fetch: source.fetch,
    realNow: () => real,
    scenarios: [...(await productionScenarios()), poller],
  });

  const metrics: Metrics = {};
  const pollStamp = new Map<FeedName, number>();
  const versions = new Map<FeedName, number>();
  const samples = new Map<FeedName, unknown[]>();
  const places = new Map<FeedName, { district: string; street: string }>();

  /** Polls a feed now (the real clock moved to its next poll), building nothing else. */
  async function poll(feed: FeedName): Promise<void> {
    real = Math.max(real, core.health(feed).nextAttemptAt);
    const before = core.health(feed).version;
    const result = await core.view(pollView(feed), {}, pollStamp.get(feed) ?? -1, NOW);
    pollStamp.set(feed, result.stamp);
    const health = core.health(feed);
    if (health.version === before || health.lastError)
      throw new Error(`${feed}: the poll brought nothing (${health.lastError?.message ?? ''})`);
  }

  // The snapshots, one feed at a time: the sim's items are dropped once the core holds its own.
  for (const feed of Object.keys(feedsConfig) as FeedName[]) {
    let t0 = performance.now();
    let items: (Placed & { id: string })[] | null = city.snapshot(feed, NOW);
    const simMs = performance.now() - t0;
    places.set(feed, busiest(items));
    samples.set(feed, spread(items, Math.round(items.length * DELTA_SHARE)));
    source.serve(feed, { feed, version: 1, generatedAt: NOW, items });
    items = null;
    versions.set(feed, 1);
    fullGc();
    t0 = performance.now();
    await poll(feed);
    const ingestMs = performance.now() - t0;
    const health = core.health(feed);
    fullGc();
    log(
      `views: ${feed}: ${health.count.toLocaleString('en')} items (sim ${(simMs / 1000).toFixed(1)} s), ingest ${ingestMs.toFixed(0)} ms, ${health.droppedLast} dropped, ${health.flagged.outOfArea + health.flagged.unknownArea} flagged; heap ${heapMb()} MB`,
    );
    if (health.droppedLast > 0) throw new Error(`${feed}: ${health.droppedLast} items quarantined`);
    metrics[`views.ingest.${feed}`] = metric(round(ingestMs, 0), 'ms', {
      note: `the first poll of the ${health.count.toLocaleString('en')}-item snapshot (createCity scale ${SCALE}) through the real native-rest adapter: validation, the store, the placement check; the parsed body handed over (no JSON text)`,
    });
  }

  /** A delta re-sending 5 % of the feed's items as new objects: a new revision, as a poll makes. */
  async function bump(feed: FeedName): Promise<void> {
    const since = versions.get(feed)!;
    const upserts = samples.get(feed)!.map((item) => ({ ...(item as object) }));
    source.serve(feed, { feed, version: since + 1, since, generatedAt: NOW, upserts, removed: [] });
    versions.set(feed, since + 1);
    await poll(feed);
  }

  let session: Session | null = null;
  if (args.profileDir) {
    mkdirSync(args.profileDir, { recursive: true });
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 250 });
  }

  for (const page of PAGES.filter((p) => !args.scenarios || args.scenarios.includes(p.scenario))) {
    const feeds = pageFeeds(page);
    const where = places.get(page.feed)!;
    const areas: Record<Group, string | null> = {
      city: null,
      district: where.district,
      street: where.street,
    };
    const held = new Map<string, number>();
    const keyOf = (ref: ViewRef, params: unknown) => `${ref.id}|${JSON.stringify(params)}`;

    const last = new Map<Group, [ViewRef, ViewResult][]>();
    /** The group's views in turn, as the page asks; a timed ask must get new views. */
    async function ask(group: Group, haveStamp: 'held' | 'none', timed = true): Promise<Call[]> {
      const calls: Call[] = [];
      const results: [ViewRef, ViewResult][] = [];
      for (const [ref, params] of page.views(areas[group])) {
        const key = keyOf(ref, params);
        const stamp = haveStamp === 'held' ? (held.get(key) ?? -1) : -1;
        const requests = source.resourceRequests;
        const cpu0 = process.cpuUsage();
        const from = performance.now();
        const result = await core.view(ref.id, params, stamp, NOW);
        const to = performance.now();
        const cpu = process.cpuUsage(cpu0);
        if (result.kind !== 'view') {
          if (timed) throw new Error(`${ref.id}: ${result.kind}, a build expected`);
          continue;
        }
        held.set(key, result.stamp);
        calls.push({
          view: ref.id,
          wall: to - from,
          cpu: (cpu.user + cpu.system) / 1000,
          build: result.buildMs,
          from,
          to,
          resourceRequests: source.resourceRequests - requests,
        });
        results.push([ref, result]);
      }
      if (timed) last.set(group, results);
      return calls;
    }

    // From cold: the first city build (its feeds just polled, so that none is due meanwhile), then
    // each area once, every optional endpoint answered.
    for (const feed of feeds) await bump(feed);
    fullGc();
    const cold = await ask('city', 'none');
    await source.settle();
    for (const group of GROUPS) {
      await ask(group, 'held', false);
      await source.settle();
    }
    for (const group of GROUPS) await ask(group, 'held', false);

    const timed: Record<Group, Call[][]> = { city: [], district: [], street: [] };
    const profiles: Record<Group, { self: Times; total: Times }> = {
      city: { self: new Map(), total: new Map() },
      district: { self: new Map(), total: new Map() },
      street: { self: new Map(), total: new Map() },
    };
    for (let r = 0; r < rounds; r += 1) {
      for (const feed of feeds) await bump(feed);
      for (const group of GROUPS) {
        fullGc();
        await session?.post('Profiler.start');
        timed[group].push(await ask(group, group === 'city' ? 'held' : 'none'));
        if (session) {
          const { profile } = await session.post('Profiler.stop');
          const times = profileTimes(profile as CpuProfile, REPO);
          addTimes(profiles[group].self, times.self);
          addTimes(profiles[group].total, times.total);
          if (r === rounds - 1)
            writeFileSync(
              join(args.profileDir!, `views-${page.scenario}-${group}.cpuprofile`),
              JSON.stringify(profile),
            );
        }
      }
    }
    // GC entries arrive after the fact.
    await new Promise((resolve) => setTimeout(resolve, 50));

    const sum = (calls: Call[], pick: (c: Call) => number) =>
      calls.reduce((s, c) => s + pick(c), 0);
    const firstBuild = sum(cold, (c) => c.build);
    const label = (code: string | null) =>
      code ? `${names.get(code) ?? '?'} ${code}` : 'the city';
    const viewList = page
      .views(null)
      .map(([ref]) => ref.id)
      .join(' + ');
    const summary: string[] = [];
    for (const group of GROUPS) {
      const runs = timed[group];
      const walls = runs.map((calls) => sum(calls, (c) => c.wall));
      const builds = runs.map((calls) => sum(calls, (c) => c.build));
      const cpus = runs.map((calls) => sum(calls, (c) => c.cpu));
      const gcMs = runs.map((calls) => sum(calls, (c) => gcWithin(c.from, c.to)));
      const fetched = runs.reduce((s, calls) => s + sum(calls, (c) => c.resourceRequests), 0);
      const perView = page
        .views(areas[group])
        .map(
          ([ref], i) =>
            `${ref.id} ${median(runs.map((calls) => calls[i]!.wall)).toFixed(0)} ms (build ${median(runs.map((calls) => calls[i]!.build)).toFixed(0)})`,
        )
        .join(', ');
      const goal = group === 'city' ? CITY_GOAL_MS : AREA_GOAL_MS;
      const goalText = `≤ ${goal} ms`;
      const what =
        group === 'city'
          ? `${viewList} of the city, asked with the stamps the page holds after a poll changed ${feeds.join(' and ')}`
          : `the same views of ${label(areas[group])} (busiest ${group} of the ${page.feed}), asked as a new area (haveStamp -1)${group === 'district' ? '; the first area after the revision: includes the area index' : ''}`;
      const common = `${what}; ${rounds} rounds, each after a delta re-sending 5 % of the items; builder alone median ${median(builds).toFixed(0)} ms; process CPU time median ${median(cpus).toFixed(0)} ms (every thread, GC helpers included; unlike the wall time, not stretched by other processes); GC inside median ${median(gcMs).toFixed(0)} ms; ${perView}${fetched ? `; ${fetched} optional-endpoint requests inside the timed calls` : ''}`;
      metrics[`views.${page.scenario}.${group}`] = metric(round(median(walls), 0), 'ms', {
        goal: goalText,
        met: median(walls) <= goal,
        note: `median wall time of core.view() for ${common}`,
      });
      metrics[`views.${page.scenario}.${group}Max`] = metric(round(max(walls), 0), 'ms', {
        goal: goalText,
        met: max(walls) <= goal,
        note: `the slowest of the ${rounds} rounds (${walls.map((w) => w.toFixed(0)).join(', ')} ms)`,
      });
      if (group === 'city')
        metrics[`views.${page.scenario}.cityFirst`] = metric(round(firstBuild, 0), 'ms', {
          goal: goalText,
          met: firstBuild <= goal,
          note: `the first build of the city views once the snapshot is held (the builder alone: ${cold.map((c) => `${c.view} ${c.build.toFixed(0)} ms`).join(', ')}; cold JIT and per-item caches); the first core.view() took ${sum(cold, (c) => c.wall).toFixed(0)} ms with the sim's optional endpoints answering`,
        });

      // What crosses to the page: the worker posts {requestId, ok, result} with the view's
      // transferables; v8.serialize is the structured clone's format.
      let bytes = 0;
      let transferred = 0;
      let parseMs = 0;
      for (const [ref, result] of last.get(group)!) {
        const buffer = serialize({ requestId: 1, ok: true, result });
        bytes += buffer.length;
        const view = (result as { view: unknown }).view;
        const buffers = new Set(core.transferables(ref.id, view) as ArrayBuffer[]);
        for (const b of buffers) transferred += b.byteLength;
        const t0 = performance.now();
        deserialize(buffer);
        parseMs += performance.now() - t0;
      }
      metrics[`views.${page.scenario}.${group}Bytes`] = metric(round(bytes / 1024, 1), 'KB', {
        note: `v8.serialize of the ${group} views' messages: ${bytes.toLocaleString('en')} bytes, of which ${transferred.toLocaleString('en')} in transferred buffers (moved, not copied) and ${(bytes - transferred).toLocaleString('en')} cloned; v8.deserialize of them ${parseMs.toFixed(1)} ms in Node`,
      });
      summary.push(
        `${group} ${median(walls).toFixed(0)} ms median, ${max(walls).toFixed(0)} max (build ${median(builds).toFixed(0)}, CPU ${median(cpus).toFixed(0)}, GC ${median(gcMs).toFixed(0)}), ${(bytes / 2 ** 20).toFixed(2)} MB`,
      );
      if (session) {
        log(`views: ${page.scenario} ${group}: self time per round, top functions:`);
        for (const line of topTimes(profiles[group].self, 25, runs.length)) log(`  ${line}`);
        log(`views: ${page.scenario} ${group}: total time per round (with callees), in src/:`);
        for (const line of topTimes(profiles[group].total, 30, runs.length, /^(?!.* src\/)/))
          log(`  ${line}`);
      }
    }
    log(
      `views: ${page.scenario}: first ${firstBuild.toFixed(0)} ms; ${summary.join('; ')}; heap ${heapMb()} MB`,
    );
  }

  if (source.unexpectedPolls) throw new Error(`${source.unexpectedPolls} polls nobody asked for`);
  observer.disconnect();
  session?.disconnect();
  mkdirSync(join(args.out, '..'), { recursive: true });
  writeFileSync(args.out, JSON.stringify(metrics, null, 2));
  log(`views: ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

await main();
