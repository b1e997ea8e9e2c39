// @vitest-environment node
// scripts/derive-geo.mjs: any city from its two source files and a metadata file; the shipped
// files are exactly what it derives.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

interface Derived {
  files: Record<'districts.geojson' | 'divisions.json' | 'SOURCES.md', string>;
  districts: number;
  streets: number;
  communities: number;
  bbox: [number, number, number, number];
}
interface CityInput {
  city: { code: string; name: string; nameEn?: string };
  aliases?: Record<string, string>;
  boundaries: unknown;
  divisions: unknown;
  provenance: string;
}
interface DeriveModule {
  englishName(name: string, prefixes?: string[]): string;
  stripPrefixes(name: string, prefixes: string[]): string;
  deriveCity(input: CityInput): Derived;
  loadSources(meta: Record<string, unknown>, dir: string): CityInput;
  FUZHOU: Record<string, unknown>;
}

const repo = new URL('../../', import.meta.url);
const path = (p: string): string => fileURLToPath(new URL(p, repo));
const text = (p: string): string => readFileSync(path(p), 'utf8');
const json = (p: string): Record<string, unknown> => JSON.parse(text(p)) as Record<string, unknown>;

let derive: DeriveModule;
beforeAll(async () => {
  derive = (await import(pathToFileURL(path('scripts/derive-geo.mjs')).href)) as DeriveModule;
});

describe('English names', () => {
  it('romanise the stem and translate the level', () => {
    expect(derive.englishName('鼓楼区')).toBe('Gulou District');
    expect(derive.englishName('晋安区')).toBe("Jin'an District");
    expect(derive.englishName('鼓东街道')).toBe('Gudong Subdistrict');
    expect(derive.englishName('长泰经济开发区')).toBe('Changtai Economic Development Zone');
  });

  it('leave out the names of the levels above that a source repeats', () => {
    expect(derive.englishName('鼓楼区鼓东街道', ['福州市', '鼓楼区'])).toBe('Gudong Subdistrict');
    expect(derive.englishName('福州市鼓楼区鼓东街道', ['福州市', '鼓楼区'])).toBe(
      'Gudong Subdistrict',
    );
    expect(derive.englishName('芗城区奶牛场', ['漳州市', '芗城区'])).toBe('Nainiuchang');
    // Only whole names of the levels above, and never the whole name.
    expect(derive.stripPrefixes('鼓楼区', ['鼓楼区'])).toBe('鼓楼区');
    expect(derive.stripPrefixes('鼓东街道', ['鼓楼区'])).toBe('鼓东街道');
    expect(derive.stripPrefixes('鼓楼区鼓', ['鼓楼区'])).toBe('鼓楼区鼓');
  });
});

describe('a city from its metadata file', () => {
  const dir = path('tests/fixtures/cities/zhangzhou');
  const meta = (): Record<string, unknown> =>
    json('tests/fixtures/cities/zhangzhou/zhangzhou.json');

  it('derives public/geo/zhangzhou byte for byte', () => {
    const result = derive.deriveCity(derive.loadSources(meta(), dir));
    for (const name of ['districts.geojson', 'divisions.json', 'SOURCES.md'] as const)
      expect(result.files[name] === text(`public/geo/zhangzhou/${name}`), name).toBe(true);
    expect([result.districts, result.streets, result.communities]).toEqual([11, 146, 2135]);
    // Taller than wide on the ground: 1.68° of latitude against 1.34° of longitude at 24.4° N.
    const [x0, y0, x1, y1] = result.bbox;
    const aspect = (y1 - y0) / ((x1 - x0) * Math.cos((((y0 + y1) / 2) * Math.PI) / 180));
    expect(aspect).toBeGreaterThan(1.3);
  });

  it('applies the aliases it is given and no others', () => {
    const { files } = derive.deriveCity(derive.loadSources(meta(), dir));
    const features = (
      JSON.parse(files['districts.geojson']) as {
        features: { id: string; properties: { name: string; sourceCode: string } }[];
      }
    ).features;
    const renamed = features
      .filter((f) => f.id !== f.properties.sourceCode)
      .map((f) => [f.properties.sourceCode, f.id, f.properties.name]);
    expect(renamed).toEqual([
      ['350625', '350605', '长泰区'],
      ['350681', '350604', '龙海区'],
    ]);
    expect(files['SOURCES.md']).toContain(
      "old 龙海市 350681 feature carries today's code 350604 (龙海区)",
    );
  });

  it('names the districts it cannot match when an alias is missing', () => {
    const input = derive.loadSources({ ...meta(), aliases: { '350625': '350605' } }, dir);
    expect(() => derive.deriveCity(input)).toThrow(
      /boundaries without a district in the divisions file: 350681 龙海市 \(a re-divided district needs an alias/,
    );
  });

  it('refuses a divisions file of another city', () => {
    const input = derive.loadSources(meta(), dir);
    expect(() => derive.deriveCity({ ...input, city: { code: '350100', name: '福州市' } })).toThrow(
      /divisions file is for 350600 漳州市, not 350100/,
    );
  });
});

// The Fuzhou sources live outside the repository (../shared/geo); where they are, the shipped
// files must be exactly what the script derives from them.
const fuzhouSources = path('../shared/geo');
describe.skipIf(!existsSync(`${fuzhouSources}/fuzhou-districts.geojson`))('Fuzhou', () => {
  it('derives public/geo/fuzhou byte for byte, its 长乐 alias coming from its own data', () => {
    expect(derive.FUZHOU.aliases).toEqual({ 350182: '350112' });
    const result = derive.deriveCity(derive.loadSources(derive.FUZHOU, fuzhouSources));
    for (const name of ['districts.geojson', 'divisions.json', 'SOURCES.md'] as const)
      expect(result.files[name] === text(`public/geo/fuzhou/${name}`), name).toBe(true);
  });
});
