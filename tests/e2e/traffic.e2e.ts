// Scenario 2 at /traffic in the simulated morning peak (Thursday 3 December 2026, 08:30): every
// part shows data at city, district and street level in both languages; the KPIs, the map and the
// ranking agree at each level; an intersection opens from the map and from a ranking with its
// coordination diagram; a fault cluster raises one alarm and shows on the map; an unchanged poll
// redraws nothing.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { elementPixelStats, expectClean, screenshot, waitForAppReady } from './browser.ts';
import { setupE2E } from './fixtures.ts';

const app = setupE2E();
const PEAK = 'start=2026-12-03T08:30%2B08:00';
const WIDE = { viewport: { width: 1920, height: 1080 } };

interface MapHandles {
  cityMap: { project(p: [number, number]): { x: number; y: number } };
  cityOverlay: {
    pickObject(o: { x: number; y: number; radius: number }): { layer?: { id: string } } | null;
  };
  cityLayers: {
    id: string;
    props: {
      data: { length: number };
      getPosition(o: unknown, i: { index: number }): [number, number];
      getIcon(o: unknown, i: { index: number }): string;
    };
  }[];
}
interface ChartHandle {
  cityChart: {
    getOption(): { series: { id: string; data: ({ id?: string; value: number } | number)[] }[] };
    convertToPixel(finder: { seriesId: string }, value: [number, number]): [number, number];
    on(event: string, handler: () => void): void;
  };
}

const number = (text: string | null) => Number((text ?? '').replace(/[^\d.]/g, ''));

async function openTraffic(page: Page) {
  await waitForAppReady(page);
  await expect
    .poll(() => page.locator('[data-testid="kpi-index-value"]').textContent(), { timeout: 30_000 })
    .toMatch(/\d/);
  await page.locator('[data-testid="traffic-worst-row"]').first().waitFor({ timeout: 30_000 });
}

/** What the KPIs, the map and the ranking say about the area on screen. */
async function figures(page: Page) {
  return page.evaluate(() => {
    const map = document.querySelector('[data-testid="map"]') as unknown as MapHandles &
      HTMLElement;
    const layer = map.cityLayers.find((l) => l.id === 'traffic-points');
    const icons: Record<string, number> = {};
    for (let i = 0; i < (layer?.props.data.length ?? 0); i += 1) {
      const icon = layer!.props.getIcon(null, { index: i });
      icons[icon] = (icons[icon] ?? 0) + 1;
    }
    const table = document.querySelector('[data-testid="chart-traffic-ranking-table"]');
    const rows = [...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) =>
      [...tr.children].map((c) => c.textContent ?? ''),
    );
    const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
    return {
      points: layer?.props.data.length ?? -1,
      dark: (icons.fault ?? 0) + (icons.offline ?? 0),
      fault: icons.fault ?? 0,
      ranking: rows,
      kpiIndex: text('kpi-index-value'),
      kpiDark: text('kpi-dark-value'),
      kpiCongested: text('kpi-congested-value'),
      kpiOf:
        document.querySelector('[data-testid="kpi-congested"] .kpi-compare')?.textContent ?? '',
      darkList: Number(
        document.querySelector('[data-testid="traffic-dark-list"]')?.getAttribute('data-count'),
      ),
    };
  });
}

/** A pixel of the map where deck.gl picks an intersection (from the points layer's positions). */
async function findIntersectionPixel(page: Page): Promise<{ x: number; y: number }> {
  const box = (await page.locator('[data-testid="map"]').boundingBox())!;
  const hit = await page.evaluate(
    ({ w, h }) => {
      const el = document.querySelector('[data-testid="map"]') as unknown as MapHandles;
      const layer = el.cityLayers.find((l) => l.id === 'traffic-points');
      if (!layer) return null;
      for (let i = 0; i < layer.props.data.length; i += 3) {
        const p = el.cityMap.project(layer.props.getPosition(null, { index: i }));
        if (p.x < 20 || p.y < 20 || p.x > w - 20 || p.y > h - 20) continue;
        const info = el.cityOverlay.pickObject({ x: p.x, y: p.y, radius: 0 });
        if (info?.layer?.id === 'traffic-points') return { x: p.x, y: p.y };
      }
      return null;
    },
    { w: box.width, h: box.height },
  );
  if (!hit) throw new Error('no intersection found on the map');
  return { x: box.x + hit.x, y: box.y + hit.y };
}

describe('traffic scenario', () => {
  it('shows where the city is congested, how badly and why, in the morning peak', async () => {
    const page = await app.open(`/traffic?paused=1&${PEAK}`, WIDE);
    await openTraffic(page);
    for (const key of ['index', 'congested', 'dark', 'aog', 'splitFailures', 'delay', 'shifted']) {
      const tile = page.locator(`[data-testid="kpi-${key}"]`);
      expect(await tile.locator('.kpi-number').textContent(), key).toMatch(/\d/);
      // Every figure says what it is for: a unit or level, and a time window or comparison.
      expect((await tile.locator('.kpi-compare').textContent())!.length, key).toBeGreaterThan(2);
    }
    expect(await page.locator('[data-testid="kpi-aog"] .kpi-compare').textContent()).toMatch(
      /08:00–08:15/,
    );
    for (const chart of [
      'chart-traffic-ranking',
      'chart-traffic-history',
      'chart-traffic-terminations',
      'chart-traffic-adaptive',
    ]) {
      const stats = await elementPixelStats(page, `[data-testid="${chart}"]`);
      expect(stats.distinctColors, chart).toBeGreaterThan(12);
      expect(stats.nonBackgroundRatio, chart).toBeGreaterThan(0.02);
    }
    // Today against the same weekday last week, with the morning peak's figures.
    expect(await page.locator('[data-testid="traffic-peaks"]').textContent()).toMatch(
      /07:30–09:00.*\d\.\d/,
    );
    expect(await page.locator('[data-testid="traffic-modes"] li').count()).toBe(7);
    expect(await page.locator('[data-testid="traffic-dark-row"]').count()).toBeGreaterThan(3);
    expect(await page.locator('[data-testid="traffic-adaptive-bought"]').textContent()).toMatch(
      /\d+(\.\d)? → \d+(\.\d)?/,
    );
    for (const kind of ['splitFailures', 'queue', 'delay']) {
      await page.getByTestId(`worst-${kind}`).click();
      await expect
        .poll(() => page.locator(`[data-testid="traffic-worst-${kind}"] li`).count())
        .toBeGreaterThan(5);
    }
    const map = await elementPixelStats(page, '[data-testid="map"]');
    expect(map.distinctColors).toBeGreaterThan(50);
    await screenshot(page, 'traffic-city-zh-1920');
    expectClean(page);
  });

  it('agrees between the KPIs, the map and the ranking at city, district and street level', async () => {
    const page = await app.open(`/traffic?paused=1&${PEAK}`, WIDE);
    await openTraffic(page);
    const levels: [string | null, string][] = [
      [null, '各区拥堵指数'],
      ['350103', '各街道拥堵指数'],
      ['350103004', '各社区拥堵指数'],
    ];
    let parent: Map<string, string> | null = null;
    for (const [area, title] of levels) {
      if (area)
        await page.evaluate((code) => {
          const url = new URL(location.href);
          url.searchParams.set('area', code);
          history.pushState(null, '', url);
          dispatchEvent(new PopStateEvent('popstate'));
        }, area);
      await expect
        .poll(() => page.locator('[data-testid="panel-traffic-ranking"] h2').textContent())
        .toBe(title);
      await expect
        .poll(
          async () => {
            const f = await figures(page);
            const intersections = f.ranking.reduce((n, r) => n + number(r[3]!), 0);
            const dark = f.ranking.reduce((n, r) => n + number(r[4]!), 0);
            return (
              f.points > 0 &&
              f.points === intersections &&
              number(f.kpiOf) === intersections &&
              f.dark === dark &&
              f.dark === number(f.kpiDark) &&
              f.darkList === f.dark
            );
          },
          { timeout: 20_000 },
        )
        .toBe(true);
      const f = await figures(page);
      // The area's own index is the one its parent's ranking gave it.
      if (parent) {
        const name = await page.locator('[data-testid="breadcrumb"] li').last().textContent();
        expect(parent.get(name!), name!).toBe(f.kpiIndex);
      }
      parent = new Map(f.ranking.map((r) => [r[0]!, r[1]!]));
      await screenshot(page, `traffic-consistent-${area ?? 'city'}`);
    }
    expectClean(page);
  });

  it('opens an intersection from the map and from a ranking, with its coordination diagram', async () => {
    const page = await app.open(`/traffic?paused=1&${PEAK}&area=350103`, WIDE);
    await openTraffic(page);
    await page.waitForTimeout(1500);
    const pixel = await findIntersectionPixel(page);
    await page.mouse.click(pixel.x, pixel.y);
    await page.locator('[data-testid="traffic-drawer-body"]').waitFor();
    expect(new URL(page.url()).searchParams.get('select')).toMatch(/^signals:SIG-/);
    const counts = await page.locator('[data-testid="map"]').getAttribute('data-layer-counts');
    expect(JSON.parse(counts!)['traffic-selected']).toBe(1);

    // A worst intersection by delay: its drawer, with the hour of its event log read.
    const row = page.locator('[data-testid="traffic-worst-row"]').first();
    const id = await row.getAttribute('data-id');
    await row.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('select')).toBe(`signals:${id}`);
    await expect
      .poll(() => page.locator('[data-testid="traffic-drawer-body"]').getAttribute('data-id'))
      .toBe(id);
    await page.locator('[data-testid="chart-traffic-pcd"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="traffic-drawer-mode"]').textContent()).toMatch(
      /\d{2}:\d{2}/,
    );
    expect(await page.locator('[data-testid="traffic-log-window"]').textContent()).toMatch(
      /07:30–08:30/,
    );
    expect(
      await page.locator('[data-testid="traffic-phase-hour"] tbody tr').count(),
    ).toBeGreaterThan(1);
    // The diagram's table: one row per cycle with its arrivals, some of them on green.
    const pcdRows = await page
      .locator('[data-testid="chart-traffic-pcd-table"] tbody tr')
      .evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => Number(c.textContent))));
    expect(pcdRows.length).toBeGreaterThan(10);
    expect(pcdRows.reduce((n, r) => n + r[4]!, 0)).toBeGreaterThan(50);
    for (const chart of ['chart-traffic-ring', 'chart-traffic-pcd']) {
      const stats = await elementPixelStats(page, `[data-testid="${chart}"]`);
      expect(stats.distinctColors, chart).toBeGreaterThan(12);
    }
    await screenshot(page, 'traffic-drawer');
    const body = page.locator('[data-testid="traffic-drawer"] .drawer-body');
    await body.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await page.locator('[data-testid="chart-traffic-split"]').waitFor();
    const split = await elementPixelStats(page, '[data-testid="chart-traffic-split"]');
    expect(split.distinctColors).toBeGreaterThan(8);
    expect(await page.locator('[data-testid="traffic-fault-history"] li').count()).toBeGreaterThan(
      0,
    );
    await screenshot(page, 'traffic-drawer-end');
    // Another phase's diagram.
    await page.getByTestId('phase-2').click();
    await expect
      .poll(() => page.locator('[data-testid="traffic-pcd-figures"]').textContent())
      .toMatch(/\d/);
    expectClean(page);
  });

  it('reads in English on a 1440 × 900 desktop', async () => {
    const page = await app.open(`/traffic?paused=1&${PEAK}&lang=en&area=350102`, {
      viewport: { width: 1440, height: 900 },
    });
    await openTraffic(page);
    expect(await page.locator('[data-testid="kpi-index"]').textContent()).toMatch(
      /Congestion index\s*\d\.\d\s*(Free|Mostly free|Light|Moderate|Severe)/,
    );
    expect(await page.locator('[data-testid="panel-traffic-performance"]').textContent()).toMatch(
      /Arrivals on green/,
    );
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/traffic\.[a-z]/); // no missing key shown as its path
    // The product's own words are English (intersection names are the feed's, in Chinese).
    expect(text).not.toMatch(/拥堵指数|信号机|绿灯|自适应/);
    await screenshot(page, 'traffic-district-en-1440');
    const row = page.locator('[data-testid="traffic-dark-row"]').first();
    if (await row.count()) {
      await row.click();
      await page.locator('[data-testid="traffic-drawer-body"]').waitFor();
      await screenshot(page, 'traffic-drawer-dark-en-1440');
    }
    expectClean(page);
  });

  it('shows on a wall without anything to hover or scroll', async () => {
    const page = await app.open(`/traffic?profile=wall&paused=1&${PEAK}`, WIDE);
    await openTraffic(page);
    expect(await page.locator('[data-testid="app"]').getAttribute('data-profile')).toBe('wall');
    // Lists cut rather than scroll on a wall; every figure carries its unit or window.
    const scrolling = await page.evaluate(
      () =>
        [...document.querySelectorAll('.traffic-list')].filter(
          (el) =>
            getComputedStyle(el).overflowY === 'auto' ||
            getComputedStyle(el).overflowY === 'scroll',
        ).length,
    );
    expect(scrolling).toBe(0);
    await screenshot(page, 'traffic-wall-1920');
    expectClean(page);
  });

  it('redraws nothing on an unchanged poll', async () => {
    const page = await app.open(`/traffic?paused=1&${PEAK}`, WIDE);
    await openTraffic(page);
    await page.waitForTimeout(3000);
    await page.evaluate(() => {
      const w = window as unknown as { __renders: number; __layers: unknown[] };
      w.__renders = 0;
      for (const el of document.querySelectorAll('[data-testid^="chart-traffic"]'))
        (el as unknown as ChartHandle).cityChart?.on('rendered', () => (w.__renders += 1));
      const map = document.querySelector('[data-testid="map"]') as unknown as MapHandles;
      w.__layers = map.cityLayers.map((l) => l.props.data);
    });
    // Two polls (5 s each) with the clock stopped: the same data version, the same views.
    await page.waitForTimeout(11_000);
    const after = await page.evaluate(() => {
      const w = window as unknown as { __renders: number; __layers: unknown[] };
      const map = document.querySelector('[data-testid="map"]') as unknown as MapHandles;
      return {
        renders: w.__renders,
        sameData: map.cityLayers.every((l, i) => l.props.data === w.__layers[i]),
      };
    });
    expect(after).toEqual({ renders: 0, sameData: true });
    expectClean(page);
  });

  it('raises one alarm for a cluster of faults and marks them on the map', async () => {
    const page = await app.open(`/traffic?speed=120&start=2026-12-03T08:00%2B08:00`, WIDE);
    await openTraffic(page);
    type Demo = { __demo: { trigger(k: string, d: string): void; now(): number } };
    const triggered = await page.evaluate(() => {
      const demo = (window as unknown as Demo).__demo;
      demo.trigger('signal-faults', '350102');
      return demo.now();
    });
    // The cluster’s controllers go dark within 20 sim minutes (10 s at ×120), one by one.
    const cluster = page.locator(
      '[data-testid="alarm"][data-key^="traffic.controller-fault|3501"]',
      {
        hasText: /故障群/,
      },
    );
    await cluster.first().waitFor({ timeout: 60_000 });
    // The alarm rises with the first few; wait until every controller of the cluster has gone
    // dark (20 sim minutes after the trigger) before slowing the clock, or at real time the rest
    // would take up to 20 real minutes.
    await expect
      .poll(() => page.evaluate(() => (window as unknown as Demo).__demo.now()), {
        timeout: 60_000,
      })
      .toBeGreaterThan(triggered + 21 * 60_000);
    // Back to real time: what is on screen now stays for the rest of the test.
    await page.evaluate(() =>
      (window as unknown as { __demo: { setSpeed(x: number): void } }).__demo.setSpeed(1),
    );
    await page.evaluate(() => {
      const url = new URL(location.href);
      url.searchParams.set('area', '350102');
      history.pushState(null, '', url);
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await expect
      .poll(async () => (await figures(page)).fault, { timeout: 20_000 })
      .toBeGreaterThan(3);
    const f = await figures(page);
    expect(number(f.kpiDark)).toBe(f.dark);
    // The alarm names the cluster with its count; the platform's ring marks it on the map.
    expect(await cluster.first().textContent()).toMatch(/故障群：\d+ 台/);
    const counts = JSON.parse(
      (await page.locator('[data-testid="map"]').getAttribute('data-layer-counts'))!,
    ) as Record<string, number>;
    expect(counts.alarms).toBeGreaterThan(0);
    await screenshot(page, 'traffic-fault-cluster');
    // At ×120 a delta can be older than the server keeps: 410, then a snapshot (docs/api.md).
    expectClean(page, { allow: [/^410 GET /, /status of 410/] });
  });

  it('puts its tile and its trouble on the overview', async () => {
    const page = await app.open(`/?paused=1&${PEAK}`, WIDE);
    await waitForAppReady(page);
    await expect
      .poll(() => page.locator('[data-testid="tile-traffic-index-value"]').textContent(), {
        timeout: 30_000,
      })
      .toMatch(/\d\.\d/);
    const counts = JSON.parse(
      (await page.locator('[data-testid="map"]').getAttribute('data-layer-counts'))!,
    ) as Record<string, number>;
    expect(counts['traffic-summary']).toBeGreaterThan(10);
    await screenshot(page, 'traffic-overview');
    // A controller's alarm opens its intersection over the overview.
    const alarm = page.locator('[data-testid="alarm"][data-key^="traffic.controller-fault|SIG-"]');
    const key = await alarm.first().getAttribute('data-key');
    await alarm.first().locator('.alarm-main').click();
    await expect
      .poll(() => new URL(page.url()).searchParams.get('select'))
      .toBe(`signals:${key!.split('|')[1]}`);
    await page.locator('[data-testid="traffic-drawer-body"]').waitFor();
    const box = (await page.locator('[data-testid="traffic-drawer"]').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1920);
    await screenshot(page, 'traffic-overview-drawer');
    expectClean(page);
  });
});
