import { describe, expect, it } from 'vitest';
import { cityDayStart, cityHour, DAY_MS, DEFAULT_UTC_OFFSET_MIN, HOUR_MS } from './city-time';

// 2026-11-22 00:00 in UTC+8 is 2026-11-21 16:00 UTC.
const MIDNIGHT_CST = Date.UTC(2026, 10, 21, 16, 0, 0);

describe('city time (UTC+8)', () => {
  it('uses China Standard Time by default', () => {
    expect(DEFAULT_UTC_OFFSET_MIN).toBe(480);
    expect(DAY_MS).toBe(86_400_000);
    expect(HOUR_MS).toBe(3_600_000);
  });

  it('starts the day at local midnight, i.e. 16:00 UTC the day before', () => {
    expect(cityDayStart(MIDNIGHT_CST)).toBe(MIDNIGHT_CST);
    expect(cityDayStart(MIDNIGHT_CST + 1)).toBe(MIDNIGHT_CST);
    expect(cityDayStart(MIDNIGHT_CST + DAY_MS - 1)).toBe(MIDNIGHT_CST);
    expect(cityDayStart(MIDNIGHT_CST + DAY_MS)).toBe(MIDNIGHT_CST + DAY_MS);
    expect(cityDayStart(MIDNIGHT_CST - 1)).toBe(MIDNIGHT_CST - DAY_MS);
  });

  it('puts a time that is still "yesterday" in UTC into the city’s today', () => {
    // 2026-11-21 23:30 UTC is 2026-11-22 07:30 in Fuzhou.
    const t = Date.UTC(2026, 10, 21, 23, 30);
    expect(cityDayStart(t)).toBe(MIDNIGHT_CST);
    expect(cityHour(t)).toBe(7);
    // 2026-11-22 15:59 UTC is 23:59 local, still the same city day.
    const late = Date.UTC(2026, 10, 22, 15, 59);
    expect(cityDayStart(late)).toBe(MIDNIGHT_CST);
    expect(cityHour(late)).toBe(23);
    // One minute later it is the next city day.
    expect(cityDayStart(late + 60_000)).toBe(MIDNIGHT_CST + DAY_MS);
    expect(cityHour(late + 60_000)).toBe(0);
  });

  it('gives the hour of the city’s day around midnight', () => {
    expect(cityHour(MIDNIGHT_CST - 1)).toBe(23);
    expect(cityHour(MIDNIGHT_CST)).toBe(0);
    expect(cityHour(MIDNIGHT_CST + HOUR_MS - 1)).toBe(0);
    expect(cityHour(MIDNIGHT_CST + HOUR_MS)).toBe(1);
    expect(cityHour(MIDNIGHT_CST + 8 * HOUR_MS)).toBe(8);
  });

  it('agrees with the platform’s Asia/Shanghai clock over a day', () => {
    const fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    for (let t = MIDNIGHT_CST - 3 * HOUR_MS; t < MIDNIGHT_CST + DAY_MS; t += 17 * 60_000)
      expect(cityHour(t)).toBe(Number(fmt.format(t)));
  });

  it('works before 1970 and with other offsets', () => {
    const t = Date.UTC(1969, 11, 31, 20, 0); // 1970-01-01 04:00 in UTC+8
    expect(cityDayStart(t)).toBe(Date.UTC(1969, 11, 31, 16, 0));
    expect(cityHour(t)).toBe(4);
    // UTC-5: 2026-11-22 03:00 UTC is 2026-11-21 22:00 local.
    const ny = Date.UTC(2026, 10, 22, 3, 0);
    expect(cityDayStart(ny, -300)).toBe(Date.UTC(2026, 10, 21, 5, 0));
    expect(cityHour(ny, -300)).toBe(22);
    expect(cityDayStart(ny, 0)).toBe(Date.UTC(2026, 10, 22));
    expect(cityHour(ny, 0)).toBe(3);
  });
});
