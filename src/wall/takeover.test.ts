import { describe, expect, it } from 'vitest';
import type { Alarm } from '@/feeds/alarms';
import { BANNER_AFTER_ACK_MS, QUIET_BEFORE_FLY_MS, takeoverAt } from './takeover';

const T = 1_800_000_000_000;
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

describe('alarm takeover', () => {
  it('puts a critical alarm in front, holds the carousel, flies only after a quiet minute', () => {
    const a = alarm('a');
    expect(takeoverAt([a], T, QUIET_BEFORE_FLY_MS, 0)).toMatchObject({
      alarm: a,
      hold: true,
      flyTo: a,
    });
    expect(takeoverAt([a], T, 5, -Infinity).flyTo).toBe(a);
    const busy = takeoverAt([a], T, QUIET_BEFORE_FLY_MS - 1, 0);
    expect(busy).toMatchObject({ alarm: a, hold: true, flyTo: null });
  });

  it('ignores lesser alarms, and lets go 30 s after an acknowledgement', () => {
    expect(takeoverAt([alarm('m', { severity: 'major' })], T, 0, 0)).toEqual({
      alarm: null,
      flood: null,
      flyTo: null,
      hold: false,
    });
    const acked = alarm('a', { ack: { at: T - 10_000, by: 'op' } });
    expect(takeoverAt([acked], T, 0, 0)).toMatchObject({ alarm: acked, hold: true, flyTo: null });
    expect(takeoverAt([acked], T - 10_000 + BANNER_AFTER_ACK_MS, 0, 0).hold).toBe(false);
    // Cleared but nobody acknowledged it: still in front until someone does.
    const cleared = alarm('c', { state: 'cleared', clearedAt: T - 5_000 });
    expect(takeoverAt([cleared], T, 0, 0)).toMatchObject({ alarm: cleared, hold: true });
  });

  it('turns a flood into one summary with the three most pressing', () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      alarm(`f${i}`, { severity: i < 2 ? 'critical' : 'minor', firstAt: T - i * 30_000 }),
    );
    const t = takeoverAt(many, T, 0, 0);
    expect(t.flood).toMatchObject({ count: 12 });
    expect(t.flood?.top.map((a) => a.key)).toEqual(['f0', 'f1', 'f2']);
    // Old alarms are not a flood.
    const old = many.map((a) => ({ ...a, firstAt: T - 3_600_000 }));
    expect(takeoverAt(old, T, 0, 0).flood).toBeNull();
  });
});
