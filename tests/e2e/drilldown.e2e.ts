// Drill-down: 福州市 → 鼓楼区 → a street → a community → a grid cell by clicking; at each step the
// breadcrumb, the KPIs and the map change; the place survives polls, Back, Escape and reloads.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectClean, screenshot, waitForAppReady } from './browser.ts';
import { setupE2E } from './fixtures.ts';

const app = setupE2E();

interface Handles {
  cityMap: {
    project(p: [number, number]): { x: number; y: number };
    queryRenderedFeatures(
      p: [number, number],
      o: { layers: string[] },
    ): { properties: { code: string } }[];
  };
  cityOverlay: { pickObject(o: { x: number; y: number; radius: number }): unknown };
}
interface ChartHandle {
  cityChart: {
    getOption(): { series: { id: string; data: { id: string; value: number }[] }[] };
    convertToPixel(finder: { seriesId: string }, value: [number, number]): [number, number];
  };
}

const state = (page: Page) =>
  page.evaluate(() => {
    const map = document.querySelector<HTMLElement>('[data-testid="map"]')!;
    const url = new URL(location.href);
    return {
      area: url.searchParams.get('area'),
      cell: url.searchParams.get('cell'),
      ticket: url.searchParams.get('select'),
      zoom: map.dataset.zoom,
      center: map.dataset.center,
      crumbs: [...document.querySelectorAll('[data-testid="breadcrumb"] li')].map(
        (li) => li.textContent,
      ),
      today: document.querySelector('[data-testid="kpi-today-value"]')?.textContent ?? '',
      open: document.querySelector('[data-testid="kpi-open-value"]')?.textContent ?? '',
    };
  });

/** Waits until the camera is still: no fly-to running, none starting for a second. */
async function settled(page: Page) {
  // Still means not flying, and the same camera and box three reads in a row: panels that fill in
  // late resize the map, which refits its focus (a click computed before that lands elsewhere).
  let stillFor = 0;
  let last = '';
  for (let i = 0; i < 60 && stillFor < 3; i++) {
    await page.waitForTimeout(400);
    const now = await page.locator('[data-testid="map"]').evaluate((el: HTMLElement) => {
      const r = el.getBoundingClientRect();
      const d = el.dataset;
      return [d.moving, d.center, d.zoom, r.x, r.y, r.width, r.height].join('|');
    });
    stillFor = now.startsWith('true|') || now !== last ? 0 : stillFor + 1;
    last = now;
  }
  return state(page);
}

/**
 * Where to click a district: its name on the map (always clickable), else a pixel inside its
 * polygon where no deck.gl object would be picked.
 */
async function districtPixel(page: Page, code: string, label: [number, number]) {
  const box = (await page.locator('[data-testid="map"]').boundingBox())!;
  const hit = await page.evaluate(
    ({ code, label }) => {
      const el = document.querySelector('[data-testid="map"]') as unknown as Handles;
      const c = el.cityMap.project(label);
      const onLabel = el.cityOverlay.pickObject({ x: c.x, y: c.y, radius: 2 }) as {
        layer?: { id: string };
        object?: { code: string };
      } | null;
      if (onLabel?.layer?.id === 'district-labels' && onLabel.object?.code === code) return c;
      for (let r = 0; r < 60; r += 3)
        for (let a = 0; a < 16; a++) {
          const x = c.x + r * Math.cos((a / 16) * 2 * Math.PI);
          const y = c.y + r * Math.sin((a / 16) * 2 * Math.PI);
          const f = el.cityMap.queryRenderedFeatures([x, y], { layers: ['district-fill'] })[0];
          if (f?.properties.code === code && !el.cityOverlay.pickObject({ x, y, radius: 6 }))
            return { x, y };
        }
      return null;
    },
    { code, label },
  );
  if (!hit) throw new Error(`no free pixel in district ${code}`);
  return { x: box.x + hit.x, y: box.y + hit.y };
}

/** Clicks the bar of the ranking chart's first (largest) entry; returns its key. */
async function clickTopRankingBar(page: Page): Promise<string> {
  const chart = page.locator('[data-testid="chart-ranking"]');
  const box = (await chart.boundingBox())!;
  const target = await chart.evaluate((el) => {
    const c = (el as unknown as ChartHandle).cityChart;
    const series = c.getOption().series.find((s) => s.id === 'today')!;
    const index = series.data.length - 1; // reversed: the largest is drawn at the top
    const item = series.data[index]!;
    const [x, y] = c.convertToPixel({ seriesId: 'today' }, [Math.max(1, item.value) / 2, index]);
    return { key: item.id, x, y };
  });
  await page.mouse.click(box.x + target.x, box.y + target.y);
  return target.key;
}

describe('drill-down', () => {
  it('goes from the city to a grid cell in four clicks and keeps its place across polls', async () => {
    const page = await app.open('/tickets', { viewport: { width: 1920, height: 1080 } });
    await waitForAppReady(page);
    const city = await settled(page);
    expect(city.crumbs).toEqual(['福州市']);

    // 1. Click 鼓楼区 on the map.
    const p = await districtPixel(page, '350102', [119.303917, 26.081983]);
    await page.mouse.click(p.x, p.y);
    await expect.poll(async () => (await state(page)).area, { timeout: 15_000 }).toBe('350102');
    const district = await settled(page);
    expect(district.crumbs).toEqual(['福州市', '鼓楼区']);
    expect(Number(district.zoom)).toBeGreaterThan(Number(city.zoom) + 1);
    await expect.poll(async () => (await state(page)).today).not.toBe(city.today);
    await screenshot(page, 'drill-1-district');

    // 2. A street, from the ranking chart.
    const street = await clickTopRankingBar(page);
    expect(street).toMatch(/^350102\d{3}$/);
    await expect.poll(async () => (await state(page)).area, { timeout: 15_000 }).toBe(street);
    const streetState = await settled(page);
    expect(streetState.crumbs).toHaveLength(3);
    expect(Number(streetState.zoom)).toBeGreaterThan(Number(district.zoom));
    await expect.poll(async () => (await state(page)).today).not.toBe(district.today);
    // Grid cells appear at street level.
    await expect
      .poll(
        async () =>
          JSON.parse(
            (await page.locator('[data-testid="map"]').getAttribute('data-layer-counts'))!,
          )['tickets-cells'] ?? 0,
      )
      .toBeGreaterThan(0);
    await screenshot(page, 'drill-2-street');

    // 3. A community.
    const community = await clickTopRankingBar(page);
    expect(community.startsWith(street)).toBe(true);
    await expect.poll(async () => (await state(page)).area, { timeout: 15_000 }).toBe(community);
    const communityState = await settled(page);
    expect(communityState.crumbs).toHaveLength(4);
    await screenshot(page, 'drill-3-community');

    // 4. A grid cell (the ranking at community level is by cell).
    const cell = await clickTopRankingBar(page);
    expect(cell).toMatch(/^89[0-9a-f]{13}$/);
    await expect.poll(async () => (await state(page)).cell, { timeout: 15_000 }).toBe(cell);
    const cellState = await settled(page);
    expect(cellState.area).toBe(community);
    expect(cellState.crumbs).toHaveLength(5);
    expect(Number(cellState.zoom)).toBeGreaterThanOrEqual(Number(communityState.zoom));
    await screenshot(page, 'drill-4-cell');

    // Select a ticket, then let three polls pass: nothing moves.
    const row = page.locator('[data-testid="ticket-row"]').first();
    if (await row.count()) await row.click();
    const before = await state(page);
    await page.waitForTimeout(16_000);
    const after = await state(page);
    expect(after.area).toBe(before.area);
    expect(after.cell).toBe(before.cell);
    expect(after.ticket).toBe(before.ticket);
    expect(after.zoom).toBe(before.zoom);
    expect(after.center).toBe(before.center);
    expect(after.crumbs).toEqual(before.crumbs);

    // Back goes up one level at a time; Escape too.
    if (before.ticket) {
      await page.goBack();
      await expect.poll(async () => (await state(page)).ticket).toBeNull();
    }
    await page.goBack();
    await expect.poll(async () => (await state(page)).cell).toBeNull();
    expect((await state(page)).area).toBe(community);
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await state(page)).area).toBe(street);
    await page.goForward().catch(() => undefined);
    expectClean(page);
  });

  it('opens a shared link at any level and survives a reload', async () => {
    // Paused at a fixed sim time: the same data on both loads, so the map fits the same extent.
    const page = await app.open('/tickets?area=350102001&paused=1&start=2026-11-19T10:00%2B08:00');
    await waitForAppReady(page);
    await expect
      .poll(async () => (await state(page)).crumbs)
      .toEqual(['福州市', '鼓楼区', '鼓东街道']);
    // The map fits the street's tickets once they are there: wait for that second fit.
    const fitted = async () => {
      await expect
        .poll(
          async () =>
            JSON.parse(
              (await page.locator('[data-testid="map"]').getAttribute('data-layer-counts'))!,
            )['tickets-points'] ?? 0,
        )
        .toBeGreaterThan(0);
      await page.waitForTimeout(1500);
      return settled(page);
    };
    const first = await fitted();
    await page.reload();
    await waitForAppReady(page);
    const second = await fitted();
    expect(second.crumbs).toEqual(first.crumbs);
    expect(Number(second.zoom)).toBeCloseTo(Number(first.zoom), 1);
    expectClean(page);
  });

  it('resolves the legacy code of 长乐 and turns an unknown code into a notice and the city view', async () => {
    const page = await app.open('/tickets?area=350182');
    await waitForAppReady(page);
    await expect.poll(async () => (await state(page)).area).toBe('350112');
    expect((await state(page)).crumbs).toEqual(['福州市', '长乐区']);

    await page.goto(app.url('/tickets?area=350199999'));
    await waitForAppReady(page);
    await page.locator('[data-testid="area-notice"]').waitFor();
    expect(await page.locator('[data-testid="area-notice"]').textContent()).toContain('350199999');
    expect((await state(page)).area).toBeNull();
    expect((await state(page)).crumbs).toEqual(['福州市']);
    expectClean(page);
  });
});
