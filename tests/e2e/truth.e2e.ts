// What an operations centre must be able to trust, in the browser: a feed down from the first poll
// says so (never "loading" forever); hostile ids cannot break the page; quarantined, duplicated
// and misplaced items are counted and explained; a panel that fails to draw stays a panel; figures
// follow the city clock against a source that never changes; acknowledging an alarm in one window
// reaches the other.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  elementPixelStats,
  expectClean,
  pageLog,
  screenshot,
  waitForAppReady,
  waitForMap,
} from './browser.ts';
import { setupE2E } from './fixtures.ts';

const app = setupE2E();

const text = (page: Page, selector: string) =>
  page.locator(selector).first().textContent({ timeout: 30_000 });

describe('truth and safety', () => {
  it('names a feed that is down from the first poll, with the reason and the next retry', async () => {
    const page = await app.open('/tickets?fault=tickets:down', {
      viewport: { width: 1920, height: 1080 },
    });
    await waitForMap(page);
    const down = page.locator('[data-testid="panel-down"]');
    await down.first().waitFor({ timeout: 30_000 });
    // Every tickets panel is down, none is loading.
    expect(await down.count()).toBeGreaterThanOrEqual(5);
    await page.waitForTimeout(3_000);
    expect(await page.locator('[data-testid="panel-loading"]').count()).toBe(0);
    expect(await down.first().textContent()).toMatch(/稍后再试|重试/);
    expect(await text(page, '[data-testid="degraded-banner"]')).toMatch(/12345 工单/);
    expect(
      await page.locator('[data-testid="freshness-tickets"]').first().getAttribute('data-state'),
    ).toBe('down');
    // The platform raises its "feed down" alarm.
    await expect
      .poll(
        () => page.locator('[data-testid="alarm"][data-key="platform.feed-down|tickets"]').count(),
        {
          timeout: 60_000,
        },
      )
      .toBe(1);
    await screenshot(page, 'truth-down-from-first-poll');
    expectClean(page, { allow: ['503', 'Service Unavailable'] });
  });

  it('draws every part when ids and codes are names every object has', async () => {
    for (const path of ['/?fault=all:protoids', '/tickets?fault=all:protoids']) {
      const page = await app.open(path, { viewport: { width: 1920, height: 1080 } });
      await waitForMap(page);
      await waitForAppReady(page);
      await page.waitForTimeout(1_500);
      const polluted = await page.evaluate(() => ({
        keys: Object.keys(Object.prototype),
        proto: Object.getPrototypeOf({}) === Object.prototype,
        length: ({} as { length?: unknown }).length,
      }));
      expect(polluted).toEqual({ keys: [], proto: true, length: undefined });
      const map = await elementPixelStats(page, '[data-testid="map"] canvas');
      expect(map.distinctColors).toBeGreaterThan(50);
      if (path.startsWith('/tickets')) {
        // The hostile categories are ranked like any other, named as they came.
        const table = await text(page, '[data-testid="chart-categories-table"]');
        expect(table).toMatch(/__proto__|constructor|toString|hasOwnProperty|prototype/);
        for (const chart of ['chart-categories', 'chart-departments', 'chart-ranking']) {
          const stats = await elementPixelStats(page, `[data-testid="${chart}"]`);
          expect(stats.distinctColors, chart).toBeGreaterThan(10);
        }
        expect(await page.locator('[data-testid="render-error"]').count()).toBe(0);
      }
      await screenshot(page, `truth-protoids${path.startsWith('/tickets') ? '-tickets' : ''}`);
      // Rewritten snapshots refuse deltas (410): the client takes a snapshot each time.
      expectClean(page, { allow: ['410'] });
    }
  });

  it('counts quarantined, duplicated and misplaced items on the badge and explains them', async () => {
    const page = await app.open(
      '/tickets?fault=tickets:invalid:3,tickets:duplicate:2,tickets:misplaced:1',
      { viewport: { width: 1920, height: 1080 } },
    );
    await waitForAppReady(page);
    const flag = page.locator('[data-testid="freshness-tickets-dropped"]');
    await flag.waitFor({ timeout: 30_000 });
    expect(Number((await flag.textContent())?.replace(/\D/g, ''))).toBeGreaterThan(100);
    await flag.click();
    const dialog = page.locator('[data-testid="quarantine"]');
    await dialog.waitFor();
    expect(await dialog.locator('[data-testid="quarantine-reason"]').count()).toBeGreaterThan(2);
    await screenshot(page, 'truth-quarantine');
    const duplicates = await dialog
      .locator('[data-testid="quarantine-duplicates"] td')
      .nth(2)
      .textContent();
    const outside = await dialog
      .locator('[data-testid="quarantine-out-of-area"] td')
      .nth(2)
      .textContent();
    expect(Number(duplicates?.replace(/\D/g, ''))).toBeGreaterThan(50);
    expect(Number(outside?.replace(/\D/g, ''))).toBeGreaterThan(20);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expectClean(page, { allow: ['410'] });
  });

  it('keeps the page up when one panel fails to draw', async () => {
    const page = await app.open('/tickets?failPanel=panel-funnel', {
      viewport: { width: 1920, height: 1080 },
    });
    await waitForAppReady(page);
    const failed = page.locator('[data-testid="panel-funnel"] [data-testid="render-error"]');
    await failed.waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="render-error"]').count()).toBe(1);
    // The other panels and the map are there, with data.
    expect(await text(page, '[data-testid="kpi-today-value"]')).toMatch(/^\d[\d,]*$/);
    expect(
      (await elementPixelStats(page, '[data-testid="chart-ranking"]')).distinctColors,
    ).toBeGreaterThan(10);
    await screenshot(page, 'truth-panel-error');
    expectClean(page, { allow: [/failed on purpose/, /The above error occurred/] });
  });

  it('turns tickets overdue and rolls "today" over at midnight while the source stays on one version', async () => {
    // 23:40 in Fuzhou, the clock at ×600 (a minute of city time every 0.1 s), tickets frozen.
    const page = await app.open(
      '/tickets?fault=tickets:freeze&speed=600&start=2026-11-19T23:40:00%2B08:00&incidents=0',
      { viewport: { width: 1920, height: 1080 } },
    );
    await waitForAppReady(page);
    const read = async () => ({
      overdue: Number((await text(page, '[data-testid="kpi-overdue-value"]'))?.replace(/\D/g, '')),
      today: Number((await text(page, '[data-testid="kpi-today-value"]'))?.replace(/\D/g, '')),
      asOf: Number(await page.locator('[data-testid="tickets-as-of"]').getAttribute('data-as-of')),
    });
    const first = await read();
    expect(first.today).toBeGreaterThan(0);
    // Within a few seconds the city clock passes midnight: "today" starts again at zero …
    await expect.poll(async () => (await read()).today, { timeout: 60_000 }).toBe(0);
    const later = await read();
    expect(later.asOf).toBeGreaterThan(first.asOf);
    // … and tickets left open have turned overdue, although no new data came.
    await expect
      .poll(async () => (await read()).overdue, { timeout: 60_000 })
      .toBeGreaterThan(first.overdue);
    await screenshot(page, 'truth-frozen-source');
    expectClean(page);
  });

  it('shares an acknowledgement between two windows', async () => {
    const first = await app.open('/', { viewport: { width: 1600, height: 1000 } });
    const second = await first.context().newPage();
    await second.setViewportSize({ width: 1600, height: 1000 });
    await second.goto(app.url('/'));
    for (const page of [first, second]) {
      await waitForAppReady(page);
      await page.locator('[data-testid="alarm"]').first().waitFor({ timeout: 60_000 });
    }
    const unacked = first.locator('[data-testid="alarm"][data-state="activeUnack"]').first();
    const key = await unacked.getAttribute('data-key');
    expect(key).toBeTruthy();
    // Acknowledge that alarm by its key: the list may gain or reorder alarms in between.
    const selector = `[data-testid="alarm"][data-key="${key}"]`;
    await first.locator(selector).locator('[data-testid="alarm-ack"]').click();
    await expect
      .poll(() => first.locator(selector).getAttribute('data-state'), { timeout: 15_000 })
      .toBe('activeAck');
    await expect
      .poll(() => second.locator(selector).getAttribute('data-state'), { timeout: 30_000 })
      .toBe('activeAck');
    // A window opened afterwards knows it too.
    const third = await first.context().newPage();
    await third.goto(app.url('/'));
    await waitForAppReady(third);
    await expect
      .poll(() => third.locator(selector).getAttribute('data-state'), { timeout: 60_000 })
      .toBe('activeAck');
    await screenshot(second, 'truth-ack-second-window');
    expect(pageLog(first).pageErrors).toEqual([]);
    await second.close();
    await third.close();
  });
});
