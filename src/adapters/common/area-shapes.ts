import simplify from '@turf/simplify';
import { polygon as turfPolygon } from '@turf/helpers';
import type { Placed } from '@/domain/common';
import type { GeoIndex } from '@/geo/geo-index';
import { GRID_RESOLUTION, looksLikeCell } from '@/geo/grid';

type Ring = [number, number][];

/**
 * The city's areas as a standards adapter needs them for a geo-query: which areas lie one level
 * down, and a ring around each (a district's published boundary, simplified so that a URL holds
 * it; a street's or community's bounding box, since the divisions publish no boundary for them).
 */
export interface AreaShapes {
  /** The areas one level down from `within` (null: the city's districts). */
  children(within: string | null): string[];
  /**
   * A closed ring around the area (a division code or an H3 cell), [lng, lat]; null for an area
   * the city does not have.
   */
  ring(code: string): Promise<Ring | null>;
  /** Whether an item lies in the area, by its codes (or its position, for a cell). */
  contains(code: string): Promise<(item: Placed) => boolean>;
}

/** Vertices of a simplified district ring at most (a geo-query in a URL stays a few KB). */
const MAX_VERTICES = 80;

const boxRing = ([x0, y0, x1, y1]: [number, number, number, number]): Ring => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

/** The outer ring of a district's largest polygon, simplified until it has ≤ MAX_VERTICES. */
function districtRing(coordinates: number[][][][]): Ring {
  const area = (ring: number[][]) =>
    Math.abs(
      ring.reduce((s, [x, y], i) => {
        const [nx, ny] = ring[(i + 1) % ring.length]!;
        return s + x! * ny! - nx! * y!;
      }, 0),
    );
  const outer = coordinates.map((p) => p[0]!).sort((a, b) => area(b) - area(a))[0]!;
  let ring = outer.map(([x, y]) => [x!, y!] as [number, number]);
  for (let tolerance = 0.0005; ring.length > MAX_VERTICES && tolerance < 1; tolerance *= 2)
    ring = simplify(turfPolygon([outer]), { tolerance, highQuality: false }).geometry
      .coordinates[0] as Ring;
  return ring.map(([x, y]) => [Math.round(x * 1e5) / 1e5, Math.round(y * 1e5) / 1e5]);
}

export function createAreaShapes(geo: GeoIndex): AreaShapes {
  const features = new Map(geo.boundaries.features.map((f) => [String(f.properties.code), f]));
  const districtRings = new Map<string, Ring>();
  /** A district's simplified boundary, made on first use. */
  const districtRingOf = (code: string): Ring | null => {
    const feature = features.get(code);
    if (!feature) return null;
    let ring = districtRings.get(code);
    if (!ring) {
      const { geometry } = feature;
      ring = districtRing(
        geometry.type === 'Polygon'
          ? [geometry.coordinates as number[][][]]
          : (geometry.coordinates as number[][][][]),
      );
      districtRings.set(code, ring);
    }
    return ring;
  };
  return {
    children: (within) => geo.area(within ?? geo.cityCode)?.children ?? [],
    async ring(code) {
      if (looksLikeCell(code)) {
        const { cellToBoundary } = await import('h3-js');
        const ring = cellToBoundary(code, true) as Ring;
        return [...ring, ring[0]!];
      }
      const node = geo.area(code);
      if (!node) return null;
      return districtRingOf(node.code) ?? boxRing(node.bbox);
    },
    async contains(code) {
      if (looksLikeCell(code)) {
        const { latLngToCell } = await import('h3-js');
        return (item) => latLngToCell(item.position[1], item.position[0], GRID_RESOLUTION) === code;
      }
      if (code.length === 6) return (item) => item.district === code;
      if (code.length === 9) return (item) => item.street === code;
      return (item) => item.community === code;
    },
  };
}
