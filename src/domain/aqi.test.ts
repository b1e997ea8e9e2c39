import { describe, expect, it } from 'vitest';
import {
  AQI_HJ633_2012,
  AQI_HJ633_2026,
  AQI_INDICATORS,
  aqiLevel,
  aqiReport,
  aqiTableOf,
  computeAqi,
  iaqiOf,
  type AqiIndicator,
} from './aqi';

// Worked examples at, just below and just above every breakpoint of every column (and far
// beyond the last), computed by hand from the tables with exact fractions, then rounded up:
// e.g. PM2.5 36 µg/m³ (2012) = 50 + (100 − 50) / (75 − 35) × (36 − 35) = 51.25 → 52.
const HJ633_2012: Record<AqiIndicator, [number, number][]> = {
  pm25_24h: [
    [0, 0],
    [34, 49],
    [35, 50],
    [36, 52],
    [74, 99],
    [75, 100],
    [76, 102],
    [114, 149],
    [115, 150],
    [116, 152],
    [149, 199],
    [150, 200],
    [151, 201],
    [249, 299],
    [250, 300],
    [251, 301],
    [349, 399],
    [350, 400],
    [351, 401],
    [499, 500],
    [500, 500],
    [501, 500],
    [1000, 500],
  ],
  pm10_24h: [
    [49, 49],
    [50, 50],
    [51, 51],
    [149, 100],
    [150, 100],
    [151, 101],
    [249, 150],
    [250, 150],
    [251, 151],
    [349, 200],
    [350, 200],
    [351, 202],
    [419, 299],
    [420, 300],
    [421, 302],
    [499, 399],
    [500, 400],
    [501, 401],
    [599, 499],
    [600, 500],
    [601, 500],
    [1200, 500],
  ],
  so2_24h: [
    [49, 49],
    [50, 50],
    [51, 51],
    [149, 100],
    [150, 100],
    [151, 101],
    [474, 150],
    [475, 150],
    [476, 151],
    [799, 200],
    [800, 200],
    [801, 201],
    [1599, 300],
    [1600, 300],
    [1601, 301],
    [2099, 400],
    [2100, 400],
    [2101, 401],
    [2619, 500],
    [2620, 500],
    [2621, 500],
    [5240, 500],
  ],
  so2_1h: [
    [149, 50],
    [150, 50],
    [151, 51],
    [499, 100],
    [500, 100],
    [501, 101],
    [649, 150],
    [650, 150],
    [651, 151],
    [799, 200],
    [800, 200],
    [801, 200],
    [1600, 200],
  ],
  no2_24h: [
    [39, 49],
    [40, 50],
    [41, 52],
    [79, 99],
    [80, 100],
    [81, 101],
    [179, 150],
    [180, 150],
    [181, 151],
    [279, 200],
    [280, 200],
    [281, 201],
    [564, 300],
    [565, 300],
    [566, 301],
    [749, 400],
    [750, 400],
    [751, 401],
    [939, 500],
    [940, 500],
    [941, 500],
    [1880, 500],
  ],
  no2_1h: [
    [99, 50],
    [100, 50],
    [101, 51],
    [199, 100],
    [200, 100],
    [201, 101],
    [699, 150],
    [700, 150],
    [701, 151],
    [1199, 200],
    [1200, 200],
    [1201, 201],
    [2339, 300],
    [2340, 300],
    [2341, 301],
    [3089, 400],
    [3090, 400],
    [3091, 401],
    [3839, 500],
    [3840, 500],
    [3841, 500],
    [7680, 500],
  ],
  co_24h: [
    [1.9, 48],
    [2, 50],
    [2.1, 53],
    [3.9, 98],
    [4, 100],
    [4.1, 101],
    [13.9, 150],
    [14, 150],
    [14.1, 151],
    [23.9, 200],
    [24, 200],
    [24.1, 201],
    [35.9, 300],
    [36, 300],
    [36.1, 301],
    [47.9, 400],
    [48, 400],
    [48.1, 401],
    [59.9, 500],
    [60, 500],
    [60.1, 500],
    [120, 500],
  ],
  co_1h: [
    [4.9, 49],
    [5, 50],
    [5.1, 51],
    [9.9, 99],
    [10, 100],
    [10.1, 101],
    [34.9, 150],
    [35, 150],
    [35.1, 151],
    [59.9, 200],
    [60, 200],
    [60.1, 201],
    [89.9, 300],
    [90, 300],
    [90.1, 301],
    [119.9, 400],
    [120, 400],
    [120.1, 401],
    [149.9, 500],
    [150, 500],
    [150.1, 500],
    [300, 500],
  ],
  o3_1h: [
    [159, 50],
    [160, 50],
    [161, 52],
    [199, 99],
    [200, 100],
    [201, 101],
    [299, 150],
    [300, 150],
    [301, 151],
    [399, 200],
    [400, 200],
    [401, 201],
    [799, 300],
    [800, 300],
    [801, 301],
    [999, 400],
    [1000, 400],
    [1001, 401],
    [1199, 500],
    [1200, 500],
    [1201, 500],
    [2400, 500],
  ],
  o3_8h: [
    [99, 50],
    [100, 50],
    [101, 51],
    [159, 100],
    [160, 100],
    [161, 101],
    [214, 150],
    [215, 150],
    [216, 151],
    [264, 199],
    [265, 200],
    [266, 201],
    [799, 300],
    [800, 300],
    [801, 300],
    [1600, 300],
  ],
};

// The reported 2026 edition differs in the two particulate columns only.
const HJ633_2026_CHANGED: Partial<Record<AqiIndicator, [number, number][]>> = {
  pm25_24h: [
    [0, 0],
    [34, 49],
    [35, 50],
    [36, 52],
    [59, 98],
    [60, 100],
    [61, 101],
    [114, 150],
    [115, 150],
    [116, 152],
    [149, 199],
    [150, 200],
    [151, 201],
    [249, 299],
    [250, 300],
    [251, 301],
    [349, 399],
    [350, 400],
    [351, 401],
    [499, 500],
    [500, 500],
    [501, 500],
    [1000, 500],
  ],
  pm10_24h: [
    [49, 49],
    [50, 50],
    [51, 51],
    [119, 100],
    [120, 100],
    [121, 101],
    [249, 150],
    [250, 150],
    [251, 151],
    [349, 200],
    [350, 200],
    [351, 202],
    [419, 299],
    [420, 300],
    [421, 302],
    [499, 399],
    [500, 400],
    [501, 401],
    [599, 499],
    [600, 500],
    [601, 500],
    [1200, 500],
  ],
};

describe('IAQI (HJ 633)', () => {
  it.each(AQI_INDICATORS)('2012 %s: at and around every breakpoint', (column) => {
    for (const [value, expected] of HJ633_2012[column])
      expect([value, iaqiOf(column, value, AQI_HJ633_2012)]).toEqual([value, expected]);
  });

  it.each(AQI_INDICATORS)('2026 %s: at and around every breakpoint', (column) => {
    for (const [value, expected] of HJ633_2026_CHANGED[column] ?? HJ633_2012[column])
      expect([value, iaqiOf(column, value, AQI_HJ633_2026)]).toEqual([value, expected]);
  });

  it('is not a reading for a negative or non-finite value', () => {
    expect(iaqiOf('pm25_24h', -1)).toBeNull();
    expect(iaqiOf('pm25_24h', Number.NaN)).toBeNull();
    expect(iaqiOf('pm25_24h', Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('chooses the table by edition, the 2012 one for an unknown name', () => {
    expect(aqiTableOf('HJ633-2026')).toBe(AQI_HJ633_2026);
    expect(aqiTableOf('HJ633-2012')).toBe(AQI_HJ633_2012);
    expect(aqiTableOf('nope')).toBe(AQI_HJ633_2012);
  });
});

describe('AQI (HJ 633)', () => {
  it('takes the highest IAQI, names the primary pollutant above 50, and the level', () => {
    const values = { pm25: 80, pm10: 120, o3: 100, no2: 40, so2: 10, co: 0.8 };
    // PM2.5 80: 100 + 50/40 × 5 = 106.25 → 107 (2012); 100 + 50/55 × 20 = 118.2 → 119 (2026).
    expect(aqiReport(values, 'hour', AQI_HJ633_2012)).toMatchObject({
      aqi: 107,
      level: 3,
      primary: ['pm25'],
      iaqi: { pm25: 107, pm10: 85, o3: 32, no2: 20, so2: 4, co: 8 },
    });
    expect(aqiReport(values, 'hour', AQI_HJ633_2026)).toMatchObject({
      aqi: 119,
      level: 3,
      primary: ['pm25'],
      iaqi: { pm25: 119, pm10: 100 },
    });
  });

  it('names no primary pollutant at 50 or below, every one that ties above', () => {
    expect(aqiReport({ pm25: 35, pm10: 50, o3: 160 }).primary).toEqual([]);
    expect(aqiReport({ pm25: 35, pm10: 50, o3: 160 }).aqi).toBe(50);
    expect(aqiReport({ pm25: 75, pm10: 150, no2: 10 }).primary).toEqual(['pm25', 'pm10']);
    expect(aqiReport({ pm25: 36 }).primary).toEqual(['pm25']);
  });

  it('has no AQI without a reported value', () => {
    expect(aqiReport({ pm25: null, co: null })).toEqual({
      aqi: null,
      level: null,
      primary: [],
      iaqi: {},
    });
    expect(aqiReport({ pm25: -1 }).aqi).toBeNull();
  });

  it('indexes the daily report by the 24-hour columns and O3 by its 8-hour average', () => {
    // SO2 24 h 200: 100 + 50/325 × 50 = 107.7 → 108; NO2 24 h 100: 100 + 50/100 × 20 = 110.
    const day = aqiReport({ pm25: 30, so2: 200, no2: 100, co: 3, o3_8h: 120 }, 'day');
    expect(day.iaqi).toEqual({ pm25: 43, so2: 108, no2: 110, co: 75, o3_8h: 67 });
    expect(day).toMatchObject({ aqi: 110, level: 3, primary: ['no2'] });
    // The same values in the real-time report: SO2 and NO2 by their 1-hour columns.
    expect(aqiReport({ so2: 200, no2: 100 }, 'hour').iaqi).toEqual({ so2: 58, no2: 50 });
  });

  it('follows the notes above 800 µg/m³: SO2 1 h tops out at 200, O3 8 h at 300 or its 1-h index', () => {
    expect(aqiReport({ so2: 900 }, 'hour')).toMatchObject({ aqi: 200, primary: ['so2'] });
    // Daily: SO2 24 h 900 = 200 + 100/800 × 100 = 212.5 → 213.
    expect(aqiReport({ so2: 900 }, 'day').aqi).toBe(213);
    expect(aqiReport({ o3_8h: 900 }, 'hour').aqi).toBe(300);
    expect(aqiReport({ o3_8h: 900, o3: 1000 }, 'hour').aqi).toBe(400);
  });

  it('cuts the levels at 50, 100, 150, 200 and 300', () => {
    expect(
      [0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500].map((a) => aqiLevel(a)),
    ).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
  });

  it('keeps the station form: one primary pollutant', () => {
    expect(computeAqi({ pm25: 75, pm10: 150 })).toEqual({ aqi: 100, primary: 'pm25', level: 2 });
    expect(computeAqi({ pm25: 20 })).toEqual({ aqi: 29, primary: null, level: 1 });
  });
});
