// A second city is configuration only: the demo build, unchanged, serves Zhangzhou (漳州市) when
// /config.json points at its geography (tests/fixtures/cities/zhangzhou/config.json). Zhangzhou
// is taller than it is wide, so the city view must fit it on wide, narrow and tall windows, and
// again after the window changes shape.
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

const readJson = <T>(path: string): T =>
  JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as T;

const config = readJson<object>('tests/fixtures/cities/zhangzhou/config.json');
const divisions = readJson<{
  city: { code: string; name: string; nameEn: string };
  districts: {
    code: string;
    name: string;
    nameEn: string;
    bbox: [number, number, number, number];
    streets: { name: string }[];
  }[];
}>('public/geo/zhangzhou/divisions.json');
const boundaries = readJson<{
  features: { properties: { code: string; label: [number, number] } }[];
}>('public/geo/zhangzhou/districts.geojson');

const CODES = divisions.districts.map((d) => d.code);
const NAMES_ZH = divisions.districts.map((d) => d.name);
const NAMES_EN = divisions.districts.map((d) => d.nameEn);
const MAP_NAMES_EN = NAMES_EN.map((n) => n.replace(/ (District|County|City|Town|Township)$/, ''));
const STREETS = divisions.districts.flatMap((d) => d.streets.map((s) => s.name));
/** Names that only the embedded default city would put on the page. */
const FUZHOU_NAMES = [
  '福州',
  '鼓楼区',
  '台江区',
  '仓山区',
  '晋安区',
  '马尾区',
  '闽侯县',
  '福清市',
  'Fuzhou',
  'Gulou',
  'Taijiang',
  'Cangshan',
  "Jin'an",
  'Minhou',
];

const app = setupE2E({ overrides: { '/config.json': { body: config } } });

interface MapHandles {
  cityMap: {
    project(p: [number, number]): { x: number; y: number };
    queryRenderedFeatures(
      p: [number, number],
      o: { layers: string[] },
    ): { properties: { code: string } }[];
  };
  cityOverlay: { pickObject(o: { x: number; y: number; radius: number }): unknown };
  cityLayers: { id: string; props: { data: unknown; getText?: (d: unknown) => string } }[];
}

/** Waits until the camera has been still for a while (no fit running, none starting). */
async function settled(page: Page): Promise<void> {
  let stillFor = 0;
  for (let i = 0; i < 60 && stillFor < 3; i++) {
    await page.waitForTimeout(400);
    const moving = await page.locator(MAP_SELECTOR).getAttribute('data-moving');
    stillFor = moving === 'true' ? 0 : stillFor + 1;
  }
}

/** Each district's bbox projected into the map container, and whether it lies inside. */
async function districtsInView(page: Page) {
  const boxes = divisions.districts.map((d) => ({ code: d.code, bbox: d.bbox }));
  return page.evaluate((boxes) => {
    const el = document.querySelector('[data-testid="map"]') as unknown as HTMLElement & MapHandles;
    const width = el.clientWidth;
    const height = el.clientHeight;
    return {
      width,
      height,
      districts: boxes.map(({ code, bbox: [x0, y0, x1, y1] }) => {
        const sw = el.cityMap.project([x0, y0]);
        const ne = el.cityMap.project([x1, y1]);
        const inside = sw.x >= -1 && ne.x <= width + 1 && ne.y >= -1 && sw.y <= height + 1;
        return { code, left: sw.x, right: ne.x, top: ne.y, bottom: sw.y, inside };
      }),
    };
  }, boxes);
}

async function expectCityFits(page: Page, what: string): Promise<void> {
  // The map fits again when its container settles; on a loaded machine the container may settle
  // in steps (the layout, then the panels), each followed by a fit. Wait for the last one.
  await expect
    .poll(async () => (await districtsInView(page)).districts.filter((d) => !d.inside).length, {
      timeout: 15_000,
      message: `${what}: districts outside the map`,
    })
    .toBe(0);
  const view = await districtsInView(page);
  expect(view.width, `${what}: map width`).toBeGreaterThan(200);
  expect(view.height, `${what}: map height`).toBeGreaterThan(200);
  expect(
    view.districts.filter((d) => !d.inside),
    `${what}: districts outside the ${view.width}×${view.height} map`,
  ).toEqual([]);
  // The city fills the map along one axis at least (fitted, not a speck in the middle).
  const left = Math.min(...view.districts.map((d) => d.left));
  const right = Math.max(...view.districts.map((d) => d.right));
  const top = Math.min(...view.districts.map((d) => d.top));
  const bottom = Math.max(...view.districts.map((d) => d.bottom));
  expect(
    Math.max((right - left) / view.width, (bottom - top) / view.height),
    `${what}: share of the map the city fills`,
  ).toBeGreaterThan(0.7);
  // The map itself is on screen.
  const box = (await page.locator(MAP_SELECTOR).boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.y + box.height, `${what}: map bottom within the window`).toBeLessThanOrEqual(
    viewport.height + 1,
  );
  expect(box.x + box.width, `${what}: map right within the window`).toBeLessThanOrEqual(
    viewport.width + 1,
  );
}

async function layerCounts(page: Page): Promise<Record<string, number>> {
  return JSON.parse(
    (await page.locator(MAP_SELECTOR).getAttribute('data-layer-counts')) ?? '{}',
  ) as Record<string, number>;
}

/**
 * What the page says: its text, the title, the breadcrumb, the district names on the map and
 * the ranking chart's rows (a canvas: read from its option).
 */
async function pageText(page: Page) {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="map"]') as unknown as MapHandles;
    const labels = el.cityLayers.find((l) => l.id === 'district-labels');
    const data = (labels?.props.data ?? []) as unknown[];
    const chart = document.querySelector('[data-testid="chart-ranking"]') as unknown as {
      cityChart?: {
        getOption(): { series: { id: string; data: { id: string; name: string }[] }[] };
      };
    } | null;
    const today = chart?.cityChart?.getOption().series.find((x) => x.id === 'today');
    return {
      // The areas ranked (a row naming those left out, when the panel is short, has no id).
      ranking: (today?.data ?? []).filter((d) => d.id).map((d) => [d.id, d.name] as const),
      body: document.body.innerText,
      title: document.querySelector('h1')?.textContent ?? '',
      crumbs: [...document.querySelectorAll('[data-testid="breadcrumb"] li')].map(
        (li) => li.textContent ?? '',
      ),
      labels: data.map((d) => labels?.props.getText?.(d) ?? ''),
    };
  });
}

function expectNoFuzhou(text: string, what: string): void {
  expect(
    FUZHOU_NAMES.filter((name) => text.includes(name)),
    `${what}: Fuzhou names`,
  ).toEqual([]);
}

async function openCity(path: string, viewport: { width: number; height: number }) {
  const page = await app.open(path, { viewport });
  await waitForAppReady(page);
  await expect
    .poll(async () => Object.values(await layerCounts(page)).some((n) => n > 0), {
      timeout: 30_000,
    })
    .toBe(true);
  await settled(page);
  return page;
}

async function expectMapDrawn(page: Page, name: string): Promise<void> {
  const path = await screenshot(page, name);
  const box = (await page.locator(MAP_SELECTOR).boundingBox())!;
  const stats = await canvasPixelStats(path, box);
  expect(stats.distinctColors, `${name}: colours on the map`).toBeGreaterThanOrEqual(8);
  expect(stats.nonBackgroundRatio, `${name}: drawn share of the map`).toBeGreaterThan(0.05);
}

const WINDOWS = [
  { name: 'wide', width: 1920, height: 1080 },
  { name: 'narrow', width: 1280, height: 900 },
  { name: 'tall', width: 1080, height: 1920 },
];

describe('a second city from configuration only', () => {
  it.each(WINDOWS)(
    'shows all of Zhangzhou on / and /tickets in a $name window ($width×$height)',
    async ({ name, width, height }) => {
      const page = await openCity('/', { width, height });
      await expectCityFits(page, `${name} /`);
      const overview = await pageText(page);
      expect(overview.title).toContain('漳州市');
      expect(overview.crumbs).toEqual(['漳州市']);
      // The map names its districts (those that would overlap a larger one's name give way).
      expect(overview.labels.length).toBeGreaterThanOrEqual(NAMES_ZH.length - 3);
      for (const label of overview.labels) expect(NAMES_ZH).toContain(label);
      expectNoFuzhou(overview.body + overview.labels.join(' '), `${name} /`);
      await expectMapDrawn(page, `second-city-${name}-overview`);

      await page.locator('nav a[href="/tickets"]').click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/tickets');
      await expect
        .poll(async () => (await layerCounts(page))['tickets-points'] ?? 0, { timeout: 30_000 })
        .toBeGreaterThan(0);
      await settled(page);
      await expectCityFits(page, `${name} /tickets`);
      await expect.poll(() => page.getByTestId('ticket-row').count()).toBeGreaterThan(5);
      const tickets = await pageText(page);
      expect(tickets.crumbs).toEqual(['漳州市']);
      // The ranking lists its districts; the live list names its streets and towns.
      expect(tickets.ranking.length).toBeGreaterThan(5);
      for (const [code, districtName] of tickets.ranking) {
        expect(CODES).toContain(code);
        expect(NAMES_ZH).toContain(districtName);
      }
      expect(STREETS.filter((n) => tickets.body.includes(n)).length).toBeGreaterThan(0);
      expectNoFuzhou(tickets.body + tickets.labels.join(' '), `${name} /tickets`);
      await expectMapDrawn(page, `second-city-${name}-tickets`);
      expectClean(page);
    },
  );

  it('speaks English with its own names', async () => {
    const page = await openCity('/tickets?lang=en', { width: 1920, height: 1080 });
    const text = await pageText(page);
    expect(text.title).toContain('Zhangzhou');
    expect(text.crumbs).toEqual(['Zhangzhou']);
    // Map labels in English drop the level ("Xiangcheng"), as short as the Chinese names.
    expect(text.labels.length).toBeGreaterThanOrEqual(NAMES_EN.length - 3);
    for (const label of text.labels) expect(MAP_NAMES_EN).toContain(label);
    expect(NAMES_EN).toContain('Xiangcheng District');
    expect(text.ranking.length).toBeGreaterThan(5);
    for (const [, districtName] of text.ranking) expect(NAMES_EN).toContain(districtName);
    expectNoFuzhou(text.body + text.labels.join(' '), 'English');
    await screenshot(page, 'second-city-english');
    expectClean(page);
  });

  it('drills into one of its districts and starts demo incidents there', async () => {
    const page = await openCity('/tickets', { width: 1920, height: 1080 });
    // The demo control's incidents: record where they are sent, then send them on.
    await page.evaluate(() => {
      const w = window as unknown as {
        __demo: { trigger(kind: string, district: string): void };
        __triggered: [string, string][];
      };
      const trigger = w.__demo.trigger.bind(w.__demo);
      w.__triggered = [];
      w.__demo.trigger = (kind, district) => {
        w.__triggered.push([kind, district]);
        trigger(kind, district);
      };
    });
    const triggered = () =>
      page.evaluate(() => (window as unknown as { __triggered: [string, string][] }).__triggered);
    const incident = page.locator('[data-testid="demo-control"] select').nth(1);

    // From the city view: one of Zhangzhou's districts.
    const atCity = await incident.getAttribute('data-district');
    expect(CODES).toContain(atCity);
    await incident.selectOption('rainstorm');
    await expect.poll(triggered).toEqual([['rainstorm', atCity]]);

    // Drill into 漳浦县 by clicking it on the map.
    const target = '350623';
    const label = boundaries.features.find((f) => f.properties.code === target)!.properties.label;
    const box = (await page.locator(MAP_SELECTOR).boundingBox())!;
    const hit = await page.evaluate(
      ({ code, label }) => {
        const el = document.querySelector('[data-testid="map"]') as unknown as MapHandles;
        const c = el.cityMap.project(label);
        for (let r = 0; r < 80; r += 3)
          for (let a = 0; a < 16; a++) {
            const x = c.x + r * Math.cos((a / 16) * 2 * Math.PI);
            const y = c.y + r * Math.sin((a / 16) * 2 * Math.PI);
            const f = el.cityMap.queryRenderedFeatures([x, y], { layers: ['district-fill'] })[0];
            if (f?.properties.code === code) return { x, y };
          }
        return null;
      },
      { code: target, label },
    );
    expect(hit, 'a pixel of 漳浦县 on the map').not.toBeNull();
    const zoomBefore = Number(await page.locator(MAP_SELECTOR).getAttribute('data-zoom'));
    await page.mouse.click(box.x + hit!.x, box.y + hit!.y);
    await expect
      .poll(() => new URL(page.url()).searchParams.get('area'), { timeout: 15_000 })
      .toBe(target);
    await settled(page);
    expect((await pageText(page)).crumbs).toEqual(['漳州市', '漳浦县']);
    expect(Number(await page.locator(MAP_SELECTOR).getAttribute('data-zoom'))).toBeGreaterThan(
      zoomBefore + 0.5,
    );
    await expect.poll(() => incident.getAttribute('data-district')).toBe(target);
    await incident.selectOption('pollution');
    await expect.poll(triggered).toEqual([
      ['rainstorm', atCity],
      ['pollution', target],
    ]);
    await screenshot(page, 'second-city-district');
    expectNoFuzhou((await pageText(page)).body, 'district');
    expectClean(page);
  });

  it('still fits the whole city after the window changes shape', async () => {
    const page = await openCity('/', { width: 1920, height: 1080 });
    await expectCityFits(page, 'before the resize');
    await page.setViewportSize({ width: 1080, height: 1920 });
    await settled(page);
    await expectCityFits(page, 'wide → tall');
    await expectMapDrawn(page, 'second-city-resized-tall');
    await page.setViewportSize({ width: 1280, height: 900 });
    await settled(page);
    await expectCityFits(page, 'tall → narrow');
    await expectMapDrawn(page, 'second-city-resized-narrow');
    expectClean(page);
  });
});
