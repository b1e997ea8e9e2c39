// A city's own 12345 catalogue is configuration: the demo build, unchanged, serves Zhangzhou with
// config.json pointing at its catalogue file (tests/fixtures/cities/zhangzhou/catalog.json). Its
// categories and departments, one of them called `constructor`, show in the panels, the live
// list and the drawer, in both languages; the simulated city plays the same list; a wrong field
// in the file stops the app on a screen naming the file and the field.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectClean, screenshot, waitForAppReady } from './browser.ts';
import { setupE2E } from './fixtures.ts';

const readJson = <T>(path: string): T =>
  JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as T;

interface Names {
  'zh-CN': string;
  en: string;
}
interface Catalog {
  categories: { id: string; names: Names; department: string }[];
  departments: { id: string; names: Names }[];
}

const CATALOG_PATH = 'catalogs/zhangzhou-12345.json';
const catalog = readJson<Catalog>('tests/fixtures/cities/zhangzhou/catalog.json');
const config = {
  ...readJson<Record<string, unknown>>('tests/fixtures/cities/zhangzhou/config.json'),
  scenarios: { tickets: { catalog: CATALOG_PATH } },
};
const fuzhou = readJson<Catalog>('public/catalogs/fuzhou-12345.json');

const names = (list: { names: Names }[], lang: keyof Names) => list.map((x) => x.names[lang]);
/** Fuzhou's labels that appear nowhere in Zhangzhou's (排水 is inside 供排水, for one). */
const fuzhouOnly = (lang: keyof Names) => {
  const own = [...names(catalog.categories, lang), ...names(catalog.departments, lang)];
  return [...names(fuzhou.categories, lang), ...names(fuzhou.departments, lang)].filter(
    (name) => !own.some((o) => o.includes(name)),
  );
};

/** An evening of the simulated city: at the real hour, just after midnight, "today" holds too few rows. */
const EVENING = 'start=2026-12-02T21%3A40%2B08%3A00';

/** A stage after dispatch, as the list names it. */
const STAGE = { 'zh-CN': '处置', en: 'In progress' } as const;

const app = setupE2E({
  overrides: { '/config.json': { body: config }, [`/${CATALOG_PATH}`]: { body: catalog } },
});

/** The labels each part shows: the two charts' axes (canvas: read from their options), the rows. */
async function shown(page: Page) {
  return page.evaluate(() => {
    type Chart = { cityChart?: { getOption(): { yAxis: { data: string[] }[] } } };
    const axis = (id: string) =>
      (
        document.querySelector(`[data-testid="${id}"]`) as unknown as Chart | null
      )?.cityChart?.getOption().yAxis[0]?.data ?? [];
    return {
      categories: axis('chart-categories'),
      departments: axis('chart-departments'),
      rows: [...document.querySelectorAll('[data-testid="ticket-row"] .row-category')].map(
        (el) => el.textContent ?? '',
      ),
    };
  });
}

async function openTickets(path: string): Promise<Page> {
  const page = await app.open(path, { viewport: { width: 1920, height: 1080 } });
  await waitForAppReady(page);
  await page.getByTestId('ticket-row').first().waitFor({ timeout: 60_000 });
  await expect.poll(async () => (await shown(page)).departments.length).toBeGreaterThan(3);
  return page;
}

/**
 * Opens the drawer on a row of the live list showing `label` in a stage `stage` (dispatched or
 * later: it has a department), and returns the drawer.
 */
async function drawerOf(page: Page, label: string, stage: string) {
  const scroll = page.getByTestId('live-list-scroll');
  const row = page
    .getByTestId('ticket-row')
    .filter({ has: page.locator('.row-category', { hasText: label }) })
    .filter({ hasText: stage })
    .first();
  // Less than a screen at a time, and a frame for the virtualised list to render what came into
  // view: a longer step skips rows, and whether it skips the one wanted depends on the data.
  for (let i = 0; i < 400 && (await row.count()) === 0; i++)
    await scroll.evaluate(
      (el) =>
        new Promise((done) => {
          el.scrollBy(0, Math.max(40, el.clientHeight * 0.6));
          requestAnimationFrame(() => requestAnimationFrame(done));
        }),
    );
  // A DOM click: the virtualised list re-renders rows as it scrolls them into view.
  await row.evaluate((el: HTMLElement) => el.click());
  const drawer = page.getByTestId('ticket-drawer');
  await expect.poll(() => drawer.getByTestId('drawer-timeline').count()).toBe(1);
  return drawer;
}

describe('a city’s own 12345 catalogue', () => {
  it.each([
    { lang: 'zh-CN' as const, query: '' },
    { lang: 'en' as const, query: '&lang=en' },
  ])(
    'shows its categories and departments in $lang',
    async ({ lang, query }) => {
      const page = await openTickets(`/tickets?paused=1&${EVENING}${query}`);
      const part = await shown(page);
      const categories = names(catalog.categories, lang);
      const departments = names(catalog.departments, lang);
      // Every label is one of the city's, and the chart shows most of its list.
      expect(part.categories.length).toBeGreaterThanOrEqual(7);
      for (const label of part.categories) expect(categories).toContain(label);
      for (const label of part.departments) expect(departments).toContain(label);
      expect(part.rows.length).toBeGreaterThan(5);
      for (const label of part.rows) expect(categories).toContain(label);
      const text = [...part.categories, ...part.departments, ...part.rows].join('\n');
      expect(fuzhouOnly(lang).filter((name) => text.includes(name))).toEqual([]);
      await screenshot(page, `catalog-${lang}-tickets`);

      // The category called `constructor` has its name in the list and in the drawer, with the
      // department its catalogue sends it to.
      const sites = catalog.categories.find((c) => c.id === 'constructor')!;
      const department = catalog.departments.find((d) => d.id === sites.department)!;
      const drawer = await drawerOf(page, sites.names[lang], STAGE[lang]);
      expect(await drawer.innerText()).toContain(sites.names[lang]);
      expect(await drawer.innerText()).not.toContain('constructor');
      expect(await drawer.getByTestId('drawer-department').innerText()).toBe(
        department.names[lang],
      );
      await screenshot(page, `catalog-${lang}-drawer`);
      expectClean(page);
    },
    180_000,
  );

  it('names the file and the field of a wrong catalogue', async () => {
    const broken = structuredClone(catalog);
    broken.categories[3]!.department = 'nowhere';
    app.setOverride(`/${CATALOG_PATH}`, { body: broken });
    const page = await app.open('/tickets');
    await page.getByTestId('config-error').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('config-error-file').textContent()).toBe(CATALOG_PATH);
    expect(await page.getByTestId('config-error-field').textContent()).toBe(
      'categories.3.department',
    );
    await screenshot(page, 'catalog-error');
    expectClean(page);
  });

  it('names the config field when the catalogue inline is wrong', async () => {
    const broken = structuredClone(catalog);
    delete (broken.categories[0] as Partial<Catalog['categories'][number]>).names;
    app.setOverride('/config.json', {
      body: { ...config, scenarios: { tickets: { catalog: broken } } },
    });
    const page = await app.open('/');
    await page.getByTestId('config-error').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('config-error-file').textContent()).toBe('config.json');
    expect(await page.getByTestId('config-error-field').textContent()).toBe(
      'scenarios.tickets.catalog.categories.0.names',
    );
    expectClean(page);
  });
});
