// Bench 3 in Chromium: polls that bring nothing new, through the real worker, client, the
// environment scenario's view and builders, TanStack Query, MapView and EChart
// (tests/bench/pages/polls.tsx). Counted: React commits of the data subtree, deck attribute
// updates, bytes given to WebGL, ECharts setOption calls, and the page's main-thread task time
// (CDP Performance.getMetrics). Baseline: TanStack Query with its defaults (structural sharing on)
// polling the feed's JSON, accessors over the readings; the same number of polls, nothing scaled.
import type { Browser, Page, Request } from 'playwright-core';
import type { PollCounters, PollsBench } from './pages/polls';
import type { SensorData } from './lib/data';
import {
  assertLocalOnly,
  freshPage,
  log,
  metric,
  pageProblems,
  pagesServer,
  type BenchOptions,
  type Metrics,
} from './lib/harness';
import { round } from './lib/stats';
import { closePage } from '../e2e/browser.ts';

const API = '/api/v1/sensors';
const JSON_TYPE = 'application/json; charset=utf-8';
type BenchWindow = { bench: PollsBench };

interface PollRun {
  counters: PollCounters;
  /** Main-thread task time of the page during the counted polls, ms (CDP TaskDuration). */
  taskMs: number;
  sourceRequests: number;
  seconds: number;
}

/**
 * A poll of the feed itself: the environment view also reads the source's endpoints under it
 * (`/api/v1/sensors/…`, answered 404 here), which must neither count nor switch the answer.
 */
const isFeedPoll = (request: Request) => new URL(request.url()).pathname === API;

const read = (page: Page) =>
  page.evaluate(() => (window as unknown as BenchWindow).bench.counters());

async function waitForPolls(page: Page, polls: number, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    (n) => (window as unknown as BenchWindow).bench.counters().polls >= n,
    polls,
    { timeout: timeoutMs, polling: 200 },
  );
}

async function runPolls(
  browser: Browser,
  data: SensorData,
  mode: 'pipeline' | 'naive',
  polls: number,
): Promise<PollRun> {
  const server = await pagesServer();
  const page = await freshPage(browser, server.url);
  try {
    // The first request gets the 100k snapshot; every later one of the product "nothing changed"
    // at version 1 (it asks `?since=1`); the baseline asks for the feed and gets the same
    // snapshot every time (the bytes the product's first request got).
    const snapshot = Buffer.from(data.snapshot);
    server.setOverride(API, { body: snapshot, type: JSON_TYPE });
    let sourceRequests = 0;
    const onRequest = (request: Request) => {
      if (!isFeedPoll(request)) return;
      sourceRequests += 1;
    };
    const onFinished = (request: Request) => {
      if (!isFeedPoll(request)) return;
      if (mode === 'pipeline') server.setOverride(API, { body: data.unchanged, type: JSON_TYPE });
      page.context().off('requestfinished', onFinished);
    };
    page.context().on('request', onRequest);
    page.context().on('requestfinished', onFinished);
    await page.goto(`${server.url}polls.html?pollMs=10&mode=${mode}`);
    await page.waitForFunction(() => (window as unknown as BenchWindow).bench.ready, null, {
      timeout: 300_000,
    });
    log(`polls ${mode}: ready`);
    // Let the first data settle (map drawn, chart set), then count from zero.
    await waitForPolls(page, 5, 300_000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')
        ?.value ?? Number.NaN;
    await page.evaluate(() => (window as unknown as BenchWindow).bench.reset());
    const tasksBefore = await taskSeconds();
    const requestsBefore = sourceRequests;
    const t0 = Date.now();
    await waitForPolls(page, polls, 900_000);
    const counters = await read(page);
    const taskMs = ((await taskSeconds()) - tasksBefore) * 1000;
    const seconds = (Date.now() - t0) / 1000;
    await cdp.detach();
    page.context().off('request', onRequest);
    assertLocalOnly(page);
    const problems = pageProblems(page);
    if (problems.length) throw new Error(`polls ${mode}: page errors: ${problems.join('; ')}`);
    return { counters, taskMs, sourceRequests: sourceRequests - requestsBefore, seconds };
  } finally {
    await closePage(page);
    await server.close();
  }
}

export async function benchPolls(
  browser: Browser,
  data: SensorData,
  options: BenchOptions,
): Promise<Metrics> {
  // Every baseline poll parses 27.5 MB of JSON and compares 100k readings with the last ones
  // (about half a second here): both sides run the same number of polls, nothing is scaled.
  const polls = options.quick ? 10 : 30;
  const ours = await runPolls(browser, data, 'pipeline', polls);
  log(
    `polls pipeline: ${JSON.stringify({ ...ours, counters: { ...ours.counters, deck: undefined } })}`,
  );
  const naive = await runPolls(browser, data, 'naive', polls);
  log(
    `polls baseline: ${JSON.stringify({ ...naive, counters: { ...naive.counters, deck: undefined } })}`,
  );
  const c = ours.counters;
  const n = naive.counters;
  const perPoll = (r: PollRun) => r.taskMs / r.counters.polls;
  const ran = `${c.polls} polls in ${ours.seconds.toFixed(0)} s (${ours.sourceRequests} source requests, every one answered "unchanged"), 100k sensors on the environment map and its chart; baseline: ${n.polls} polls in ${naive.seconds.toFixed(0)} s (${naive.sourceRequests} requests, each answered with the same 100k snapshot)`;
  const zero = (v: number) => v === 0;
  return {
    'polls.count': metric(c.polls, 'polls', { baseline: n.polls, ratio: null, note: ran }),
    'polls.mainThreadPerPoll': metric(round(perPoll(ours), 2), 'ms', {
      baseline: round(perPoll(naive), 1),
      note: `the page's main-thread task time (CDP Performance.getMetrics TaskDuration) over the counted polls, per poll: ${ours.taskMs.toFixed(0)} ms in ${c.polls} polls; baseline ${naive.taskMs.toFixed(0)} ms in ${n.polls} polls (fetch, JSON.parse of the snapshot, TanStack's structural sharing over 100k readings)`,
    }),
    'polls.reactCommits': metric(c.commits, 'commits', {
      baseline: n.commits,
      ratio: null,
      goal: '0',
      met: zero(c.commits),
      note: `<Profiler> around the map and chart subtree (react-dom/profiling); distinct view objects handed out: ${c.viewObjects} (baseline: distinct data objects rendered ${n.viewObjects})`,
    }),
    'polls.deckAttributeUpdates': metric(c.deck.attributeUpdatesTotal, 'updates', {
      baseline: n.deck.attributeUpdatesTotal,
      ratio: null,
      goal: '0',
      met: zero(c.deck.attributeUpdatesTotal),
      note: `deck's attribute invalidations and accessor updates (its debug hook) on the MapView's interleaved overlay; live deck layers ${c.deck.liveLayers} (baseline ${n.deck.liveLayers})`,
    }),
    'polls.glUploadBytes': metric(c.deck.glUploadBytes, 'bytes', {
      baseline: n.deck.glUploadBytes,
      ratio: null,
      goal: '0',
      met: zero(c.deck.glUploadBytes),
      note: `bytes given to WebGL bufferData/bufferSubData by anyone (deck, maplibre) during the polls: ${c.deck.glUploads} uploads (baseline ${n.deck.glUploads})`,
    }),
    'polls.echartsSetOption': metric(c.setOption, 'calls', {
      baseline: n.setOption,
      ratio: null,
      goal: '0',
      met: zero(c.setOption),
      note: 'ECharts setOption wrapped on its prototype',
    }),
  };
}
