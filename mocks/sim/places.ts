// The city's places flattened for the simulator: weights for drawing communities, safe anchors,
// and scattering points around an anchor that stay inside the district's polygon.
import type { LngLat } from '../../src/domain/common';
import type { GeoBundle } from '../../src/geo/geo-data';
import { createGeoIndex, type GeoIndex } from '../../src/geo/geo-index';
import {
  FUZHOU_POPULATION,
  FUZHOU_RIVERS,
  FUZHOU_ROADS,
  FUZHOU_URBAN_STREETS,
  districtPopulation,
  districtRivers,
  districtRoads,
  shortCommunityName,
  shortDistrictName,
  shortStreetName,
} from './names';
import { AliasTable, Rng, hash } from './prng';

export interface District {
  index: number;
  code: string;
  name: string;
  short: string;
  /** Population weight (millions: Fuzhou's table, elsewhere from its communities). */
  population: number;
  roads: readonly string[];
  rivers: readonly string[];
  streets: Street[];
  communities: Community[];
}

export interface Street {
  index: number;
  code: string;
  name: string;
  short: string;
  district: District;
  urban: boolean;
  communities: Community[];
}

export interface Community {
  index: number;
  code: string;
  name: string;
  short: string;
  street: Street;
  district: District;
  /** Inside the district's polygon (the published anchor, moved in when it lies outside). */
  anchor: LngLat;
  radius: number;
  village: boolean;
  /** Two roads nearby, for addresses and templates. */
  roads: readonly [string, string];
}

export interface Places {
  geo: GeoIndex;
  districts: District[];
  streets: Street[];
  communities: Community[];
  district(code: string): District | undefined;
  /**
   * A point within `spread` m of `center` (default: the community's anchor and radius) that lies
   * in the community's district polygon. Deterministic in `h`.
   */
  scatter(c: Community, h: number, spread?: number, center?: LngLat): LngLat;
  /** Draws communities with the given weight per community (0 excludes). */
  sampler(weight: (c: Community) => number): CommunitySampler;
}

export interface CommunitySampler {
  draw(rng: Rng): Community;
  /** Communities with a positive weight. */
  readonly size: number;
}

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LNG_EQ = 111_320;

export const roundCoord = (x: number): number => Math.round(x * 1e6) / 1e6;

export function offsetMeters(p: LngLat, dx: number, dy: number): LngLat {
  const lng = p[0] + dx / (M_PER_DEG_LNG_EQ * Math.cos((p[1] * Math.PI) / 180));
  const lat = p[1] + dy / M_PER_DEG_LAT;
  return [roundCoord(lng), roundCoord(lat)];
}

export function distanceMeters(a: LngLat, b: LngLat): number {
  const dx = (a[0] - b[0]) * M_PER_DEG_LNG_EQ * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  const dy = (a[1] - b[1]) * M_PER_DEG_LAT;
  return Math.hypot(dx, dy);
}

interface Edge {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function boundaryEdges(geo: GeoBundle): Edge[] {
  const edges: Edge[] = [];
  for (const f of geo.boundaries.features) {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const poly of polys)
      for (const ring of poly)
        for (let i = 1; i < ring.length; i += 1) {
          const a = ring[i - 1];
          const b = ring[i];
          if (a && b) edges.push({ x0: a[0], y0: a[1], x1: b[0], y1: b[1] });
        }
  }
  return edges;
}

/** Edges bucketed in a grid of `cell`-degree squares, so a clearance query scans only nearby ones. */
class EdgeGrid {
  private readonly buckets = new Map<number, Edge[]>();

  constructor(
    edges: readonly Edge[],
    private readonly cell: number,
  ) {
    for (const e of edges) {
      const x0 = Math.floor(Math.min(e.x0, e.x1) / cell);
      const x1 = Math.floor(Math.max(e.x0, e.x1) / cell);
      const y0 = Math.floor(Math.min(e.y0, e.y1) / cell);
      const y1 = Math.floor(Math.max(e.y0, e.y1) / cell);
      for (let x = x0; x <= x1; x += 1)
        for (let y = y0; y <= y1; y += 1) {
          const key = x * 100_000 + y;
          const list = this.buckets.get(key);
          if (list) list.push(e);
          else this.buckets.set(key, [e]);
        }
    }
  }

  /** Distance in m from `p` to the nearest edge, capped at `cap` (which must not exceed a cell). */
  clearance(p: LngLat, cap: number): number {
    const kx = M_PER_DEG_LNG_EQ * Math.cos((p[1] * Math.PI) / 180);
    const ky = M_PER_DEG_LAT;
    const cx = Math.floor(p[0] / this.cell);
    const cy = Math.floor(p[1] / this.cell);
    let best = cap;
    for (let x = cx - 1; x <= cx + 1; x += 1)
      for (let y = cy - 1; y <= cy + 1; y += 1)
        for (const e of this.buckets.get(x * 100_000 + y) ?? []) {
          const ax = (e.x0 - p[0]) * kx;
          const ay = (e.y0 - p[1]) * ky;
          const dx = (e.x1 - e.x0) * kx;
          const dy = (e.y1 - e.y0) * ky;
          const len2 = dx * dx + dy * dy;
          const s = len2 === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2));
          const d = Math.hypot(ax + s * dx, ay + s * dy);
          if (d < best) best = d;
        }
    return best;
  }
}

function isUrbanStreet(districtCode: string, streetName: string): boolean {
  const rule = FUZHOU_URBAN_STREETS[districtCode];
  if (rule === 'all') return true;
  if (rule) return rule.some((prefix) => streetName.startsWith(prefix));
  return streetName.endsWith('街道');
}

export function createPlaces(bundle: GeoBundle): Places {
  const geo = createGeoIndex(bundle);
  // Cells of 0.05° (≥ 4.9 km at these latitudes) cover the 4 km clearance cap from the 3×3 block.
  const grid = new EdgeGrid(boundaryEdges(bundle), 0.05);
  const districts: District[] = [];
  const streets: Street[] = [];
  const communities: Community[] = [];
  const byCode = new Map<string, District>();

  const inside = (p: LngLat, code: string): boolean => geo.districtAt(p) === code;

  /** The first point from `from` towards each target that lies inside the district. */
  const moveInside = (from: LngLat, code: string, targets: readonly LngLat[]): LngLat => {
    if (inside(from, code)) return from;
    for (const to of targets)
      for (let i = 1; i <= 20; i += 1) {
        const f = i / 20;
        const p: LngLat = [
          roundCoord(from[0] + (to[0] - from[0]) * f),
          roundCoord(from[1] + (to[1] - from[1]) * f),
        ];
        if (inside(p, code)) return p;
      }
    return from;
  };

  bundle.divisions.districts.forEach((d) => {
    const label = geo.area(d.code)?.anchor ?? [
      (d.bbox[0] + d.bbox[2]) / 2,
      (d.bbox[1] + d.bbox[3]) / 2,
    ];
    const streetNames = d.streets.map((s) => s.name);
    const district: District = {
      index: districts.length,
      code: d.code,
      name: d.name,
      short: shortDistrictName(d.name),
      population:
        FUZHOU_POPULATION[d.code] ??
        districtPopulation(d.streets.flatMap((s) => s.communities.map((c) => c.name))),
      roads: FUZHOU_ROADS[d.code] ?? districtRoads(d.name, streetNames),
      rivers: FUZHOU_RIVERS[d.code] ?? districtRivers(d.name, streetNames),
      streets: [],
      communities: [],
    };
    districts.push(district);
    byCode.set(d.code, district);
    const anyUrban = d.streets.some((s) => isUrbanStreet(d.code, s.name));
    d.streets.forEach((s, si) => {
      const streetAnchor = moveInside(s.anchor, d.code, [label]);
      const street: Street = {
        index: streets.length,
        code: s.code,
        name: s.name,
        short: shortStreetName(s.name),
        district,
        // A district without any built-up street still needs one to hold its urban entities.
        urban: isUrbanStreet(d.code, s.name) || (!anyUrban && si === 0),
        communities: [],
      };
      streets.push(street);
      district.streets.push(street);
      for (const c of s.communities) {
        const short = shortCommunityName(c.name);
        const h = hash(0x9ace, communities.length);
        const roads = district.roads;
        const r0 = roads[h % roads.length] ?? '人民路';
        const r1 = roads[(h >>> 8) % roads.length] ?? '中山路';
        const community: Community = {
          index: communities.length,
          code: c.code,
          name: c.name,
          short,
          street,
          district,
          anchor: moveInside(c.anchor, d.code, [streetAnchor, label]),
          radius: c.radius,
          village: short.endsWith('村'),
          roads: [r0, r1 === r0 ? (roads[(roads.indexOf(r0) + 1) % roads.length] ?? r1) : r1],
        };
        communities.push(community);
        street.communities.push(community);
        district.communities.push(community);
      }
    });
  });

  const clearances = new Float64Array(communities.length).fill(Number.NaN);
  const clearance = (c: Community): number => {
    let v = clearances[c.index] ?? Number.NaN;
    if (Number.isNaN(v)) {
      v = grid.clearance(c.anchor, 4000);
      clearances[c.index] = v;
    }
    return v;
  };

  return {
    geo,
    districts,
    streets,
    communities,
    district: (code) => byCode.get(geo.canonical(code)),
    scatter(c, h, spread = c.radius, center = c.anchor) {
      const rng = new Rng(h);
      const fromAnchor = center === c.anchor ? 0 : distanceMeters(center, c.anchor);
      for (let attempt = 0; attempt < 6; attempt += 1) {
        const r = spread * Math.sqrt(rng.next());
        const a = 2 * Math.PI * rng.next();
        const p = offsetMeters(center, r * Math.cos(a), r * Math.sin(a));
        // Within the clearance disc no boundary can be crossed, so no polygon test is needed.
        if (fromAnchor + r + 2 < clearance(c)) return p;
        if (inside(p, c.district.code)) return p;
      }
      return center;
    },
    sampler(weight) {
      const picked = communities.filter((c) => weight(c) > 0);
      if (picked.length === 0) throw new RangeError('no community has a positive weight');
      const table = new AliasTable(picked.map(weight));
      return {
        size: picked.length,
        draw: (rng) => picked[table.sample(rng)] as Community,
      };
    },
  };
}
