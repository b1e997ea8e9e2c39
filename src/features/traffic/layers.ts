import { IconLayer, ScatterplotLayer } from '@deck.gl/layers';
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import type { Layer } from '@deck.gl/core';
import { CONGESTION_LEVELS } from './congestion';
import { drawIconAtlas, iconOf, type IconAtlas } from './icon-atlas';
import { NO_LEVEL } from './signal-state';
import { FAULT_HEX, LEVEL_HEX, NO_LEVEL_HEX, OFFLINE_HEX, hexRgb, type Rgb } from './traffic-style';
import {
  FLAG_INCOMPLETE,
  type AreaEntry,
  type TrafficSummary,
  type TrafficView,
} from './traffic-view';

const LEVEL_RGB: Rgb[] = CONGESTION_LEVELS.map((l) => hexRgb(LEVEL_HEX[l]));
const NO_LEVEL_RGB = hexRgb(NO_LEVEL_HEX);
const FAULT_RGB = hexRgb(FAULT_HEX);
const OFFLINE_RGB = hexRgb(OFFLINE_HEX);

/** A point's colour: faults alarm red, offline grey, else its congestion level. */
export function pointColor(state: number, level: number): [number, number, number, number] {
  if (state === 3) return [...FAULT_RGB, 255];
  if (state === 4) return [...OFFLINE_RGB, 255];
  const rgb = level === NO_LEVEL ? NO_LEVEL_RGB : (LEVEL_RGB[level] ?? NO_LEVEL_RGB);
  return [...rgb, 240];
}

/** Vehicles per hour at which a point reaches its largest size. */
export const FLOW_FULL_SIZE = 15_000;

/**
 * A point's size, px: 7 to 16 with the square root of the volume (area ∝ volume); faults and
 * offline controllers at a fixed, noticeable size whatever their traffic.
 */
export function pointSize(state: number, flow: number): number {
  if (state === 3) return 16;
  if (state === 4) return 13;
  return 7 + 9 * Math.sqrt(Math.min(1, Math.max(0, flow) / FLOW_FULL_SIZE));
}

let atlas: { atlas: IconAtlas; image: unknown } | null = null;
/** The atlas, drawn once per page; `image` is what deck.gl uploads (an ImageData in a browser). */
export function iconAtlas(): { atlas: IconAtlas; image: unknown } {
  if (!atlas) {
    const a = drawIconAtlas();
    const image =
      typeof ImageData === 'undefined'
        ? a
        : new ImageData(a.data as ImageDataArray, a.width, a.height);
    atlas = { atlas: a, image };
  }
  return atlas;
}

interface PointColumns {
  length: number;
  positions: Float32Array;
  level: Uint8Array;
  state: Uint8Array;
  flags?: Uint8Array;
  flow?: Float32Array;
}

interface PointAttributes {
  colors: Uint8Array;
  sizes: Float32Array;
  icons: string[];
}
const attributeCache = new WeakMap<PointColumns, PointAttributes>();

/** Colour, size and icon columns, computed once per view. */
export function pointAttributes(points: PointColumns, small = false): PointAttributes {
  const cached = attributeCache.get(points);
  if (cached) return cached;
  const colors = new Uint8Array(points.length * 4);
  const sizes = new Float32Array(points.length);
  const icons = new Array<string>(points.length);
  for (let i = 0; i < points.length; i += 1) {
    const state = points.state[i] ?? 0;
    colors.set(pointColor(state, points.level[i] ?? NO_LEVEL), i * 4);
    const size = pointSize(state, points.flow?.[i] ?? 0);
    sizes[i] = small ? Math.max(6, size * 0.75) : size;
    icons[i] = iconOf(state, ((points.flags?.[i] ?? 0) & FLAG_INCOMPLETE) !== 0);
  }
  const attributes = { colors, sizes, icons };
  attributeCache.set(points, attributes);
  return attributes;
}

const dataCache = new WeakMap<PointColumns, { length: number }>();
/** One data container per view (deck.gl takes a new container as new data). */
const dataOf = (points: PointColumns) => {
  let data = dataCache.get(points);
  if (!data) dataCache.set(points, (data = { length: points.length }));
  return data;
};

function pointLayer(id: string, points: PointColumns, pickable: boolean, small: boolean): Layer {
  const { atlas: a, image } = iconAtlas();
  const { colors, sizes, icons } = pointAttributes(points, small);
  return new IconLayer<unknown>({
    id,
    data: dataOf(points),
    // deck.gl uploads a browser image object as it is (Image, ImageData, canvas).
    iconAtlas: image as string,
    iconMapping: a.mapping,
    getPosition: (_: unknown, { index }: { index: number }) => [
      points.positions[index * 2]!,
      points.positions[index * 2 + 1]!,
    ],
    getIcon: (_: unknown, { index }: { index: number }) => icons[index]!,
    getColor: (_: unknown, { index }: { index: number }) =>
      [
        colors[index * 4]!,
        colors[index * 4 + 1]!,
        colors[index * 4 + 2]!,
        colors[index * 4 + 3]!,
      ] as [number, number, number, number],
    getSize: (_: unknown, { index }: { index: number }) => sizes[index]!,
    sizeUnits: 'pixels',
    billboard: true,
    alphaCutoff: 0.05,
    pickable,
    updateTriggers: {
      getPosition: points,
      getIcon: points,
      getColor: points,
      getSize: points,
    },
  });
}

/** Grid cells shaded by their congestion level (translucent: the intersections stay readable). */
export function cellFillColor(cell: AreaEntry): [number, number, number, number] {
  if (!cell.level) return [...NO_LEVEL_RGB, 60];
  return [...hexRgb(LEVEL_HEX[cell.level]), 110];
}

export interface TrafficLayerUi {
  /** Index into `view.points` of the selected intersection, or -1. */
  selectedIndex: number;
  selectedCell: string | null;
}

/**
 * The traffic screen's layers: the area's grid cells shaded by congestion (street level and
 * below), the intersections (colour: level; shape: controller state; size: volume), the selected
 * intersection's ring. Layers that draw nothing are left out.
 */
export function buildTrafficLayers(view: TrafficView | undefined, ui: TrafficLayerUi): Layer[] {
  const layers: Layer[] = [];
  if (!view) return layers;
  const { points, cells } = view;
  if (cells.length > 0)
    layers.push(
      new H3HexagonLayer<AreaEntry>({
        id: 'traffic-cells',
        data: cells,
        getHexagon: (c) => c.key,
        getFillColor: cellFillColor,
        getLineColor: (c) => (c.key === ui.selectedCell ? [76, 158, 255, 255] : [34, 58, 84, 200]),
        getLineWidth: (c) => (c.key === ui.selectedCell ? 3 : 1),
        lineWidthUnits: 'pixels',
        extruded: false,
        stroked: true,
        filled: true,
        highPrecision: true,
        pickable: true,
        updateTriggers: { getLineColor: ui.selectedCell, getLineWidth: ui.selectedCell },
      }),
    );
  if (points.length > 0) layers.push(pointLayer('traffic-points', points, true, false));
  const selected =
    ui.selectedIndex >= 0 && ui.selectedIndex < points.length ? ui.selectedIndex : -1;
  if (selected >= 0)
    layers.push(
      new ScatterplotLayer<[number, number]>({
        id: 'traffic-selected',
        data: [[points.positions[selected * 2]!, points.positions[selected * 2 + 1]!]],
        getPosition: (d) => d,
        radiusUnits: 'pixels',
        getRadius: 14,
        stroked: true,
        filled: false,
        getLineColor: [76, 158, 255, 255],
        lineWidthUnits: 'pixels',
        getLineWidth: 3,
        pickable: false,
      }),
    );
  return layers;
}

/** The overview's traffic layer: dark controllers and intersections at 中度拥堵 or worse. */
export function buildTrafficSummaryLayers(summary: TrafficSummary | undefined): Layer[] {
  if (!summary || summary.trouble.length === 0) return [];
  return [pointLayer('traffic-summary', summary.trouble, true, true)];
}
