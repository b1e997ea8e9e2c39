// The foundation: Fuzhou's districts on the map, live ticket points, a KPI that moves with the
// polls, freshness that follows the feed, both languages, a readable config error — with no
// console error and no request off the app's origin.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { MAP_SELECTOR, expectClean, screenshot, waitForAppReady, waitForMap } from './browser.ts';
import { countColors } from './colors.ts';
import { setupE2E } from './fixtures.ts';

const baseConfig = JSON.parse(
  readFileSync(new URL('../../public/config.json', import.meta.url), 'utf8'),
);
/** Fast polls so freshness changes within seconds: stale after 3×, down after 10× the interval. */
const fastConfig = structuredClone(baseConfig);
fastConfig.feeds.tickets.pollIntervalMs = 1000;

const app = setupE2E();

async function mapBox(page: Page) {
  const box = await page.locator(MAP_SELECTOR).first().boundingBox();
  if (!box) throw new Error('map has no box');
  return box;
}

const kpi = (page: Page, key: string) => page.locator(`[data-testid="kpi-${key}-value"]`).first();

describe('foundation', () => {
  it('draws Fuzhou’s districts and live ticket points on the map', async () => {
    const page = await app.open('/tickets');
    await waitForMap(page);
    await waitForAppReady(page);
    await page.waitForTimeout(1500);
    const shot = await screenshot(page, 'foundation-tickets');
    const counts = await countColors(
      shot,
      await mapBox(page),
      {
        districtFill: [0x0e, 0x1e, 0x30],
        boundary: [0x3c, 0x6e, 0x91],
        ticketOnTrack: [90, 177, 239],
        ticketOverdue: [232, 48, 74],
      },
      6,
    );
    // District polygons fill a large share of the map and their dashed outlines are drawn.
    expect(counts.districtFill).toBeGreaterThan(20_000);
    expect(counts.boundary).toBeGreaterThan(300);
    // Open tickets are points in the on-track and overdue colours.
    expect(counts.ticketOnTrack).toBeGreaterThan(200);
    expect(counts.ticketOverdue).toBeGreaterThan(20);
    // Every district's name is on the map (drawn by deck.gl, no glyph server).
    expect(await page.locator('[data-testid="map"]').getAttribute('data-loaded')).toBe('true');
    expectClean(page);
  });

  it('updates a KPI after a poll', async () => {
    app.setOverride('/config.json', { body: fastConfig });
    const page = await app.open('/tickets?speed=300');
    await waitForAppReady(page);
    const first = await kpi(page, 'today').textContent();
    expect(first).toMatch(/^\d[\d,]*$/);
    await page.waitForFunction(
      ([selector, before]) => document.querySelector(selector)?.textContent !== before,
      ['[data-testid="kpi-today-value"]', first] as const,
      { timeout: 30_000 },
    );
    const second = await kpi(page, 'today').textContent();
    expect(second).not.toBe(first);
    expectClean(page);
  });

  it('turns the freshness badge stale when the feed stops answering and live when it returns', async () => {
    app.setOverride('/config.json', { body: fastConfig });
    const page = await app.open('/tickets');
    await waitForAppReady(page);
    const badge = page.locator('[data-testid="freshness-tickets"]').first();
    await expect.poll(() => badge.getAttribute('data-state'), { timeout: 15_000 }).toBe('live');
    const kpiBefore = await kpi(page, 'open').textContent();

    await page.evaluate(() =>
      (window as unknown as { __demo: { setFault(f: string, v: unknown): void } }).__demo.setFault(
        'tickets',
        { kind: 'down' },
      ),
    );
    await expect.poll(() => badge.getAttribute('data-state'), { timeout: 20_000 }).toBe('stale');
    // Failed polls keep the last data on screen (no poll brings new data now), the reason named.
    const kpiStale = await kpi(page, 'open').textContent();
    expect(kpiStale).toMatch(/^\d[\d,]*$/);
    expect(kpiBefore).toMatch(/^\d[\d,]*$/);
    await page.waitForTimeout(3_000);
    expect(await kpi(page, 'open').textContent()).toBe(kpiStale);
    await expect(page.locator('[data-testid="degraded-banner"]').textContent()).resolves.toMatch(
      /稍后再试/,
    );
    await screenshot(page, 'foundation-stale');

    await page.evaluate(() =>
      (window as unknown as { __demo: { setFault(f: string, v: unknown): void } }).__demo.setFault(
        'tickets',
        null,
      ),
    );
    await expect.poll(() => badge.getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
    expectClean(page, { allow: ['503', 'Service Unavailable'] });
  });

  it('speaks English with ?lang=en', async () => {
    const page = await app.open('/tickets?lang=en');
    await waitForAppReady(page);
    await expect
      .poll(() => page.locator('h1').first().textContent())
      .toContain('City Operations Centre');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('[data-testid="kpi-open"]').first().textContent()).toContain('Open');
    // No Chinese UI strings left in the panels' titles.
    const titles = await page.locator('.panel-header h2').allTextContents();
    expect(titles.length).toBeGreaterThan(3);
    for (const title of titles) expect(title).not.toMatch(/[\u4e00-\u9fff]/);
    // Place names are romanised too.
    expect(await page.locator('[data-testid="crumb-current"]').textContent()).toBe('Fuzhou');
    await screenshot(page, 'foundation-english');
    expectClean(page);
  });

  it('stops on a readable screen naming the field of an invalid config', async () => {
    const broken = structuredClone(baseConfig);
    delete broken.city.code;
    broken.feeds.tickets.pollIntervalMs = 'fast';
    app.setOverride('/config.json', { body: broken });
    const page = await app.open('/');
    const screen = page.locator('[data-testid="config-error"]');
    await screen.waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="config-error-file"]').textContent()).toBe(
      'config.json',
    );
    expect(await page.locator('[data-testid="config-error-field"]').textContent()).toBe(
      'city.code',
    );
    await screenshot(page, 'foundation-config-error');
    expectClean(page);
  });

  it('names a wrong adapter option at start-up, not on every poll', async () => {
    const broken = structuredClone(baseConfig);
    broken.feeds.sensors = {
      adapter: 'ngsi-ld',
      baseUrl: '/broker/ngsi-ld/v1',
      pollIntervalMs: 60_000,
      options: { limit: 5000 },
    };
    app.setOverride('/config.json', { body: broken });
    const page = await app.open('/');
    await page.locator('[data-testid="config-error"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="config-error-field"]').textContent()).toBe(
      'feeds.sensors.options.limit',
    );
    expect(await page.locator('[data-testid="config-error"]').textContent()).toMatch(/1000/);
    expectClean(page);
  });

  it('names a missing config file', async () => {
    app.setOverride('/config.json', { status: 404, body: 'not found' });
    const page = await app.open('/');
    await page.locator('[data-testid="config-error"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="config-error-field"]').textContent()).toBe('(file)');
    expectClean(page, { allow: ['404', 'config.json'] });
  });
});
