// Scenario 3 at /environment: on an ordinary day the air now, where it is worst and whether it is
// getting better, at every drill level and in both languages; a sensor's every indicator in the
// drawer; and a simulated rainstorm whose waterlogging alarms rise on the map and fall again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { latLngToCell } from 'h3-js';
import { elementPixelStats, expectClean, screenshot, waitForAppReady } from './browser.ts';
import { distRoot, setupE2E } from './fixtures.ts';

const app = setupE2E();
// A Thursday morning in Fuzhou, the clock stopped: the same city every run.
const DAY = 'paused=1&incidents=0&start=2026-11-19T10:00%2B08:00';

async function openEnvironment(page: Page) {
  await waitForAppReady(page);
  await page.locator('[data-testid="station-row"]').first().waitFor({ timeout: 60_000 });
}

/** Layer sizes the map reports (`data-layer-counts`). */
async function layerCounts(page: Page): Promise<Record<string, number>> {
  const raw = await page.locator('[data-testid="map"]').getAttribute('data-layer-counts');
  return JSON.parse(raw ?? '{}') as Record<string, number>;
}

const number = (text: string | null) => Number((text ?? '').replace(/[^\d]/g, ''));

describe('environment scenario', () => {
  it('answers how the air is now, where it is worst and whether it gets better', async () => {
    const page = await app.open(`/environment?${DAY}`, { viewport: { width: 1920, height: 1080 } });
    await openEnvironment(page);
    // The trend arrives from the source's hourly endpoint shortly after the feed.
    await expect
      .poll(() => page.locator('[data-testid="air-trend"]').getAttribute('data-state'), {
        timeout: 40_000,
      })
      .toBe('offered');
    await page.waitForTimeout(1500);

    // The AQI now: a value on its level's colour with the level's word, what and when it is.
    const aqi = page.locator('[data-testid="kpi-aqi-value"]');
    expect(await aqi.textContent()).toMatch(/^\d+(优|良|轻度污染|中度污染|重度污染|严重污染)$/);
    expect(Number(await aqi.getAttribute('data-level'))).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="kpi-aqi-detail"]').textContent()).toMatch(
      /国控站 \d+ 个 · 1 小时均值 · \d{2}:00/,
    );
    for (const key of ['trend', 'waterPoor', 'noise', 'waterlogging', 'slope', 'sensors'])
      expect(await page.locator(`[data-testid="kpi-${key}-value"]`).textContent(), key).toMatch(
        /\d|—/,
      );
    expect(await page.locator('[data-testid="kpi-trend"] .kpi-compare').textContent()).toMatch(
      /今日超良 \d+ 小时/,
    );
    expect(await page.locator('[data-testid="environment-edition"]').textContent()).toContain(
      'HJ 633-2012',
    );

    // Where it is worst: the districts by AQI and the stations ranked, worst first.
    for (const chart of ['chart-air-children', 'chart-air-trend', 'chart-water-classes']) {
      const stats = await elementPixelStats(page, `[data-testid="${chart}"]`);
      expect(stats.distinctColors, chart).toBeGreaterThan(12);
      expect(stats.nonBackgroundRatio, chart).toBeGreaterThan(0.02);
    }
    const ranked = await page
      .locator('[data-testid="station-row"]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-aqi'))));
    expect(ranked.length).toBeGreaterThan(10);
    expect([...ranked].sort((a, b) => b - a)).toEqual(ranked);

    // The same sensors on the KPI and the map; stations, surface and enterprises drawn.
    const counts = await layerCounts(page);
    const total = number(await page.locator('[data-testid="kpi-sensors"] .kpi-unit').textContent());
    expect(counts['environment-sensors']).toBe(total);
    expect(counts['environment-surface']).toBeGreaterThan(100);
    expect(counts['environment-enterprises']).toBeGreaterThan(10);
    const map = await elementPixelStats(page, '[data-testid="map"]');
    expect(map.distinctColors).toBeGreaterThan(60);
    await screenshot(page, 'environment-city');
    expectClean(page);
  });

  it('drills from the city to a district, a street, a community and a grid cell', async () => {
    const page = await app.open(`/environment?${DAY}`, { viewport: { width: 1920, height: 1080 } });
    await openEnvironment(page);
    const levels: [string, RegExp][] = [
      ['350102', /各街道空气质量/],
      ['350102001', /各社区空气质量/],
      ['350102001001', /各网格空气质量/],
    ];
    for (const [area, title] of levels) {
      await page.goto(app.url(`/environment?${DAY}&area=${area}`));
      await waitForAppReady(page);
      await expect
        .poll(() => page.locator('[data-testid="panel-air-children"] h2').textContent(), {
          timeout: 30_000,
        })
        .toMatch(title);
      await expect
        .poll(async () => (await layerCounts(page))['environment-sensors'] ?? 0, {
          timeout: 30_000,
        })
        .toBeGreaterThan(0);
      // Every sensor of the area is on the map and counted once on the KPI.
      const total = number(
        await page.locator('[data-testid="kpi-sensors"] .kpi-unit').textContent(),
      );
      expect((await layerCounts(page))['environment-sensors']).toBe(total);
      await screenshot(
        page,
        `environment-${area.length === 6 ? 'district' : area.length === 9 ? 'street' : 'community'}`,
      );
    }
    // A grid cell (H3, resolution 9) around one of the community's sensors: its own sensors.
    const position = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="map"]') as unknown as {
        cityLayers: {
          id: string;
          props: { data: { attributes?: { getPosition?: { value: Float32Array } } } };
        }[];
      };
      const p = el.cityLayers.find((l) => l.id === 'environment-sensors')?.props.data.attributes
        ?.getPosition?.value;
      return p ? [p[0]!, p[1]!] : null;
    });
    expect(position).not.toBeNull();
    const cell = latLngToCell(position![1]!, position![0]!, 9);
    await page.goto(app.url(`/environment?${DAY}&area=350102001001&cell=${cell}`));
    await waitForAppReady(page);
    await expect
      .poll(() => page.locator('[data-testid="panel-air-children"] h2').textContent(), {
        timeout: 30_000,
      })
      .toMatch(/各网格空气质量/);
    await expect
      .poll(async () => (await layerCounts(page))['environment-sensors'] ?? 0, { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await page.locator('[data-testid="air-trend-note"]').textContent()).toContain('网格');
    await screenshot(page, 'environment-cell');
    expectClean(page);
  });

  it('opens a sensor with every indicator, its unit, limit, level, time and last 24 hours', async () => {
    const page = await app.open(`/environment?${DAY}&area=350102`, {
      viewport: { width: 1920, height: 1080 },
    });
    await openEnvironment(page);
    const first = page.locator('[data-testid="station-row"]').first();
    const id = await first.getAttribute('data-id');
    const rowAqi = await first.getAttribute('data-aqi');
    await first.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('select')).toBe(`sensors:${id}`);
    const body = page.locator('[data-testid="sensor-drawer-body"]');
    await body.waitFor();
    expect(await body.getAttribute('data-kind')).toBe('air');
    const rows = page.locator('[data-testid="sensor-indicator"]');
    expect(await rows.count()).toBeGreaterThanOrEqual(5);
    // The drawer's AQI is the ranking's: one view, one moment.
    expect(await rows.first().locator('td').nth(1).textContent()).toContain(rowAqi!);
    expect(await page.locator('[data-testid="sensor-observed"]').textContent()).toMatch(
      /(即时值|1 小时均值) · \d{2}:\d{2}/,
    );
    expect(await page.locator('[data-testid="sensor-indicators"]').textContent()).toMatch(/µg\/m³/);
    // Sparklines from the source's history.
    await expect
      .poll(() => page.locator('[data-testid="sensor-drawer"] svg.env-spark path').count(), {
        timeout: 30_000,
      })
      .toBeGreaterThanOrEqual(4);
    await expect.poll(async () => (await layerCounts(page))['environment-selected']).toBe(1);
    await screenshot(page, 'environment-drawer');
    expectClean(page);
  });

  it('speaks English, on a 1440×900 desktop', async () => {
    const page = await app.open(`/environment?${DAY}&lang=en`, {
      viewport: { width: 1440, height: 900 },
      locale: 'en-GB',
    });
    await openEnvironment(page);
    expect(await page.locator('[data-testid="kpi-aqi-value"]').textContent()).toMatch(
      /^\d+(Good|Moderate|Lightly polluted|Moderately polluted|Heavily polluted|Severely polluted)$/,
    );
    const text = await page.locator('main').innerText();
    expect(text).toContain('Air by district');
    expect(text).toContain('Waterlogging and slopes');
    expect(text).toContain('Day limit');
    // No Chinese outside names from the data and the standard's own class names.
    const panels = await page.locator('[data-testid="panel-noise"] thead').innerText();
    expect(panels).not.toMatch(/[\u4e00-\u9fff]/);
    await screenshot(page, 'environment-en-1440');
    expectClean(page);
  });

  it('shows a tile on the overview', async () => {
    const page = await app.open(`/?${DAY}`, { viewport: { width: 1920, height: 1080 } });
    await waitForAppReady(page);
    const tile = page.locator('[data-testid="tile-environment"]');
    await tile.locator('[data-testid="tile-environment-aqi-value"]').waitFor({ timeout: 60_000 });
    expect(await tile.locator('[data-testid="tile-environment-aqi-value"]').textContent()).toMatch(
      /^\d+\D+$/,
    );
    await screenshot(page, 'environment-overview');
    expectClean(page);
  });

  it('raises waterlogging alarms in a rainstorm and lets them recede', async () => {
    // Sensors polled every 2 s; the city clock at ×240 (4 simulated minutes a second).
    const config = JSON.parse(readFileSync(join(distRoot(), 'config.json'), 'utf8')) as {
      feeds: Record<string, { pollIntervalMs: number }>;
    };
    config.feeds.sensors!.pollIntervalMs = 2000;
    app.setOverride('/config.json', { body: config });
    const page = await app.open(
      '/environment?speed=240&incidents=0&start=2026-11-19T13:00%2B08:00&area=350102',
      { viewport: { width: 1920, height: 1080 } },
    );
    await openEnvironment(page);
    await page.evaluate(() =>
      (window as unknown as { __demo: { trigger(k: string, d: string): void } }).__demo.trigger(
        'rainstorm',
        '350102',
      ),
    );
    const alarmsNow = () =>
      page.locator('[data-testid="hazard-row"][data-kind="waterlogging"][data-level="3"]').count();
    // The water rises: points at the alarm depth, in the list, on the map and as alarms.
    await expect.poll(alarmsNow, { timeout: 60_000, interval: 1000 }).toBeGreaterThan(1);
    await expect
      .poll(() => page.locator('[data-testid="hazard-row"][data-trend="rising"]').count(), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
    const alarmRows = page.locator('[data-testid="alarm"]', { hasText: /积水/ });
    await expect.poll(() => alarmRows.count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect((await layerCounts(page)).alarms).toBeGreaterThan(0);
    const peak = await alarmsNow();
    await screenshot(page, 'environment-rainstorm-peak');
    // … and recedes: no point at the alarm depth any more, falling ones on the way.
    await expect.poll(alarmsNow, { timeout: 70_000, interval: 1000 }).toBe(0);
    expect(peak).toBeGreaterThan(1);
    await screenshot(page, 'environment-rainstorm-after');
    // The alarms stay until someone acknowledges them: cleared, not acknowledged (the overview
    // lists every alarm; the worker keeps them across screens).
    await page.locator('nav a', { hasText: '总览' }).click();
    await page
      .locator('[data-testid="alarm"][data-state="clearedUnack"]', { hasText: /积水/ })
      .first()
      .waitFor({ timeout: 20_000 });
    await screenshot(page, 'environment-rainstorm-after-overview');
    expectClean(page);
  });
});
