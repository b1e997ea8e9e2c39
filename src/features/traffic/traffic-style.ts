// Colours and marks of the traffic scenario (docs/metrics.md "Traffic on screen"). The congestion
// levels follow the traffic-map convention operators know (green → yellow → orange), ending in
// the magenta the AQI scale uses for its worst classes rather than in alarm red, which stays for
// controller faults. Controller states carry a shape each (docs/VISUAL status table), so colour is
// never the only cue.
import type { CongestionLevel } from './congestion';
import type { ControlState } from './signal-state';

export type Rgb = [number, number, number];

/** 畅通 基本畅通 轻度拥堵 中度拥堵 严重拥堵, in CONGESTION_LEVELS order. */
export const LEVEL_HEX: Readonly<Record<CongestionLevel, string>> = {
  smooth: '#2EC4A0',
  basic: '#9CCB5A',
  light: '#FFD43B',
  moderate: '#F08C2E',
  severe: '#D63384',
};
/** No index (no road class or no current report). */
export const NO_LEVEL_HEX = '#6E849C';
export const FAULT_HEX = '#E8304A';
export const OFFLINE_HEX = '#6B7A8C';

export const hexRgb = (hex: string): Rgb => [
  parseInt(hex.slice(1, 3), 16),
  parseInt(hex.slice(3, 5), 16),
  parseInt(hex.slice(5, 7), 16),
];

/** The mark of each controller state in text (legend, lists): the map draws the same shapes. */
export const STATE_MARK: Readonly<Record<ControlState, string>> = {
  running: '●',
  manual: '▲',
  flashing: '◆',
  fault: '■',
  offline: '○',
};
/** A running controller whose log is incomplete: the hollow form of its shape. */
export const INCOMPLETE_MARK = '◌';

/** Mark of each mode in text. */
export const MODE_MARK: Readonly<Record<string, string>> = {
  fixed: '●',
  actuated: '●',
  adaptive: '●',
  manual: '▲',
  flashing: '◆',
  fault: '■',
  offline: '○',
};
