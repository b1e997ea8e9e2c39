// Per-cycle signal performance measures (ATSPM) from one intersection's high-resolution event log.
// One definition of each measure, written down in docs/metrics.md ("Traffic"):
// - a phase's cycle runs from its begin green (1) to its next begin green; red starts at the end
//   of yellow (9), so red clearance counts as red;
// - an arrival is an advance detector's "on" (82) shifted by the detector's lead (its travel time
//   to the stop bar); arrivals on green are those during green only (yellow is not green);
// - occupancy is read per stop-bar detector; a split failure is a cycle in which one stop-bar
//   detector of the phase is occupied ≥ 80 % of the green and ≥ 80 % of the first 5 s of red;
// - approach delay is the time from an arrival during red to the start of the next green;
// - completeness counts the events a log should hold (1, 8, 9, and 10/11 where red clearance is
//   programmed, per phase cycle; alternating 82/81 per detector) against those it holds.
import { EVENT, type HiResEvent, type SignalConfig } from './hi-res';

export type Termination = 'gap' | 'max' | 'force' | 'none';

export interface PhaseCycle {
  phase: number;
  /** Begin green, epoch ms. */
  start: number;
  /** Begin yellow (inferred from the termination or the end of yellow when missing). */
  greenEnd: number;
  /** End of yellow: the start of red. */
  yellowEnd: number;
  /** The phase's next begin green. */
  end: number;
  termination: Termination;
  /** Arrivals at the advance detectors during green, yellow and red. */
  arrivalsGreen: number;
  arrivalsYellow: number;
  arrivalsRed: number;
  /** Approach delay, ms, summed over the arrivals during red. */
  delay: number;
  /** Occupancy of the most occupied stop-bar detector during green, 0–1 (null: none usable). */
  greenOccupancy: number | null;
  /** … and during the first 5 s of red. */
  redOccupancy: number | null;
  splitFailure: boolean;
}

/** A phase not served in a controller cycle, dated by that cycle's start. */
export interface PhaseSkip {
  phase: number;
  at: number;
}

/** Events a log holds (`present`) and should hold (`expected`), dated. */
export interface Tally {
  at: number;
  present: number;
  expected: number;
}

export interface StuckDetector {
  channel: number;
  from: number;
  to: number;
}

export interface MeasuredLog {
  /** Closed phase cycles whose intervals could be read, by start then phase. */
  cycles: PhaseCycle[];
  skips: PhaseSkip[];
  tallies: Tally[];
  /** Detectors "on" longer than `stuckMs`: their occupancy is not used over that time. */
  stuck: StuckDetector[];
}

export interface MeasureOptions {
  /** Start of the log's window: a detector whose first event is "off" was on since then. */
  from?: number;
  /** End of the log's window (default: the last event). */
  to?: number;
  /** A detector on longer than this is stuck. Default 10 minutes. */
  stuckMs?: number;
}

/** Split failure threshold (a common rule; not standardised). */
export const SPLIT_FAILURE_OCCUPANCY = 0.8;
/** The stretch of red whose occupancy a split failure looks at. */
export const RED_WINDOW_MS = 5000;
export const DEFAULT_STUCK_MS = 10 * 60_000;
/** How far past the programmed yellow an end of yellow is still read as this cycle's. */
export const YELLOW_SLACK_MS = 2000;

const PHASE_CODES: ReadonlySet<number> = new Set([1, 4, 5, 6, 8, 9, 10, 11]);

// Same-millisecond order: ends before beginnings, so one phase's end of red clearance precedes
// the next phase's begin green, a termination precedes its yellow, and a detector's "off"
// precedes its next "on".
const RANK: ReadonlyMap<number, number> = new Map([
  [EVENT.phaseEndRedClearance, 0],
  [EVENT.phaseEndYellow, 1],
  [EVENT.phaseGapOut, 2],
  [EVENT.phaseMaxOut, 2],
  [EVENT.phaseForceOff, 2],
  [EVENT.phaseBeginYellow, 3],
  [EVENT.phaseBeginRedClearance, 4],
  [EVENT.phaseBeginGreen, 5],
  [EVENT.detectorOff, 6],
  [EVENT.detectorOn, 7],
]);

/**
 * When a vehicle seen by an advance detector at `t` reaches the stop bar: `lead` (s) is the
 * detector's free-flow travel time to it. The one definition of an arrival's time.
 */
export const arrivalTime = (t: number, lead: number): number => t + Math.round(lead * 1000);

/** The events sorted by time (ties in the order above), without malformed or repeated entries. */
export function cleanLog(events: readonly HiResEvent[]): HiResEvent[] {
  const ok = events.filter(
    (e) =>
      Array.isArray(e) &&
      Number.isFinite(e[0]) &&
      Number.isInteger(e[1]) &&
      Number.isInteger(e[2]) &&
      e[2] >= 0,
  );
  const rank = (code: number): number => RANK.get(code) ?? 8;
  ok.sort((a, b) => a[0] - b[0] || rank(a[1]) - rank(b[1]) || a[1] - b[1] || a[2] - b[2]);
  const out: HiResEvent[] = [];
  let last: HiResEvent | undefined;
  for (const e of ok) {
    if (last && last[0] === e[0] && last[1] === e[1] && last[2] === e[2]) continue;
    out.push(e);
    last = e;
  }
  return out;
}

/** On-intervals of one detector, sorted and disjoint; `end` may be Infinity (still on). */
interface Intervals {
  starts: number[];
  ends: number[];
  stuck: { from: number; to: number }[];
}

/** Time within [a, b) covered by the intervals; null when a stuck stretch overlaps it. */
export function coveredTime(iv: Intervals, a: number, b: number): number | null {
  if (b <= a) return 0;
  for (const s of iv.stuck) if (s.from < b && s.to > a) return null;
  // First interval ending after a.
  let lo = 0;
  let hi = iv.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((iv.ends[mid] as number) <= a) lo = mid + 1;
    else hi = mid;
  }
  let total = 0;
  for (let i = lo; i < iv.starts.length; i += 1) {
    const s = iv.starts[i] as number;
    if (s >= b) break;
    const e = iv.ends[i] as number;
    total += Math.min(e, b) - Math.max(s, a);
  }
  return total;
}

/** Reads the measures of every closed phase cycle of a log. */
export function measureLog(
  events: readonly HiResEvent[],
  config: SignalConfig,
  options: MeasureOptions = {},
): MeasuredLog {
  const log = cleanLog(events);
  const first = log[0]?.[0] ?? 0;
  const from = options.from ?? first;
  const to = options.to ?? log[log.length - 1]?.[0] ?? first;
  const stuckMs = options.stuckMs ?? DEFAULT_STUCK_MS;

  const phases = new Map(config.phases.map((p) => [p.phase, p]));
  const detectors = new Map(config.detectors.map((d) => [d.channel, d]));
  const phaseEvents = new Map<number, HiResEvent[]>();
  const detectorEvents = new Map<number, HiResEvent[]>();
  for (const p of phases.keys()) phaseEvents.set(p, []);
  for (const c of detectors.keys()) detectorEvents.set(c, []);
  for (const e of log) {
    const [, code, param] = e;
    if (PHASE_CODES.has(code)) phaseEvents.get(param)?.push(e);
    else if (code === EVENT.detectorOn || code === EVENT.detectorOff)
      detectorEvents.get(param)?.push(e);
  }

  const tallies: Tally[] = [];
  const stuck: StuckDetector[] = [];
  const intervals = new Map<number, Intervals>();
  const arrivals = new Map<number, number[]>();

  // Detectors: on-intervals, arrivals, and the alternation of on and off.
  for (const [channel, list] of detectorEvents) {
    const det = detectors.get(channel);
    if (!det) continue;
    const iv: Intervals = { starts: [], ends: [], stuck: [] };
    const times: number[] = [];
    let state: 'unknown' | 'on' | 'off' = 'unknown';
    let onSince = 0;
    for (const [t, code] of list) {
      let expected = 1;
      if (code === EVENT.detectorOn) {
        times.push(arrivalTime(t, det.lead));
        if (state === 'on') expected += 1;
        else {
          state = 'on';
          onSince = t;
        }
      } else if (state === 'on' || state === 'unknown') {
        iv.starts.push(state === 'on' ? onSince : Math.min(from, t));
        iv.ends.push(t);
        state = 'off';
      } else expected += 1;
      tallies.push({ at: t, present: 1, expected });
    }
    if (state === 'on') {
      iv.starts.push(onSince);
      iv.ends.push(Number.POSITIVE_INFINITY);
    }
    iv.starts.forEach((s, i) => {
      const e = iv.ends[i] as number;
      if (Math.min(e, to) - s > stuckMs) {
        iv.stuck.push({ from: s, to: e });
        stuck.push({ channel, from: s, to: e });
      }
    });
    intervals.set(channel, iv);
    if (det.kind === 'advance') {
      const phaseList = arrivals.get(det.phase) ?? [];
      for (const x of times) phaseList.push(x);
      arrivals.set(det.phase, phaseList);
    }
  }

  const cycles: PhaseCycle[] = [];
  const greensOf = new Map<number, number[]>();
  for (const [phase, list] of phaseEvents) {
    const cfg = phases.get(phase);
    if (!cfg) continue;
    const yellowMs = Math.round(cfg.yellow * 1000);
    const hasRedClearance = cfg.redClearance > 0;
    const profile = hasRedClearance ? 5 : 3;
    const greens: number[] = [];
    const starts: number[] = [];
    list.forEach(([t, code], i) => {
      if (code === EVENT.phaseBeginGreen) {
        greens.push(t);
        starts.push(i);
      }
    });
    greensOf.set(phase, greens);
    const own: PhaseCycle[] = [];
    for (let k = 0; k + 1 < greens.length; k += 1) {
      const g = greens[k] as number;
      const next = greens[k + 1] as number;
      let term: number | undefined;
      let termination: Termination = 'none';
      let y8: number | undefined;
      let y9: number | undefined;
      let r10: number | undefined;
      const counts = [0, 0, 0, 0];
      for (let i = (starts[k] as number) + 1; i < (starts[k + 1] as number); i += 1) {
        const [t, code] = list[i] as HiResEvent;
        switch (code) {
          case EVENT.phaseGapOut:
          case EVENT.phaseMaxOut:
          case EVENT.phaseForceOff:
            if (term === undefined) {
              term = t;
              termination =
                code === EVENT.phaseGapOut ? 'gap' : code === EVENT.phaseMaxOut ? 'max' : 'force';
            }
            break;
          case EVENT.phaseBeginYellow:
            counts[0] = (counts[0] as number) + 1;
            y8 ??= t;
            break;
          case EVENT.phaseEndYellow:
            counts[1] = (counts[1] as number) + 1;
            if (y9 === undefined && (y8 === undefined || t > y8)) y9 = t;
            break;
          case EVENT.phaseBeginRedClearance:
            if (hasRedClearance) counts[2] = (counts[2] as number) + 1;
            r10 ??= t;
            break;
          case EVENT.phaseEndRedClearance:
            if (hasRedClearance) counts[3] = (counts[3] as number) + 1;
            break;
        }
      }
      const m = Math.max(1, ...counts);
      tallies.push({
        at: g,
        present: 1 + counts.reduce((a, b) => a + b, 0),
        expected: m * profile,
      });
      const greenEnd =
        y8 ??
        term ??
        (y9 !== undefined ? y9 - yellowMs : r10 !== undefined ? r10 - yellowMs : undefined);
      if (greenEnd === undefined) continue;
      // Two yellows in one segment: two cycles merged by a lost begin green. Where the second green
      // began is not in the log, so neither cycle's green and red can be told apart: left out (its
      // events still count in completeness), rather than read as one long cycle whose second green
      // would count as yellow or as red.
      if ((counts[0] as number) > 1 || (counts[1] as number) > 1) continue;
      // An end of yellow (or begin of red clearance) well past the programmed yellow belongs to a
      // later cycle whose begin green was lost: this cycle's own was lost too.
      const near = (t: number | undefined) =>
        t !== undefined && t >= greenEnd && t <= greenEnd + yellowMs + YELLOW_SLACK_MS
          ? t
          : undefined;
      const yellowEnd = near(y9) ?? near(r10) ?? greenEnd + yellowMs;
      if (!(g < greenEnd && greenEnd <= yellowEnd && yellowEnd <= next)) continue;
      own.push({
        phase,
        start: g,
        greenEnd,
        yellowEnd,
        end: next,
        termination,
        arrivalsGreen: 0,
        arrivalsYellow: 0,
        arrivalsRed: 0,
        delay: 0,
        greenOccupancy: null,
        redOccupancy: null,
        splitFailure: false,
      });
    }

    // Arrivals: each belongs to the cycle whose [start, end) holds it.
    const times = (arrivals.get(phase) ?? []).sort((a, b) => a - b);
    let j = 0;
    for (const c of own) {
      while (j < times.length && (times[j] as number) < c.start) j += 1;
      while (j < times.length && (times[j] as number) < c.end) {
        const x = times[j] as number;
        if (x < c.greenEnd) c.arrivalsGreen += 1;
        else if (x < c.yellowEnd) c.arrivalsYellow += 1;
        else {
          c.arrivalsRed += 1;
          c.delay += c.end - x;
        }
        j += 1;
      }
    }

    // Occupancy and split failures, per stop-bar detector.
    const stopBars = config.detectors.filter((d) => d.phase === phase && d.kind === 'stopbar');
    for (const c of own) {
      const redTo = Math.min(c.yellowEnd + RED_WINDOW_MS, c.end);
      for (const d of stopBars) {
        const iv = intervals.get(d.channel) ?? { starts: [], ends: [], stuck: [] };
        const green = coveredTime(iv, c.start, c.greenEnd);
        const red = coveredTime(iv, c.yellowEnd, redTo);
        const gor = green === null ? null : green / (c.greenEnd - c.start);
        const ror = red === null || redTo <= c.yellowEnd ? null : red / (redTo - c.yellowEnd);
        if (gor !== null) c.greenOccupancy = Math.max(c.greenOccupancy ?? 0, gor);
        if (ror !== null) c.redOccupancy = Math.max(c.redOccupancy ?? 0, ror);
        if (
          gor !== null &&
          ror !== null &&
          gor >= SPLIT_FAILURE_OCCUPANCY &&
          ror >= SPLIT_FAILURE_OCCUPANCY
        )
          c.splitFailure = true;
      }
    }
    for (const c of own) cycles.push(c);
  }
  cycles.sort((a, b) => a.start - b.start || a.phase - b.phase);

  // Skips: a phase with no begin green within a controller cycle.
  const skips: PhaseSkip[] = [];
  const reference = greensOf.get(config.cyclePhase) ?? [];
  for (let k = 0; k + 1 < reference.length; k += 1) {
    const a = reference[k] as number;
    const b = reference[k + 1] as number;
    for (const p of config.phases) {
      if (p.phase === config.cyclePhase) continue;
      const greens = greensOf.get(p.phase) ?? [];
      if (!greens.some((g) => g >= a && g < b)) skips.push({ phase: p.phase, at: a });
    }
  }
  tallies.sort((a, b) => a.at - b.at);
  return { cycles, skips, tallies, stuck };
}
