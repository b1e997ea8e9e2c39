import { describe, expect, it } from 'vitest';
import { ROAD_CLASSES, type RoadClass } from '../../domain/signal';
import {
  CONGESTION_LEVEL_NAMES,
  SPEED_THRESHOLDS,
  areaCongestionIndex,
  congestionIndex,
  congestionLevel,
  speedLevel,
} from './congestion';

describe('congestion levels', () => {
  it('puts each boundary in the worse level: [0,2) [2,4) [4,6) [6,8) [8,10]', () => {
    const at = (x: number) => CONGESTION_LEVEL_NAMES[congestionLevel(x)];
    expect(at(0)).toBe('畅通');
    expect(at(1.999)).toBe('畅通');
    expect(at(2)).toBe('基本畅通');
    expect(at(3.999)).toBe('基本畅通');
    expect(at(4)).toBe('轻度拥堵');
    expect(at(5.999)).toBe('轻度拥堵');
    expect(at(6)).toBe('中度拥堵');
    expect(at(7.999)).toBe('中度拥堵');
    expect(at(8)).toBe('严重拥堵');
    expect(at(10)).toBe('严重拥堵');
  });

  it('clamps out-of-range indexes', () => {
    expect(congestionLevel(-1)).toBe('smooth');
    expect(congestionLevel(12)).toBe('severe');
  });
});

describe('congestion index from speed', () => {
  // Expressway > 65 / 50–65 / 35–50 / 20–35 / ≤ 20; arterial > 40 / 30–40 / 20–30 / 15–20 / ≤ 15;
  // collector > 35 / 25–35 / 15–25 / 10–15 / ≤ 10 (km/h).
  const FREE: Record<RoadClass, number> = { expressway: 80, arterial: 50, collector: 45 };

  it.each(ROAD_CLASSES)('maps the %s thresholds to 2, 4, 6 and 8', (roadClass) => {
    const [a, b, c, d] = SPEED_THRESHOLDS[roadClass];
    const index = (v: number) => congestionIndex(v, FREE[roadClass], roadClass);
    expect(index(a)).toBe(2);
    expect(index(b)).toBe(4);
    expect(index(c)).toBe(6);
    expect(index(d)).toBe(8);
    expect(index(0)).toBe(10);
    expect(index(FREE[roadClass])).toBe(0);
    expect(index(FREE[roadClass] + 10)).toBe(0);
  });

  it.each(ROAD_CLASSES)('agrees with the speed bands of %s at and around each threshold', (rc) => {
    for (const threshold of SPEED_THRESHOLDS[rc]) {
      for (const v of [threshold - 0.01, threshold, threshold + 0.01]) {
        const index = congestionIndex(v, FREE[rc], rc);
        expect(index === null ? null : congestionLevel(index), `${rc} ${v}`).toBe(
          speedLevel(v, rc),
        );
      }
    }
  });

  it('is linear within a band', () => {
    // Arterial: 35 km/h is halfway between 40 (index 2) and 30 (index 4).
    expect(congestionIndex(35, 50, 'arterial')).toBe(3);
    // 畅通 band from the free-flow speed (50) down to 40.
    expect(congestionIndex(45, 50, 'arterial')).toBe(1);
    // 严重 band from 15 down to standstill.
    expect(congestionIndex(7.5, 50, 'arterial')).toBe(9);
  });

  it('anchors index 0 at least 20 % above the first threshold when free flow is slow', () => {
    // A collector whose free-flow speed (30) is below its 35 km/h threshold: 0 at 42 km/h.
    expect(congestionIndex(42, 30, 'collector')).toBe(0);
    expect(congestionIndex(38.5, 30, 'collector')).toBeCloseTo(1, 12);
  });

  it('gives null without a usable speed', () => {
    expect(congestionIndex(Number.NaN, 50, 'arterial')).toBeNull();
    expect(congestionIndex(-1, 50, 'arterial')).toBeNull();
    expect(congestionIndex(30, 50, 'unknown' as RoadClass)).toBeNull();
  });

  it('takes another threshold table as data', () => {
    const table = { ...SPEED_THRESHOLDS, arterial: [45, 35, 25, 15] as const };
    expect(congestionIndex(45, 60, 'arterial', table)).toBe(2);
  });
});

describe('area congestion index', () => {
  it('weights sections by vehicle-kilometres', () => {
    // 1,000 veh/h × 2 km at 6 and 500 veh/h × 0.4 km at 2: (6·2000 + 2·200) / 2200.
    expect(
      areaCongestionIndex([
        { index: 6, flow: 1000, km: 2 },
        { index: 2, flow: 500, km: 0.4 },
      ]),
    ).toBeCloseTo(12400 / 2200, 12);
  });

  it('leaves out sections without an index; falls back to length without traffic', () => {
    expect(
      areaCongestionIndex([
        { index: null, flow: 5000, km: 3 },
        { index: 4, flow: 100, km: 1 },
      ]),
    ).toBe(4);
    expect(
      areaCongestionIndex([
        { index: 1, flow: 0, km: 1 },
        { index: 4, flow: 0, km: 2 },
      ]),
    ).toBe(3);
    expect(areaCongestionIndex([])).toBeNull();
    expect(areaCongestionIndex([{ index: null, flow: 1, km: 1 }])).toBeNull();
  });
});
