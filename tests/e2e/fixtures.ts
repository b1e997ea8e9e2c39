// One static server and one browser per test file, pages closed after each test, a screenshot
// and the page log of every open page when a test fails.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { startStaticServer } from '../../scripts/serve-static.mjs';
import type { Override, StaticServer } from '../../scripts/serve-static.mjs';
import {
  closePage,
  createPage,
  gotoApp,
  launchBrowser,
  pageLog,
  safeName,
  screenshot,
} from './browser.ts';
import type { LaunchOptions, OpenPageOptions } from './browser.ts';

export type { Override, StaticServer } from '../../scripts/serve-static.mjs';

/** Absolute path of the bundle under test (dist-e2e by default). */
export function distRoot(): string {
  return inject('e2eDistRoot');
}

/** Whether any built JS/HTML file of the bundle under test contains `needle`. */
export async function bundleContains(needle: string, root = distRoot()): Promise<boolean> {
  const files = [join(root, 'index.html')];
  const assets = join(root, 'assets');
  if (existsSync(assets)) {
    for (const name of await readdir(assets, { recursive: true })) {
      if (/\.(m?js|html)$/.test(name)) files.push(join(assets, name));
    }
  }
  for (const file of files) {
    if ((await readFile(file, 'utf8')).includes(needle)) return true;
  }
  return false;
}

export interface E2EOptions {
  /** Responses served instead of files for the whole file, e.g. { '/config.json': {...} }. */
  overrides?: Record<string, Override>;
  launch?: LaunchOptions;
}

export interface E2E {
  readonly browser: Browser;
  readonly server: StaticServer;
  /** Absolute URL of an app path: url('/tickets') → 'http://127.0.0.1:PORT/tickets'. */
  url(path?: string): string;
  /** openPage on an app path; closed automatically after the test. */
  open(path?: string, options?: OpenPageOptions): Promise<Page>;
  /** Override a path for the current test only (reset after each test). */
  setOverride(path: string, value: Override | null): void;
}

/**
 * The city time a demo page starts at when its test names none: a Thursday afternoon, outside the
 * traffic peaks, with a day's tickets behind it. Without it a page would start at the machine's
 * clock and what it shows (today's counts, night-time flashing signals, alarms) would depend on
 * the hour the suite runs. A test about the real clock names `start=now`.
 */
export const DEFAULT_START = '2026-12-03T15:00:00+08:00';

/** An app page's URL with `start` set to DEFAULT_START unless it names one (`now`: the real clock). */
export function pinClock(url: URL): URL {
  const page = !/\.[a-z0-9]+$/i.test(url.pathname) && !url.pathname.startsWith('/api/');
  if (!page) return url;
  if (url.searchParams.get('start') === 'now') url.searchParams.delete('start');
  else if (!url.searchParams.has('start')) url.searchParams.set('start', DEFAULT_START);
  return url;
}

/**
 * Call once at the top of an e2e file:
 *
 *   const app = setupE2E();
 *   it('draws the map', async () => {
 *     const page = await app.open('/');
 *     await waitForMap(page);
 *     expectClean(page);
 *   });
 */
export function setupE2E(options: E2EOptions = {}): E2E {
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  const openPages: Page[] = [];
  const fileOverrides = options.overrides ?? {};
  const testOverrides = new Set<string>();

  beforeAll(async () => {
    server = await startStaticServer({ root: distRoot(), overrides: { ...fileOverrides } });
    browser = await launchBrowser(options.launch);
  });

  afterEach(async (context) => {
    const pages = openPages.splice(0);
    if (context.task.result?.state === 'fail') {
      const file = basename(context.task.file.name).replace(/\.e2e\.ts$/, '');
      for (const [index, page] of pages.entries()) {
        if (page.isClosed()) continue;
        const name = `FAILED-${file}-${context.task.name}${pages.length > 1 ? `-${index + 1}` : ''}`;
        const path = await screenshot(page, safeName(name)).catch((error: unknown) =>
          String(error),
        );
        const log = pageLog(page);
        console.log(
          [
            `e2e failure: ${context.task.name} — page ${page.url()}`,
            `  screenshot: ${path}`,
            ...log.console.map((m) => `  console.${m.type}: ${m.text} ${m.location}`),
            ...log.pageErrors.map((e) => `  page error: ${e}`),
            ...log.httpErrors.map((e) => `  http error: ${e}`),
            ...log.failedRequests.map((e) => `  failed request: ${e}`),
            ...log.foreignRequests.map((e) => `  foreign request: ${e}`),
          ].join('\n'),
        );
      }
    }
    await Promise.all(pages.map((page) => closePage(page).catch(() => undefined)));
    for (const path of testOverrides) {
      server?.setOverride(path, fileOverrides[path] ?? null);
    }
    testOverrides.clear();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const e2e: E2E = {
    get browser() {
      if (!browser) throw new Error('setupE2E: the browser is only available inside tests');
      return browser;
    },
    get server() {
      if (!server) throw new Error('setupE2E: the server is only available inside tests');
      return server;
    },
    url(path = '/') {
      return pinClock(new URL(path, e2e.server.url)).href;
    },
    async open(path = '/', openOptions) {
      const url = e2e.url(path);
      const page = await createPage(e2e.browser, url, openOptions);
      openPages.push(page);
      await gotoApp(page, url, openOptions);
      return page;
    },
    setOverride(path, value) {
      testOverrides.add(path);
      e2e.server.setOverride(path, value);
    },
  };
  return e2e;
}
