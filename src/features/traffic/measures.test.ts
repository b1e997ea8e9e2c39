import { describe, expect, it } from 'vitest';
import type { PhaseBin } from '../../domain/signal';
import { BIN_MS, binFigures, binLog, field, platoonRatio, sumBins } from './bins';
import type { HiResEvent, SignalConfig } from './hi-res';
import { cleanLog, measureLog, type PhaseCycle } from './measures';

// 20 November 2025 08:00 in Fuzhou (UTC+8): a bin boundary.
const T0 = Date.UTC(2025, 10, 20, 0);
const s = (seconds: number): number => T0 + Math.round(seconds * 1000);
const ev = (seconds: number, code: number, param: number): HiResEvent => [s(seconds), code, param];

// Two phases, NEMA-style numbers 2 (east–west, the cycle phase) and 4 (north–south).
const CONFIG: SignalConfig = {
  cyclePhase: 2,
  phases: [
    { phase: 2, approaches: ['E'], yellow: 3, redClearance: 2, saturationFlow: 3600 },
    { phase: 4, approaches: ['N'], yellow: 3, redClearance: 2, saturationFlow: 1800 },
  ],
  detectors: [
    { channel: 1, phase: 2, approach: 'E', kind: 'advance', lead: 5 },
    { channel: 2, phase: 2, approach: 'E', kind: 'stopbar', lead: 0 },
    { channel: 3, phase: 4, approach: 'N', kind: 'advance', lead: 0 },
    { channel: 4, phase: 4, approach: 'N', kind: 'stopbar', lead: 0 },
  ],
};

/** Begin green, termination, yellow, red clearance of one phase interval (seconds). */
function phase(p: number, green: number, end: number, termination: 4 | 5 | 6): HiResEvent[] {
  return [
    ev(green, 1, p),
    ev(end, termination, p),
    ev(end, 8, p),
    ev(end + 3, 9, p),
    ev(end + 3, 10, p),
    ev(end + 5, 11, p),
  ];
}

/** A vehicle reaching the stop bar at `at` s, seen by an advance detector `lead` s upstream. */
const vehicle = (channel: number, at: number, lead: number): HiResEvent[] => [
  ev(at - lead, 82, channel),
  ev(at - lead + 0.5, 81, channel),
];

// Phase 2 greens at 0, 60, 120, 180; phase 4 at 35, 90, 145, 205. Phase cycles:
//   2: [0,60) green 30 gap-out, [60,120) green 25 force-off, [120,180) green 20 gap-out
//   4: [35,90) green 20 max-out, [90,145) green 25 gap-out, [145,205) green 30 force-off
const SIGNAL: HiResEvent[] = [
  ...phase(2, 0, 30, 4),
  ...phase(4, 35, 55, 5),
  ...phase(2, 60, 85, 6),
  ...phase(4, 90, 115, 4),
  ...phase(2, 120, 140, 4),
  ...phase(4, 145, 175, 6),
  ...phase(2, 180, 200, 4),
  ev(205, 1, 4),
];
// Arrivals at the stop bar (advance detector 1 is 5 s upstream, detector 3 at the stop bar).
const ARRIVALS_2 = [8, 15, 25, 31, 40, 50, 62, 70, 86, 100, 110, 118, 125, 150, 160, 185];
const ARRIVALS_4 = [40, 56, 70, 80, 95, 100, 105, 130, 150, 190];
const STOPBAR_2: HiResEvent[] = [
  ev(4, 81, 2), // on since the log's start
  ev(55, 82, 2),
  ev(80, 81, 2),
  ev(81, 82, 2),
  ev(84.5, 81, 2),
  ev(87, 82, 2), // a vehicle stops as phase 2 turns red and waits for the next green
  ev(125, 81, 2),
];
const STOPBAR_4: HiResEvent[] = [
  ev(35, 82, 4),
  ev(51, 81, 4), // 16 s of a 20 s green: exactly 80 %
  ev(59, 82, 4),
  ev(70, 81, 4), // 4 s of the first 5 s of red: exactly 80 %
  ev(91, 82, 4),
  ev(93, 81, 4),
  ev(179, 82, 4),
  ev(200, 81, 4),
];
const LOG: HiResEvent[] = [
  ...SIGNAL,
  ...ARRIVALS_2.flatMap((at) => vehicle(1, at, 5)),
  ...ARRIVALS_4.flatMap((at) => vehicle(3, at, 0)),
  ...STOPBAR_2,
  ...STOPBAR_4,
];

const ZERO: PhaseBin = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

const measure = (events: readonly HiResEvent[], stuckMs?: number) =>
  measureLog(events, CONFIG, { from: T0, stuckMs });
const cyclesOf = (cycles: PhaseCycle[], p: number) => cycles.filter((c) => c.phase === p);
const seconds = (c: PhaseCycle) => ({
  green: (c.greenEnd - c.start) / 1000,
  yellow: (c.yellowEnd - c.greenEnd) / 1000,
  red: (c.end - c.yellowEnd) / 1000,
});
const oneBin = (events: readonly HiResEvent[], stuckMs?: number) =>
  binLog(measure(events, stuckMs), CONFIG, T0, 1);
const bin = (events: readonly HiResEvent[], phaseIndex: number, stuckMs?: number): PhaseBin =>
  oneBin(events, stuckMs).phases[phaseIndex]?.[0] ?? ZERO;

/** A deterministic shuffle. */
function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  let x = 12345;
  for (let i = out.length - 1; i > 0; i -= 1) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('phase cycles of a hand-counted log', () => {
  const { cycles, skips, stuck } = measure(LOG);

  it('reads every closed cycle, by start then phase, and leaves the open one out', () => {
    expect(cycles.map((c) => [c.phase, (c.start - T0) / 1000, (c.end - T0) / 1000])).toEqual([
      [2, 0, 60],
      [4, 35, 90],
      [2, 60, 120],
      [4, 90, 145],
      [2, 120, 180],
      [4, 145, 205],
    ]);
    expect(skips).toEqual([]);
    expect(stuck).toEqual([]);
  });

  it('reads green, yellow and red (red clearance counts as red)', () => {
    expect(cyclesOf(cycles, 2).map(seconds)).toEqual([
      { green: 30, yellow: 3, red: 27 },
      { green: 25, yellow: 3, red: 32 },
      { green: 20, yellow: 3, red: 37 },
    ]);
    expect(cyclesOf(cycles, 4).map(seconds)).toEqual([
      { green: 20, yellow: 3, red: 32 },
      { green: 25, yellow: 3, red: 27 },
      { green: 30, yellow: 3, red: 27 },
    ]);
  });

  it('reads the termination of each green', () => {
    expect(cycles.map((c) => c.termination)).toEqual([
      'gap',
      'max',
      'force',
      'gap',
      'gap',
      'force',
    ]);
  });

  it('counts arrivals on green (green only), yellow and red at the stop-bar time', () => {
    // Phase 2, detector 5 s upstream: 8 15 25 | 31 | 40 50 · 62 70 | 86 | 100 110 118 · 125 | 150 160.
    expect(
      cyclesOf(cycles, 2).map((c) => [c.arrivalsGreen, c.arrivalsYellow, c.arrivalsRed]),
    ).toEqual([
      [3, 1, 2],
      [2, 1, 3],
      [1, 0, 2],
    ]);
    expect(
      cyclesOf(cycles, 4).map((c) => [c.arrivalsGreen, c.arrivalsYellow, c.arrivalsRed]),
    ).toEqual([
      [1, 1, 2],
      [3, 0, 1],
      [1, 0, 1],
    ]);
  });

  it('sums approach delay from each arrival on red to the next green', () => {
    // (60−40)+(60−50) = 30; (120−100)+(120−110)+(120−118) = 32; (180−150)+(180−160) = 50.
    expect(cyclesOf(cycles, 2).map((c) => c.delay / 1000)).toEqual([30, 32, 50]);
    // (90−70)+(90−80) = 30; 145−130 = 15; 205−190 = 15.
    expect(cyclesOf(cycles, 4).map((c) => c.delay / 1000)).toEqual([30, 15, 15]);
  });

  it('reads stop-bar occupancy in green and in the first 5 s of red, and split failures', () => {
    const p2 = cyclesOf(cycles, 2);
    // On since the log start until 4 s: 4 of 30 s. Then 20 + 3.5 of 25 s and 5 of 5 s of red.
    expect(p2.map((c) => c.greenOccupancy)).toEqual([4 / 30, 23.5 / 25, 5 / 20]);
    expect(p2.map((c) => c.redOccupancy)).toEqual([0, 1, 0]);
    expect(p2.map((c) => c.splitFailure)).toEqual([false, true, false]);
    const p4 = cyclesOf(cycles, 4);
    // Exactly 80 % and 80 %: a split failure (the rule is ≥).
    expect(p4.map((c) => c.greenOccupancy)).toEqual([0.8, 2 / 25, 0]);
    expect(p4.map((c) => c.redOccupancy)).toEqual([0.8, 0, 0.8]);
    expect(p4.map((c) => c.splitFailure)).toEqual([true, false, false]);
  });
});

describe('15-minute bins of the hand-counted log', () => {
  const bins = oneBin(LOG);

  it('sums cycles per phase', () => {
    // cycles, volume, AoG, SF, gap, max, force, skips, green s, cycle s, delay s
    expect(bins.phases[0]).toEqual([[3, 15, 6, 1, 2, 0, 1, 0, 75, 180, 112]]);
    expect(bins.phases[1]).toEqual([[3, 10, 5, 1, 1, 1, 1, 0, 75, 170, 60]]);
    expect(bins.completeness).toEqual([1]);
  });

  it('gives the shares and rates a panel shows', () => {
    const p2 = binFigures(bins.phases[0]?.[0] ?? ZERO, 3600);
    expect(p2.arrivalsOnGreenShare).toBeCloseTo(6 / 15, 12);
    expect(p2.platoonRatio).toBeCloseTo(6 / 15 / (75 / 180), 12);
    expect(p2.splitFailureShare).toBeCloseTo(1 / 3, 12);
    expect(p2.gapOutShare).toBeCloseTo(2 / 3, 12);
    expect(p2.forceOffShare).toBeCloseTo(1 / 3, 12);
    expect(p2.maxOutShare).toBe(0);
    expect(p2.delayPerVehicle).toBeCloseTo(112 / 15, 12);
    // 15 vehicles against 3,600 veh/h of green over 75 s of green: 75 vehicles.
    expect(p2.volumeToCapacity).toBeCloseTo(0.2, 12);
    expect(p2.flowRate).toBeCloseTo(300, 12);
    const both = binFigures(sumBins([bins.phases[0]?.[0] ?? ZERO, bins.phases[1]?.[0] ?? ZERO]));
    expect(both.volume).toBe(25);
    expect(both.arrivalsOnGreenShare).toBeCloseTo(11 / 25, 12);
    expect(both.volumeToCapacity).toBeNull();
    // Across phases: 11 on green against 15·75/180 + 10·75/170 expected at random.
    expect(platoonRatio([bins.phases[0]?.[0] ?? ZERO, bins.phases[1]?.[0] ?? ZERO])).toBeCloseTo(
      11 / ((15 * 75) / 180 + (10 * 75) / 170),
      12,
    );
    expect(platoonRatio([ZERO])).toBeNull();
  });

  it('puts a cycle cut by the bin boundary in the bin where its green began', () => {
    // The same log shifted so that phase 2's [60, 120) cycle starts 10 s before the boundary.
    const shift = BIN_MS / 1000 - 70;
    const late = LOG.map(([t, code, p]): HiResEvent => [t + shift * 1000, code, p]);
    const two = binLog(measureLog(late, CONFIG, { from: T0 + shift * 1000 }), CONFIG, T0, 2);
    // Phase 2: [0,60)+shift and [60,120)+shift start in bin 0, [120,180)+shift in bin 1.
    expect(two.phases[0]?.map((b) => field(b, 'cycles'))).toEqual([2, 1]);
    // Everything of the cut cycle stays with it: 6 arrivals (5 of them after the boundary).
    expect(two.phases[0]?.map((b) => field(b, 'volume'))).toEqual([12, 3]);
    expect(two.phases[0]?.map((b) => field(b, 'greenSeconds'))).toEqual([55, 20]);
    expect(two.phases[0]?.map((b) => field(b, 'cycleSeconds'))).toEqual([120, 60]);
    // Phase 4: [35,90) starts in bin 0; [90,145) and [145,205) in bin 1.
    expect(two.phases[1]?.map((b) => field(b, 'cycles'))).toEqual([1, 2]);
  });
});

describe('edge cases', () => {
  it('gives nothing for an empty log', () => {
    const m = measure([]);
    expect(m).toEqual({ cycles: [], skips: [], tallies: [], stuck: [] });
    const b = binLog(m, CONFIG, T0, 2);
    expect(b.phases).toEqual([
      [new Array(11).fill(0), new Array(11).fill(0)],
      [new Array(11).fill(0), new Array(11).fill(0)],
    ]);
    expect(b.completeness).toEqual([null, null]);
    expect(binFigures(b.phases[0]?.[0] ?? ZERO).arrivalsOnGreenShare).toBeNull();
  });

  it('reads the same from events out of order', () => {
    expect(measure(shuffled(LOG))).toEqual(measure(LOG));
  });

  it('ignores duplicate events (completeness stays 1)', () => {
    const twice = [...LOG, ...LOG.slice(0, 40), ...LOG];
    expect(measure(twice)).toEqual(measure(LOG));
    expect(oneBin(twice).completeness).toEqual([1]);
  });

  it('ignores malformed entries', () => {
    const bad = [...LOG, [Number.NaN, 1, 2], [s(10), 1.5, 2], [s(10), 82, -1]] as HiResEvent[];
    expect(measure(bad)).toEqual(measure(LOG));
    expect(
      cleanLog([
        [s(1), 82, 1],
        [s(1), 81, 1],
      ]).map((e) => e[1]),
    ).toEqual([81, 82]);
  });

  it('infers a missing begin yellow from the termination, then from the end of yellow', () => {
    const noYellow = LOG.filter(([t, code, p]) => !(t === s(30) && code === 8 && p === 2));
    expect(measure(noYellow).cycles).toEqual(measure(LOG).cycles);
    const neither = noYellow.filter(([t, code, p]) => !(t === s(30) && code === 4 && p === 2));
    const first = measure(neither).cycles[0];
    expect(first && seconds(first)).toEqual({ green: 30, yellow: 3, red: 27 });
    expect(first?.termination).toBe('none');
    // The log is missing one expected event of 97 (30 phase events and 67 detector events).
    expect(oneBin(noYellow).completeness).toEqual([Math.round((100 * 96) / 97) / 100]);
  });

  it('does not take a later cycle’s end of yellow for a lost one', () => {
    // Phase 2's end of yellow (33 s) and red clearance (33–35 s) are lost, and so are the next
    // cycle's begin green (60 s) and begin yellow (85 s): the segment [0,120) holds one begin
    // yellow (30 s) and the next cycle's end of yellow (88 s), 58 s after it. Its yellow is read
    // from the programmed 3 s, not as 58 s.
    const lost = LOG.filter(
      ([t, code, p]) =>
        p !== 2 ||
        !(
          (t === s(60) && code === 1) ||
          (t === s(85) && code === 8) ||
          (t <= s(35) && [9, 10, 11].includes(code))
        ),
    );
    const merged = cyclesOf(measure(lost).cycles, 2)[0];
    expect(merged && seconds(merged)).toEqual({ green: 30, yellow: 3, red: 87 });
  });

  it('leaves out a cycle whose green end cannot be read', () => {
    const broken = LOG.filter(
      ([t, code, p]) => !(p === 4 && t >= s(55) && t <= s(58) && [5, 8, 9, 10].includes(code)),
    );
    const m = measure(broken);
    expect(cyclesOf(m.cycles, 4).map((c) => (c.start - T0) / 1000)).toEqual([90, 145]);
    expect(field(bin(broken, 1), 'cycles')).toBe(2);
  });

  it('does not read occupancy from a stuck detector', () => {
    // With a 30 s limit, stop bar 2's 38 s call (87–125 s) counts as stuck.
    const m = measure(LOG, 30_000);
    expect(m.stuck).toEqual([{ channel: 2, from: s(87), to: s(125) }]);
    const p2 = cyclesOf(m.cycles, 2);
    expect(p2.map((c) => c.greenOccupancy)).toEqual([4 / 30, 23.5 / 25, null]);
    expect(p2.map((c) => c.redOccupancy)).toEqual([0, null, 0]);
    expect(field(bin(LOG, 0, 30_000), 'splitFailures')).toBe(0);
  });

  it('treats a detector left on at the end of the log as on, and stuck past the limit', () => {
    const stuckOn = [
      ...LOG.filter(([, code, p]) => !(p === 4 && (code === 81 || code === 82))),
      ev(30, 82, 4),
    ];
    const m = measure(stuckOn, 60_000);
    expect(m.stuck).toEqual([{ channel: 4, from: s(30), to: Number.POSITIVE_INFINITY }]);
    expect(cyclesOf(m.cycles, 4).every((c) => c.greenOccupancy === null)).toBe(true);
    expect(cyclesOf(measure(stuckOn).cycles, 4).map((c) => c.greenOccupancy)).toEqual([1, 1, 1]);
  });

  it('counts a phase skipped in a controller cycle', () => {
    // Phase 4 not served between 60 and 120 s: its green at 90 s and its intervals are gone.
    const skipped = LOG.filter(
      ([t, code, p]) => !(p === 4 && t >= s(90) && t <= s(120) && code <= 11),
    );
    const m = measure(skipped);
    expect(m.skips).toEqual([{ phase: 4, at: s(60) }]);
    // Phase 4's cycle now runs from 35 to 145 s.
    expect(cyclesOf(m.cycles, 4).map((c) => [(c.start - T0) / 1000, (c.end - T0) / 1000])).toEqual([
      [35, 145],
      [145, 205],
    ]);
    expect(field(bin(skipped, 1), 'skips')).toBe(1);
    expect(binFigures(bin(skipped, 1)).skipShare).toBeCloseTo(1 / 3, 12);
  });

  it('shows a log missing half its events as incomplete', () => {
    const half = LOG.filter((_, i) => i % 2 === 0);
    const completeness = oneBin(half).completeness[0] ?? 1;
    expect(completeness).toBeLessThan(0.8);
    expect(oneBin(LOG.filter((_, i) => i % 10 !== 0)).completeness[0]).toBeLessThan(0.97);
  });

  it('counts a lost begin green as missing events of the merged cycle, and leaves the cycle out', () => {
    // Phase 2's begin green at 60 s is lost: one segment [0,120) with two sets of intervals.
    const lost = LOG.filter(([t, code, p]) => !(t === s(60) && code === 1 && p === 2));
    const m = measure(lost);
    // Where its second green began is unknown: the merged cycle is not read.
    expect(cyclesOf(m.cycles, 2).map((c) => (c.start - T0) / 1000)).toEqual([120]);
    // Its segment holds 9 of the 10 events two cycles should have.
    const tally = m.tallies.find((t) => t.at === s(0) && t.expected > 1);
    expect(tally).toEqual({ at: s(0), present: 9, expected: 10 });
  });
});
