// The sensors' drawing columns (colour, icon size, icon, halo), built in the worker beside the
// view and transferred: the page receives typed arrays and hands them to deck.gl as they are.
// No deck.gl here: this module runs in the feed worker.
import {
  OFFLINE_RGB,
  OUT_OF_RANGE_RGB,
  STALE_RGB,
  STATUS_RGB,
  WATER_CLASS_RGB,
  aqiRgb,
  type Rgb,
} from './colors';
import { KIND_SHAPE, iconName, type Variant } from './icons';

/** Base icon size per MAP_KINDS entry, px. */
const KIND_SIZE = [22, 12, 16, 13, 17, 17];
const VARIANT_OF_STATE: readonly Variant[] = ['filled', 'hollow', 'dashed', 'struck'];
const STATE_RGB: readonly (Rgb | null)[] = [null, STALE_RGB, OFFLINE_RGB, OUT_OF_RANGE_RGB];

/** The colour of a sensor: by its level when it is a reading, by its state when it is not. */
export function sensorRgb(kind: number, state: number, level: number): Rgb {
  const byState = STATE_RGB[state];
  if (byState) return byState;
  if (kind <= 1) return aqiRgb(level >= 1 ? level : null);
  if (kind === 2) return WATER_CLASS_RGB[Math.max(0, level - 1)] ?? OFFLINE_RGB;
  return STATUS_RGB[level] ?? STATUS_RGB[0]!;
}

/** Whether the point needs the light halo: AQI 重度 and 严重 colours are dark on the basemap. */
const needsHalo = (kind: number, state: number, level: number) =>
  kind <= 1 && state === 0 && level >= 5;

/**
 * The sensor icons by index, `kind × 4 + state`: each point carries a byte, not a name, so that no
 * accessor runs per point to map a name to its atlas frame (see `iconDefs` in layers.ts).
 */
export const SENSOR_ICONS: readonly string[] = KIND_SIZE.flatMap((_, kind) =>
  VARIANT_OF_STATE.map((variant) => iconName(KIND_SHAPE[kind] ?? 'circle', variant)),
);
const sensorIcon = (kind: number, state: number) =>
  (kind < KIND_SIZE.length ? kind : 0) * VARIANT_OF_STATE.length +
  (state < VARIANT_OF_STATE.length ? state : 0);

export interface SensorColumns {
  /** RGBA per point. */
  colors: Uint8Array;
  /** Icon size per point, px. */
  sizes: Float32Array;
  /** Index into SENSOR_ICONS of each point. */
  icons: Uint8Array;
  /** Indexes of the points drawn with a halo. */
  halo: Uint32Array;
}

/** What the columns are computed from: a kind, state and level per point. */
export interface SensorCodes {
  length: number;
  kind: Uint8Array;
  state: Uint8Array;
  level: Uint8Array;
}

export function sensorColumns(points: SensorCodes): SensorColumns {
  const n = points.length;
  const colors = new Uint8Array(n * 4);
  const sizes = new Float32Array(n);
  const icons = new Uint8Array(n);
  const halo: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const kind = points.kind[i]!;
    const state = points.state[i]!;
    const level = points.level[i]!;
    const [r, g, b] = sensorRgb(kind, state, level);
    colors[i * 4] = r;
    colors[i * 4 + 1] = g;
    colors[i * 4 + 2] = b;
    colors[i * 4 + 3] = 255;
    const alarm = state === 0 && (kind >= 3 ? level >= 3 : kind === 2 ? level >= 6 : level >= 5);
    sizes[i] = (KIND_SIZE[kind] ?? 14) + (alarm ? 5 : 0);
    icons[i] = sensorIcon(kind, state);
    if (needsHalo(kind, state, level)) halo.push(i);
  }
  return { colors, sizes, icons, halo: Uint32Array.from(halo) };
}
