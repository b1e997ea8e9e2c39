import { describe, expect, it } from 'vitest';
import type { HiResEvent } from './hi-res';
import { readIntersectionLog, SILENT_MS, TERMINATIONS } from './intersection-log';
import { buildIntersectionView, cachedLog, logWindow } from './intersection-view';
import { measureLog } from './measures';
import { NOW, signal } from './test-signals';

// 20 November 2025 08:00 in Fuzhou: the window's start.
const T0 = Date.UTC(2025, 10, 20, 0);
const s = (seconds: number): number => T0 + Math.round(seconds * 1000);
const ev = (seconds: number, code: number, param: number): HiResEvent => [s(seconds), code, param];

const CONFIG = {
  cyclePhase: 2,
  phases: [
    { phase: 2, approaches: ['E', 'W'], yellow: 3, redClearance: 2, saturationFlow: 3600 },
    { phase: 4, approaches: ['N'], yellow: 3, redClearance: 0, saturationFlow: 1800 },
  ],
  detectors: [
    { channel: 1, phase: 2, approach: 'E', kind: 'advance', lead: 5 },
    { channel: 5, phase: 2, approach: 'W', kind: 'advance', lead: 0 },
    { channel: 3, phase: 4, approach: 'N', kind: 'advance', lead: 0 },
  ],
};

function phase(p: number, green: number, end: number, termination: number, clearance = true) {
  return [
    ev(green, 1, p),
    ev(end, termination, p),
    ev(end, 8, p),
    ev(end + 3, 9, p),
    ...(clearance ? [ev(end + 3, 10, p), ev(end + 5, 11, p)] : []),
  ];
}
/** A vehicle reaching the stop bar at `at` s, seen `lead` s upstream. */
const vehicle = (channel: number, at: number, lead: number): HiResEvent[] => [
  ev(at - lead, 82, channel),
  ev(at - lead + 0.5, 81, channel),
];

// Phase 2: [0,60) green 30 gap-out; [60,120) green 25 force-off; green again at 120.
// Phase 4: [35,90) green 20 max-out; green again at 90 (its cycle runs to nothing: not closed).
const EVENTS: HiResEvent[] = [
  ...phase(2, 0, 30, 4),
  ...phase(4, 35, 55, 5, false),
  ...phase(2, 60, 85, 6),
  ev(90, 1, 4),
  ev(120, 1, 2),
  ...vehicle(1, 8, 5), // E, green, cycle 1
  ...vehicle(1, 40, 5), // E, red, 20 s to the next green
  ...vehicle(5, 31, 0), // W, yellow
  ...vehicle(5, 100, 0), // W, red, 20 s
  ...vehicle(3, 50, 0), // N, green
  ...vehicle(3, 70, 0), // N, red, 20 s
];
const FROM = T0;
const TO = s(600);

const raw = (events: unknown[] = EVENTS, over: object = {}) =>
  JSON.parse(
    JSON.stringify({
      feed: 'signals',
      id: 'SIG-1',
      from: FROM,
      to: TO,
      ...CONFIG,
      events,
      ...over,
    }),
  ) as unknown;

describe('one intersection’s log', () => {
  const log = readIntersectionLog(raw());
  if (log.status !== 'ok') throw new Error(log.status);

  it('reads the cycles of each phase as the measures do', () => {
    const p2 = log.phases.find((p) => p.phase === 2)!;
    expect(p2.cycles).toEqual([
      { start: 0, green: 30, yellow: 3, length: 60, termination: 0, splitFailure: false },
      { start: 60, green: 25, yellow: 3, length: 60, termination: 2, splitFailure: false },
    ]);
    expect(TERMINATIONS[p2.cycles[1]!.termination]).toBe('force');
    expect(p2.change).toBe(5);
    const p4 = log.phases.find((p) => p.phase === 4)!;
    expect(p4.cycles).toHaveLength(1);
    expect(p4.maxOuts).toBe(1);
    expect(p4.change).toBe(3);
  });

  it('places each arrival in its cycle: seconds after the window and after the begin green', () => {
    const p2 = log.phases.find((p) => p.phase === 2)!;
    expect(p2.arrivals).toEqual([8, 8, 31, 31, 40, 40, 100, 40]);
    expect(log.phases.find((p) => p.phase === 4)!.arrivals).toEqual([50, 15, 70, 35]);
  });

  it('gives volume, arrivals on green and delay per approach, summing to the phases’', () => {
    expect(log.approaches).toEqual([
      { approach: 'N', phases: [4], volume: 2, delayPerVehicle: 10, arrivalsOnGreen: 0.5 },
      { approach: 'E', phases: [2], volume: 2, delayPerVehicle: 10, arrivalsOnGreen: 0.5 },
      { approach: 'W', phases: [2], volume: 2, delayPerVehicle: 10, arrivalsOnGreen: 0 },
    ]);
    const measured = measureLog(EVENTS, CONFIG as never, { from: FROM, to: TO });
    const volume = measured.cycles.reduce(
      (n, c) => n + c.arrivalsGreen + c.arrivalsYellow + c.arrivalsRed,
      0,
    );
    expect(log.approaches.reduce((n, a) => n + a.volume, 0)).toBe(volume);
    expect(log.phases.reduce((n, p) => n + p.figures.volume, 0)).toBe(volume);
  });

  it('finds stretches without phase events (the window’s end counts)', () => {
    expect(log.silent).toEqual([{ from: s(120), to: TO }]);
    expect(TO - s(120)).toBeGreaterThanOrEqual(SILENT_MS);
  });

  it('drops malformed events and events outside the window, as the measures do', () => {
    const noisy = readIntersectionLog(
      raw([...EVENTS, ['x', 1, 2], [s(5)], null, 'event', [s(5), 82, -1], [TO + 1000, 82, 1]]),
    );
    if (noisy.status !== 'ok') throw new Error(noisy.status);
    expect(noisy.events).toBe(log.events);
    expect(noisy.approaches).toEqual(log.approaches);
  });

  it('refuses a configuration that breaks the contract, and says when there is none', () => {
    expect(readIntersectionLog(raw(EVENTS, { phases: [] })).status).toBe('invalid');
    expect(readIntersectionLog(raw(EVENTS, { cyclePhase: 'two' })).status).toBe('invalid');
    expect(readIntersectionLog(raw(EVENTS, { to: FROM })).status).toBe('invalid');
    expect(readIntersectionLog(raw('nope' as never)).status).toBe('invalid');
    expect(readIntersectionLog(null).status).toBe('absent');
    expect(readIntersectionLog(undefined).status).toBe('loading');
  });
});

describe('the drawer’s view', () => {
  it('reads the log once per answer and sums the item’s bins per phase', () => {
    const answer = raw();
    expect(cachedLog(answer)).toBe(cachedLog(answer));
    const item = signal();
    const v = buildIntersectionView(item.id, item, answer, {
      now: NOW,
      revision: 2,
      generatedAt: NOW,
    });
    expect(v.item).toBe(item);
    expect(v.phaseHour).toHaveLength(2);
    expect(v.phaseHour[0]).toMatchObject({ phase: 1, cycles: 32, splitFailures: 4, maxOuts: 8 });
    expect(v.phaseHour[0]!.figures.volume).toBe(1600);
    expect(v.bins).toMatchObject({ to: item.bins!.start + 4 * 900_000 });
    expect(v.log.status).toBe('ok');
    expect(
      buildIntersectionView('nope', undefined, null, { now: NOW, revision: 2, generatedAt: NOW }),
    ).toMatchObject({ item: null, log: { status: 'absent' } });
  });

  it('asks for the hour up to the minute', () => {
    expect(logWindow(NOW + 59_999)).toEqual({ from: NOW - 3_600_000, to: NOW });
  });
});
