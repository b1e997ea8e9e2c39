// The production build (no mock code) against the simulated city over real HTTP: the adapter
// path works against a real backend, not only a service worker.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/serve-static.mjs';
import { startSimServer, type SimServer } from '../../mocks/server/serve.ts';
import {
  launchBrowser,
  openPage,
  pageLog,
  screenshot,
  waitForAppReady,
  watchFeedVersions,
} from './browser.ts';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const config = JSON.parse(
  readFileSync(new URL('../../public/config.json', import.meta.url), 'utf8'),
);

let sim: SimServer;
let web: StaticServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(`${dist}index.html`))
    throw new Error('dist/ is missing: run `npm run build` first');
  sim = await startSimServer({ port: 0, seed: 7, speed: 120 });
  for (const feed of Object.values(config.feeds) as { baseUrl: string; pollIntervalMs: number }[]) {
    feed.baseUrl = sim.url;
    feed.pollIntervalMs = 2000;
  }
  web = await startStaticServer({ root: dist, overrides: { '/config.json': { body: config } } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await sim?.close();
});

describe('production build against the sim server', () => {
  it('shows live data fetched over HTTP from the configured backend', async () => {
    const page = await openPage(browser, `${web.url}tickets`);
    // Polls after the first load (the page has started by now).
    const polled = watchFeedVersions(page.context(), 'tickets');
    await waitForAppReady(page);
    const kpi = page.locator('[data-testid="kpi-today-value"]');
    expect(await kpi.textContent()).toMatch(/^\d[\d,]*$/);
    // The clock runs at ×120: the source changes between polls, and the page takes it.
    await expect.poll(() => new Set(polled).size, { timeout: 60_000 }).toBeGreaterThan(1);
    await expect
      .poll(() =>
        page.locator('[data-testid="freshness-tickets"]').first().getAttribute('data-state'),
      )
      .toBe('live');
    // No demo code in this build: no DEMO mark, no service worker.
    expect(await page.locator('[data-testid="demo-mark"]').count()).toBe(0);
    expect(
      await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length)),
    ).toBe(0);
    await screenshot(page, 'production-sim-server');

    const log = pageLog(page);
    expect(log.consoleErrors).toEqual([]);
    expect(log.pageErrors).toEqual([]);
    // The only other origin it talks to is the configured backend.
    expect(log.foreignRequests.length).toBeGreaterThan(0);
    for (const url of log.foreignRequests) expect(url.startsWith(sim.url)).toBe(true);
    await page.context().close();
  }, 180_000);
});
