import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@/config/config-schema';
import { FUZHOU_TICKET_CATALOG } from '@/domain/ticket-catalog';
import type { SettingsLoader } from '@/state/scenario';
import { categoryLabel, departmentLabel } from './catalog-labels';
import { DEFAULT_TICKET_SETTINGS, parseTicketSettings, ticketSettingsOr } from './settings';

const zhangzhou: unknown = JSON.parse(
  readFileSync(
    new URL('../../../tests/fixtures/cities/zhangzhou/catalog.json', import.meta.url),
    'utf8',
  ),
);

/** Serves files from a map; records what was asked. */
function loaderOf(files: Record<string, unknown>) {
  const asked: [string, string][] = [];
  const loader: SettingsLoader = {
    json: async (path, field) => {
      asked.push([path, field]);
      if (!(path in files)) throw new ConfigError('config.json', field, `${path}: HTTP 404`);
      return files[path];
    },
  };
  return { loader, asked };
}

async function rejection(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('resolved');
}

describe('scenarios.tickets', () => {
  it('is Fuzhou’s embedded catalogue when absent', async () => {
    const { loader, asked } = loaderOf({});
    await expect(parseTicketSettings(undefined, loader)).resolves.toBe(DEFAULT_TICKET_SETTINGS);
    await expect(parseTicketSettings({}, loader)).resolves.toBe(DEFAULT_TICKET_SETTINGS);
    expect(DEFAULT_TICKET_SETTINGS.catalog).toBe(FUZHOU_TICKET_CATALOG);
    expect(asked).toEqual([]);
  });

  it('loads the catalogue file it names and validates it', async () => {
    const { loader, asked } = loaderOf({ 'catalogs/zhangzhou.json': zhangzhou });
    const settings = await parseTicketSettings({ catalog: 'catalogs/zhangzhou.json' }, loader);
    expect(asked).toEqual([['catalogs/zhangzhou.json', 'scenarios.tickets.catalog']]);
    expect(settings.source).toBe('catalogs/zhangzhou.json');
    expect(settings.catalog.categories.map((c) => c.id)).toContain('constructor');
    // Plain data: it crosses to the workers as it is.
    expect(structuredClone(settings)).toEqual(settings);
  });

  it('takes the catalogue inline', async () => {
    const { loader } = loaderOf({});
    const settings = await parseTicketSettings({ catalog: zhangzhou }, loader);
    expect(settings.source).toBe('config.json');
    expect(settings.catalog.dueSoonShare).toBe(0.75);
  });

  it('names the field of an inline catalogue in config.json', async () => {
    const bad = structuredClone(zhangzhou) as { categories: { department: string }[] };
    bad.categories[3]!.department = 'nowhere';
    const error = await rejection(parseTicketSettings({ catalog: bad }, loaderOf({}).loader));
    expect([error.file, error.field]).toEqual([
      'config.json',
      'scenarios.tickets.catalog.categories.3.department',
    ]);
    expect(error.detail).toMatch(/nowhere/);
  });

  it('names the file and its field for a catalogue file', async () => {
    const bad = structuredClone(zhangzhou) as { categories: { limit: unknown }[] };
    bad.categories[2]!.limit = { days: 3 };
    const { loader } = loaderOf({ 'catalogs/zz.json': bad });
    const error = await rejection(parseTicketSettings({ catalog: 'catalogs/zz.json' }, loader));
    expect([error.file, error.field]).toEqual(['catalogs/zz.json', 'categories.2.limit.days']);
  });

  it('names the config field when the file is missing, and refuses other values', async () => {
    const { loader } = loaderOf({});
    const missing = await rejection(parseTicketSettings({ catalog: 'catalogs/x.json' }, loader));
    expect(missing.field).toBe('scenarios.tickets.catalog');
    for (const catalog of [3, [], null, ''])
      expect((await rejection(parseTicketSettings({ catalog }, loader))).field).toBe(
        'scenarios.tickets.catalog',
      );
    expect((await rejection(parseTicketSettings({ catalogue: 'x' }, loader))).field).toBe(
      'scenarios.tickets.catalogue',
    );
  });

  it('falls back to the default where no settings reached a view (tests, tools)', () => {
    expect(ticketSettingsOr(undefined)).toBe(DEFAULT_TICKET_SETTINGS);
    expect(ticketSettingsOr({ other: 1 })).toBe(DEFAULT_TICKET_SETTINGS);
  });
});

describe('catalogue labels', () => {
  it('come from the catalogue in both languages, the id in words when it lacks one', async () => {
    const { catalog } = await parseTicketSettings({ catalog: zhangzhou }, loaderOf({}).loader);
    expect(categoryLabel(catalog, 'jt.yunshu', 'zh-CN')).toBe('交通运输');
    expect(categoryLabel(catalog, 'jt.yunshu', 'en')).toBe('Roads and transport');
    expect(departmentLabel(catalog, 'zz-swj', 'zh-CN')).toBe('漳州水务集团');
    expect(departmentLabel(catalog, 'zz-swj', 'en')).toBe('Zhangzhou Water Group');
    expect(categoryLabel(catalog, 'municipal', 'en')).toBe('municipal');
    expect(categoryLabel(catalog, 'noise_night', 'zh-CN')).toBe('noise night');
    expect(categoryLabel(FUZHOU_TICKET_CATALOG, 'municipal', 'zh-CN')).toBe('市政设施');
  });

  it('never equal a name objects already have', async () => {
    const { catalog } = await parseTicketSettings({ catalog: zhangzhou }, loaderOf({}).loader);
    expect(categoryLabel(catalog, 'constructor', 'zh-CN')).toBe('建筑施工');
    for (const id of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const label = categoryLabel(FUZHOU_TICKET_CATALOG, id, 'en');
      expect(label).not.toBe(id);
      expect(label.startsWith(id) || label.startsWith(id.replace(/_/g, ''))).toBe(true);
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, label)).toBe(false);
    }
  });
});
