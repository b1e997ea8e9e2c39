// First look at the demo bundle: it boots, the map draws, nothing errors, nothing leaves the origin.
import { describe, expect, it } from 'vitest';
import {
  MAP_SELECTOR,
  canvasPixelStats,
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

    // The overview is the city: a tile per scenario with its figures, and the alarm list.
    const today = page.locator(
      '[data-testid="tile-tickets"] [data-testid="tile-tickets-today-value"]',
    );
    await today.waitFor({ timeout: 30_000 });
    expect(await today.textContent()).toMatch(/^\d[\d,]*$/);
    await page
      .locator('.col-right [data-testid="alarm-list"], .col-right [data-testid="alarms-none"]')
      .first()
      .waitFor({ timeout: 30_000 });

    // An alarm about an entity opens that entity's drawer over the overview, inside the window.
    const alarms = page.locator('.col-right [data-testid="alarm"] .alarm-main');
    await alarms.first().waitFor({ timeout: 30_000 });
    let opened = false;
    for (let i = 0; i < Math.min(await alarms.count(), 20) && !opened; i += 1) {
      await alarms.nth(i).click();
      opened = new URL(page.url()).searchParams.has('select');
    }
    expect(opened, 'no alarm on the overview names an entity').toBe(true);
    const drawer = page.locator('[data-testid="foreign-drawer"] .drawer');
    await drawer.waitFor({ timeout: 30_000 });
    const viewport = page.viewportSize()!;
    const drawerBox = (await drawer.boundingBox())!;
    expect(drawerBox.x).toBeGreaterThanOrEqual(0);
    expect(drawerBox.x + drawerBox.width).toBeLessThanOrEqual(viewport.width);
    expect(drawerBox.width).toBeGreaterThan(200);
    await screenshot(page, 'smoke-overview-drawer');
    await page.keyboard.press('Escape');
    await expect.poll(() => drawer.count()).toBe(0);

    expectClean(page);
  });
});
