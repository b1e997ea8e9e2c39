import { describe, expect, it } from 'vitest';
import { STATE_CODE, stateOf } from './readings';
import { recordState, sensorRecord, stateClock } from './sensor-records';
import { DEFAULT_SETTINGS } from './settings';
import { HOUR, MIN, T, context, sensor } from './test-fixtures';

describe('a sensor record', () => {
  it('gives the state stateOf gives, and the moment it changes, at every age', () => {
    const ctx = context();
    const kinds = ['air', 'water', 'noise', 'waterlogging', 'slope'] as const;
    let checked = 0;
    for (const kind of kinds)
      for (const status of ['normal', 'offline'] as const)
        for (const age of [0, MIN, 30 * MIN, HOUR, 2 * HOUR, 3 * HOUR + 1, 6 * HOUR, 30 * HOUR])
          for (const lag of [0, 20 * MIN])
            for (const periodMs of [undefined, 5 * MIN, HOUR]) {
              const r = sensor(kind, { status, observedAt: T - age, periodMs });
              const rec = sensorRecord(r, ctx.rules);
              for (const plausible of [true, false]) {
                const want = stateOf(r, plausible, T, T - lag, DEFAULT_SETTINGS.sensors);
                const got = recordState(rec, plausible, T, T - lag, DEFAULT_SETTINGS.sensors);
                expect(got).toBe(STATE_CODE[want.state]);
                expect(stateClock.until).toBe(want.until);
                checked += 1;
              }
            }
    expect(checked).toBe(5 * 2 * 8 * 2 * 3 * 2);
  });

  it('is kept per item object: a new object of the same sensor gets its own', () => {
    const ctx = context();
    const r = sensor('air');
    const a = sensorRecord(r, ctx.rules);
    expect(sensorRecord(r, ctx.rules)).toBe(a);
    const moved = { ...r, position: [119.5, 26.2] as [number, number] };
    const b = sensorRecord(moved, ctx.rules);
    expect(b).not.toBe(a);
    expect([b.x, b.y]).toEqual([119.5, 26.2]);
  });
});
