import { beforeAll, describe, expect, it } from 'vitest';
import { loadGeo } from '../../../mocks/sim/load-geo-node';
import { createGeoIndex } from '@/geo/geo-index';
import { buildSurface, loadH3, SURFACE_LEVELS } from './surface';
import { context, sensor } from './test-fixtures';

const geo = createGeoIndex(loadGeo());
let h3: Awaited<ReturnType<typeof loadH3>>;
beforeAll(async () => {
  h3 = await loadH3();
});

const at = (lng: number, lat: number, pm25: number, extra = {}) =>
  sensor('air', {
    position: [lng, lat],
    values: { pm25, pm10: 20, o3: 20, no2: 10, so2: 5, co: 0.3 },
    ...extra,
  });

describe('the AQI surface', () => {
  it('interpolates between stations, fades out away from them, and ignores what is not a reading', () => {
    // Two stations 6 km apart in 鼓楼/仓山: AQI 29 (PM2.5 20) and 250 (PM2.5 200).
    const a = at(119.27, 26.08, 20);
    const b = at(119.33, 26.08, 200);
    const ghost = at(119.3, 26.08, 900, { status: 'offline' });
    const s = buildSurface(h3, [a, b, ghost], { area: null }, context(), geo);
    expect(s.resolution).toBe(SURFACE_LEVELS.city.resolution);
    expect(s.stations).toBe(2);
    expect(s.length).toBeGreaterThan(10);
    let min = Infinity;
    let max = -Infinity;
    for (const v of s.aqi) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    // Weighted means stay within the stations' values (the offline 900 is not among them).
    expect(min).toBeGreaterThanOrEqual(29 - 1e-3);
    expect(max).toBeLessThanOrEqual(250 + 1e-3);
    expect(max - min).toBeGreaterThan(100);
    // Opaque near a station, transparent beyond `far`: some cells fade.
    expect(Math.max(...s.fade)).toBe(255);
    expect(Math.min(...s.fade)).toBeLessThan(128);
    // Outlines: closed rings, one start per cell.
    expect(s.starts.length).toBe(s.length);
    expect(s.outlines.length % 2).toBe(0);
  });

  it('draws nothing without a station online', () => {
    const s = buildSurface(
      h3,
      [at(119.3, 26.08, 50, { status: 'offline' })],
      { area: null },
      context(),
      geo,
    );
    expect(s.length).toBe(0);
    expect(s.outlines.length).toBe(0);
  });

  it('uses a finer grid in a district and in a street', () => {
    const st = at(119.3, 26.08, 50);
    expect(buildSurface(h3, [st], { area: '350102' }, context(), geo).resolution).toBe(8);
    const street = buildSurface(h3, [st], { area: '350102001' }, context(), geo);
    expect(street.resolution).toBe(9);
  });
});
