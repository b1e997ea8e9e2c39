// Browser helpers for the e2e suites: Debian's Chromium driven by playwright-core.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, ConsoleMessage, Page, Request } from 'playwright-core';
import { decodePng, pixelStats } from './png.ts';
import type { PixelStats, PixelStatsOptions, Region } from './png.ts';

export type { PixelStats, PixelStatsOptions, Region, Rgb } from './png.ts';

/** Override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots go here (gitignored). */
export const RESULTS_DIR = fileURLToPath(new URL('../../test-results/e2e/', import.meta.url));

export interface LaunchOptions {
  /**
   * WebGL backend. 'swiftshader' (default) works everywhere; 'egl' (Mesa llvmpipe through ANGLE)
   * is about 3x faster where Mesa is installed. Default from E2E_GL.
   */
  gl?: 'swiftshader' | 'egl';
  /** Extra Chromium switches. */
  args?: string[];
}

/**
 * Launches headless Chromium with a fresh temporary profile (playwright creates and deletes it;
 * it adds --headless, --no-sandbox, --no-first-run, --disable-background-networking,
 * --disable-component-update and --enable-unsafe-swiftshader itself).
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: apt-get install chromium fonts-noto-cjk (or set CHROMIUM_PATH)`,
    );
  }
  const gl = options.gl ?? (process.env.E2E_GL === 'egl' ? 'egl' : 'swiftshader');
  const glArgs =
    gl === 'egl'
      ? ['--use-gl=angle', '--use-angle=gl-egl']
      : ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      ...glArgs,
      ...(options.args ?? []),
    ],
  });
}

/** What happened on a page opened with openPage (and its workers). */
export interface PageLog {
  /** Origin of the URL the page was opened at, e.g. 'http://127.0.0.1:41234'. */
  appOrigin: string;
  /** Every console message, in order: handy when a test fails. */
  console: { type: string; text: string; location: string }[];
  /** Console messages of type error, as 'text (url:line)'. */
  consoleErrors: string[];
  /** Uncaught exceptions and unhandled rejections. */
  pageErrors: string[];
  /** Requests to any origin other than appOrigin (data: and blob: excepted). */
  foreignRequests: string[];
  /** Same-origin responses with status >= 400, as 'STATUS METHOD url'. */
  httpErrors: string[];
  /** Requests that failed at the network level, as 'METHOD url: reason' (aborts included). */
  failedRequests: string[];
}

const logs = new WeakMap<Page, PageLog>();

/** The log recorded for a page opened with openPage. */
export function pageLog(page: Page): PageLog {
  const log = logs.get(page);
  if (!log) throw new Error('pageLog: page was not opened with openPage()');
  return log;
}

export interface OpenPageOptions {
  /** Default 1440×900. */
  viewport?: { width: number; height: number };
  /** Default 1, so that screenshot pixels are CSS pixels. */
  deviceScaleFactor?: number;
  /** navigator.language; default 'zh-CN'. */
  locale?: string;
  /** Default 'Asia/Shanghai' (Fuzhou), so that times render the same on any machine. */
  timezoneId?: string;
  /** Default 'load'. */
  waitUntil?: 'load' | 'domcontentloaded' | 'networkidle' | 'commit';
  /** Default timeout of waits and actions on this page, ms. Default 60 000 (software WebGL). */
  timeout?: number;
}

function isForeign(url: string, appOrigin: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return false;
  try {
    return new URL(url).origin !== appOrigin;
  } catch {
    return true;
  }
}

function formatConsole(message: ConsoleMessage): string {
  const { url, lineNumber } = message.location();
  return url ? `${message.text()} (${url}:${lineNumber})` : message.text();
}

/**
 * Opens `url` in a new browser context (own cookies, storage and service workers) and records
 * console errors, page errors, foreign requests and HTTP errors (see pageLog / expectClean).
 * Close it with closePage (or browser.close()).
 */
export async function openPage(
  browser: Browser,
  url: string,
  options: OpenPageOptions = {},
): Promise<Page> {
  const page = await createPage(browser, url, options);
  await gotoApp(page, url, options);
  return page;
}

/** Navigates a page made by createPage. */
export async function gotoApp(
  page: Page,
  url: string,
  options: OpenPageOptions = {},
): Promise<void> {
  await page.goto(url, { waitUntil: options.waitUntil ?? 'load' });
}

/** openPage without the navigation: a blank, recorded page whose app origin is that of `url`. */
export async function createPage(
  browser: Browser,
  url: string,
  options: OpenPageOptions = {},
): Promise<Page> {
  const appOrigin = new URL(url).origin;
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1440, height: 900 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    locale: options.locale ?? 'zh-CN',
    timezoneId: options.timezoneId ?? 'Asia/Shanghai',
  });
  const log: PageLog = {
    appOrigin,
    console: [],
    consoleErrors: [],
    pageErrors: [],
    foreignRequests: [],
    httpErrors: [],
    failedRequests: [],
  };
  const onConsole = (message: ConsoleMessage) => {
    const { url: sourceUrl, lineNumber } = message.location();
    log.console.push({
      type: message.type(),
      text: message.text(),
      location: sourceUrl ? `${sourceUrl}:${lineNumber}` : '',
    });
    if (message.type() === 'error') log.consoleErrors.push(formatConsole(message));
  };
  const onRequest = (request: Request) => {
    if (isForeign(request.url(), appOrigin)) log.foreignRequests.push(request.url());
  };
  context.on('console', onConsole);
  context.on('serviceworker', (worker) => worker.on('console', onConsole));
  context.on('weberror', (webError) => {
    const error = webError.error();
    const head = `${error.name}: ${error.message}`;
    log.pageErrors.push(error.stack?.startsWith(head) ? error.stack : head);
  });
  context.on('request', onRequest);
  context.on('response', (response) => {
    if (response.status() >= 400 && !isForeign(response.url(), appOrigin)) {
      log.httpErrors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  context.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? 'failed';
    log.failedRequests.push(`${request.method()} ${request.url()}: ${reason}`);
  });

  const page = await context.newPage();
  logs.set(page, log);
  page.setDefaultTimeout(options.timeout ?? 60_000);
  page.setDefaultNavigationTimeout(options.timeout ?? 60_000);
  return page;
}

/** Closes the page and its browser context. */
export async function closePage(page: Page): Promise<void> {
  await page.context().close();
}

export interface CleanOptions {
  /**
   * Console errors, page errors and HTTP errors matching one of these (substring or RegExp) are
   * tolerated, e.g. in a test that serves a broken config on purpose. Foreign requests never are.
   */
  allow?: (string | RegExp)[];
}

/** Asserts no console errors, no page errors, no same-origin HTTP errors, no foreign requests. */
export function expectClean(page: Page, options: CleanOptions = {}): void {
  const log = pageLog(page);
  const allow = options.allow ?? [];
  const allowed = (text: string) =>
    allow.some((pattern) =>
      typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text),
    );
  const problems = [
    ...log.consoleErrors.filter((text) => !allowed(text)).map((text) => `console error: ${text}`),
    ...log.pageErrors.filter((text) => !allowed(text)).map((text) => `page error: ${text}`),
    ...log.httpErrors.filter((text) => !allowed(text)).map((text) => `HTTP error: ${text}`),
    ...log.foreignRequests.map((url) => `foreign request: ${url}`),
  ];
  if (problems.length > 0) {
    throw new Error(
      `page ${page.url()} is not clean (${problems.length}):\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
  }
}

/** A file-name-safe version of a test or screenshot name. */
export function safeName(name: string): string {
  return (
    name
      .replace(/\.png$/i, '')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120) || 'screenshot'
  );
}

export interface ScreenshotOptions {
  /** Only this element (a CSS/playwright selector). */
  selector?: string;
  fullPage?: boolean;
}

/** Saves a PNG as test-results/e2e/<name>.png and returns its path. */
export async function screenshot(
  page: Page,
  name: string,
  options: ScreenshotOptions = {},
): Promise<string> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${safeName(name)}.png`);
  const png = options.selector
    ? await page.locator(options.selector).first().screenshot()
    : await page.screenshot({ fullPage: options.fullPage ?? false });
  await writeFile(path, png);
  return path;
}

/**
 * Colour statistics of a PNG (a buffer or a file path, e.g. from screenshot()), over a region in
 * screenshot pixels (CSS pixels at deviceScaleFactor 1) or the whole image.
 */
export async function canvasPixelStats(
  png: Uint8Array | string,
  region?: Region,
  options?: PixelStatsOptions,
): Promise<PixelStats & { width: number; height: number }> {
  const bytes = typeof png === 'string' ? await readFile(png) : png;
  const image = decodePng(bytes);
  return { ...pixelStats(image, region, options), width: image.width, height: image.height };
}

/** Screenshot of one element (first match), decoded and measured: did it draw anything? */
export async function elementPixelStats(
  page: Page,
  selector: string,
  options?: PixelStatsOptions,
): Promise<PixelStats & { width: number; height: number }> {
  const png = await page.locator(selector).first().screenshot();
  return canvasPixelStats(png, undefined, options);
}

export const MAP_SELECTOR = '[data-testid="map"]';
export const MAP_CANVAS_SELECTOR = '[data-testid="map"] canvas';
export const APP_READY_SELECTOR = '[data-testid="app-ready"]';

/** Waits until the map has a visible canvas with a non-zero size. */
export async function waitForMap(page: Page, timeout = 90_000): Promise<void> {
  await page.locator(MAP_CANVAS_SELECTOR).first().waitFor({ state: 'visible', timeout });
  await page.waitForFunction(
    (selector) => {
      const canvas = document.querySelector<HTMLCanvasElement>(selector);
      return canvas !== null && canvas.width > 0 && canvas.height > 0;
    },
    MAP_CANVAS_SELECTOR,
    { timeout },
  );
}

/** Waits until the app marks itself ready ([data-testid="app-ready"], present in the DOM). */
export async function waitForAppReady(page: Page, timeout = 90_000): Promise<void> {
  await page.locator(APP_READY_SELECTOR).first().waitFor({ state: 'attached', timeout });
}

/**
 * The `version` of every native-contract response of `feed` a context (its pages and workers)
 * receives, in order: a version that moves says new data came over HTTP whatever the hour. (A
 * simulated backend ahead of a production page's real clock brings tickets "from the future",
 * which no figure of today counts yet: at night a KPI can stand still for minutes.)
 */
export function watchFeedVersions(context: BrowserContext, feed: string): number[] {
  const versions: number[] = [];
  context.on('response', (response) => {
    if (!new URL(response.url()).pathname.endsWith(`/${feed}`) || response.status() !== 200) return;
    void response
      .json()
      .then((body: unknown) => {
        const version = (body as { version?: unknown } | null)?.version;
        if (typeof version === 'number') versions.push(version);
      })
      .catch(() => undefined);
  });
  return versions;
}
