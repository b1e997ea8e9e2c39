// High-resolution controller event logs: the Indiana enumerations this product reads, and the
// configuration a log is read with (which detector is where). Pure data, no I/O.

/**
 * Indiana Traffic Signal Hi Resolution Data Logger Enumerations (Sturdevant et al., 2012): the
 * codes the measures use. The parameter is the phase number for phase events, the detector
 * channel for detector events.
 */
export const EVENT = {
  phaseBeginGreen: 1,
  phaseGapOut: 4,
  phaseMaxOut: 5,
  phaseForceOff: 6,
  phaseBeginYellow: 8,
  phaseEndYellow: 9,
  phaseBeginRedClearance: 10,
  phaseEndRedClearance: 11,
  pedestrianBeginWalk: 21,
  pedestrianCall: 45,
  detectorOff: 81,
  detectorOn: 82,
  preemptCallOn: 102,
} as const;

/** `[t, code, param]`: epoch ms, event code, phase or detector channel. */
export type HiResEvent = readonly [t: number, code: number, param: number];

export const APPROACHES = ['N', 'E', 'S', 'W'] as const;
export type Approach = (typeof APPROACHES)[number];

export interface PhaseConfig {
  /** Phase number as the controller logs it. */
  phase: number;
  /** Approaches the phase serves (where its vehicles come from). */
  approaches: Approach[];
  /** Programmed yellow change interval, s: used when a log lacks a yellow event. */
  yellow: number;
  /** Programmed red clearance (all-red), s; 0 when none. */
  redClearance: number;
  /** Saturation flow of the phase's lanes together, veh/h of green: the capacity behind v/c. */
  saturationFlow: number;
}

export type DetectorKind = 'advance' | 'stopbar';

export interface DetectorConfig {
  /** Detector channel as the controller logs it (the parameter of events 81/82). */
  channel: number;
  phase: number;
  approach: Approach;
  /**
   * `advance`: upstream, counts arrivals (volume, arrivals on green, delay); `stopbar`: a presence
   * zone at the stop line, read as occupancy (split failures).
   */
  kind: DetectorKind;
  /** Advance detectors: free-flow travel time from the detector to the stop bar, s. 0 otherwise. */
  lead: number;
}

export interface SignalConfig {
  phases: PhaseConfig[];
  detectors: DetectorConfig[];
  /**
   * The phase whose successive begin-greens delimit controller cycles (a coordinated or recalled
   * phase that is never skipped): a phase with no green within one of them was skipped.
   */
  cyclePhase: number;
}
