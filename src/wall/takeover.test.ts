import { describe, expect, it } from 'vitest';
import type { Alarm } from '@/feeds/alarms';
import {
  BANNER_AFTER_ACK_MS,
  NO_TAKEOVER,
  QUIET_BEFORE_FLY_MS,
  takeoverAt,
  type TakeoverClock,
} from './takeover';

const T = 1_800_000_000_000;
const R = 1_000_000_000_000;
const HOLD = 120_000;
const alarm = (key: string, patch: Partial<Alarm> = {}): Alarm => ({
  key,
  rule: 'r',
  severity: 'critical',
  place: key,
  area: '350102',
  position: [119.3, 26.08],
  feed: 'sensors',
  entity: null,
  firstAt: T - 60_000,
  lastAt: T,
  clearedAt: null,
  count: 1,
  magnitude: null,
  state: 'active',
  ack: null,
  message: { key: 'x', params: {} },
  ...patch,
});

/** Seen by the wall at real time R; `realNow` after it; the last input long ago. */
const clock = (patch: Partial<TakeoverClock> = {}): TakeoverClock => ({
  now: T,
  realNow: R + 1_000,
  lastInputAt: R - QUIET_BEFORE_FLY_MS,
  seenAt: () => R,
  holdMs: HOLD,
  ...patch,
});

describe('alarm takeover', () => {
  it('puts a critical alarm in front, holds the carousel, flies only after a quiet minute', () => {
    const a = alarm('a');
    expect(takeoverAt([a], clock())).toMatchObject({ alarm: a, hold: true, flyTo: a });
    const busy = takeoverAt([a], clock({ lastInputAt: R }));
    expect(busy).toMatchObject({ alarm: a, hold: true, flyTo: null });
  });

  it('holds for a bounded time from when the wall first showed it; the banner stays until acknowledged', () => {
    const a = alarm('a');
    const later = takeoverAt([a], clock({ realNow: R + HOLD }));
    expect(later).toMatchObject({ alarm: a, hold: false, flyTo: null });
    // Not yet shown by any window: in front, but it holds nothing until it is.
    expect(takeoverAt([a], clock({ seenAt: () => undefined }))).toMatchObject({
      alarm: a,
      hold: false,
    });
  });

  it('ignores lesser alarms, and lets go of the banner 30 s after an acknowledgement', () => {
    expect(takeoverAt([alarm('m', { severity: 'major' })], clock())).toEqual(NO_TAKEOVER);
    const acked = alarm('a', { ack: { at: T - 10_000, by: 'op' } });
    // Acknowledged: the carousel resumes at once, the banner stays steady for 30 s.
    expect(takeoverAt([acked], clock())).toMatchObject({ alarm: acked, hold: false, flyTo: null });
    expect(takeoverAt([acked], clock({ now: T - 10_000 + BANNER_AFTER_ACK_MS })).alarm).toBeNull();
    // A city clock 60 times faster: still 30 s of real time.
    expect(takeoverAt([acked], clock({ now: T + 60_000, speed: 60 })).alarm).toBe(acked);
    expect(
      takeoverAt([acked], clock({ now: T - 10_000 + 60 * BANNER_AFTER_ACK_MS, speed: 60 })).alarm,
    ).toBeNull();
    // Cleared but nobody acknowledged it: still in front until someone does.
    const cleared = alarm('c', { state: 'cleared', clearedAt: T - 5_000 });
    expect(takeoverAt([cleared], clock())).toMatchObject({ alarm: cleared, hold: true });
  });

  it('turns a flood into one summary with the three most pressing', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      alarm(`f${i}`, { severity: i < 2 ? 'critical' : 'minor', firstAt: T - i * 30_000 }),
    );
    const t = takeoverAt(many, clock());
    expect(t.flood).toMatchObject({ count: 12 });
    expect(t.flood?.top.map((a) => a.key)).toEqual(['f0', 'f1', 'f2']);
    // Old alarms are not a flood.
    const old = many.map((a) => ({ ...a, firstAt: T - 3_600_000 }));
    expect(takeoverAt(old, clock()).flood).toBeNull();
  });
});
