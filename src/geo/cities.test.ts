// Every city shipped under public/geo/ holds together the same way Fuzhou does: a new city is
// checked by adding its folder, nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LngLat } from '@/domain/common';
import { parseGeoBundle } from './geo-data';
import { busiestDistrict, createGeoIndex, levelOfCode, type AreaNode } from './geo-index';

const geoRoot = new URL('../../public/geo/', import.meta.url);
const cities = readdirSync(geoRoot, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const read = (city: string, name: string): string =>
  readFileSync(new URL(`${city}/${name}`, geoRoot), 'utf8');

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

it('ships Fuzhou and at least one other city', () => {
  expect(cities).toContain('fuzhou');
  expect(cities.length).toBeGreaterThanOrEqual(2);
});

describe.each(cities)('public/geo/%s', (city) => {
  const bundle = parseGeoBundle(
    JSON.parse(read(city, 'districts.geojson')),
    JSON.parse(read(city, 'divisions.json')),
  );
  const geo = createGeoIndex(bundle);
  const cityCode = bundle.divisions.city.code;
  const inDistrict = (p: LngLat, code: string): boolean => {
    const f = bundle.boundaries.features.find((x) => x.properties.code === code);
    if (!f) return false;
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    return polys.some(
      ([outer, ...holes]) => !!outer && inRing(p, outer) && !holes.some((h) => inRing(p, h)),
    );
  };

  it('reaches every district, street and community of the division file from the city', () => {
    const seen: AreaNode[] = [];
    const queue = [cityCode];
    for (let i = 0; i < queue.length; i++) {
      const node = geo.area(queue[i]!);
      expect(node, queue[i]).toBeDefined();
      if (!node) continue;
      seen.push(node);
      queue.push(...node.children);
    }
    const d = bundle.divisions.districts;
    const streets = d.flatMap((x) => x.streets);
    const communities = streets.flatMap((s) => s.communities);
    const count = (level: string) => seen.filter((n) => n.level === level).length;
    expect([count('district'), count('street'), count('community')]).toEqual([
      d.length,
      streets.length,
      communities.length,
    ]);
    for (const node of seen) {
      expect(levelOfCode(node.code, cityCode), node.code).toBe(node.level);
      if (node.parent && node.level !== 'district')
        expect(node.code.startsWith(node.parent), node.code).toBe(true);
      if (node.level === 'district')
        expect(node.code.slice(0, 4), node.code).toBe(cityCode.slice(0, 4));
    }
  });

  it('has one boundary per district, each holding its label point', () => {
    expect(bundle.boundaries.features.map((f) => f.properties.code).sort()).toEqual(
      geo.districts.map((d) => d.code).sort(),
    );
    for (const f of bundle.boundaries.features) {
      const label = f.properties.label;
      expect(label, f.properties.code).toBeDefined();
      if (label) expect(geo.districtAt(label), f.properties.code).toBe(f.properties.code);
    }
  });

  it('places every street and community anchor in its own district', () => {
    const misplaced: string[] = [];
    for (const district of geo.districts)
      for (const streetCode of district.children) {
        const street = geo.area(streetCode)!;
        for (const node of [street, ...street.children.map((c) => geo.area(c)!)])
          if (
            !inDistrict(node.anchor, district.code) ||
            geo.districtAt(node.anchor) !== district.code
          )
            misplaced.push(`${node.code} ${node.name}`);
      }
    expect(misplaced).toEqual([]);
  });

  it('resolves the old codes its boundary source used to today’s districts', () => {
    for (const f of bundle.boundaries.features) {
      const { code, sourceCode } = f.properties;
      if (!sourceCode || sourceCode === code) continue;
      expect(geo.canonical(sourceCode)).toBe(code);
      expect(geo.area(sourceCode)).toBe(geo.area(code));
      expect(geo.path(sourceCode).map((n) => n.code)).toEqual([cityCode, code]);
    }
  });

  it('has English names, none of them repeating the district’s own name', () => {
    expect(bundle.divisions.city.nameEn).toMatch(/^[A-Z][a-z]+/);
    for (const d of geo.districts) {
      expect(d.nameEn, d.code).toMatch(/^[A-Z]/);
      // `鼓楼区鼓东街道` must not become `Gulouqu Gudong Subdistrict`.
      const stem = d.nameEn.split(' ')[0]!.toLowerCase();
      for (const s of d.children.map((c) => geo.area(c)!))
        expect(s.nameEn.toLowerCase().startsWith(`${stem}qu`), s.name).toBe(false);
    }
  });

  it('names a busiest district and says where its data comes from', () => {
    expect(geo.districts).toContain(busiestDistrict(geo));
    const sources = read(city, 'SOURCES.md');
    expect(sources).toMatch(/MIT/);
    expect(sources).toMatch(/WTFPL/);
    expect(sources).toMatch(/## Derived here \(scripts\/derive-geo\.mjs\)/);
  });
});
