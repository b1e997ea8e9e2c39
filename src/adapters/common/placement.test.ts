import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGeoBundle } from '@/geo/geo-data';
import { createGeoIndex, type AreaNode, type GeoIndex } from '@/geo/geo-index';
import { createPlacer, placePosition } from './placement';

const node = (code: string, anchor: [number, number], children: string[] = []): AreaNode => ({
  code,
  name: code,
  nameEn: code,
  level: code.length === 6 ? 'district' : code.length === 9 ? 'street' : 'community',
  parent: null,
  children,
  anchor,
  bbox: [0, 0, 0, 0],
});

const nodes = new Map<string, AreaNode>(
  [
    node('350102', [119.3, 26.08], ['350102001', '350102002']),
    node('350102001', [119.29, 26.08], ['350102001001', '350102001002']),
    node('350102002', [119.32, 26.09], ['350102002001']),
    node('350102001001', [119.28, 26.08]),
    node('350102001002', [119.295, 26.075]),
    node('350102002001', [119.32, 26.09]),
  ].map((n) => [n.code, n]),
);
const geo = {
  area: (code: string) => nodes.get(code),
  districtAt: ([lng, lat]: [number, number]) =>
    lng > 119.2 && lng < 119.4 && lat > 26 && lat < 26.2 ? '350102' : null,
} as unknown as GeoIndex;

describe('placement', () => {
  it('places a point in its district and the nearest street and community anchors', () => {
    const place = createPlacer(geo);
    expect(place([119.296, 26.076])).toEqual({
      district: '350102',
      street: '350102001',
      community: '350102001002',
    });
    expect(place([119.33, 26.1])?.community).toBe('350102002001');
    expect(place([0, 0])).toBeNull();
  });

  it('reads numeric strings and flags what cannot be placed', () => {
    const place = createPlacer(geo);
    expect(placePosition('119.296', '26.076', place)).toMatchObject({ ok: true });
    const rule = (x: unknown, y: unknown) => {
      const r = placePosition(x, y, place);
      return r.ok ? 'ok' : r.problem.rule;
    };
    expect(rule(26.076, 119.296)).toBe('latlng_swapped');
    expect(rule(121.5, 31.2)).toBe('outside_city');
    expect(rule(0, 0)).toBe('null_island');
    expect(rule(200, 0)).toBe('out_of_range');
    expect(rule('', '')).toBe('invalid_type');
    expect(rule(NaN, 1)).toBe('invalid_type');
    expect(rule(Infinity, 1)).toBe('invalid_type');
    expect(placePosition(119.3, 26.1, undefined)).toMatchObject({
      ok: false,
      problem: { rule: 'unplaced' },
    });
  });
});

describe('placement on the Fuzhou geography', () => {
  const read = (name: string): unknown =>
    JSON.parse(
      readFileSync(new URL(`../../../public/geo/fuzhou/${name}`, import.meta.url), 'utf8'),
    );
  const fuzhou = createGeoIndex(parseGeoBundle(read('districts.geojson'), read('divisions.json')));
  const place = createPlacer(fuzhou);

  it('places every community anchor in codes that nest, in the district that holds it', () => {
    let placed = 0;
    for (const district of fuzhou.districts)
      for (const streetCode of district.children)
        for (const communityCode of fuzhou.area(streetCode)?.children ?? []) {
          const anchor = fuzhou.area(communityCode)!.anchor;
          const codes = place(anchor);
          if (!codes) continue;
          placed += 1;
          expect(codes.street.startsWith(codes.district)).toBe(true);
          expect(codes.community.startsWith(codes.street)).toBe(true);
          expect(codes.district).toBe(fuzhou.districtAt(anchor));
        }
    expect(placed).toBeGreaterThan(100);
  });

  it('flags Gulou with its coordinates swapped', () => {
    const gulou: [number, number] = [119.296, 26.075];
    expect(place(gulou)?.district).toBe('350102');
    expect(placePosition(gulou[1], gulou[0], place)).toMatchObject({
      ok: false,
      problem: { rule: 'latlng_swapped' },
    });
  });
});
