// The interpolated AQI surface: inverse-distance weighting of the online air stations' AQI onto H3
// cells at a resolution per drill level, fading out where no station is near (docs/metrics.md).
// Runs in the worker; the cells' outlines and values cross to the page as typed arrays.
import type * as H3Module from 'h3-js';
import type { SensorReading } from '@/domain/sensor';
import type { GeoIndex } from '@/geo/geo-index';
import { looksLikeCell } from '@/geo/grid';
import type { AreaParams } from '@/feeds/area-filter';
import { defineView } from '@/feeds/view-builder';
import { contextOf, type EnvironmentContext } from './environment-view';
import { K_AIR, S_ONLINE, recordState, sensorRecord, stateClock } from './sensor-records';
import { ENVIRONMENT_SURFACE } from './views';

type H3 = typeof H3Module;
let h3: H3 | null = null;
export async function loadH3(): Promise<H3> {
  h3 ??= await import('h3-js');
  return h3;
}

/**
 * Per drill level: the H3 resolution, the distance within which the surface is opaque (`near`)
 * and beyond which it is not drawn (`far`), in metres. `far` is also the reach of a station.
 */
export const SURFACE_LEVELS = {
  city: { resolution: 7, near: 2500, far: 8000 },
  district: { resolution: 8, near: 900, far: 3000 },
  street: { resolution: 9, near: 350, far: 1200 },
} as const;
export type SurfaceLevel = keyof typeof SURFACE_LEVELS;

/** Centre-to-centre spacing of neighbouring cells (≈ √3 × the mean edge length), m. */
const SPACING: Readonly<Record<number, number>> = { 7: 2110, 8: 800, 9: 300 };
/** Distances below this count as this (a station inside a cell does not take its whole weight). */
const MIN_DISTANCE = 150;

export const surfaceLevelOf = (area: string | null): SurfaceLevel =>
  area === null || /^\d{4}00$/.test(area) ? 'city' : area.length === 6 ? 'district' : 'street';

export interface Surface {
  area: string | null;
  level: SurfaceLevel;
  resolution: number;
  /** Cells drawn (within `far` of a station), and stations used. */
  length: number;
  stations: number;
  /** Closed outlines, [lng, lat] pairs; cell i's vertices start at `starts[i]` (vertex index). */
  outlines: Float32Array;
  starts: Uint32Array;
  /** Interpolated AQI per cell. */
  aqi: Float32Array;
  /** Opacity 0–255 by the distance to the nearest station. */
  fade: Uint8Array;
}

interface Geometry {
  cells: string[];
  /** Target cell centres, [lng, lat]. */
  centres: Float64Array;
  /** CSR: neighbours of target t are `neighbours[offsets[t] … offsets[t + 1])`, indexes into `pool`. */
  offsets: Uint32Array;
  neighbours: Uint32Array;
  pool: Map<string, number>;
  outlines: Float32Array;
  starts: Uint32Array;
}

const geometries = new Map<string, Geometry>();
const GEOMETRY_LIMIT = 24;

function targetCells(
  h: H3,
  area: string | null,
  geo: GeoIndex | null,
  resolution: number,
): string[] {
  const out = new Set<string>();
  const addPolygon = (rings: number[][][]) => {
    try {
      for (const cell of h.polygonToCells(rings, resolution, true)) out.add(cell);
    } catch {
      // A sliver (an islet of three points) H3 cannot fill holds no cell centre anyway.
    }
  };
  const level = surfaceLevelOf(area);
  if (area !== null && looksLikeCell(area)) {
    for (const cell of h.gridDisk(
      h.cellToParent(area, Math.min(resolution, h.getResolution(area))),
      3,
    ))
      out.add(cell);
    return [...out];
  }
  if (level !== 'street' && geo) {
    for (const f of geo.boundaries.features) {
      if (level === 'district' && f.properties.code !== area) continue;
      const g = f.geometry;
      if (g.type === 'Polygon') addPolygon(g.coordinates as number[][][]);
      else for (const p of g.coordinates) addPolygon(p as number[][][]);
    }
  }
  if (out.size === 0) {
    const node = area !== null ? geo?.area(area) : undefined;
    if (node) {
      const [x0, y0, x1, y1] = node.bbox;
      addPolygon([
        [
          [x0, y0],
          [x1, y0],
          [x1, y1],
          [x0, y1],
          [x0, y0],
        ],
      ]);
    }
  }
  return [...out].sort();
}

function geometryOf(h: H3, area: string | null, geo: GeoIndex | null): Geometry {
  const level = surfaceLevelOf(area);
  const { resolution, far } = SURFACE_LEVELS[level];
  const key = `${area ?? ''}|${resolution}`;
  const held = geometries.get(key);
  if (held) {
    geometries.delete(key);
    geometries.set(key, held);
    return held;
  }
  const cells = targetCells(h, area, geo, resolution);
  const k = Math.ceil(far / (SPACING[resolution] ?? 300));
  const centres = new Float64Array(cells.length * 2);
  const offsets = new Uint32Array(cells.length + 1);
  const pool = new Map<string, number>();
  const neighbours: number[] = [];
  const vertices: number[] = [];
  const starts = new Uint32Array(cells.length);
  cells.forEach((cell, t) => {
    const [lat, lng] = h.cellToLatLng(cell);
    centres[t * 2] = lng;
    centres[t * 2 + 1] = lat;
    for (const n of h.gridDisk(cell, k)) {
      let j = pool.get(n);
      if (j === undefined) pool.set(n, (j = pool.size));
      neighbours.push(j);
    }
    offsets[t + 1] = neighbours.length;
    starts[t] = vertices.length / 2;
    for (const [x, y] of h.cellToBoundary(cell, true)) vertices.push(x, y);
  });
  const geometry: Geometry = {
    cells,
    centres,
    offsets,
    neighbours: Uint32Array.from(neighbours),
    pool,
    outlines: Float32Array.from(vertices),
    starts,
  };
  geometries.set(key, geometry);
  while (geometries.size > GEOMETRY_LIMIT)
    geometries.delete(geometries.keys().next().value as string);
  return geometry;
}

/** Each station's cell per resolution, kept while its position does not change. */
const stationCells = new Map<string, { x: number; y: number; cells: Map<number, string> }>();

function cellOfStation(h: H3, r: SensorReading, resolution: number): string {
  let entry = stationCells.get(r.id);
  const [x, y] = r.position;
  if (!entry || entry.x !== x || entry.y !== y) {
    entry = { x, y, cells: new Map() };
    stationCells.set(r.id, entry);
  }
  let cell = entry.cells.get(resolution);
  if (!cell) entry.cells.set(resolution, (cell = h.latLngToCell(y, x, resolution)));
  return cell;
}

const M_PER_DEG = 111_320;

/** The city's online air stations with an AQI, kept per data revision while no state changes. */
interface OnlineStations {
  source: object;
  revision: number;
  generatedAt: number;
  rules: EnvironmentContext['rules'];
  until: number;
  x: Float64Array;
  y: Float64Array;
  aqi: Float64Array;
  readings: SensorReading[];
  cells: Map<number, string[]>;
}
let held: OnlineStations | null = null;

function onlineStations(
  all: ReadonlyMap<string, SensorReading> | readonly SensorReading[],
  ctx: EnvironmentContext,
): OnlineStations {
  if (
    held &&
    held.source === all &&
    held.revision === ctx.revision &&
    held.generatedAt === ctx.generatedAt &&
    held.rules === ctx.rules &&
    ctx.now < held.until &&
    ctx.revision > 0
  )
    return held;
  const readings: SensorReading[] = [];
  const values: number[] = [];
  let until = Infinity;
  const sensors = ctx.rules.settings.sensors;
  for (const r of all.values()) {
    const rec = sensorRecord(r, ctx.rules);
    if (rec.kind !== K_AIR) continue;
    const state = recordState(rec, rec.derived!.plausible, ctx.now, ctx.generatedAt, sensors);
    if (stateClock.until < until) until = stateClock.until;
    if (state !== S_ONLINE || rec.aqi === null) continue;
    readings.push(r);
    values.push(rec.aqi);
  }
  held = {
    source: all,
    revision: ctx.revision,
    generatedAt: ctx.generatedAt,
    rules: ctx.rules,
    until,
    x: Float64Array.from(readings, (r) => r.position[0]),
    y: Float64Array.from(readings, (r) => r.position[1]),
    aqi: Float64Array.from(values),
    readings,
    cells: new Map(),
  };
  return held;
}

function cellsAt(h: H3, online: OnlineStations, resolution: number): string[] {
  const cells = online.readings.map((r) => cellOfStation(h, r, resolution));
  online.cells.set(resolution, cells);
  return cells;
}

/** Builds the surface of an area from every air station of the city (runs in the worker). */
export function buildSurface(
  h: H3,
  /** Every sensor of the city (the feed store's map: one object per store, per revision). */
  all: ReadonlyMap<string, SensorReading> | readonly SensorReading[],
  params: AreaParams,
  ctx: EnvironmentContext,
  geo: GeoIndex | null,
): Surface {
  const level = surfaceLevelOf(params.area);
  const { resolution, near, far } = SURFACE_LEVELS[level];
  const g = geometryOf(h, params.area, geo);
  // Stations aggregated per cell of the pool: count, AQI sum, position sums.
  const size = g.pool.size;
  const count = new Uint32Array(size);
  const sum = new Float64Array(size);
  const sx = new Float64Array(size);
  const sy = new Float64Array(size);
  const online = onlineStations(all, ctx);
  if (online.until < Infinity) ctx.changesAt(online.until);
  const cells = online.cells.get(resolution) ?? cellsAt(h, online, resolution);
  let stations = 0;
  for (let k = 0; k < online.aqi.length; k += 1) {
    const j = g.pool.get(cells[k]!);
    if (j === undefined) continue;
    stations += 1;
    count[j]! += 1;
    sum[j]! += online.aqi[k]!;
    sx[j]! += online.x[k]!;
    sy[j]! += online.y[k]!;
  }

  const n = g.cells.length;
  const aqi = new Float32Array(n);
  const fade = new Uint8Array(n);
  const keep = new Uint8Array(n);
  let kept = 0;
  const coslat = Math.cos(((g.centres[1] ?? 0) * Math.PI) / 180);
  for (let t = 0; t < n; t += 1) {
    const cx = g.centres[t * 2]!;
    const cy = g.centres[t * 2 + 1]!;
    let wsum = 0;
    let vsum = 0;
    let nearest = Infinity;
    for (let e = g.offsets[t]!; e < g.offsets[t + 1]!; e += 1) {
      const j = g.neighbours[e]!;
      const c = count[j]!;
      if (c === 0) continue;
      const dx = (sx[j]! / c - cx) * M_PER_DEG * coslat;
      const dy = (sy[j]! / c - cy) * M_PER_DEG;
      const dist = Math.sqrt(dx * dx + dy * dy);
      if (dist > far) continue;
      if (dist < nearest) nearest = dist;
      const dd = Math.max(dist, MIN_DISTANCE);
      const w = c / (dd * dd);
      wsum += w;
      vsum += w * (sum[j]! / c);
    }
    if (wsum === 0) continue;
    aqi[t] = vsum / wsum;
    fade[t] = Math.round(255 * Math.min(1, Math.max(0, (far - nearest) / (far - near))));
    if (fade[t]! > 0) {
      keep[t] = 1;
      kept += 1;
    }
  }
  // Only the cells drawn cross to the page.
  let vertexCount = 0;
  for (let t = 0; t < n; t += 1)
    if (keep[t])
      vertexCount += (t + 1 < n ? g.starts[t + 1]! : g.outlines.length / 2) - g.starts[t]!;
  const outlines = new Float32Array(vertexCount * 2);
  const starts = new Uint32Array(kept);
  const outAqi = new Float32Array(kept);
  const outFade = new Uint8Array(kept);
  let o = 0;
  let v = 0;
  for (let t = 0; t < n; t += 1) {
    if (!keep[t]) continue;
    const from = g.starts[t]!;
    const to = t + 1 < n ? g.starts[t + 1]! : g.outlines.length / 2;
    starts[o] = v;
    outlines.set(g.outlines.subarray(from * 2, to * 2), v * 2);
    v += to - from;
    outAqi[o] = aqi[t]!;
    outFade[o] = fade[t]!;
    o += 1;
  }
  return {
    area: params.area,
    level,
    resolution,
    length: kept,
    stations,
    outlines,
    starts,
    aqi: outAqi,
    fade: outFade,
  };
}

export const environmentSurfaceView = defineView<AreaParams, Surface>({
  ...ENVIRONMENT_SURFACE,
  prepare: async () => {
    await loadH3();
  },
  build: (input, params, ctx) =>
    buildSurface(h3!, input.all('sensors'), params, contextOf(input, ctx), ctx.geo),
  transferables: (s) => [s.outlines.buffer, s.starts.buffer, s.aqi.buffer, s.fade.buffer],
});
