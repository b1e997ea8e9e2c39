import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { LngLat } from '@/domain/common';
import type { DistrictFeature, GeoBundle } from './geo-data';

export type AreaLevel = 'city' | 'district' | 'street' | 'community';

/** One node of the 市 → 区 → 街道 → 社区 hierarchy. */
export interface AreaNode {
  code: string;
  name: string;
  /** Romanised name for English screens (the Chinese name when the data has none). */
  nameEn: string;
  level: AreaLevel;
  parent: string | null;
  children: string[];
  /** Representative point: label point for a district, synthetic anchor below. */
  anchor: LngLat;
  /** [minLng, minLat, maxLng, maxLat]. */
  bbox: [number, number, number, number];
}

export interface GeoIndex {
  cityCode: string;
  /** Node by code; legacy codes (a boundary's `sourceCode`, e.g. 350182) resolve to today's area. */
  area(code: string): AreaNode | undefined;
  /** Today's code for a possibly legacy code, or the code itself. */
  canonical(code: string): string;
  /** From the city down to the area, inclusive. */
  path(code: string): AreaNode[];
  /** District code containing the point, or null outside the city. */
  districtAt(point: LngLat): string | null;
  districts: AreaNode[];
  boundaries: GeoBundle['boundaries'];
}

/** Level from the code's length: 6 district, 9 street, 12 community (the city's own code is 6 too). */
export function levelOfCode(code: string, cityCode: string): AreaLevel | null {
  if (code === cityCode) return 'city';
  if (/^\d{6}$/.test(code)) return 'district';
  if (/^\d{9}$/.test(code)) return 'street';
  if (/^\d{12}$/.test(code)) return 'community';
  return null;
}

function featureBbox(f: DistrictFeature): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const poly of polys)
    for (const [x, y] of poly[0] ?? []) {
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
    }
  return [x0, y0, x1, y1];
}

function pointsBbox(points: LngLat[], padDeg: number): [number, number, number, number] {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [
    Math.min(...xs) - padDeg,
    Math.min(...ys) - padDeg,
    Math.max(...xs) + padDeg,
    Math.max(...ys) + padDeg,
  ];
}

const M_PER_DEG = 111_320;

export function createGeoIndex(bundle: GeoBundle): GeoIndex {
  const { boundaries, divisions } = bundle;
  const nodes = new Map<string, AreaNode>();
  const features = new Map(boundaries.features.map((f) => [f.properties.code, f]));
  const cityCode = divisions.city.code;
  const districtBoxes = boundaries.features.map((f) => ({ f, box: featureBbox(f) }));
  const cityBox = districtBoxes.reduce<[number, number, number, number]>(
    (a, { box }) => [
      Math.min(a[0], box[0]),
      Math.min(a[1], box[1]),
      Math.max(a[2], box[2]),
      Math.max(a[3], box[3]),
    ],
    [Infinity, Infinity, -Infinity, -Infinity],
  );

  nodes.set(cityCode, {
    code: cityCode,
    name: divisions.city.name,
    nameEn: divisions.city.nameEn ?? divisions.city.name,
    level: 'city',
    parent: null,
    children: divisions.districts.map((d) => d.code),
    anchor: [(cityBox[0] + cityBox[2]) / 2, (cityBox[1] + cityBox[3]) / 2],
    bbox: cityBox,
  });
  for (const d of divisions.districts) {
    const f = features.get(d.code);
    const box = f ? featureBbox(f) : d.bbox;
    nodes.set(d.code, {
      code: d.code,
      name: d.name,
      nameEn: d.nameEn ?? d.name,
      level: 'district',
      parent: cityCode,
      children: d.streets.map((s) => s.code),
      anchor: f?.properties.label ?? [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2],
      bbox: box,
    });
    for (const s of d.streets) {
      const anchors = s.communities.map((c) => c.anchor);
      nodes.set(s.code, {
        code: s.code,
        name: s.name,
        nameEn: s.nameEn ?? s.name,
        level: 'street',
        parent: d.code,
        children: s.communities.map((c) => c.code),
        anchor: s.anchor,
        bbox: pointsBbox(anchors.length ? anchors : [s.anchor], s.radius / M_PER_DEG),
      });
      for (const c of s.communities) {
        nodes.set(c.code, {
          code: c.code,
          name: c.name,
          nameEn: c.nameEn ?? c.name,
          level: 'community',
          parent: s.code,
          children: [],
          anchor: c.anchor,
          bbox: pointsBbox([c.anchor], (c.radius * 2) / M_PER_DEG),
        });
      }
    }
  }

  // Codes renamed by re-divisions, old → today's: the city's own data (its boundary file).
  const legacy = new Map<string, string>();
  for (const f of boundaries.features) {
    const { code, sourceCode } = f.properties;
    if (sourceCode && sourceCode !== code && !nodes.has(sourceCode)) legacy.set(sourceCode, code);
  }
  const canonical = (code: string) => legacy.get(code) ?? code;
  const area = (code: string) => nodes.get(canonical(code));

  return {
    cityCode,
    area,
    canonical,
    path(code) {
      const out: AreaNode[] = [];
      let node = area(code);
      while (node) {
        out.unshift(node);
        node = node.parent ? nodes.get(node.parent) : undefined;
      }
      return out;
    },
    districtAt(point) {
      const [x, y] = point;
      for (const { f, box } of districtBoxes) {
        if (x < box[0] || x > box[2] || y < box[1] || y > box[3]) continue;
        if (booleanPointInPolygon(point, f.geometry)) return f.properties.code;
      }
      return null;
    },
    districts: divisions.districts.map((d) => nodes.get(d.code)!),
    boundaries,
  };
}

const VILLAGE = /村(民委员会|委会|委|会)?$/;

/**
 * Where a city-wide action lands when no district is selected: the district with the most
 * urban communities (社区 rather than 村), then with the most communities, then the first.
 */
export function busiestDistrict(geo: GeoIndex): AreaNode | undefined {
  let best: { node: AreaNode; urban: number; all: number } | undefined;
  for (const node of geo.districts) {
    let urban = 0;
    let all = 0;
    for (const street of node.children)
      for (const code of geo.area(street)?.children ?? []) {
        all += 1;
        if (!VILLAGE.test(geo.area(code)?.name ?? '')) urban += 1;
      }
    if (!best || urban > best.urban || (urban === best.urban && all > best.all))
      best = { node, urban, all };
  }
  return best?.node;
}
