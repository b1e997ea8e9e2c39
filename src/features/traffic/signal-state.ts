// What one intersection's item says about it now: the controller's state (shape on the map), its
// congestion index and level (colour), whether its figures are current and its log complete.
// Pure; shared by the views, the alarm rules and the map.
import type { SignalMode, SignalState } from '@/domain/signal';
import {
  CONGESTION_LEVELS,
  congestionIndex,
  congestionLevel,
  type CongestionLevel,
} from './congestion';

/** The controller's state as the map draws it (a shape each): 0 running … 4 offline. */
export const STATES = ['running', 'manual', 'flashing', 'fault', 'offline'] as const;
export type ControlState = (typeof STATES)[number];

export const stateOf = (mode: SignalMode): ControlState =>
  mode === 'manual' || mode === 'flashing' || mode === 'fault' || mode === 'offline'
    ? mode
    : 'running';

export const stateCode = (mode: SignalMode): number => STATES.indexOf(stateOf(mode));

/** A controller that is not controlling the intersection (a fault) or not heard from (offline). */
export const isDark = (mode: SignalMode): boolean => mode === 'fault' || mode === 'offline';

/**
 * A controller whose log delivered less than this share of its events is not healthy: partial logs
 * look like good performance (docs/metrics.md).
 */
export const COMPLETE_FROM = 0.95;

/**
 * An item whose last report is older than this, against the source's own clock, is not "now":
 * its speed and flow are left out of the index (an offline controller's figures are from before
 * its outage).
 */
export const CURRENT_WITHIN_MS = 10 * 60_000;

/** Level code of "no index" (no road class, no current report). */
export const NO_LEVEL = 255;

/** The level's index 0–4 (畅通 … 严重拥堵), or NO_LEVEL. */
export const levelCode = (index: number | null): number =>
  index === null ? NO_LEVEL : CONGESTION_LEVELS.indexOf(congestionLevel(index));

export const levelOf = (index: number | null): CongestionLevel | null =>
  index === null ? null : congestionLevel(index);

/** Whether the item's "now" figures are current against the source's clock (`generatedAt`). */
export const isCurrent = (s: Pick<SignalState, 'observedAt'>, generatedAt: number): boolean =>
  generatedAt <= 0 || s.observedAt >= generatedAt - CURRENT_WITHIN_MS;

/**
 * The intersection's congestion index now (0–10), from its section speed against the thresholds
 * of its road class; null without a road class or a current report.
 */
export function signalIndex(s: SignalState, generatedAt: number): number | null {
  if (!s.roadClass || !isCurrent(s, generatedAt)) return null;
  return congestionIndex(s.speed, s.freeSpeed ?? 0, s.roadClass);
}

/**
 * Road length an intersection stands for in area figures. A source without `linkKm` gives every
 * intersection the same weight (1 km), so its area index is flow-weighted.
 */
export const linkKmOf = (s: SignalState): number => s.linkKm ?? 1;
