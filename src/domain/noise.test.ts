import { describe, expect, it } from 'vitest';
import { cityTimeOf } from './city-time';
import { GB3096_2008, NOISE_ZONES, nextNoiseSwitch, noiseLimit, noisePeriodAt } from './noise';

const DAY_NIGHT = {
  '0': [50, 40],
  '1': [55, 45],
  '2': [60, 50],
  '3': [65, 55],
  '4a': [70, 55],
  '4b': [70, 60],
};

describe('noise limits (GB 3096-2008)', () => {
  it.each(NOISE_ZONES)('zone %s: day limit 06:00–22:00, night limit otherwise', (zone) => {
    const [day, night] = DAY_NIGHT[zone];
    expect([0, 5.99, 6, 12, 21.99, 22, 23.5].map((h) => noiseLimit(zone, h))).toEqual([
      night,
      night,
      day,
      day,
      day,
      night,
      night,
    ]);
    expect(GB3096_2008.limits[zone]).toEqual({ day, night });
  });

  it('switches at 06:00 and 22:00 in the city’s time zone', () => {
    const shanghai = cityTimeOf('Asia/Shanghai');
    const at = (iso: string) => Date.parse(iso);
    expect(noisePeriodAt(at('2026-11-19T05:59:59+08:00'), shanghai)).toBe('night');
    expect(noisePeriodAt(at('2026-11-19T06:00:00+08:00'), shanghai)).toBe('day');
    expect(noisePeriodAt(at('2026-11-19T22:00:00+08:00'), shanghai)).toBe('night');
    expect(nextNoiseSwitch(at('2026-11-19T05:00:00+08:00'), shanghai)).toBe(
      at('2026-11-19T06:00:00+08:00'),
    );
    expect(nextNoiseSwitch(at('2026-11-19T06:00:00+08:00'), shanghai)).toBe(
      at('2026-11-19T22:00:00+08:00'),
    );
    expect(nextNoiseSwitch(at('2026-11-19T23:00:00+08:00'), shanghai)).toBe(
      at('2026-11-20T06:00:00+08:00'),
    );
  });

  it('keeps local 06:00 across a daylight-saving change', () => {
    const newYork = cityTimeOf('America/New_York');
    // 2026-03-08: clocks go from 02:00 to 03:00; 06:00 local is 10:00 UTC that day.
    expect(nextNoiseSwitch(Date.parse('2026-03-08T05:00:00Z'), newYork)).toBe(
      Date.parse('2026-03-08T10:00:00Z'),
    );
  });
});
