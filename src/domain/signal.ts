import { z } from 'zod';
import { entityId, epochMs, feedText, placed } from './common';

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

export const signalSchema = placed.extend({
  id: entityId,
  name: feedText(80),
  mode: z.enum(SIGNAL_MODES),
  /** Cycle length, s. */
  cycle: z.number().min(0).max(400),
  /** Green split per phase, s. */
  phases: z.array(z.number().min(0).max(300)).max(8),
  /** Flow, veh/h, all approaches. */
  flow: z.number().min(0).max(20000),
  /** Average speed, km/h. */
  speed: z.number().min(0).max(150),
  /** Longest queue, m. */
  queue: z.number().min(0).max(5000),
  /** Volume / capacity. */
  saturation: z.number().min(0).max(3),
  /** Average control delay, s/veh. */
  delay: z.number().min(0).max(1000),
  /** Last adaptive green adjustment, ±s. */
  adjustment: z.number().min(-120).max(120),
  observedAt: epochMs,
});
export type SignalState = z.infer<typeof signalSchema>;
