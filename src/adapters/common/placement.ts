import type { LngLat } from '@/domain/common';
import type { AreaNode, GeoIndex } from '@/geo/geo-index';
import type { DroppedItem } from '../feed-adapter';

/** The division codes of the areas that contain a point. */
export interface AreaCodes {
  district: string;
  street: string;
  community: string;
}

/** Places a point in the city's hierarchy, or null when it lies outside the city. */
export type PlaceFn = (position: LngLat) => AreaCodes | null;

/**
 * Places points by the city's geography: the district whose boundary contains the point, then
 * the street and community with the nearest anchor inside it (streets and communities are
 * anchors with a radius in the divisions file, not polygons).
 */
export function createPlacer(geo: GeoIndex): PlaceFn {
  const nearest = (parent: AreaNode, [lng, lat]: LngLat): AreaNode | null => {
    const k = Math.cos((lat * Math.PI) / 180);
    let best: AreaNode | null = null;
    let bestD = Infinity;
    for (const code of parent.children) {
      const node = geo.area(code);
      if (!node) continue;
      const dx = (node.anchor[0] - lng) * k;
      const dy = node.anchor[1] - lat;
      const d = dx * dx + dy * dy;
      if (d < bestD) [best, bestD] = [node, d];
    }
    return best;
  };
  return (position) => {
    const code = geo.districtAt(position);
    const district = code === null ? undefined : geo.area(code);
    if (!district) return null;
    const street = nearest(district, position);
    const community = street && nearest(street, position);
    if (!street || !community) return null;
    return { district: district.code, street: street.code, community: community.code };
  };
}

/** A position read from a source, placed in the city, or why it cannot be. */
export type PositionResult =
  | { ok: true; position: LngLat; codes: AreaCodes }
  | { ok: false; problem: Omit<DroppedItem, 'id'> };

const problem = (rule: string, reason: string, path = 'position') => ({
  ok: false as const,
  problem: { rule, reason: `${path}: ${reason}`, path },
});

/**
 * Checks a source's longitude and latitude: numbers in range, not 0/0, inside the city; a point
 * that is outside but would be inside with longitude and latitude exchanged is flagged as a
 * likely swap (never silently corrected).
 */
export function placePosition(
  lng: unknown,
  lat: unknown,
  place: PlaceFn | undefined,
): PositionResult {
  const x = typeof lng === 'string' && lng.trim() !== '' ? Number(lng) : lng;
  const y = typeof lat === 'string' && lat.trim() !== '' ? Number(lat) : lat;
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y))
    return problem('invalid_type', 'no numeric longitude and latitude');
  const inRange = (lng: number, lat: number) =>
    lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90;
  const swapped = () => place !== undefined && inRange(y, x) && place([y, x]) !== null;
  const SWAP = 'outside the city, inside with longitude and latitude swapped';
  if (!inRange(x, y))
    return swapped()
      ? problem('latlng_swapped', SWAP)
      : problem('out_of_range', 'longitude or latitude out of range');
  if (x === 0 && y === 0) return problem('null_island', '0, 0 is not a place');
  if (!place) return problem('unplaced', 'no city geography to place the item in');
  const position: LngLat = [x, y];
  const codes = place(position);
  if (codes) return { ok: true, position, codes };
  if (swapped()) return problem('latlng_swapped', SWAP);
  return problem('outside_city', 'outside the city');
}
