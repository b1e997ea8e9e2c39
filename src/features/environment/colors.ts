// Colours of the environment scenario (docs/VISUAL): AQI levels exactly as HJ 633 gives them,
// status colours for status, grey for no value (never a level's colour).
import { AQI_LEVEL_COLORS, AQI_LEVEL_RGB, AQI_MISSING_RGB } from '@/domain/aqi';

export type Rgb = readonly [number, number, number];

export const STATUS_HEX = ['#2EC4A0', '#FFD43B', '#E8741A', '#E8304A'] as const;
export const STATUS_RGB: readonly Rgb[] = [
  [46, 196, 160],
  [255, 212, 59],
  [232, 116, 26],
  [232, 48, 74],
];
/** Shape of each status level, with its colour and word (docs/VISUAL). */
export const STATUS_MARK = ['●', '▲', '◆', '■'] as const;

export const STALE_RGB: Rgb = [177, 140, 255];
export const OFFLINE_RGB: Rgb = [107, 122, 140];
export const OUT_OF_RANGE_RGB: Rgb = [159, 178, 200];
export const STATE_HEX = {
  online: '#2EC4A0',
  stale: '#B18CFF',
  offline: '#6B7A8C',
  outOfRange: '#9FB2C8',
} as const;
export const STATE_MARK = { online: '●', stale: '◷', offline: '○', outOfRange: '⊘' } as const;

/** Water class I–III in the quantity ramp and normal, IV–劣V as attention, warning and alarm. */
export const WATER_CLASS_HEX = ['#BFE3FF', '#5AB1EF', '#2EC4A0', '#FFD43B', '#E8741A', '#E8304A'];
export const WATER_CLASS_RGB: readonly Rgb[] = [
  [191, 227, 255],
  [90, 177, 239],
  [46, 196, 160],
  [255, 212, 59],
  [232, 116, 26],
  [232, 48, 74],
];

/** 散乱污 enterprises by rectification status (category hues: not a sensor status). */
export const ENTERPRISE_RGB: readonly Rgb[] = [
  [227, 166, 216],
  [169, 184, 201],
  [110, 132, 156],
];
export const ENTERPRISE_HEX = ['#E3A6D8', '#A9B8C9', '#6E849C'] as const;

export const aqiHex = (level: number | null): string =>
  level !== null && level >= 1 && level <= 6 ? AQI_LEVEL_COLORS[level - 1]! : '#6B7A8C';
export const aqiRgb = (level: number | null): Rgb =>
  level !== null && level >= 1 && level <= 6 ? AQI_LEVEL_RGB[level - 1]! : AQI_MISSING_RGB;
/** Black text on 优–中度, white on 重度 and 严重 (docs/VISUAL contrast). */
export const aqiTextHex = (level: number | null): string =>
  level !== null && level >= 5 ? '#FFFFFF' : level !== null && level >= 1 ? '#0B1522' : '#E6EDF5';
