// The sensor points layer two ways: from worker-built point columns (binary attributes, the
// product's pattern) and from plain objects with accessors (the naive baseline).
import { ScatterplotLayer } from '@deck.gl/layers';
import type { PointColumns } from '@/feeds/point-columns';

type Rgba = [number, number, number, number];

export const STATUS_COLORS: Readonly<Record<string, Rgba>> = {
  normal: [90, 177, 239, 220],
  warning: [255, 212, 59, 235],
  alarm: [232, 48, 74, 255],
  offline: [120, 128, 140, 200],
};
const OTHER: Rgba = [200, 200, 200, 200];

const colorCache = new WeakMap<PointColumns, Uint8Array>();

/** RGBA per point, once per view: a lookup per status code written as one 32-bit word. */
export function statusColors(view: PointColumns): Uint8Array {
  const cached = colorCache.get(view);
  if (cached) return cached;
  const colors = new Uint8Array(view.length * 4);
  const words = new Uint32Array(colors.buffer);
  const palette = new Uint32Array(view.statuses.length);
  const bytes = new Uint8Array(palette.buffer);
  view.statuses.forEach((name, code) => bytes.set(STATUS_COLORS[name] ?? OTHER, code * 4));
  const { status } = view;
  for (let i = 0; i < view.length; i += 1) words[i] = palette[status[i]!]!;
  colorCache.set(view, colors);
  return colors;
}

const EMPTY: PointColumns = {
  area: null,
  version: 0,
  revision: 0,
  generatedAt: 0,
  droppedLast: 0,
  droppedTotal: 0,
  length: 0,
  positions: new Float32Array(0),
  status: new Uint8Array(0),
  statuses: [],
  ids: { bytes: new Uint8Array(0), offsets: new Uint32Array(1) },
  counts: {},
  layoutKey: 'empty',
  statusKey: 'empty',
};

interface SensorAttributes {
  layoutKey: string;
  statusKey: string;
  getPosition: { value: Float32Array; size: 2 };
  getFillColor: { value: Uint8Array; size: 4; normalized: true };
}
const attributesByLayer = new Map<string, SensorAttributes>();

/**
 * The layer's attributes for a view, keeping the previous ones where the worker says the column
 * did not change (same key): deck then sees the same attribute object and uploads nothing.
 */
export function sensorAttributes(view: PointColumns, layerId: string): SensorAttributes {
  const previous = attributesByLayer.get(layerId);
  const sameLayout = previous?.layoutKey === view.layoutKey;
  const next: SensorAttributes = {
    layoutKey: view.layoutKey,
    statusKey: view.statusKey,
    getPosition: previous && sameLayout ? previous.getPosition : { value: view.positions, size: 2 },
    getFillColor:
      previous && sameLayout && previous.statusKey === view.statusKey
        ? previous.getFillColor
        : { value: statusColors(view), size: 4, normalized: true },
  };
  attributesByLayer.set(layerId, next);
  return next;
}

/** Binary attributes: deck uploads the columns as they are, no per-point JavaScript. */
export function binarySensorLayer(
  view: PointColumns | undefined,
  id = 'sensors',
  radius = 2,
): ScatterplotLayer {
  const v = view ?? EMPTY;
  const { getPosition, getFillColor } = sensorAttributes(v, id);
  return new ScatterplotLayer({
    id,
    data: { length: v.length, attributes: { getPosition, getFillColor } },
    getRadius: radius,
    radiusUnits: 'pixels',
    stroked: false,
    pickable: false,
  });
}

/** What the naive path holds: the parsed JSON objects themselves. */
export interface NaiveSensor {
  id: string;
  position: [number, number];
  status: string;
}

/** Accessors over objects: deck calls them once per point whenever `data` changes. */
export function naiveSensorLayer(items: readonly NaiveSensor[], id = 'sensors', radius = 2) {
  return new ScatterplotLayer<NaiveSensor>({
    id,
    data: items,
    getPosition: (d) => d.position,
    getFillColor: (d) => STATUS_COLORS[d.status] ?? OTHER,
    getRadius: radius,
    radiusUnits: 'pixels',
    stroked: false,
    pickable: false,
  });
}
