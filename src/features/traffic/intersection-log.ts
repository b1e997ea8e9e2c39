// One intersection's last hour read from its high-resolution event log (docs/api.md "One
// intersection's event log"), validated here (untrusted input), with the same measures as the
// feed's bins (measures.ts, bins.ts): the Purdue coordination diagram, the split monitor, volumes
// and delay per approach, completeness and the stretches the controller was silent.
import * as z from 'zod/mini';
import { bounded, epochMs } from '@/domain/common';
import { binFigures, binLog, type BinFigures } from './bins';
import { APPROACHES, EVENT, type HiResEvent, type SignalConfig } from './hi-res';
import { arrivalTime, cleanLog, measureLog, type Termination } from './measures';

/** The window the drawer reads: the last hour, to the minute. */
export const LOG_WINDOW_MS = 3_600_000;
/** No phase event for this long: the controller was dark (or its log lost) over that stretch. */
export const SILENT_MS = 3 * 60_000;

const phaseNumber = z.int().check(z.minimum(1), z.maximum(16));
const logSchema = z.object({
  from: epochMs,
  to: epochMs,
  cyclePhase: phaseNumber,
  phases: z
    .array(
      z.object({
        phase: phaseNumber,
        approaches: z.array(z.enum(APPROACHES)).check(z.maxLength(4)),
        yellow: bounded(0, 10),
        redClearance: bounded(0, 10),
        saturationFlow: bounded(0, 50_000),
      }),
    )
    .check(z.minLength(1), z.maxLength(16)),
  detectors: z
    .array(
      z.object({
        channel: z.int().check(z.minimum(0), z.maximum(255)),
        phase: phaseNumber,
        approach: z.enum(APPROACHES),
        kind: z.enum(['advance', 'stopbar']),
        lead: bounded(0, 120),
      }),
    )
    .check(z.maxLength(64)),
  // Events are checked one by one by the measures (malformed ones are dropped, as documented).
  events: z.array(z.unknown()).check(z.maxLength(500_000)),
});

export const TERMINATIONS: readonly Termination[] = ['gap', 'max', 'force', 'none'];

/** One phase cycle as the diagrams draw it: seconds from the window's start and from its green. */
export interface CycleRow {
  /** Begin green, s after the window's start. */
  start: number;
  /** Green, yellow and the rest (red), s. */
  green: number;
  yellow: number;
  length: number;
  /** TERMINATIONS index. */
  termination: number;
  splitFailure: boolean;
}

export interface PhaseLog {
  phase: number;
  approaches: string[];
  /** Programmed yellow and red clearance, s: the change interval after each green. */
  change: number;
  cycles: CycleRow[];
  /** Arrivals as [s after the window's start, s after their cycle's begin green] pairs. */
  arrivals: number[];
  /** The hour's figures, from the same sums as the feed's bins. */
  figures: BinFigures;
  cycleCount: number;
  splitFailures: number;
  skips: number;
  gapOuts: number;
  maxOuts: number;
  forceOffs: number;
}

export interface ApproachLog {
  approach: string;
  phases: number[];
  volume: number;
  /** Approach delay per vehicle, s (over every arrival). */
  delayPerVehicle: number | null;
  arrivalsOnGreen: number | null;
}

export interface IntersectionLog {
  status: 'ok';
  from: number;
  to: number;
  /** Events in the window (after cleaning). */
  events: number;
  /** Events present ÷ expected over the window, null without any. */
  completeness: number | null;
  phases: PhaseLog[];
  approaches: ApproachLog[];
  /** Stretches of at least SILENT_MS without a phase event, epoch ms. */
  silent: { from: number; to: number }[];
  /** Detectors stuck on (their occupancy is not used over that time). */
  stuck: { channel: number; from: number; to: number }[];
}

export type IntersectionLogState =
  | IntersectionLog
  | { status: 'loading' }
  /** The source does not offer event logs (or not for this id). */
  | { status: 'absent' }
  | { status: 'invalid' };

const PHASE_CODES = new Set<number>([1, 4, 5, 6, 8, 9, 10, 11]);

/** Reads one intersection's log (the endpoint's parsed JSON); pure. */
export function readIntersectionLog(raw: unknown): IntersectionLogState {
  if (raw === undefined) return { status: 'loading' };
  if (raw === null) return { status: 'absent' };
  const parsed = logSchema.safeParse(raw);
  if (!parsed.success || parsed.data.to <= parsed.data.from) return { status: 'invalid' };
  const { from, to, cyclePhase, phases, detectors } = parsed.data;
  const config: SignalConfig = { cyclePhase, phases, detectors };
  const events = cleanLog(parsed.data.events as HiResEvent[]).filter(
    (e) => e[0] >= from && e[0] < to,
  );
  const measured = measureLog(events, config, { from, to });
  const hour = binLog(measured, config, from, 1, to - from);
  const tally = measured.tallies.reduce(
    (acc, t) => ({ present: acc.present + t.present, expected: acc.expected + t.expected }),
    { present: 0, expected: 0 },
  );

  // Arrivals per phase, with the same definition as the measures (detector "on" + its lead).
  const arrivalsOf = new Map<number, { t: number; approach: string }[]>();
  const detectorOf = new Map(detectors.map((d) => [d.channel, d]));
  for (const [t, code, channel] of events) {
    if (code !== EVENT.detectorOn) continue;
    const d = detectorOf.get(channel);
    if (!d || d.kind !== 'advance') continue;
    const list = arrivalsOf.get(d.phase) ?? [];
    list.push({ t: arrivalTime(t, d.lead), approach: d.approach });
    arrivalsOf.set(d.phase, list);
  }

  const byApproach = new Map<
    string,
    { phases: Set<number>; volume: number; green: number; delay: number }
  >();
  for (const p of phases)
    for (const a of p.approaches) {
      const entry = byApproach.get(a) ?? { phases: new Set(), volume: 0, green: 0, delay: 0 };
      entry.phases.add(p.phase);
      byApproach.set(a, entry);
    }

  const phaseLogs: PhaseLog[] = phases.map((p, pi) => {
    const cycles = measured.cycles.filter((c) => c.phase === p.phase);
    const arrivals: number[] = [];
    const list = (arrivalsOf.get(p.phase) ?? []).sort((a, b) => a.t - b.t);
    let j = 0;
    for (const c of cycles) {
      while (j < list.length && list[j]!.t < c.start) j += 1;
      while (j < list.length && list[j]!.t < c.end) {
        const { t, approach } = list[j]!;
        arrivals.push(Math.round((t - from) / 100) / 10, Math.round((t - c.start) / 100) / 10);
        const entry = byApproach.get(approach) ?? {
          phases: new Set<number>(),
          volume: 0,
          green: 0,
          delay: 0,
        };
        entry.phases.add(p.phase);
        entry.volume += 1;
        if (t < c.greenEnd) entry.green += 1;
        else if (t >= c.yellowEnd) entry.delay += c.end - t;
        byApproach.set(approach, entry);
        j += 1;
      }
    }
    const bin = hour.phases[pi]?.[0];
    const count = (name: 'gap' | 'max' | 'force') =>
      cycles.filter((c) => c.termination === name).length;
    return {
      phase: p.phase,
      approaches: [...p.approaches],
      change: p.yellow + p.redClearance,
      cycles: cycles.map((c) => ({
        start: (c.start - from) / 1000,
        green: (c.greenEnd - c.start) / 1000,
        yellow: (c.yellowEnd - c.greenEnd) / 1000,
        length: (c.end - c.start) / 1000,
        termination: TERMINATIONS.indexOf(c.termination),
        splitFailure: c.splitFailure,
      })),
      arrivals,
      figures: binFigures(bin ?? [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], p.saturationFlow),
      cycleCount: cycles.length,
      splitFailures: cycles.filter((c) => c.splitFailure).length,
      skips: measured.skips.filter((s) => s.phase === p.phase).length,
      gapOuts: count('gap'),
      maxOuts: count('max'),
      forceOffs: count('force'),
    };
  });

  // Silent stretches: no phase event for SILENT_MS or longer (the window's edges count).
  const silent: { from: number; to: number }[] = [];
  let last = from;
  for (const [t, code] of events) {
    if (!PHASE_CODES.has(code)) continue;
    if (t - last >= SILENT_MS) silent.push({ from: last, to: t });
    last = t;
  }
  if (to - last >= SILENT_MS) silent.push({ from: last, to });

  return {
    status: 'ok',
    from,
    to,
    events: events.length,
    completeness:
      tally.expected > 0 ? Math.round((100 * tally.present) / tally.expected) / 100 : null,
    phases: phaseLogs,
    approaches: APPROACHES.filter((a) => byApproach.has(a)).map((a) => {
      const e = byApproach.get(a)!;
      return {
        approach: a,
        phases: [...e.phases].sort((x, y) => x - y),
        volume: e.volume,
        delayPerVehicle: e.volume > 0 ? e.delay / 1000 / e.volume : null,
        arrivalsOnGreen: e.volume > 0 ? e.green / e.volume : null,
      };
    }),
    silent,
    stuck: measured.stuck.map((s) => ({
      channel: s.channel,
      from: s.from,
      to: Number.isFinite(s.to) ? s.to : to,
    })),
  };
}
