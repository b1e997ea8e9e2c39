// First look at the demo bundle: it boots, the map draws, nothing errors, nothing leaves the origin.
import { describe, expect, it } from 'vitest';
import {
  MAP_SELECTOR,
  canvasPixelStats,
  elementPixelStats,
  expectClean,
  screenshot,
  waitForAppReady,
  waitForMap,
} from './browser.ts';
import { bundleContains, setupE2E } from './fixtures.ts';

const app = setupE2E();

describe('smoke', () => {
  it('boots the demo, draws the map, stays clean and on its own origin', async () => {
    const page = await app.open('/');
    await waitForMap(page);
    // Until the app sets data-testid="app-ready" (first data drawn), the map canvas is the signal.
    if (await bundleContains('app-ready')) {
      await waitForAppReady(page);
    } else {
      console.warn('smoke: no data-testid="app-ready" in the bundle yet: waited for the map only');
    }

    const path = await screenshot(page, 'smoke-home');
    const box = await page.locator(MAP_SELECTOR).first().boundingBox();
    if (!box) throw new Error('the map has no bounding box');
    const stats = await canvasPixelStats(path, box);
    // A blank or black WebGL canvas is one colour; a drawn map has edges, fills, anti-aliasing.
    expect(stats.distinctColors).toBeGreaterThanOrEqual(8);
    expect(stats.nonBackgroundRatio).toBeGreaterThan(0.01);

    // The overview fills its right column: the hourly trend and the closed-loop funnel, drawn.
    for (const chart of ['chart-hourly', 'chart-funnel']) {
      const panel = page.locator(`.col-right [data-testid="${chart}"]`);
      await panel.waitFor({ timeout: 30_000 });
      await page.waitForTimeout(500);
      const drawn = await elementPixelStats(page, `.col-right [data-testid="${chart}"]`);
      expect(drawn.distinctColors, chart).toBeGreaterThan(12);
      expect(drawn.nonBackgroundRatio, chart).toBeGreaterThan(0.02);
    }

    expectClean(page);
  });
});
