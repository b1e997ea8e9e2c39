// Pure deck.gl layer builders of the environment scenario: the interpolated AQI surface, the
// sensors (shape per kind, colour per level, hollow / dashed / struck when not a reading), the
// 散乱污 enterprises and the selected sensor. The sensors' columns come from the worker; the
// attributes made of them are kept while their contents' keys hold.
import { IconLayer, ScatterplotLayer, SolidPolygonLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { aqiLevel } from '@/domain/aqi';
import { ENTERPRISE_RGB, STATUS_RGB, aqiRgb } from './colors';
import type { EnvironmentSummary, EnvironmentView, SensorPoints } from './environment-view';
import { iconAtlas, type IconAtlas } from './icons';
import { SENSOR_ICONS } from './sensor-columns';
import type { Surface } from './surface';

export interface EnvironmentLayerUi {
  surface: boolean;
  enterprises: boolean;
  /** Index into `view.points` of the selected sensor, or -1. */
  selectedIndex: number;
}

/** Floats per point of the icon layer's packed icon attribute: anchor offset, frame, mask flag. */
const ICON_DEF_SIZE = 7;

/**
 * The IconLayer's `instanceIconDefs` for every point, from the icon bytes and the atlas mapping:
 * what its `getIcon` accessor and icon manager would compute per point, as one typed-array pass.
 * The layout is the layer's (offset x, y from the centre anchor; frame x, y, w, h; mask 0/1).
 */
export function iconDefs(icons: Uint8Array, mapping: IconAtlas['mapping']): Float32Array {
  const table = new Float32Array(SENSOR_ICONS.length * ICON_DEF_SIZE);
  SENSOR_ICONS.forEach((name, k) => {
    const frame = mapping[name];
    if (frame)
      table.set(
        [0, 0, frame.x, frame.y, frame.width, frame.height, frame.mask ? 1 : 0],
        k * ICON_DEF_SIZE,
      );
  });
  const defs = new Float32Array(icons.length * ICON_DEF_SIZE);
  for (let i = 0; i < icons.length; i += 1) {
    const from = icons[i]! * ICON_DEF_SIZE;
    defs.set(table.subarray(from, from + ICON_DEF_SIZE), i * ICON_DEF_SIZE);
  }
  return defs;
}

interface BinaryData {
  length: number;
  attributes: Record<
    string,
    { value: Float32Array | Uint8Array; size: number; normalized?: boolean }
  >;
}
const sensorData = new WeakMap<SensorPoints, { all: BinaryData; halo: BinaryData }>();

type Attribute = BinaryData['attributes'][string];
/**
 * The last attributes handed to deck.gl, by the key of their contents: a view whose key is the
 * same gets the same attribute object, and deck.gl uploads nothing for it (a poll that moves no
 * sensor keeps its positions, one that changes no state keeps its icons).
 */
const kept = {
  position: { key: '', attribute: null as Attribute | null },
  color: { key: '', attribute: null as Attribute | null },
  size: { key: '', attribute: null as Attribute | null },
  icon: { key: '', atlas: null as IconAtlas | null, attribute: null as Attribute | null },
};

function keep(
  slot: { key: string; attribute: Attribute | null },
  key: string,
  make: () => Attribute,
): Attribute {
  if (slot.key !== key || !slot.attribute) {
    slot.key = key;
    slot.attribute = make();
  }
  return slot.attribute;
}

/** The sensors' binary data for deck.gl, and their haloes', once per view object. */
export function sensorBinary(points: SensorPoints, atlas: IconAtlas) {
  let held = sensorData.get(points);
  if (held) return held;
  const { colors, sizes, halo, icons } = points;
  const haloPositions = new Float32Array(halo.length * 2);
  const haloSizes = new Float32Array(halo.length);
  halo.forEach((i, k) => {
    haloPositions[k * 2] = points.positions[i * 2]!;
    haloPositions[k * 2 + 1] = points.positions[i * 2 + 1]!;
    haloSizes[k] = sizes[i]! + 6;
  });
  if (kept.icon.atlas !== atlas) {
    kept.icon.atlas = atlas;
    kept.icon.key = '';
  }
  held = {
    all: {
      length: points.length,
      attributes: {
        getPosition: keep(kept.position, points.layoutKey, () => ({
          value: points.positions,
          size: 2,
        })),
        getColor: keep(kept.color, points.styleKey, () => ({
          value: colors,
          size: 4,
          normalized: true,
        })),
        getSize: keep(kept.size, points.styleKey, () => ({ value: sizes, size: 1 })),
        // The layer's own attribute, given whole: deck.gl takes it as an external buffer and
        // runs no getIcon accessor.
        instanceIconDefs: keep(kept.icon, points.iconKey, () => ({
          value: iconDefs(icons, atlas.mapping),
          size: ICON_DEF_SIZE,
        })),
      },
    },
    halo: {
      length: halo.length,
      attributes: {
        getPosition: { value: haloPositions, size: 2 },
        getSize: { value: haloSizes, size: 1 },
      },
    },
  };
  sensorData.set(points, held);
  return held;
}

/** The surface's cells as polygon vertices, coloured by the AQI level, faded by distance. */
export interface SurfaceColumns {
  length: number;
  startIndices: Uint32Array;
  colors: Uint8Array;
}
const surfaceCache = new WeakMap<Surface, SurfaceColumns>();

/** Opacity of the surface where a station is near (it stays under the stations). */
export const SURFACE_ALPHA = 0.3;

export function surfaceColumns(surface: Surface): SurfaceColumns {
  const held = surfaceCache.get(surface);
  if (held) return held;
  const vertices = surface.outlines.length / 2;
  const colors = new Uint8Array(vertices * 4);
  for (let c = 0; c < surface.length; c += 1) {
    const from = surface.starts[c]!;
    const to = c + 1 < surface.length ? surface.starts[c + 1]! : vertices;
    const [r, g, b] = aqiRgb(aqiLevel(Math.round(surface.aqi[c]!)));
    const a = Math.round(surface.fade[c]! * SURFACE_ALPHA);
    for (let v = from; v < to; v += 1) colors.set([r, g, b, a], v * 4);
  }
  const columns = { length: surface.length, startIndices: surface.starts, colors };
  surfaceCache.set(surface, columns);
  return columns;
}

const iconProps = (atlas: IconAtlas) => ({
  // deck.gl turns a canvas into its texture (createTexture accepts browser image objects).
  iconAtlas: atlas.canvas as unknown as string,
  iconMapping: atlas.mapping,
  sizeUnits: 'pixels' as const,
  billboard: true,
  alphaCutoff: 0.05,
});

/**
 * The environment's layers on its own screen. Only layers that draw something are returned
 * (stable ids and order): the surface below everything, enterprises, the halos of dark AQI
 * colours, the sensors, the selected sensor's ring.
 */
export function buildEnvironmentLayers(
  view: EnvironmentView | undefined,
  surface: Surface | undefined,
  ui: EnvironmentLayerUi,
): Layer[] {
  const layers: Layer[] = [];
  const atlas = iconAtlas();
  if (ui.surface && surface && surface.length > 0) {
    const s = surfaceColumns(surface);
    layers.push(
      new SolidPolygonLayer({
        id: 'environment-surface',
        data: {
          length: s.length,
          startIndices: s.startIndices,
          attributes: {
            getPolygon: { value: surface.outlines, size: 2 },
            getFillColor: { value: s.colors, size: 4, normalized: true },
          },
        },
        _normalize: false,
        filled: true,
        extruded: false,
        pickable: false,
      }),
    );
  }
  if (!view || !atlas) return layers;
  const e = view.enterprises;
  if (ui.enterprises && e.length > 0)
    layers.push(
      new IconLayer<unknown>({
        id: 'environment-enterprises',
        ...iconProps(atlas),
        data: { length: e.length },
        getPosition: (_: unknown, { index }: { index: number }) =>
          [e.positions[index * 2]!, e.positions[index * 2 + 1]!] as [number, number],
        getIcon: () => 'workshop',
        getSize: 12,
        getColor: (_: unknown, { index }: { index: number }) => [
          ...(ENTERPRISE_RGB[e.status[index]!] ?? ENTERPRISE_RGB[0]!),
          200,
        ],
        pickable: false,
        updateTriggers: { getPosition: e, getColor: e },
      }),
    );
  const points = view.points;
  if (points.length > 0) {
    const { all, halo } = sensorBinary(points, atlas);
    if (halo.length > 0)
      layers.push(
        new IconLayer<unknown>({
          id: 'environment-halo',
          ...iconProps(atlas),
          data: halo,
          getIcon: () => 'circle-filled',
          getColor: [230, 237, 245, 153],
          pickable: false,
        }),
      );
    layers.push(
      new IconLayer<unknown>({
        id: 'environment-sensors',
        ...iconProps(atlas),
        data: all,
        // Not called: the icon of each point comes packed in `instanceIconDefs`.
        getIcon: () => 'circle-filled',
        pickable: true,
      }),
    );
  }
  const sel = ui.selectedIndex;
  if (sel >= 0 && sel < points.length)
    layers.push(
      new ScatterplotLayer<[number, number]>({
        id: 'environment-selected',
        data: [[points.positions[sel * 2]!, points.positions[sel * 2 + 1]!]],
        getPosition: (d) => d,
        radiusUnits: 'pixels',
        getRadius: 16,
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

const summaryCache = new WeakMap<EnvironmentSummary['alerts'], BinaryData>();

/** The overview's environment layer: waterlogging points and slopes at warning or alarm, water at 劣V. */
export function buildEnvironmentSummaryLayers(summary: EnvironmentSummary | undefined): Layer[] {
  if (!summary || summary.alerts.length === 0) return [];
  const { alerts } = summary;
  let data = summaryCache.get(alerts);
  if (!data) {
    const colors = new Uint8Array(alerts.length * 4);
    const radii = new Float32Array(alerts.length);
    for (let i = 0; i < alerts.length; i += 1) {
      const level = alerts.level[i]!;
      colors.set([...(STATUS_RGB[level] ?? STATUS_RGB[2]!), 255], i * 4);
      radii[i] = level >= 3 ? 5 : 4;
    }
    data = {
      length: alerts.length,
      attributes: {
        getPosition: { value: alerts.positions, size: 2 },
        getFillColor: { value: colors, size: 4, normalized: true },
        getRadius: { value: radii, size: 1 },
      },
    };
    summaryCache.set(alerts, data);
  }
  return [
    new ScatterplotLayer({
      id: 'environment-summary',
      data,
      radiusUnits: 'pixels',
      radiusMinPixels: 3,
      stroked: true,
      getLineColor: [11, 21, 34, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 1,
      pickable: false,
    }),
  ];
}
