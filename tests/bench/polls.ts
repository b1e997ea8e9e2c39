// Bench 3 in Chromium: 1,000 polls that bring nothing new, through the real worker, client,
// TanStack Query, MapView and EChart (tests/bench/pages/polls.tsx). Counted: React commits of the
// data subtree, deck attribute updates, ECharts setOption calls. Baseline: the same page with a
// client that hands out a new object every poll.
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
import { closePage } from '../e2e/browser.ts';

const API = '/api/v1/sensors';
const JSON_TYPE = 'application/json; charset=utf-8';
type BenchWindow = { bench: PollsBench };

interface PollRun {
  counters: PollCounters;
  sourceRequests: number;
  seconds: number;
}

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
    // The first request gets the 100k snapshot; every later one "nothing changed" at version 1.
    server.setOverride(API, { body: Buffer.from(data.snapshot), type: JSON_TYPE });
    let sourceRequests = 0;
    const onRequest = (request: Request) => {
      if (!new URL(request.url()).pathname.startsWith(API)) return;
      sourceRequests += 1;
    };
    const onFinished = (request: Request) => {
      if (!new URL(request.url()).pathname.startsWith(API)) return;
      server.setOverride(API, { body: data.unchanged, type: JSON_TYPE });
      page.context().off('requestfinished', onFinished);
    };
    page.context().on('request', onRequest);
    page.context().on('requestfinished', onFinished);
    await page.goto(`${server.url}polls.html?pollMs=10&mode=${mode}`);
    await page.waitForFunction(() => (window as unknown as BenchWindow).bench.ready, null, {
      timeout: 120_000,
    });
    // Let the first data settle (map drawn, chart set), then count from zero.
    await waitForPolls(page, 20, 60_000);
    await page.evaluate(() => (window as unknown as BenchWindow).bench.reset());
    const requestsBefore = sourceRequests;
    const t0 = Date.now();
    await waitForPolls(page, polls, 600_000);
    const counters = await read(page);
    const seconds = (Date.now() - t0) / 1000;
    page.context().off('request', onRequest);
    assertLocalOnly(page);
    const problems = pageProblems(page);
    if (problems.length) throw new Error(`polls ${mode}: page errors: ${problems.join('; ')}`);
    return { counters, sourceRequests: sourceRequests - requestsBefore, seconds };
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
  const polls = options.quick ? 200 : 1000;
  // Every naive poll redraws 100k points in software GL (about a second here): fewer of them,
  // counts scaled to the same number of polls.
  const naivePolls = options.quick ? 10 : 40;
  const ours = await runPolls(browser, data, 'pipeline', polls);
  log(`polls pipeline: ${JSON.stringify(ours)}`);
  const naive = await runPolls(browser, data, 'naive', naivePolls);
  log(`polls naive: ${JSON.stringify(naive)}`);
  const c = ours.counters;
  const n = naive.counters;
  const scaled = (v: number) => Math.round((v / n.polls) * c.polls);
  const ran = `${c.polls} polls in ${ours.seconds.toFixed(0)} s (${ours.sourceRequests} source requests, every one answered "unchanged"), 100k sensors on the map; naive baseline: ${n.polls} polls in ${naive.seconds.toFixed(0)} s, its counts scaled to ${c.polls} polls`;
  const zero = (v: number) => v === 0;
  return {
    'polls.count': metric(c.polls, 'polls', { baseline: n.polls, ratio: null, note: ran }),
    'polls.reactCommits': metric(c.commits, 'commits', {
      baseline: scaled(n.commits),
      ratio: null,
      goal: '0',
      met: zero(c.commits),
      note: `<Profiler> around the map and chart subtree (react-dom/profiling); new view objects handed out: ${c.viewObjects}; naive (new arrays every poll): ${n.commits} commits in ${n.polls} polls`,
    }),
    'polls.deckAttributeUpdates': metric(c.deck.attributeUpdatesTotal, 'updates', {
      baseline: scaled(n.deck.attributeUpdatesTotal),
      ratio: null,
      goal: '0',
      met: zero(c.deck.attributeUpdatesTotal),
      note: `deck's attribute invalidations and accessor updates (its debug hook) on the MapView's interleaved overlay; live deck layers ${c.deck.liveLayers}; naive: ${n.deck.attributeUpdatesTotal} in ${n.polls} polls`,
    }),
    'polls.glUploadBytes': metric(c.deck.glUploadBytes, 'bytes', {
      baseline: Math.round((n.deck.glUploadBytes / n.polls) * c.polls),
      ratio: null,
      goal: '0',
      met: zero(c.deck.glUploadBytes),
      note: `bytes given to WebGL bufferData/bufferSubData by anyone (deck, maplibre) during the polls: ${c.deck.glUploads} uploads; naive: ${(n.deck.glUploadBytes / 1e6).toFixed(1)} MB in ${n.polls} polls`,
    }),
    'polls.echartsSetOption': metric(c.setOption, 'calls', {
      baseline: scaled(n.setOption),
      ratio: null,
      goal: '0',
      met: zero(c.setOption),
      note: `ECharts setOption wrapped on its prototype; naive: ${n.setOption} in ${n.polls} polls`,
    }),
  };
}
