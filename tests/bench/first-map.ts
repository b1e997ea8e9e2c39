// Bench 5 in headless Chromium: navigation → the first frame on screen with the scenario's data on
// the map (the animation frame after deck.gl rendered a data layer with instances, observed in the
// page by tests/bench/lib/app-instrumentation.ts, and maplibre's first complete frame), cold: a fresh browser context (empty cache, no service
// worker) per run. The production build with the feeds served as static JSON from the same server
// (a scale-1 city), and, for reference, the demo build with MSW and the simulated city.
import type { Browser } from 'playwright-core';
import { startStaticServer, type Override } from '../../scripts/serve-static.mjs';
import { closePage } from '../e2e/browser.ts';
import { instrumentationScript, type AppProbe } from './lib/app-instrumentation';
import { cityFeeds } from './lib/data';
import {
  APP_DEMO_DIR,
  APP_PROD_DIR,
  assertLocalOnly,
  freshPage,
  log,
  metric,
  type BenchOptions,
  type Metrics,
} from './lib/harness';
import { median, percentile, round } from './lib/stats';

type ProbeWindow = { __bench: AppProbe };

/**
 * The first map's steps in the order they happen, each a performance.now() (ms from the
 * navigation's start) seen in the page: the navigation's and resources' timings, the app's own
 * `boot:*` and `map:*` user-timing marks, and the instrumentation's hooks
 * (tests/bench/lib/app-instrumentation.ts).
 */
export const STEPS: readonly (readonly [key: string, label: string])[] = [
  ['html', 'HTML received'],
  ['scripts', 'initial JS chunks received'],
  ['firstFetch', 'JS evaluated (first request)'],
  ['boot:config', 'config loaded'],
  ['boot:geo', 'geography loaded'],
  ['boot:render', 'React render called'],
  ['map:create', 'maplibre Map constructor (in the first commit)'],
  ['glCreated', 'WebGL context created'],
  ['map:created', 'maplibre Map constructed'],
  ['commit', 'React first commit seen (DOM observer, after its layout effects)'],
  ['map:style', 'style loaded'],
  ['firstView', "worker's first view answered"],
  ['viewsAnswered', "worker's first views all answered"],
  ['map:load', "maplibre's first frame (load)"],
  ['deckData', 'deck first render with data'],
  ['dataFrame', 'next animation frame'],
];

export interface Milestones {
  /** The app asked the worker for its first view: config, geography, fonts, first render done. */
  firstPoll: number;
  mapLoaded: number;
  /** The app's `app-ready` marker: data in the page's state, the map loaded. */
  appReady: number;
  /** The first frame with data drawn (deck.gl). */
  dataFrame: number;
  /** The map and its data on screen: the later of the first data frame and the map's `load`. */
  shown: number;
  dataLayer: string;
  /** Every step's time (STEPS), ms from the navigation's start. */
  steps: Record<string, number>;
  /** How long the WebGL context's creation (getContext) held the main thread. */
  glMs: number;
}

export async function coldRuns(
  browser: Browser,
  root: string,
  path: string,
  overrides: Record<string, Override>,
  runs: number,
): Promise<Milestones[]> {
  const server = await startStaticServer({ root, overrides });
  const times: Milestones[] = [];
  try {
    for (let i = 0; i < runs; i += 1) {
      const page = await freshPage(browser, server.url);
      try {
        await page.addInitScript(instrumentationScript({ compress: 1 }));
        await page.goto(`${server.url}${path}`, { waitUntil: 'commit' });
        await page.waitForFunction(
          () => {
            const b = (window as unknown as ProbeWindow).__bench;
            return b.appReadyAt !== null && b.dataFrameAt !== null;
          },
          null,
          { timeout: 120_000 },
        );
        // performance.now() counts from the navigation's start.
        const at = await page.evaluate(() => {
          const b = (window as unknown as ProbeWindow).__bench;
          return {
            firstPoll: b.firstPollAt,
            mapLoaded: b.mapLoadedAt,
            appReady: b.appReadyAt,
            dataFrame: b.dataFrameAt,
            dataLayer: b.dataLayer,
            steps: b.steps(),
          };
        });
        times.push({
          firstPoll: at.firstPoll ?? Number.NaN,
          mapLoaded: at.mapLoaded ?? Number.NaN,
          appReady: at.appReady ?? Number.NaN,
          dataFrame: at.dataFrame ?? Number.NaN,
          shown: Math.max(at.dataFrame ?? Number.NaN, at.mapLoaded ?? Number.NaN),
          dataLayer: at.dataLayer ?? '?',
          steps: at.steps,
          glMs: (at.steps.glCreated ?? Number.NaN) - (at.steps.glStart ?? Number.NaN),
        });
        assertLocalOnly(page);
      } finally {
        await closePage(page);
      }
    }
  } finally {
    await server.close();
  }
  return times;
}

export async function benchFirstMap(browser: Browser, options: BenchOptions): Promise<Metrics> {
  const runs = options.quick ? 3 : 10;
  const feeds = cityFeeds();
  const type = 'application/json; charset=utf-8';
  const api: Record<string, Override> = Object.fromEntries(
    Object.entries(feeds).map(([feed, body]) => [`/api/v1/${feed}`, { body, type }]),
  );
  const prodRuns = await coldRuns(browser, APP_PROD_DIR, '', api, runs);
  const prod = prodRuns.map((m) => m.shown);
  log(`first map (production build): ${prod.map((t) => t.toFixed(0)).join(', ')} ms`);
  const demoRuns = await coldRuns(browser, APP_DEMO_DIR, '?seed=42&speed=60', {}, runs);
  const demo = demoRuns.map((m) => m.shown);
  log(`first map (demo build): ${demo.map((t) => t.toFixed(0)).join(', ')} ms`);
  const breakdown = (list: Milestones[]) =>
    `first view request ${median(list.map((m) => m.firstPoll)).toFixed(0)} ms, map style loaded ${median(list.map((m) => m.mapLoaded)).toFixed(0)} ms, app-ready marker ${median(list.map((m) => m.appReady)).toFixed(0)} ms, first frame with data ${median(list.map((m) => m.dataFrame)).toFixed(0)} ms (medians; first data layer drawn: ${[...new Set(list.map((m) => m.dataLayer.replace(/ \(\d+\)$/, '')))].join(', ')})`;
  const stepMedian = (list: Milestones[], key: string) =>
    median(list.map((m) => m.steps[key] ?? Number.NaN).filter((t) => !Number.isNaN(t)));
  const stepTable = (list: Milestones[]) =>
    STEPS.map(([key, label]) => `${label} ${stepMedian(list, key).toFixed(0)}`).join(' → ') +
    ` ms (medians; getContext itself ${median(list.map((m) => m.glMs)).toFixed(0)} ms)`;
  log(`first map steps (production build): ${stepTable(prodRuns)}`);
  log(`first map steps (demo build): ${stepTable(demoRuns)}`);
  const stepMetrics: Metrics = Object.fromEntries(
    STEPS.map(([key, label], i) => {
      const at = stepMedian(prodRuns, key);
      const previous = i > 0 ? stepMedian(prodRuns, STEPS[i - 1]![0]) : 0;
      return [
        `firstMap.step.${key}`,
        metric(round(at, 0), 'ms', {
          note: `production build, median over ${runs} runs, ms from the navigation's start: ${label} (${at - previous >= 0 ? '+' : ''}${(at - previous).toFixed(0)} ms after the step before)`,
        }),
      ];
    }),
  );
  const ticketsKb = (feeds.tickets.length / 1024).toFixed(0);
  return {
    'firstMap.median': metric(round(median(prod), 0), 'ms', {
      goal: '≤ 1500 ms median',
      met: median(prod) <= 1500,
      note: `production build, feeds as static JSON (tickets ${ticketsKb} KB, scale-1 city), ${runs} cold runs (fresh context each), navigation start → the map and its data on screen: the later of the animation frame after deck.gl first rendered a data layer with instances and maplibre's \`load\` (its first complete frame); ${breakdown(prodRuns)}; steps: ${stepTable(prodRuns)} (firstMap.step.*)`,
    }),
    'firstMap.p95': metric(round(percentile(prod, 95), 0), 'ms', {
      note: `the same runs, p95 (nearest rank: the slowest of ${runs})`,
    }),
    'firstMap.demoMedian': metric(round(median(demo), 0), 'ms', {
      note: `demo build (MSW service worker installs on each cold run, the sim computes the feeds in it), p95 ${percentile(demo, 95).toFixed(0)} ms; ${breakdown(demoRuns)}; steps: ${stepTable(demoRuns)}`,
    }),
    ...stepMetrics,
  };
}
