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

export const signalSchema = z.extend(placed, {
  id: entityId,
  name: feedText(80),
  mode: z.enum(SIGNAL_MODES),
  /** Cycle length, s. */
  cycle: bounded(0, 400),
  /** Green split per phase, s. */
  phases: z.array(bounded(0, 300)).check(z.maxLength(8)),
  /** Flow, veh/h, all approaches. */
  flow: bounded(0, 20000),
  /** Average speed, km/h. */
  speed: bounded(0, 150),
  /** Longest queue, m. */
  queue: bounded(0, 5000),
  /** Volume / capacity. */
  saturation: bounded(0, 3),
  /** Average control delay, s/veh. */
  delay: bounded(0, 1000),
  /** Last adaptive green adjustment, ±s. */
  adjustment: bounded(-120, 120),
  observedAt: epochMs,
});
export type SignalState = z.infer<typeof signalSchema>;
