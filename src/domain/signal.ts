import * as z from 'zod/mini';
import { bounded, entityId, epochMs, feedText, placed } from './common';

export const SIGNAL_MODES = [
  'fixed',
  'actuated',
  'adaptive',
  'manual',
  'flashing',
  'fault',
  'offline',
] as const;
export type SignalMode = (typeof SIGNAL_MODES)[number];

/** Road classes of the congestion index's speed thresholds. */
export const ROAD_CLASSES = ['expressway', 'arterial', 'collector'] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

/**
 * The sums of one phase over one 15-minute bin, in this order (a cycle counts in the bin in which
 * its green begins; docs/metrics.md "Traffic"). Sums add up across phases, intersections and
 * areas; shares are taken from the sums.
 */
export const PHASE_BIN_FIELDS = [
  'cycles',
  'volume',
  'arrivalsOnGreen',
  'splitFailures',
  'gapOuts',
  'maxOuts',
  'forceOffs',
  'skips',
  'greenSeconds',
  'cycleSeconds',
  'delaySeconds',
] as const;
export type PhaseBinField = (typeof PHASE_BIN_FIELDS)[number];

const count = (max: number) => z.int().check(z.minimum(0), z.maximum(max));

export const phaseBinSchema = z.tuple([
  count(200), // cycles
  count(20_000), // volume
  count(20_000), // arrivals on green
  count(200), // split failures
  count(200), // gap-outs
  count(200), // max-outs
  count(200), // force-offs
  count(200), // skips
  count(3600), // green seconds
  count(3600), // cycle seconds
  count(5_000_000), // approach delay, vehicle-seconds
]);

export type PhaseBin = z.infer<typeof phaseBinSchema>;

export const signalBinsSchema = z.object({
  /** Start of the first of the bins, epoch ms; bins are 15 minutes apart, the last complete last. */
  start: epochMs,
  /** `[phase][bin]`, phase 1 first. */
  phases: z.array(z.array(phaseBinSchema).check(z.maxLength(8))).check(z.maxLength(8)),
  /** Events received ÷ expected per bin; null when none were expected (a dark controller). */
  completeness: z.array(z.nullable(bounded(0, 1))).check(z.maxLength(8)),
});
export type SignalBins = z.infer<typeof signalBinsSchema>;

const phaseNumber = z.int().check(z.minimum(1), z.maximum(16));
/** Mean approach delay, s/veh, over a plan period. */
const periodDelay = z.nullable(bounded(0, 1000));

/** `[time, from phase, to phase, seconds, delay before, delay after]`. */
export const adjustmentSchema = z.tuple([
  epochMs,
  phaseNumber,
  phaseNumber,
  bounded(0, 120),
  periodDelay,
  periodDelay,
]);

export const signalSchema = z.extend(placed, {
  id: entityId,
  name: feedText(80),
  mode: z.enum(SIGNAL_MODES),
  /** Cycle length of the plan now, s (0 when dark). */
  cycle: bounded(0, 400),
  /** Green per phase in the plan now, s, phase 1 first. */
  phases: z.array(bounded(0, 300)).check(z.maxLength(8)),
  /** Flow now, veh/h, all approaches. */
  flow: bounded(0, 20000),
  /** Section speed now, km/h. */
  speed: bounded(0, 150),
  /** Longest queue now, m. */
  queue: bounded(0, 5000),
  /** Volume / capacity now. */
  saturation: bounded(0, 3),
  /** Estimated control delay now, s/veh. */
  delay: bounded(0, 1000),
  /** Green seconds moved by the last adaptive adjustment (0 when none). */
  adjustment: bounded(-120, 120),
  observedAt: epochMs,
  // Optional: a backend without a mode history, road data or high-resolution logs leaves them out.
  /** When the current mode began (a fault or outage: since when). */
  modeSince: z.optional(epochMs),
  roadClass: z.optional(z.enum(ROAD_CLASSES)),
  /** Free-flow speed of the approach roads, km/h. */
  freeSpeed: z.optional(bounded(0, 150)),
  /** Length of road the intersection stands for in area figures, km (vehicle-km weights). */
  linkKm: z.optional(bounded(0, 50)),
  /** Saturation flow per phase, veh/h of green, phase 1 first: the capacity behind v/c. */
  saturationFlows: z.optional(z.array(bounded(0, 50_000)).check(z.maxLength(8))),
  /** Events received ÷ expected over the last complete bin; null when none were expected. */
  completeness: z.optional(z.nullable(bounded(0, 1))),
  /** The last complete 15-minute bins (ATSPM measures from the controller's event log). */
  bins: z.optional(signalBinsSchema),
  /** The last adaptive adjustments, oldest first. */
  adjustments: z.optional(z.array(adjustmentSchema).check(z.maxLength(4))),
});
export type SignalState = z.infer<typeof signalSchema>;
