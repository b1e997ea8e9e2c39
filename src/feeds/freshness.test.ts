import { describe, expect, it } from 'vitest';
import { freshnessOf } from './freshness';

const thresholds = { ageingAfterMs: 7_500, staleAfterMs: 15_000, downAfterMs: 50_000 };
const CONFIRMED = Date.UTC(2026, 10, 22, 8, 0, 0);
const at = (ageMs: number, confirmedAt = CONFIRMED) =>
  freshnessOf({ now: confirmedAt + ageMs, confirmedAt, thresholds });

describe('freshnessOf', () => {
  it.each([
    [0, 'live'],
    [7_499, 'live'],
    [7_500, 'ageing'],
    [14_999, 'ageing'],
    [15_000, 'stale'],
    [49_999, 'stale'],
    [50_000, 'down'],
    [86_400_000, 'down'],
  ] as const)('data %i ms old is %s', (age, expected) => {
    expect(at(age)).toBe(expected);
  });

  it('is down when there never was data, whatever the clock says', () => {
    expect(freshnessOf({ now: 0, confirmedAt: 0, thresholds })).toBe('down');
    expect(freshnessOf({ now: 1_000, confirmedAt: 0, thresholds })).toBe('down');
    expect(freshnessOf({ now: CONFIRMED, confirmedAt: 0, thresholds })).toBe('down');
  });

  it('treats data confirmed in the viewer’s future (clock skew) as live', () => {
    expect(at(-5_000)).toBe('live');
  });

  it('follows the thresholds it is given', () => {
    const tight = { ageingAfterMs: 10, staleAfterMs: 20, downAfterMs: 30 };
    const of = (age: number) =>
      freshnessOf({ now: CONFIRMED + age, confirmedAt: CONFIRMED, thresholds: tight });
    expect([9, 10, 19, 20, 29, 30].map(of)).toEqual([
      'live',
      'ageing',
      'ageing',
      'stale',
      'stale',
      'down',
    ]);
  });
});
