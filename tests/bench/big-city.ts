// A city too big for a browser, opened in headless Chromium: the production build against the
// simulated city's HTTP server at a scale of N (×100: about 700,000 tickets), each feed with an
// `entityBudget` (docs/config.md). Measured, cold, per run: navigation → the scenario's first
// screen with its data (the counts list, or the scenario's own KPI strip), a drill into the
// smallest district → its own panels, and the tickets the page asked for (whole-feed reads must
// be none). The same at scale 1 without budgets is the "usual time" it is compared with.
//
//   node --import tsx tests/bench/big-city.ts [--scale=100] [--budget=200000] [--runs=3]
//
// Needs the production build in dist/ (`npm run build`).
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startSimServer } from '../../mocks/server/serve';
import { startStaticServer } from '../../scripts/serve-static.mjs';
import { closePage, launchBrowser } from '../e2e/browser.ts';
import { REPO, freshPage, log } from './lib/harness';
import { median } from './lib/stats';
import publicConfig from '../../public/config.json';

interface Run {
  /** Navigation → the first screen with data (counts list or KPI strip) and the map ready. */
  firstScreenMs: number;
  /** Click on the smallest district → its own KPI strip. */
  drillMs: number | null;
  /** Tickets the page read: whole-feed snapshots and area snapshots. */
  wholeReads: number;
  areaReads: number;
  heapMb: number;
}

const START = Date.parse('2026-12-03T15:00:00+08:00');

async function runOnce(browser: Browser, url: string, budgeted: boolean): Promise<Run> {
  const page: Page = await freshPage(browser, url, { viewport: { width: 1920, height: 1080 } });
  let wholeReads = 0;
  let areaReads = 0;
  page.on('request', (request) => {
    const u = new URL(request.url());
    if (!u.pathname.endsWith('/api/v1/tickets')) return;
    if (u.searchParams.has('area')) areaReads += 1;
    else if (!u.searchParams.has('since')) wholeReads += 1;
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
    return { firstScreenMs, drillMs, wholeReads, areaReads, heapMb: Math.round(heap / 1e5) / 10 };
  } finally {
    await closePage(page);
  }
}

async function measure(browser: Browser, scale: number, budget: number | null, runs: number) {
  log(`big city: starting the simulated city at ×${scale}…`);
  const t = Date.now();
  const sim = await startSimServer({ port: 0, scale, speed: 1, start: START, incidents: false });
  log(`big city: ×${scale} ready in ${Math.round((Date.now() - t) / 1000)} s at ${sim.url}`);
  const feeds = Object.fromEntries(
    Object.entries(publicConfig.feeds).map(([feed, config]) => [
      feed,
      { ...config, baseUrl: sim.url, ...(budget === null ? {} : { entityBudget: budget }) },
    ]),
  );
  const server = await startStaticServer({
    root: join(REPO, 'dist'),
    overrides: { '/config.json': { body: { ...publicConfig, feeds } } },
  });
  const out: Run[] = [];
  try {
    // One warm-up: the sim computes its first snapshots and counts.
    await runOnce(browser, server.url, budget !== null);
    for (let i = 0; i < runs; i += 1) {
      const run = await runOnce(browser, server.url, budget !== null);
      log(`  run ${i + 1}: ${JSON.stringify(run)}`);
      out.push(run);
    }
  } finally {
    await server.close();
    await sim.close();
  }
  return out;
}

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '100' },
      budget: { type: 'string', default: '200000' },
      runs: { type: 'string', default: '3' },
    },
  });
  const scale = Number(values.scale);
  const budget = Number(values.budget);
  const runs = Number(values.runs);
  const browser = await launchBrowser();
  try {
    const usual = await measure(browser, 1, null, runs);
    const big = await measure(browser, scale, budget, runs);
    const summary = {
      usual: { scale: 1, firstScreenMs: median(usual.map((r) => r.firstScreenMs)) },
      big: {
        scale,
        budget,
        firstScreenMs: median(big.map((r) => r.firstScreenMs)),
        drillMs: median(big.map((r) => r.drillMs ?? 0)),
        wholeReads: Math.max(...big.map((r) => r.wholeReads)),
        areaReads: Math.max(...big.map((r) => r.areaReads)),
        heapMb: median(big.map((r) => r.heapMb)),
      },
    };
    console.log(JSON.stringify(summary, null, 2));
  } finally {
    await browser.close();
  }
}

await main();
