// The environment scenario's sensors on the map two ways: the product's own builder
// (src/features/environment/layers.ts, over the worker-built view's columns) and what a good
// developer would write without our design (the baseline): the parsed readings as objects, an
// IconLayer with accessors doing the same job (icon by kind and state, colour by level), deck.gl
// deciding what to recompute by comparing `data` and the accessors.
import type { Layer } from '@deck.gl/core';
import { IconLayer } from '@deck.gl/layers';
import { aqiLevel } from '@/domain/aqi';
import type { SensorReading } from '@/domain/sensor';
import {
  OFFLINE_RGB,
  STATUS_RGB,
  WATER_CLASS_RGB,
  aqiRgb,
  type Rgb,
} from '@/features/environment/colors';
import type { EnvironmentView } from '@/features/environment/environment-view';
import { KIND_SHAPE, iconAtlas, iconName } from '@/features/environment/icons';
import { buildEnvironmentLayers } from '@/features/environment/layers';
import { mapKindOf } from '@/features/environment/readings';

/** The environment screen's map with no area selected, no surface, no enterprises. */
const UI = { surface: false, enterprises: false, selectedIndex: -1 };

/** The product's layers for a view: exactly what the environment screen hands its MapView. */
export function productSensorLayers(view: EnvironmentView | undefined): Layer[] {
  return buildEnvironmentLayers(view, undefined, UI);
}

/** Layer ids the product draws the sensors with (to find them in deck's counters). */
export const PRODUCT_SENSOR_LAYER = 'environment-sensors';
export const BASELINE_SENSOR_LAYER = 'baseline-sensors';

const KIND_SIZE = [22, 12, 16, 13, 17, 17];
const STATUS_LEVEL: Readonly<Record<SensorReading['status'], number>> = {
  normal: 0,
  warning: 2,
  alarm: 3,
  offline: 0,
};

function colorOf(r: SensorReading): Rgb {
  if (r.status === 'offline') return OFFLINE_RGB;
  if (r.kind === 'air') return aqiRgb(r.aqi === null ? null : aqiLevel(r.aqi));
  if (r.kind === 'water') return WATER_CLASS_RGB[r.waterClass - 1] ?? OFFLINE_RGB;
  return STATUS_RGB[STATUS_LEVEL[r.status]] ?? OFFLINE_RGB;
}

/**
 * Which rows changed between two lists whose unchanged items are the same objects (TanStack
 * Query's structural sharing keeps them so): deck.gl then runs the accessors and uploads only
 * those rows. Undefined (everything) when the lists differ in length.
 */
export function changedRows(
  next: readonly unknown[],
  prev: readonly unknown[],
): { startRow: number; endRow: number }[] | undefined {
  if (next.length !== prev.length) return undefined;
  const ranges: { startRow: number; endRow: number }[] = [];
  for (let i = 0; i < next.length; i += 1) {
    if (next[i] === prev[i]) continue;
    const last = ranges.at(-1);
    if (last && last.endRow === i) last.endRow = i + 1;
    else ranges.push({ startRow: i, endRow: i + 1 });
  }
  return ranges;
}

/**
 * The baseline: accessors over the readings (deck calls each once per point when data changes),
 * with deck.gl's data diffing told which rows changed.
 */
export function baselineSensorLayers(items: readonly SensorReading[]): Layer[] {
  const atlas = iconAtlas();
  if (!atlas) return [];
  return [
    new IconLayer<SensorReading>({
      id: BASELINE_SENSOR_LAYER,
      // deck.gl turns a canvas into its texture (createTexture accepts browser image objects).
      iconAtlas: atlas.canvas as unknown as string,
      iconMapping: atlas.mapping,
      sizeUnits: 'pixels',
      billboard: true,
      alphaCutoff: 0.05,
      data: items,
      _dataDiff: (next, prev) => {
        const rows = next as readonly unknown[];
        const all = [{ startRow: 0, endRow: rows.length }];
        return prev ? (changedRows(rows, prev as readonly unknown[]) ?? all) : all;
      },
      getPosition: (r) => r.position,
      getIcon: (r) =>
        iconName(
          KIND_SHAPE[mapKindOf(r)] ?? 'circle',
          r.status === 'offline' ? 'hollow' : 'filled',
        ),
      getColor: (r) => [...colorOf(r), 255],
      getSize: (r) => (KIND_SIZE[mapKindOf(r)] ?? 14) + (r.status === 'alarm' ? 5 : 0),
      pickable: true,
    }),
  ];
}
