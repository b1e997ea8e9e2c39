import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatUtc, parseStrictTime } from './strict-time';

const SH = 'Asia/Shanghai';

describe('strict time parsing', () => {
  it('reads offsets, Z and fractions', () => {
    expect(parseStrictTime('2010-04-14T06:37:38-08:00', SH)).toBe(
      Date.parse('2010-04-14T14:37:38Z'),
    );
    expect(parseStrictTime('2016-12-28T11:00:00.00Z', SH)).toBe(Date.parse('2016-12-28T11:00:00Z'));
    expect(parseStrictTime('2016-12-28T11:00:00.123456Z', SH)).toBe(
      Date.parse('2016-12-28T11:00:00.123Z'),
    );
    expect(parseStrictTime('2016-12-28T11:00+0530', SH)).toBe(Date.parse('2016-12-28T05:30:00Z'));
  });

  it('reads a time without an offset in the given zone, daylight saving included', () => {
    expect(parseStrictTime('2016-03-15T11:00:00', SH)).toBe(Date.parse('2016-03-15T03:00:00Z'));
    expect(parseStrictTime('2016-03-15T11:00:00', 'Europe/Madrid')).toBe(
      Date.parse('2016-03-15T10:00:00Z'),
    );
    expect(parseStrictTime('2016-07-15T11:00:00', 'Europe/Madrid')).toBe(
      Date.parse('2016-07-15T09:00:00Z'),
    );
  });

  it('refuses what is not an ISO 8601 date-time', () => {
    for (const text of [
      '2010-04-15T06:37:38-08:00Z',
      '2010-04-15 06:37:38',
      '2010-04-15',
      '2010-02-30T00:00:00Z',
      '2011-02-29T00:00:00Z',
      '2010-04-15T24:00:00Z',
      '2010-04-15T06:37:38+25:00',
      '1283299200',
      'Tue, 15 Apr 2010 06:37:38 GMT',
      '',
      ' ',
    ])
      expect(parseStrictTime(text, SH), text).toBeNull();
    for (const value of [null, undefined, 12, {}, ['2010-04-15T06:37:38Z']])
      expect(parseStrictTime(value, SH)).toBeNull();
    expect(parseStrictTime('2012-02-29T00:00:00Z', SH)).not.toBeNull();
  });

  it('round-trips every UTC time it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (t) => {
        const whole = Math.floor(t / 1000) * 1000;
        expect(parseStrictTime(formatUtc(whole), SH)).toBe(whole);
      }),
    );
  });

  it('never throws and returns a non-negative integer or null for any string', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom(SH, 'Europe/Madrid', 'America/Los_Angeles'),
        (s, tz) => {
          const t = parseStrictTime(s, tz);
          expect(t === null || (Number.isInteger(t) && t >= 0)).toBe(true);
        },
      ),
    );
  });
});
