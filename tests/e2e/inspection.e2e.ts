// Scenario 4 at /inspection, on the simulated city at 18:30 on Thursday 19 November 2026: a pop-up
// site has been drawing detections in 长乐区 since 16:08 (a new hot spot), and most of 罗星街道's
// cameras have been offline since 17:41 (a camera cluster). Every part shows data at the city,
// a district and a street, in both languages; the same counts agree across parts; a case opens in
// the drawer and its ticket in the tickets scenario.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { elementPixelStats, expectClean, screenshot, waitForAppReady } from './browser.ts';
import { setupE2E } from './fixtures.ts';

const app = setupE2E();
const START = '2026-11-19T18:30%2B08:00';
const at = (path: string) => `${path}${path.includes('?') ? '&' : '?'}paused=1&start=${START}`;

async function openInspection(page: Page) {
  await waitForAppReady(page);
  await page.locator('[data-testid="kpi-today-value"]').waitFor({ timeout: 60_000 });
  await page
    .locator('[data-testid="hotspot-list"], [data-testid="hotspots-unavailable"]')
    .first()
    .waitFor();
}

const number = (text: string | null) => Number((text ?? '').replace(/[^\d.]/g, ''));

async function layerCounts(page: Page): Promise<Record<string, number>> {
  const raw = await page.locator('[data-testid="map"]').getAttribute('data-layer-counts');
  return JSON.parse(raw ?? '{}') as Record<string, number>;
}

describe('inspection scenario', () => {
  it('shows the city: figures that agree, hot spots by class, the map and both alarms', async () => {
    const page = await app.open(at('/inspection'), { viewport: { width: 1920, height: 1080 } });
    await openInspection(page);
    for (const key of [
      'today',
      'autoReported',
      'handledRate',
      'camerasOnline',
      'repeatLocations',
      'frontage',
    ])
      expect(await page.locator(`[data-testid="kpi-${key}-value"]`).textContent(), key).toMatch(
        /\d/,
      );
    // Today's detections: the KPI, the type × area totals (rows and the rest) and the chart's table.
    const today = number(await page.locator('[data-testid="kpi-today-value"]').textContent());
    expect(today).toBeGreaterThan(1000);
    const matrixTotal = await page
      .locator('[data-testid="matrix-row"] .matrix-total')
      .evaluateAll((cells) =>
        cells.reduce((n, c) => n + Number(c.textContent!.replace(/\D/g, '')), 0),
      );
    expect(matrixTotal).toBe(today);
    // Hot spots: ranked rows with a class; the legend's eight classes; the pop-up site is first.
    await expect.poll(() => page.locator('[data-testid="hotspot-row"]').count()).toBeGreaterThan(2);
    expect(await page.locator('[data-testid="legend-class"]').count()).toBe(8);
    const first = page.locator('[data-testid="hotspot-row"]').first();
    expect(await first.getAttribute('data-class')).toMatch(/^(new|consecutive)-hot$/);
    expect(await first.textContent()).toContain('长乐区');
    // The map: hex counts, class marks, offline cameras; no layer drawn empty.
    await expect
      .poll(async () => (await layerCounts(page))['inspection-cells'] ?? 0)
      .toBeGreaterThan(100);
    const counts = await layerCounts(page);
    expect(counts['inspection-classes']).toBeGreaterThan(0);
    expect(counts['inspection-cameras-offline']).toBeGreaterThan(0);
    expect(Object.values(counts).every((n) => n > 0)).toBe(true);
    // Alarms of this scenario: the camera cluster (critical) and the new hot spot.
    const alarms = page.locator('[data-testid="panel-alarms"] [data-testid="alarm"]');
    await expect.poll(() => alarms.count()).toBeGreaterThanOrEqual(2);
    const keys = await alarms.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key')));
    expect(keys).toContain('inspection.camera-cluster-offline|350105001');
    expect(keys.some((k) => k?.startsWith('inspection.emerging-hotspot|'))).toBe(true);
    for (const chart of ['chart-types', 'chart-type-hours']) {
      const stats = await elementPixelStats(page, `[data-testid="${chart}"]`);
      expect(stats.distinctColors, chart).toBeGreaterThan(12);
    }
    await screenshot(page, 'inspection-city-1920');
    // A ranked hot spot drills into its district.
    await first.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('area')).toBe('350112');
    expectClean(page);
  });

  it('drills into the district and opens a case: the drawer, then its ticket', async () => {
    const page = await app.open(at('/inspection?area=350112'), {
      viewport: { width: 1920, height: 1080 },
    });
    await openInspection(page);
    await page.locator('[data-testid="case-row"]').first().waitFor();
    // A district's hot spots are its 900-m cells; the pop-up site among them.
    await expect.poll(() => page.locator('[data-testid="hotspot-row"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="join-quality"]').getAttribute('data-issues')).toBe(
      '0',
    );
    await screenshot(page, 'inspection-district-1920');
    const row = page.locator('[data-testid="case-row"]').first();
    const detection = await row.getAttribute('data-id');
    const ticket = await row.getAttribute('data-ticket');
    await row.click();
    const drawer = page.locator('[data-testid="detection-drawer"]');
    await drawer.locator('.drawer-body').waitFor();
    expect(new URL(page.url()).searchParams.get('select')).toBe(`detections:${detection}`);
    expect(await drawer.locator('[data-testid="detection-time"]').textContent()).toMatch(
      /\d{2}:\d{2}/,
    );
    expect(await drawer.locator('[data-testid="detection-source"]').textContent()).toMatch(
      /CAM-|巡查/,
    );
    expect(await drawer.locator('[data-testid="detection-case"]').textContent()).toContain(ticket!);
    expect(await drawer.locator('[data-testid="detection-link"]').getAttribute('data-link')).toBe(
      'agrees',
    );
    expect(
      await drawer.locator('[data-testid="detection-timeline"] li.reached').count(),
    ).toBeGreaterThan(0);
    // No picture at all: the drawer says so.
    expect(await drawer.locator('img, video, canvas').count()).toBe(0);
    await expect.poll(async () => (await layerCounts(page))['inspection-selected']).toBe(1);
    await screenshot(page, 'inspection-drawer');
    // Its ticket opens in the tickets scenario; back returns to the detection.
    await drawer.locator('[data-testid="open-ticket"]').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/tickets');
    expect(new URL(page.url()).searchParams.get('select')).toBe(`tickets:${ticket}`);
    await expect
      .poll(() => page.locator('[data-testid="ticket-drawer"] .drawer-header h2').textContent())
      .toBe(ticket);
    await screenshot(page, 'inspection-ticket-opened');
    await page.goBack();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/inspection');
    expect(new URL(page.url()).searchParams.get('select')).toBe(`detections:${detection}`);
    expectClean(page);
  });

  it('shows a street in English, its grid cells, points to pick, and the 7-day window', async () => {
    // 首占镇, where the pop-up site is.
    const page = await app.open(at('/inspection?area=350112102&lang=en'), {
      viewport: { width: 1920, height: 1080 },
    });
    await openInspection(page);
    await expect
      .poll(async () => (await layerCounts(page))['inspection-cells'] ?? 0)
      .toBeGreaterThan(3);
    expect(await page.locator('[data-testid="panel-hotspots"] h2').textContent()).toBe(
      'Top hot spots',
    );
    // No Chinese left in the scenario's own words (place names are romanised).
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/[\u4e00-\u9fff]/);
    await screenshot(page, 'inspection-street-en');
    await page.locator('[data-testid="inspection-layer-points"]').click();
    await expect
      .poll(async () => (await layerCounts(page))['inspection-points'] ?? 0)
      .toBeGreaterThan(5);
    await page.locator('[data-testid="window-7d"]').click();
    await expect
      .poll(() => page.locator('.hotspot-summary').textContent(), { timeout: 30_000 })
      .toMatch(/^28 steps/);
    await expect.poll(() => page.locator('.hotspot-summary').textContent()).toMatch(/history/);
    await screenshot(page, 'inspection-7d-en');
    expectClean(page);
  });

  it('fits a 1440 × 900 desktop in English, and the overview tile', async () => {
    const page = await app.open(at('/inspection?lang=en'), {
      viewport: { width: 1440, height: 900 },
    });
    await openInspection(page);
    // The KPI strip is one row; nothing of the page scrolls sideways.
    const tiles = await page
      .locator('[data-testid="inspection-kpis"] .kpi-tile')
      .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(new Set(tiles).size).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(
      true,
    );
    await screenshot(page, 'inspection-1440-en');
    await page.goto(app.url(at('/')));
    await waitForAppReady(page);
    const tile = page.locator('[data-testid="tile-inspection"]');
    await tile.locator('[data-testid="tile-inspection-today-value"]').waitFor();
    expect(
      number(await tile.locator('[data-testid="tile-inspection-today-value"]').textContent()),
    ).toBeGreaterThan(1000);
    // The figures arrive with the first view, the alarms once the rules have run over it.
    await expect.poll(() => tile.getAttribute('data-worst'), { timeout: 15_000 }).toBe('critical');
    await expect
      .poll(async () => (await layerCounts(page))['inspection-summary'] ?? 0)
      .toBeGreaterThan(0);
    await screenshot(page, 'inspection-overview');
    expectClean(page);
  });
});
