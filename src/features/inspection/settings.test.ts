import { describe, expect, it } from 'vitest';
import { ConfigError } from '@/config/config-schema';
import { FUZHOU_DETECTION_TYPES } from '@/domain/detection';
import { parseInspectionSettings, typeCatalog, typeLabel } from './settings';

const type = (id: string, extra: object = {}) => ({
  id,
  name: { 'zh-CN': `类型${id.length}`, en: `Type ${id}` },
  category: 'sanitation',
  ...extra,
});

const fieldOf = (raw: unknown): string => {
  try {
    parseInspectionSettings(raw);
  } catch (e) {
    if (e instanceof ConfigError) return e.field;
    throw e;
  }
  return '(valid)';
};

describe('scenarios.inspection', () => {
  it("is Fuzhou's list when absent or empty", () => {
    expect(parseInspectionSettings(undefined).types).toEqual(FUZHOU_DETECTION_TYPES);
    expect(parseInspectionSettings({}).types.map((t) => t.id)).toHaveLength(8);
  });

  it("takes a city's own list, ids such as __proto__ included, category optional", () => {
    const settings = parseInspectionSettings({
      types: [type('__proto__'), type('shared_bikes', { category: undefined })],
    });
    expect(settings.types.map((t) => t.id)).toEqual(['__proto__', 'shared_bikes']);
    expect(settings.types[1]!.category).toBeNull();
    const catalog = typeCatalog(settings);
    expect(catalog.byId.get('__proto__')?.name.en).toBe('Type __proto__');
    expect(typeLabel(catalog, '__proto__', 'en')).toBe('Type __proto__');
    expect(typeLabel(catalog, 'not_listed', 'zh-CN')).toBe('not listed');
    expect(typeLabel(catalog, 'constructor', 'en')).not.toBe('constructor');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names the offending field', () => {
    expect(fieldOf({ types: [] })).toBe('scenarios.inspection.types');
    expect(fieldOf({ types: [type('a b')] })).toBe('scenarios.inspection.types.0.id');
    expect(fieldOf({ types: [type('a'), type('a')] })).toBe('scenarios.inspection.types');
    expect(fieldOf({ types: [{ ...type('a'), name: { 'zh-CN': '甲' } }] })).toBe(
      'scenarios.inspection.types.0.name.en',
    );
    expect(fieldOf({ types: [type('a', { colour: 'red' })] })).toBe(
      'scenarios.inspection.types.0.colour',
    );
    expect(fieldOf({ typo: 1 })).toBe('scenarios.inspection.typo');
  });
});
