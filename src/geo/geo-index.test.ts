import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LngLat } from '@/domain/common';
import { parseGeoBundle, type GeoBundle } from './geo-data';
import {
  busiestDistrict,
  createGeoIndex,
  levelOfCode,
  type AreaNode,
  type GeoIndex,
} from './geo-index';

const readJson = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../public/geo/fuzhou/${name}`, import.meta.url), 'utf8'));

const CITY = '350100';
let bundle: GeoBundle;
let geo: GeoIndex;

beforeAll(() => {
  bundle = parseGeoBundle(readJson('districts.geojson'), readJson('divisions.json'));
  geo = createGeoIndex(bundle);
});

/** Every node reachable from the city through `children`, by level. */
function reachable(): Map<string, AreaNode[]> {
  const byLevel = new Map<string, AreaNode[]>();
  const missing: string[] = [];
  const queue = [CITY];
  for (let i = 0; i < queue.length; i++) {
    const code = queue[i]!;
    const node = geo.area(code);
    if (!node) {
      missing.push(code);
      continue;
    }
    const list = byLevel.get(node.level) ?? [];
    list.push(node);
    byLevel.set(node.level, list);
    queue.push(...node.children);
  }
  expect(missing).toEqual([]);
  return byLevel;
}

/** Ray casting on the raw rings, independent of the index's own point-in-polygon. */
function inRing(p: LngLat, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi)
      inside = !inside;
  }
  return inside;
}
function inDistrictGeometry(p: LngLat, code: string): boolean {
  const f = bundle.boundaries.features.find((x) => x.properties.code === code);
  if (!f) return false;
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  return polys.some(
    ([outer, ...holes]) => !!outer && inRing(p, outer) && !holes.some((h) => inRing(p, h)),
  );
}

describe('geo index over the Fuzhou bundle', () => {
  it('reaches 13 districts, 186 streets and 3022 communities from the city', () => {
    const byLevel = reachable();
    expect(byLevel.get('city')?.map((n) => n.code)).toEqual([CITY]);
    expect(byLevel.get('district')).toHaveLength(13);
    expect(byLevel.get('street')).toHaveLength(186);
    expect(byLevel.get('community')).toHaveLength(3022);
    expect(geo.cityCode).toBe(CITY);
    expect(geo.districts.map((d) => d.code)).toEqual(byLevel.get('district')?.map((d) => d.code));
  });

  it('has a boundary for every district of the hierarchy', () => {
    const boundaryCodes = bundle.boundaries.features.map((f) => f.properties.code).sort();
    expect(boundaryCodes).toEqual(geo.districts.map((d) => d.code).sort());
  });

  it('keeps parents and children consistent, with levels from code lengths', () => {
    const expectedLength = { city: 6, district: 6, street: 9, community: 12 } as const;
    const problems: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) problems.push(what);
    };
    for (const nodes of reachable().values())
      for (const node of nodes) {
        const { code, level } = node;
        check(code.length === expectedLength[level], `${code}: length for ${level}`);
        check(levelOfCode(code, CITY) === level, `${code}: levelOfCode`);
        for (const child of node.children) {
          check(geo.area(child)?.parent === code, `${child}: parent is not ${code}`);
          check(child.startsWith(level === 'city' ? '3501' : code), `${child}: prefix`);
        }
        if (node.parent)
          check(!!geo.area(node.parent)?.children.includes(code), `${code}: not among siblings`);
        else check(level === 'city', `${code}: no parent`);
        const [x0, y0, x1, y1] = node.bbox;
        const [x, y] = node.anchor;
        check(x0 <= x && x <= x1 && y0 <= y && y <= y1, `${code}: anchor outside bbox`);
      }
    expect(problems).toEqual([]);
  });

  it('finds the district containing a point', () => {
    const gulou: LngLat = [119.296, 26.08];
    expect(inDistrictGeometry(gulou, '350102')).toBe(true);
    expect(geo.districtAt(gulou)).toBe('350102');
    // Each district's label point lies in that district.
    for (const f of bundle.boundaries.features) {
      const label = f.properties.label;
      expect(label, f.properties.code).toBeDefined();
      if (!label) continue;
      expect(inDistrictGeometry(label, f.properties.code)).toBe(true);
      expect(geo.districtAt(label)).toBe(f.properties.code);
    }
  });

  it('answers null in the sea and far outside the city', () => {
    const sea: LngLat = [120.3, 25.9];
    const beijing: LngLat = [116.4, 39.9];
    for (const p of [sea, beijing, [0, 0] as LngLat]) {
      expect(bundle.boundaries.features.some((f) => inDistrictGeometry(p, f.properties.code))).toBe(
        false,
      );
      expect(geo.districtAt(p)).toBeNull();
    }
  });

  it('resolves the legacy code of 长乐市 to today’s 长乐区 (from the boundary’s sourceCode)', () => {
    const changleFeature = bundle.boundaries.features.find((f) => f.id === '350112');
    expect(changleFeature?.properties.sourceCode).toBe('350182');
    expect(geo.canonical('350182')).toBe('350112');
    expect(geo.canonical('350102')).toBe('350102');
    const changle = geo.area('350182');
    expect(changle).toBe(geo.area('350112'));
    expect(changle).toMatchObject({ code: '350112', name: '长乐区', level: 'district' });
    expect(geo.path('350182').map((n) => n.code)).toEqual([CITY, '350112']);
  });

  it('names the district with the most urban communities as the busiest', () => {
    expect(busiestDistrict(geo)?.code).toBe('350104'); // 仓山区: 107 社区 of 210
  });

  it('lists the path from the city down to a community', () => {
    const path = geo.path('350102001001');
    expect(path.map((n) => [n.code, n.name, n.level])).toEqual([
      [CITY, '福州市', 'city'],
      ['350102', '鼓楼区', 'district'],
      ['350102001', '鼓东街道', 'street'],
      ['350102001001', '中山社区', 'community'],
    ]);
    expect(geo.path(CITY).map((n) => n.code)).toEqual([CITY]);
    expect(geo.path('999999')).toEqual([]);
    expect(geo.area('999999')).toBeUndefined();
  });

  it('tells the level from a code', () => {
    expect(levelOfCode(CITY, CITY)).toBe('city');
    expect(levelOfCode('350102', CITY)).toBe('district');
    expect(levelOfCode('350102001', CITY)).toBe('street');
    expect(levelOfCode('350102001001', CITY)).toBe('community');
    for (const bad of ['', '35010', '3501020', '35010200100', '35010200100a', '8928308280fffff'])
      expect(levelOfCode(bad, CITY)).toBeNull();
  });

  it('has every street and community anchor inside its own district polygon', () => {
    const outside: string[] = [];
    for (const district of geo.districts)
      for (const streetCode of district.children) {
        const street = geo.area(streetCode)!;
        for (const node of [street, ...street.children.map((c) => geo.area(c)!)])
          if (!inDistrictGeometry(node.anchor, district.code)) outside.push(node.code);
      }
    expect(outside).toEqual([]);
  });

  it('places every street and community anchor inside its district', () => {
    const misplaced: string[] = [];
    let checked = 0;
    for (const district of geo.districts)
      for (const streetCode of district.children) {
        const street = geo.area(streetCode)!;
        for (const node of [street, ...street.children.map((c) => geo.area(c)!)]) {
          checked++;
          const found = geo.districtAt(node.anchor);
          if (found !== district.code)
            misplaced.push(`${node.code} ${node.name} → ${found ?? 'outside'}`);
        }
      }
    expect(checked).toBe(186 + 3022);
    expect(misplaced).toEqual([]);
  });
});

describe('parseGeoBundle', () => {
  const divisions = () => readJson('divisions.json') as Record<string, unknown>;
  const boundaries = () => readJson('districts.geojson') as Record<string, unknown>;

  it('names the boundary file and the field', () => {
    const b = boundaries();
    b.type = 'Feature';
    expect(() => parseGeoBundle(b, divisions())).toThrow(/^boundary file: type: /);

    const withBadCode = boundaries() as { features: { properties: { code: string } }[] };
    withBadCode.features[2]!.properties.code = '35010';
    expect(() => parseGeoBundle(withBadCode, divisions())).toThrow(
      /^boundary file: features\.2\.properties\.code: /,
    );

    const withBadGeometry = boundaries() as { features: { geometry: { type: string } }[] };
    withBadGeometry.features[0]!.geometry.type = 'LineString';
    expect(() => parseGeoBundle(withBadGeometry, divisions())).toThrow(
      /^boundary file: features\.0\.geometry\.type: /,
    );
  });

  it('names the divisions file and the field', () => {
    const d = divisions() as {
      districts: { streets: { communities: { anchor: unknown }[] }[] }[];
    };
    d.districts[0]!.streets[1]!.communities[2]!.anchor = [119.3, 96];
    expect(() => parseGeoBundle(boundaries(), d)).toThrow(
      /^divisions file: districts\.0\.streets\.1\.communities\.2\.anchor\.1: /,
    );
    expect(() =>
      parseGeoBundle(boundaries(), { city: { code: '350100', name: '福州市' } }),
    ).toThrow(/^divisions file: districts: /);
  });

  it('names (root) when a file is not an object', () => {
    expect(() => parseGeoBundle(null, divisions())).toThrow(/^boundary file: \(root\): /);
    expect(() => parseGeoBundle(boundaries(), 'x')).toThrow(/^divisions file: \(root\): /);
  });
});
