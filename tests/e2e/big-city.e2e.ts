// A city past what a browser may hold, as configuration only: `entityBudget` on the tickets feed,
// below the simulated city's count. The city is then shown by the source's counts per district
// (panels and discs on the map, never the whole feed read); a district within the budget, chosen
// from the list, is read alone and the scenario's own panels come back.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  MAP_SELECTOR,
  canvasPixelStats,
  expectClean,
  screenshot,
  waitForAppReady,
} from './browser.ts';
import { setupE2E } from './fixtures.ts';

const BUDGET = 1500;
const base = JSON.parse(
  readFileSync(new URL('../../public/config.json', import.meta.url), 'utf8'),
) as { feeds: Record<string, object> };
const config = {
  ...base,
  feeds: { ...base.feeds, tickets: { ...base.feeds.tickets, entityBudget: BUDGET } },
};

const app = setupE2E({ overrides: { '/config.json': { body: config } } });

async function layerCounts(page: Page): Promise<Record<string, number>> {
  return JSON.parse(
    (await page.locator(MAP_SELECTOR).getAttribute('data-layer-counts')) ?? '{}',
  ) as Record<string, number>;
}

/** Requests for the tickets feed's entities, with their `area` (null: the whole feed). */
function ticketReads(page: Page): (string | null)[] {
  const reads: (string | null)[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/api/v1/tickets') reads.push(url.searchParams.get('area'));
  });
  return reads;
}

const count = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

describe('a city past the entity budget', () => {
  it('shows the city by district counts, then a district within the budget with its own panels', async () => {
    const page = await app.open('/tickets', { viewport: { width: 1920, height: 1080 } });
    const reads = ticketReads(page);
    await waitForAppReady(page);

    const list = page.getByTestId('coverage-list');
    await expect
      .poll(() => list.locator('li button').count(), { timeout: 30_000 })
      .toBeGreaterThan(5);
    const total = count(await page.getByTestId('coverage-total-tickets-value').textContent());
    expect(total).toBeGreaterThan(BUDGET);
    await expect.poll(() => page.getByTestId('coverage-explain').textContent()).toContain('1,500');
    await expect
      .poll(() => page.getByTestId('map-coverage-notice').textContent())
      .toContain('1,500');
    // Discs per district on the map; no ticket points, and the whole feed never asked for.
    await expect
      .poll(async () => (await layerCounts(page))['coverage-counts'] ?? 0, { timeout: 15_000 })
      .toBeGreaterThan(5);
    expect((await layerCounts(page))['tickets-points'] ?? 0).toBe(0);
    const rows = await list.locator('li button').allTextContents();
    const sum = (await list.locator('.coverage-count').allTextContents()).map(count);
    expect(sum.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(total);
    expect(reads.filter((area) => area === null)).toEqual([]);
    const shot = await screenshot(page, 'big-city-counts');
    const box = (await page.locator(MAP_SELECTOR).boundingBox())!;
    expect((await canvasPixelStats(shot, box)).distinctColors).toBeGreaterThanOrEqual(8);

    // The smallest district listed is within the budget: read alone, the scenario's panels return.
    const smallest = sum.indexOf(Math.min(...sum));
    expect(sum[smallest]).toBeLessThanOrEqual(BUDGET);
    await list.locator('li button').nth(smallest).click();
    await expect.poll(() => page.getByTestId('ticket-kpis').count(), { timeout: 30_000 }).toBe(1);
    await expect
      .poll(async () => (await layerCounts(page))['tickets-points'] ?? 0, { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect((await layerCounts(page))['tickets-points']).toBeLessThanOrEqual(sum[smallest]!);
    expect(await page.getByTestId('coverage-list').count()).toBe(0);
    const area = new URL(page.url()).searchParams.get('area');
    expect(area).toMatch(/^\d{6}$/);
    expect(reads).toContain(area);
    expect(reads.filter((a) => a === null)).toEqual([]);
    expect(rows[smallest]).toBeTruthy();
    await screenshot(page, 'big-city-district');
    expectClean(page);
  });

  it('puts the counts on a wall slide, legible from where the wall is read', async () => {
    const page = await app.open('/wall?frame=1&layout=1080p&slide=1&hold=1', {
      viewport: { width: 1920, height: 1080 },
    });
    await waitForAppReady(page);
    const list = page.getByTestId('coverage-list');
    await expect
      .poll(() => list.locator('li button').count(), { timeout: 30_000 })
      .toBeGreaterThan(5);
    await expect.poll(() => page.getByTestId('coverage-explain').count()).toBe(1);
    const fonts = await page.evaluate(() => {
      const min = Number(document.querySelector<HTMLElement>('.wall-window')!.dataset.minFont);
      const sizes = [
        ...document.querySelectorAll<HTMLElement>(
          '.panel-coverage *, [data-testid="coverage-kpis"] *',
        ),
      ]
        .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim()))
        .map((el) => parseFloat(getComputedStyle(el).fontSize));
      return { min, smallest: Math.min(...sizes), count: sizes.length };
    });
    expect(fonts.count).toBeGreaterThan(10);
    expect(fonts.smallest).toBeGreaterThanOrEqual(fonts.min);
    await screenshot(page, 'big-city-wall');
    expectClean(page);
  });

  it('puts the counts on the overview tile in English too', async () => {
    const page = await app.open('/?lang=en', { viewport: { width: 1920, height: 1080 } });
    await waitForAppReady(page);
    const tile = page.getByTestId('coverage-tile-tickets');
    await expect.poll(() => tile.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => tile.textContent()).toMatch(/12345 tickets in all/);
    // Other scenarios' tiles are untouched: their feeds have no budget.
    expect(await page.locator('[data-testid^="coverage-tile-"]').count()).toBe(1);
    await screenshot(page, 'big-city-overview-en');
    expectClean(page);
  });
});
