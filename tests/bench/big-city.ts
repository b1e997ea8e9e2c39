// A city too big for a browser, opened in headless Chromium: the production build against the
// simulated city's HTTP server at a scale of N (×100: about 976,000 tickets), each feed with an
// `entityBudget` (docs/config.md). Measured, cold, per run: navigation → the scenario's first
// screen with its data (the counts list, or the scenario's own KPI strip), a drill into the
// smallest district → its own panels, and the tickets the page asked for (whole-feed reads must
// be none). The same at scale 1 without budgets is the "usual time" it is compared with.
//
// The page's time, not the simulated city's: the sim server runs in a process of its own
// (tests/bench/lib/sim-process.ts), and by default (`--clock=still`) its clock stands still at
// START, so every answer is of one version; before the timed runs it is warmed (the counts of the
// city and of each district, the smallest district's snapshot, the whole feeds the page reads, then
// one untimed run of the page), and each timed run reports what the backend took for the requests
// it served (`backend`): answers from cache, as a real backend's at a city's usual speed.
// `--clock=live` runs the sim clock at real time (a new version every 5 s, each computed anew).
//
//   node --import tsx tests/bench/big-city.ts [--scale=100] [--budget=200000] [--runs=3]
//     [--clock=still|live] [--only=usual|big] [--wait-while=FILE] [--busy-file=FILE] [--dist=dist]
//
// --wait-while (repeatable): before each timed run, wait while FILE exists (another bench runs); --busy-file:
// FILE exists while this bench warms and times (removed on exit, also on failure).
//
// Needs the production build in dist/ (`npm run build`), or the one --dist names.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { startStaticServer } from '../../scripts/serve-static.mjs';
import { closePage, launchBrowser } from '../e2e/browser.ts';
import { REPO, freshPage, log } from './lib/harness';
import { startSimProcess, type SimProcess } from './lib/sim-process';
import { max, median, sum } from './lib/stats';
import publicConfig from '../../public/config.json';

/** What the sim server took for the requests of one run. */
interface Backend {
  requests: number;
  /** Sum and max of the server's own work per request (arrival → answer ready), ms. */
  answerTotalMs: number;
  answerMaxMs: number;
  /** Max of arrival → last byte handed to the OS (sending is paced by the page's reading), ms. */
  sentMaxMs: number;
  /** The requests whose answer or sending took 100 ms or more (at most 8): `answer/sent ms METHOD url`. */
  slow: string[];
}

interface Run {
  /** Navigation → the first screen with data (counts list or KPI strip) and the map ready. */
  firstScreenMs: number;
  /** Click on the smallest district → its own KPI strip. */
  drillMs: number | null;
  /** Tickets the page read: whole-feed snapshots and area snapshots. */
  wholeReads: number;
  areaReads: number;
  /** Whole-feed snapshots the page read, by feed (feeds without counts are read whole). */
  wholeByFeed: Record<string, number>;
  /** Bytes of the feed answers on the wire (gzip), MB. */
  wireMb: number;
  heapMb: number;
  /** 1-minute load average before and after the run. */
  load: [number, number];
  backend: Backend;
}

interface Measured {
  scale: number;
  budget: number | null;
  clock: Clock;
  sim: {
    /** Spawn → listening with the city built. */
    startMs: number;
    /** The warming answers (counts, snapshots), untimed for the page. */
    warmAnswersMs: number;
    /** The untimed page run that asks whatever else the page needs. */
    warmPageMs: number;
    /** Requests of the warming, and the slowest of them. */
    warm: Backend;
    heapMb: number;
    rssMb: number;
  };
  loadStart: number[];
  loadEnd: number[];
  runs: Run[];
}

type Clock = 'still' | 'live';

const START = Date.parse('2026-12-03T15:00:00+08:00');
const FEEDS = ['tickets', 'sensors', 'signals', 'detections'] as const;

/** Exclusive use of the machine for the timed runs, as far as another bench's lock file tells. */
class Quiet {
  private held = false;
  constructor(
    private readonly waitWhile: readonly string[],
    private readonly busyFile: string | undefined,
  ) {
    const release = () => this.release();
    process.once('exit', release);
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => {
        release();
        process.exit(130);
      });
  }

  /** Waits (releasing our file meanwhile) until the other bench's file is gone, then holds ours. */
  async acquire(): Promise<void> {
    const busy = () => this.waitWhile.filter((file) => existsSync(file));
    if (busy().length > 0) {
      this.release();
      log(`big city: waiting while ${busy().join(', ')} exists…`);
      while (busy().length > 0) await new Promise((r) => setTimeout(r, 10_000));
    }
    if (this.busyFile !== undefined && !this.held) {
      writeFileSync(this.busyFile, `${process.pid}\n`);
      this.held = true;
    }
  }

  release(): void {
    if (this.busyFile !== undefined && this.held) rmSync(this.busyFile, { force: true });
    this.held = false;
  }
}

function backendOf(served: Awaited<ReturnType<SimProcess['stats']>>['served']): Backend {
  return {
    requests: served.length,
    answerTotalMs: Math.round(sum(served.map((r) => r.answerMs))),
    answerMaxMs: Math.round(max(served.map((r) => r.answerMs)) || 0),
    sentMaxMs: Math.round(max(served.map((r) => r.ms)) || 0),
    slow: served
      .filter((r) => r.ms >= 100)
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8)
      .map((r) => `${Math.round(r.answerMs)}/${Math.round(r.ms)} ${r.method} ${r.url}`),
  };
}

const load1 = (): number => Math.round(loadavg()[0]! * 100) / 100;

async function runOnce(
  browser: Browser,
  url: string,
  budgeted: boolean,
): Promise<Omit<Run, 'backend'>> {
  const loadBefore = load1();
  const page: Page = await freshPage(browser, url, { viewport: { width: 1920, height: 1080 } });
  let areaReads = 0;
  const wholeByFeed: Record<string, number> = {};
  let wireBytes = 0;
  page.on('request', (request) => {
    const u = new URL(request.url());
    const feed = /\/api\/v1\/(tickets|sensors|signals|detections)$/.exec(u.pathname)?.[1];
    if (feed === undefined) return;
    if (u.searchParams.has('area')) areaReads += feed === 'tickets' ? 1 : 0;
    else if (!u.searchParams.has('since')) wholeByFeed[feed] = (wholeByFeed[feed] ?? 0) + 1;
  });
  page.on('response', (response) => {
    if (!new URL(response.url()).pathname.startsWith('/api/')) return;
    wireBytes += Number(response.headers()['content-length'] ?? 0) || 0;
  });
  try {
    const t0 = Date.now();
    await page.goto(new URL('tickets', url).href, { waitUntil: 'commit' });
    const first = budgeted
      ? '[data-testid="coverage-list"] li button'
      : '[data-testid="ticket-kpis"]';
    await page.locator(first).first().waitFor({ timeout: 300_000 });
    await page
      .locator('[data-testid="app-ready"]')
      .waitFor({ state: 'attached', timeout: 300_000 });
    const firstScreenMs = Date.now() - t0;
    let drillMs: number | null = null;
    if (budgeted) {
      const counts = (await page.locator('.coverage-count').allTextContents()).map((t) =>
        Number(t.replace(/[^\d]/g, '')),
      );
      const smallest = counts.indexOf(Math.min(...counts));
      const t1 = Date.now();
      await page.locator('[data-testid="coverage-list"] li button').nth(smallest).click();
      await page.locator('[data-testid="ticket-kpis"]').waitFor({ timeout: 300_000 });
      drillMs = Date.now() - t1;
    }
    const heap = await page.evaluate(
      () =>
        (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory
          ?.usedJSHeapSize ?? 0,
    );
    return {
      firstScreenMs,
      drillMs,
      wholeReads: wholeByFeed.tickets ?? 0,
      areaReads,
      wholeByFeed,
      wireMb: Math.round(wireBytes / 1e5) / 10,
      heapMb: Math.round(heap / 1e5) / 10,
      load: [loadBefore, load1()],
    };
  } finally {
    await closePage(page);
  }
}

const countsSchema = (json: unknown): { total: number; groups: { key: string; count: number }[] } =>
  json as { total: number; groups: { key: string; count: number }[] };

/**
 * Asks the sim once for each answer the page's first screen and drill need: every feed's counts by
 * district; the whole snapshot of each feed the page reads whole (within its budget, without
 * counts, or every feed without a budget); for each feed past its budget, its counts by street in
 * each district and the snapshot of the district the bench drills into (the smallest by tickets).
 */
async function warmAnswers(simUrl: string, budget: number | null): Promise<void> {
  const get = async (path: string): Promise<Response> => {
    const response = await fetch(`${simUrl}/${path}`, { headers: { 'Accept-Encoding': 'gzip' } });
    await response.arrayBuffer();
    return response;
  };
  const counted = new Map<string, ReturnType<typeof countsSchema>>();
  for (const feed of FEEDS) {
    const response = await fetch(`${simUrl}/${feed}/aggregate?level=district&within=city`);
    const counts = response.ok ? countsSchema(await response.json()) : null;
    if (budget === null || counts === null || counts.total <= budget) await get(feed);
    else counted.set(feed, counts);
  }
  const tickets = counted.get('tickets');
  if (tickets === undefined) return;
  const smallest = tickets.groups.reduce((a, b) => (b.count < a.count ? b : a)).key;
  for (const [feed, counts] of counted) {
    for (const { key } of counts.groups) await get(`${feed}/aggregate?level=street&within=${key}`);
    await get(`${feed}?area=${smallest}`);
  }
}

async function measure(
  browser: Browser,
  quiet: Quiet,
  {
    scale,
    budget,
    runs,
    clock,
    dist,
  }: { scale: number; budget: number | null; runs: number; clock: Clock; dist: string },
): Promise<Measured> {
  await quiet.acquire();
  log(`big city: starting the simulated city at ×${scale} (clock ${clock}) in its own process…`);
  const sim = await startSimProcess({
    scale,
    start: START,
    speed: 1,
    paused: clock === 'still',
  });
  log(
    `big city: ×${scale} listening in ${Math.round(sim.startMs)} ms at ${sim.url} (pid ${sim.pid})`,
  );
  const feeds = Object.fromEntries(
    Object.entries(publicConfig.feeds).map(([feed, config]) => [
      feed,
      { ...config, baseUrl: sim.url, ...(budget === null ? {} : { entityBudget: budget }) },
    ]),
  );
  const server = await startStaticServer({
    root: dist,
    overrides: { '/config.json': { body: { ...publicConfig, feeds } } },
  });
  try {
    let t = performance.now();
    if (clock === 'still') await warmAnswers(sim.url, budget);
    const warmAnswersMs = performance.now() - t;
    log(`big city: warming answers took ${Math.round(warmAnswersMs)} ms`);
    t = performance.now();
    await runOnce(browser, server.url, budget !== null);
    const warmPageMs = performance.now() - t;
    const warmStats = await sim.stats();
    const warm = backendOf(warmStats.served);
    log(
      `big city: untimed page run ${Math.round(warmPageMs)} ms; warming: ${JSON.stringify(warm)}`,
    );
    await sim.reset();

    const out: Run[] = [];
    let loadStart: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      await quiet.acquire();
      if (i === 0) loadStart = loadavg();
      const run = await runOnce(browser, server.url, budget !== null);
      const backend = backendOf((await sim.stats()).served);
      await sim.reset();
      log(`  run ${i + 1}: ${JSON.stringify({ ...run, backend })}`);
      out.push({ ...run, backend });
    }
    const loadEnd = loadavg();
    const after = await sim.stats();
    return {
      scale,
      budget,
      clock,
      sim: {
        startMs: Math.round(sim.startMs),
        warmAnswersMs: Math.round(warmAnswersMs),
        warmPageMs: Math.round(warmPageMs),
        warm,
        heapMb: after.heapMb,
        rssMb: after.rssMb,
      },
      loadStart: loadStart.map((l) => Math.round(l * 100) / 100),
      loadEnd: loadEnd.map((l) => Math.round(l * 100) / 100),
      runs: out,
    };
  } finally {
    await server.close();
    await sim.close();
  }
}

function summary(m: Measured) {
  const drills = m.runs.flatMap((r) => (r.drillMs === null ? [] : [r.drillMs]));
  return {
    scale: m.scale,
    budget: m.budget,
    firstScreenMs: median(m.runs.map((r) => r.firstScreenMs)),
    drillMs: drills.length ? median(drills) : null,
    wholeReads: max(m.runs.map((r) => r.wholeReads)),
    areaReads: max(m.runs.map((r) => r.areaReads)),
    heapMb: median(m.runs.map((r) => r.heapMb)),
    wireMb: median(m.runs.map((r) => r.wireMb)),
    backendAnswerMaxMs: max(m.runs.map((r) => r.backend.answerMaxMs)),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '100' },
      budget: { type: 'string', default: '200000' },
      runs: { type: 'string', default: '3' },
      clock: { type: 'string', default: 'still' },
      only: { type: 'string' },
      'wait-while': { type: 'string', multiple: true, default: [] },
      'busy-file': { type: 'string' },
      dist: { type: 'string', default: join(REPO, 'dist') },
    },
  });
  const scale = Number(values.scale);
  const budget = Number(values.budget);
  const runs = Number(values.runs);
  const clock = values.clock;
  if (clock !== 'still' && clock !== 'live') throw new Error('--clock is still or live');
  const only = values.only;
  if (only !== undefined && only !== 'usual' && only !== 'big')
    throw new Error('--only is usual or big');
  const dist = resolve(values.dist);
  const quiet = new Quiet(values['wait-while'], values['busy-file']);
  const browser = await launchBrowser();
  try {
    const measured: Measured[] = [];
    if (only !== 'big')
      measured.push(await measure(browser, quiet, { scale: 1, budget: null, runs, clock, dist }));
    quiet.release();
    if (only !== 'usual')
      measured.push(await measure(browser, quiet, { scale, budget, runs, clock, dist }));
    console.log(JSON.stringify({ measured, summary: measured.map(summary) }, null, 2));
  } finally {
    quiet.release();
    await browser.close();
  }
}

await main();
