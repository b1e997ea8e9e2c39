// Pure deck.gl layer builders of the inspection scenario: detections as hex cells (the analysis'
// H3 cells by count), heat or points; the hot-spot cells outlined by class (colour, dash and
// width); cameras by status; the selected detection. Only layers that draw something are returned.
import type { Layer } from '@deck.gl/core';
import { PathStyleExtension, type PathStyleExtensionProps } from '@deck.gl/extensions';
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import { IconLayer, PathLayer, ScatterplotLayer } from '@deck.gl/layers';
import { classIconAtlas } from './class-icons';
import { cellCentre, cellPolygon } from '@/geo/cells';
import type { LngLat } from '@/domain/common';
import { CityHeatmapLayer } from '@/map/heatmap-layer';
import { codeName, styleOfCode, type ClassStyle } from './class-style';
import type { HotspotCells, HotspotView } from './hotspot-view';
import type { CameraFigures, DetectionPoints, InspectionView } from './inspection-view';
import type { InspectionSummary } from './summary-view';

export type InspectionLayerMode = 'hex' | 'heat' | 'points';

export interface InspectionLayerUi {
  mode: InspectionLayerMode;
  /** Whether cameras are drawn (all of them below the city; offline ones only at the city). */
  cameras: boolean;
  /** The whole city is shown: only offline cameras, no picking of single detections. */
  city: boolean;
  /** Index into the view's points of the selected detection, or -1. */
  selectedIndex: number;
  /** The selected grid cell, outlined in the accent colour. */
  selectedCell: string | null;
}

const QUANTITY: [number, number, number][] = [
  [18, 58, 92],
  [35, 86, 132],
  [47, 111, 168],
  [70, 150, 210],
  [90, 177, 239],
  [191, 227, 255],
];

/** A cell's fill on the quantity ramp by its share of the busiest cell (square root: counts are skewed). */
export function cellFill(total: number, max: number): [number, number, number, number] {
  if (total <= 0 || max <= 0) return [0, 0, 0, 0];
  // Any detection at all shows (the ramp's first step is the panel's own colour).
  const share = Math.sqrt(total / max);
  const steps = QUANTITY.length - 1;
  const c = QUANTITY[1 + Math.min(steps - 1, Math.floor(share * steps))]!;
  return [c[0], c[1], c[2], 190];
}

/** Detection status colours: new (quantity blue), a case still open (category violet), handled (grey). */
export const POINT_COLORS: Record<number, [number, number, number, number]> = {
  0: [90, 177, 239, 230],
  1: [154, 140, 242, 245],
  2: [169, 184, 201, 170],
};

interface Outline {
  /** The cell's boundary as a closed ring. */
  polygon: LngLat[];
  centre: LngLat;
  /** The class's name (its icon in the atlas). */
  name: string;
  style: ClassStyle;
  cell: string;
}

// Per data version, made once: deck.gl treats a new container as new data.
const outlineCache = new WeakMap<HotspotCells, Outline[]>();
const cellDataCache = new WeakMap<HotspotCells, { cell: string; total: number; max: number }[]>();
const pointCache = new WeakMap<DetectionPoints, unknown>();
const cameraCache = new WeakMap<CameraFigures, unknown>();

/** The cells the map outlines: eligible, of a hot class; drawn weakest first so strong ones stay on top. */
export function classOutlines(cells: HotspotCells): Outline[] {
  let out = outlineCache.get(cells);
  if (out) return out;
  out = [];
  for (let k = 0; k < cells.length; k++) {
    if (cells.eligible[k] !== 1) continue;
    const style = styleOfCode(cells.classes[k] as number);
    if (!style) continue;
    const cell = cells.ids[k] as string;
    out.push({
      polygon: cellPolygon(cell),
      centre: cellCentre(cell),
      name: codeName(cells.classes[k] as number),
      style,
      cell,
    });
  }
  out.sort((a, b) => a.style.width - b.style.width);
  outlineCache.set(cells, out);
  return out;
}

function cellData(cells: HotspotCells) {
  let data = cellDataCache.get(cells);
  if (!data) {
    let max = 0;
    for (let k = 0; k < cells.length; k++) max = Math.max(max, cells.totals[k] as number);
    data = cells.ids.map((cell, k) => ({ cell, total: cells.totals[k] as number, max }));
    cellDataCache.set(cells, data);
  }
  return data;
}

function pointData(points: DetectionPoints) {
  let data = pointCache.get(points);
  if (!data) {
    const colors = new Uint8Array(points.length * 4);
    for (let i = 0; i < points.length; i++)
      colors.set(POINT_COLORS[points.status[i] ?? 0] ?? POINT_COLORS[0]!, i * 4);
    data = {
      binary: {
        length: points.length,
        attributes: {
          getPosition: { value: points.positions, size: 2 },
          getFillColor: { value: colors, size: 4, normalized: true },
        },
      },
      counted: { length: points.length },
    };
    pointCache.set(points, data);
  }
  return data as {
    binary: { length: number; attributes: Record<string, unknown> };
    counted: { length: number };
  };
}

/** Cameras as columns: online ones (filled ●) and offline ones (hollow grey ring), in two sets. */
function cameraData(cameras: CameraFigures) {
  let data = cameraCache.get(cameras);
  if (!data) {
    const online: number[] = [];
    const offline: number[] = [];
    for (let i = 0; i < cameras.offlineFlags.length; i++) {
      const p = [cameras.positions[i * 2]!, cameras.positions[i * 2 + 1]!];
      (cameras.offlineFlags[i] ? offline : online).push(...p);
    }
    data = {
      online: {
        length: online.length / 2,
        attributes: { getPosition: { value: Float32Array.from(online), size: 2 } },
      },
      offline: {
        length: offline.length / 2,
        attributes: { getPosition: { value: Float32Array.from(offline), size: 2 } },
      },
    };
    cameraCache.set(cameras, data);
  }
  return data as {
    online: { length: number; attributes: Record<string, unknown> };
    offline: { length: number; attributes: Record<string, unknown> };
  };
}

const dash = new PathStyleExtension({ dash: true });

/**
 * The city's and a district's cells (resolution 7 and 8: 2.4 km, 900 m) are a few pixels wide
 * at those zooms: each
 * classified one is marked by a hexagon of fixed size instead, drawn with the class's colour, dash
 * and width (rings where there is no canvas; alarms are rings, these are hexagons).
 */
function ringLayer(id: string, outlines: Outline[], size = 28): Layer {
  const atlas = classIconAtlas();
  if (atlas)
    return new IconLayer<Outline>({
      id,
      data: outlines,
      iconAtlas: atlas.canvas as never,
      iconMapping: atlas.mapping,
      getIcon: (o) => o.name,
      getPosition: (o) => o.centre,
      getSize: size,
      sizeUnits: 'pixels',
      billboard: true,
      pickable: false,
    });
  return new ScatterplotLayer<Outline, PathStyleExtensionProps<Outline>>({
    id,
    data: outlines,
    getPosition: (o) => o.centre,
    radiusUnits: 'pixels',
    getRadius: (o) => 8 + o.style.width,
    filled: true,
    getFillColor: (o) => [...o.style.color, 46] as [number, number, number, number],
    stroked: true,
    getLineColor: (o) => [...o.style.color, 255] as [number, number, number, number],
    lineWidthUnits: 'pixels',
    getLineWidth: (o) => o.style.width,
    getDashArray: (o) => o.style.dash,
    dashJustified: true,
    extensions: [dash],
    pickable: false,
  });
}

/** Cell outlines as closed paths, dashed by class (PathStyleExtension). */
function outlineLayer(id: string, outlines: Outline[], scale = 1): Layer {
  return new PathLayer<Outline, PathStyleExtensionProps<Outline>>({
    id,
    data: outlines,
    getPath: (o) => o.polygon,
    getColor: (o) => [...o.style.color, 255] as [number, number, number, number],
    getWidth: (o) => o.style.width * scale,
    widthUnits: 'pixels',
    jointRounded: true,
    getDashArray: (o) => o.style.dash,
    dashJustified: true,
    extensions: [dash],
    pickable: false,
    updateTriggers: { getWidth: scale },
  });
}

export function buildInspectionLayers(
  view: InspectionView | undefined,
  hot: HotspotView | undefined,
  ui: InspectionLayerUi,
): Layer[] {
  const layers: Layer[] = [];
  const cells = hot?.cells;
  if (ui.mode === 'hex' && cells && cells.length > 0)
    layers.push(
      new H3HexagonLayer<{ cell: string; total: number; max: number }>({
        id: 'inspection-cells',
        data: cellData(cells),
        getHexagon: (d) => d.cell,
        getFillColor: (d) => cellFill(d.total, d.max),
        getLineColor: (d) => (d.cell === ui.selectedCell ? [76, 158, 255, 255] : [34, 58, 84, 200]),
        getLineWidth: (d) => (d.cell === ui.selectedCell ? 3 : 1),
        lineWidthUnits: 'pixels',
        extruded: false,
        stroked: true,
        filled: true,
        highPrecision: true,
        pickable: true,
        updateTriggers: { getLineColor: ui.selectedCell, getLineWidth: ui.selectedCell },
      }),
    );
  const points = view?.points;
  if (ui.mode === 'heat' && points && points.length > 0) {
    const { counted } = pointData(points);
    layers.push(
      new CityHeatmapLayer<unknown>({
        id: 'inspection-heat',
        data: counted,
        getPosition: (_: unknown, { index }: { index: number }) =>
          [points.positions[index * 2]!, points.positions[index * 2 + 1]!] as [number, number],
        getWeight: 1,
        radiusPixels: 36,
        intensity: 1,
        threshold: 0.05,
        colorRange: [
          [18, 58, 92],
          [47, 111, 168],
          [90, 177, 239],
          [120, 210, 240],
          [191, 227, 255],
          [240, 248, 255],
        ],
        updateTriggers: { getPosition: points },
      }),
    );
  }
  if (ui.mode === 'points' && points && points.length > 0)
    layers.push(
      new ScatterplotLayer({
        id: 'inspection-points',
        data: pointData(points).binary as never,
        radiusUnits: 'pixels',
        getRadius: 4,
        radiusMinPixels: 3,
        stroked: false,
        pickable: !ui.city,
      }),
    );
  if (cells && cells.length > 0) {
    const outlines = classOutlines(cells);
    if (outlines.length > 0)
      layers.push(
        (hot?.resolution ?? 9) <= 8
          ? ringLayer('inspection-classes', outlines)
          : outlineLayer('inspection-classes', outlines),
      );
  }
  const cameras = view?.cameras.state === 'ok' ? view.cameras.value : null;
  if (ui.cameras && cameras && cameras.total > 0) {
    const data = cameraData(cameras);
    if (!ui.city && data.online.length > 0)
      layers.push(
        new ScatterplotLayer({
          id: 'inspection-cameras-online',
          data: data.online as never,
          radiusUnits: 'pixels',
          getRadius: 3,
          getFillColor: [46, 196, 160, 220],
          stroked: false,
          pickable: false,
        }),
      );
    if (data.offline.length > 0)
      layers.push(
        new ScatterplotLayer({
          id: 'inspection-cameras-offline',
          data: data.offline as never,
          radiusUnits: 'pixels',
          getRadius: 6,
          filled: false,
          stroked: true,
          getLineColor: [107, 122, 140, 255],
          lineWidthUnits: 'pixels',
          getLineWidth: 2,
          pickable: false,
        }),
      );
  }
  const selected =
    points && ui.selectedIndex >= 0 && ui.selectedIndex < points.length
      ? [[points.positions[ui.selectedIndex * 2]!, points.positions[ui.selectedIndex * 2 + 1]!]]
      : [];
  if (selected.length > 0)
    layers.push(
      new ScatterplotLayer<number[]>({
        id: 'inspection-selected',
        data: selected,
        getPosition: (d) => d as [number, number],
        radiusUnits: 'pixels',
        getRadius: 18,
        filled: false,
        stroked: true,
        getLineColor: [76, 158, 255, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 3,
        pickable: false,
      }),
    );
  return layers;
}

const summaryCache = new WeakMap<InspectionSummary['hot'], Outline[]>();

/** The overview's inspection layer: today's classified hot spots, outlined by class, thinner. */
export function buildInspectionSummaryLayers(summary: InspectionSummary | undefined): Layer[] {
  if (!summary || summary.hot.length === 0) return [];
  let outlines = summaryCache.get(summary.hot);
  if (!outlines) {
    outlines = [];
    for (let k = 0; k < summary.hot.length; k++) {
      const style = styleOfCode(summary.hot.classes[k] as number);
      const cell = summary.hot.ids[k] as string;
      if (style)
        outlines.push({
          polygon: cellPolygon(cell),
          centre: cellCentre(cell),
          name: codeName(summary.hot.classes[k] as number),
          style,
          cell,
        });
    }
    outlines.sort((a, b) => a.style.width - b.style.width);
    summaryCache.set(summary.hot, outlines);
  }
  return [
    summary.resolution <= 8
      ? ringLayer('inspection-summary', outlines, 20)
      : outlineLayer('inspection-summary', outlines, 0.75),
  ];
}
