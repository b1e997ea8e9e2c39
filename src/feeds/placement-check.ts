import type { LngLat } from '@/domain/common';
import type { GeoIndex } from '@/geo/geo-index';

/** Where an item stands against the area its codes name. */
export type Placement = 'ok' | 'outOfArea' | 'unknownArea';

interface PlacedItem {
  id: string;
  position: LngLat;
  district: string;
  community: string;
}

const GRID = 256;
const MIXED = -1;
const OUTSIDE = -2;

/**
 * Which district a point lies in, fast: a raster over the city's extent answers for cells no
 * boundary crosses, and only points in the cells a boundary crosses are tested against the
 * polygons. Exact, since a cell's centre decides for the whole cell only where no edge runs.
 */
export function createDistrictLocator(geo: GeoIndex): (point: LngLat) => string | null {
  const codes = geo.boundaries.features.map((f) => f.properties.code);
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const rings: LngLat[][] = [];
  for (const f of geo.boundaries.features) {
    const polygons =
      f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const polygon of polygons)
      for (const ring of polygon) {
        rings.push(ring as LngLat[]);
        for (const [x, y] of ring) {
          if (x < x0) x0 = x;
          if (y < y0) y0 = y;
          if (x > x1) x1 = x;
          if (y > y1) y1 = y;
        }
      }
  }
  if (!Number.isFinite(x0)) return () => null;
  const w = (x1 - x0) / GRID || 1e-9;
  const h = (y1 - y0) / GRID || 1e-9;
  const cells = new Int16Array(GRID * GRID);
  const cellX = (x: number) => Math.min(GRID - 1, Math.max(0, Math.floor((x - x0) / w)));
  const cellY = (y: number) => Math.min(GRID - 1, Math.max(0, Math.floor((y - y0) / h)));
  // Every cell an edge touches is mixed (a supercover walk along each edge, in small steps).
  for (const ring of rings)
    for (let i = 1; i < ring.length; i += 1) {
      const [ax, ay] = ring[i - 1]!;
      const [bx, by] = ring[i]!;
      const steps = Math.max(
        1,
        Math.ceil(Math.max(Math.abs(bx - ax) / w, Math.abs(by - ay) / h) * 2),
      );
      for (let k = 0; k <= steps; k += 1) {
        const x = ax + ((bx - ax) * k) / steps;
        const y = ay + ((by - ay) * k) / steps;
        const cx = cellX(x);
        const cy = cellY(y);
        // The neighbours too: a step can cut a corner of a cell between two samples.
        for (let dy = -1; dy <= 1; dy += 1)
          for (let dx = -1; dx <= 1; dx += 1) {
            const nx = cx + dx;
            const ny = cy + dy;
            if (nx >= 0 && ny >= 0 && nx < GRID && ny < GRID) cells[ny * GRID + nx] = MIXED;
          }
      }
    }
  for (let cy = 0; cy < GRID; cy += 1)
    for (let cx = 0; cx < GRID; cx += 1) {
      const at = cy * GRID + cx;
      if (cells[at] === MIXED) continue;
      const code = geo.districtAt([x0 + (cx + 0.5) * w, y0 + (cy + 0.5) * h]);
      cells[at] = code === null ? OUTSIDE : codes.indexOf(code);
    }
  return (point) => {
    const [x, y] = point;
    if (!(x >= x0 && x <= x1 && y >= y0 && y <= y1)) return null;
    const value = cells[cellY(y) * GRID + cellX(x)]!;
    if (value === OUTSIDE) return null;
    if (value >= 0) return codes[value] ?? null;
    return geo.districtAt(point);
  };
}

/**
 * Checks an item's position against the area its codes name: a community the city does not
 * have, or a point outside the district its codes name, is flagged (kept, counted, shown).
 * Memoised per item object: unchanged items are not checked again.
 */
export function createPlacementChecker(geo: GeoIndex): (item: PlacedItem) => Placement {
  const locate = createDistrictLocator(geo);
  const memo = new WeakMap<object, Placement>();
  return (item) => {
    let placement = memo.get(item);
    if (placement === undefined) {
      const district = geo.area(item.district);
      if (!district || !geo.area(item.community)) placement = 'unknownArea';
      else {
        const at = locate(item.position);
        placement = at !== null && at === district.code ? 'ok' : 'outOfArea';
      }
      memo.set(item, placement);
    }
    return placement;
  };
}
