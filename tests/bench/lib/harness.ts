// What every bench shares: options, the metric record, logging to stderr, Chromium and the static
// server of the bench pages.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createPage, launchBrowser, pageLog, type OpenPageOptions } from '../../e2e/browser.ts';
import { startStaticServer, type StaticServer } from '../../../scripts/serve-static.mjs';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const BENCH_DIST = join(REPO, 'tests/bench/.dist');
export const PAGES_DIR = join(BENCH_DIST, 'pages');
export const APP_PROD_DIR = join(BENCH_DIST, 'app-prod');
export const APP_DEMO_DIR = join(BENCH_DIST, 'app-demo');

export interface BenchOptions {
  json: boolean;
  /** Print the table as Markdown. */
  markdown: boolean;
  quick: boolean;
  /** Polls of the heap run. */
  polls: number;
  /** Real ms between the overview's polls in the heap run (time compression, see heap.ts). */
  pollMs: number;
  /** The heap run stops after this many minutes even short of `polls`. */
  heapMinutes: number;
  /** Benches to run (all when empty). */
  only: string[];
  /** Skip the builds when their output exists (development of the benches themselves). */
  noBuild: boolean;
  /** views: CPU profiles of the timed builds, and their top functions in the log. */
  profile: boolean;
}

/** One reported figure. `ratio` is how many times better than the baseline (baseline / value). */
export interface Metric {
  value: number | null;
  unit: string;
  baseline: number | null;
  ratio: number | null;
  /** The goal in words, e.g. `≤ 4`. */
  goal: string;
  met: boolean | null;
  note: string;
}
export type Metrics = Record<string, Metric>;

export function metric(
  value: number | null,
  unit: string,
  options: {
    baseline?: number | null;
    goal?: string;
    met?: boolean | null;
    note?: string;
    /** Ratio as value / baseline instead (for "more is better" or plain comparisons). */
    ratio?: number | null;
  } = {},
): Metric {
  const baseline = options.baseline ?? null;
  const ratio =
    options.ratio !== undefined
      ? options.ratio
      : baseline !== null && value !== null && value > 0
        ? baseline / value
        : null;
  return {
    value,
    unit,
    baseline,
    ratio,
    goal: options.goal ?? '',
    met: options.met ?? null,
    note: options.note ?? '',
  };
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export const LAUNCH_ARGS = ['--no-sandbox', '--enable-precise-memory-info'];

export async function withBrowser<T>(run: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchBrowser({ gl: 'swiftshader', args: LAUNCH_ARGS });
  try {
    return await run(browser);
  } finally {
    await browser.close();
  }
}

export async function pagesServer(): Promise<StaticServer> {
  return startStaticServer({ root: PAGES_DIR });
}

/** A page in a fresh context (own cache, storage, service workers), its requests recorded. */
export async function freshPage(
  browser: Browser,
  url: string,
  options: OpenPageOptions = {},
): Promise<Page> {
  return createPage(browser, url, { viewport: { width: 1440, height: 900 }, ...options });
}

/** Fails when the page asked for anything off its own origin (127.0.0.1). */
export function assertLocalOnly(page: Page): void {
  const foreign = pageLog(page).foreignRequests;
  if (foreign.length) throw new Error(`requests off 127.0.0.1: ${foreign.slice(0, 5).join(', ')}`);
}

export function pageProblems(page: Page): string[] {
  const log = pageLog(page);
  return [...log.pageErrors, ...log.consoleErrors];
}
