// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  AQI_HJ633_2012,
  AQI_HJ633_2026_DRAFT,
  AQI_TABLES,
  aqiLevel,
  computeAqi,
  computeIaqi,
} from '../../src/domain/aqi';
import { noiseLimit } from '../../src/domain/noise';
import { classifyWater, parameterClass } from '../../src/domain/water-quality';
import { FUZHOU_TICKET_CATALOG, isDueSoon, isOverdue } from '../../src/domain/ticket-catalog';
import { DAY, HOUR, TZ_OFFSET, addWorkingDays, localWeekday } from './clock';
import { TICKET_CHANNELS, TICKET_TYPES } from '../../src/domain/ticket';
import { MAX_OPEN, P_LONG, SHORT_MAX, closedAt, deadlineOf, planLifecycle } from './lifecycle';
import { Rng } from './prng';
import { waterloggingLevel } from './sensors';

describe('AQI (HJ 633-2012)', () => {
  it('indexes breakpoints and rounds IAQI up', () => {
    expect(computeIaqi('pm25', 35)).toBe(50);
    expect(computeIaqi('pm25', 75)).toBe(100);
    expect(computeIaqi('pm25', 36)).toBe(52);
    expect(computeIaqi('o3', 200)).toBe(100);
    expect(computeIaqi('co', 5)).toBe(50);
    expect(computeIaqi('pm10', 0)).toBe(0);
    expect(computeIaqi('pm25', 900)).toBe(500);
  });

  it('takes the highest IAQI, names the primary pollutant above 50, and the level', () => {
    const r = computeAqi({ pm25: 80, pm10: 120, o3: 100, no2: 40, so2: 10, co: 0.8 });
    expect(r).toEqual({ aqi: 107, primary: 'pm25', level: 3 });
    expect(computeAqi({ pm25: 20, pm10: 30, o3: 60 })).toEqual({
      aqi: 30,
      primary: null,
      level: 1,
    });
    expect(computeAqi({ pm25: null, co: null })).toEqual({ aqi: null, primary: null, level: null });
    expect([50, 51, 100, 101, 150, 151, 200, 201, 300, 301].map((a) => aqiLevel(a))).toEqual([
      1, 2, 2, 3, 3, 4, 4, 5, 5, 6,
    ]);
  });

  it('keeps editions as data: the reported 2026 table tightens PM2.5', () => {
    expect(AQI_TABLES.get('HJ633-2012')).toBe(AQI_HJ633_2012);
    expect(computeIaqi('pm25', 35, AQI_HJ633_2026_DRAFT)).toBe(50);
    expect(computeIaqi('pm25', 60, AQI_HJ633_2026_DRAFT)).toBe(100);
    expect(computeAqi({ pm25: 70 }, AQI_HJ633_2026_DRAFT).level).toBe(3);
    expect(computeAqi({ pm25: 70 }).level).toBe(2);
  });
});

describe('water class (GB 3838-2002)', () => {
  it('is the worst parameter’s class', () => {
    const clean = { ph: 7, do: 8, codMn: 1.5, nh3n: 0.1, tp: 0.01 };
    expect(classifyWater(clean).waterClass).toBe(1);
    expect(classifyWater({ ...clean, do: 4 })).toMatchObject({ waterClass: 4, exceeding: ['do'] });
    expect(classifyWater({ ...clean, nh3n: 2.5 }).waterClass).toBe(6);
    expect(classifyWater({ ...clean, ph: 9.5 }).waterClass).toBe(6);
    expect(parameterClass('tp', 0.2)).toBe(3);
    expect(parameterClass('codMn', 15.01)).toBe(6);
  });
});

describe('noise limits (GB 3096-2008)', () => {
  it('switch between day (06–22) and night', () => {
    expect(noiseLimit('1', 10)).toBe(55);
    expect(noiseLimit('1', 23)).toBe(45);
    expect(noiseLimit('4a', 22)).toBe(55);
    expect(noiseLimit('4a', 6)).toBe(70);
    expect(noiseLimit('0', 5.9)).toBe(40);
  });
});

describe('time limits', () => {
  const monday10 = Date.UTC(2025, 10, 17, 10) - TZ_OFFSET;
  it('count working days, 24 h for urgent tickets and inquiries', () => {
    expect(localWeekday(monday10)).toBe(1);
    expect(addWorkingDays(monday10, 5)).toBe(monday10 + 7 * DAY);
    expect(addWorkingDays(monday10 + 4 * DAY, 1)).toBe(monday10 + 7 * DAY);
    expect(deadlineOf(monday10, 'drainage', 'complaint', true)).toBe(monday10 + 24 * HOUR);
    expect(deadlineOf(monday10, 'housing', 'inquiry', false)).toBe(monday10 + 24 * HOUR);
    expect(deadlineOf(monday10, 'municipal', 'complaint', false)).toBe(monday10 + 3 * DAY);
  });

  it('define overdue and due soon', () => {
    const ticket = {
      stage: 'processing' as const,
      deadline: monday10 + 10 * HOUR,
      stages: { reported: monday10 },
    };
    expect(isOverdue(ticket, monday10 + 11 * HOUR)).toBe(true);
    expect(isOverdue({ ...ticket, stage: 'closed' }, monday10 + 11 * HOUR)).toBe(false);
    expect(isDueSoon(ticket, monday10 + 8.5 * HOUR)).toBe(true);
    expect(isDueSoon(ticket, monday10 + 7 * HOUR)).toBe(false);
  });
});

describe('waterlogging levels', () => {
  it('follow the 15 / 27 / 40 cm thresholds', () => {
    expect([0, 14.9, 15, 27, 40].map(waterloggingLevel)).toEqual([0, 0, 1, 2, 3]);
  });
});

describe('ticket plans', () => {
  it('close short tickets within SHORT_MAX and every ticket within MAX_OPEN, stages in order', () => {
    const rng = new Rng(7);
    const bad: string[] = [];
    let long = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const reported = Date.UTC(2025, 10, 1) + Math.floor(rng.next() * 30 * DAY);
      const isLong = rng.chance(P_LONG);
      const life = planLifecycle(
        rng,
        reported,
        rng.pick(FUZHOU_TICKET_CATALOG.categories).id,
        rng.pick(TICKET_TYPES),
        rng.chance(0.1),
        rng.pick(TICKET_CHANNELS),
        isLong,
      );
      const closed = closedAt(life);
      if (isLong) long += 1;
      if (closed - reported > (isLong ? MAX_OPEN : SHORT_MAX)) bad.push(`${i}: closes late`);
      if (isLong && closed - reported <= SHORT_MAX) bad.push(`${i}: long but short`);
      const times = [life.registered, life.dispatched, life.processing];
      life.feedbacks.forEach((f, j) => times.push(f, life.verdicts[j] as number));
      if (life.rated !== null) times.push(life.rated);
      if ([reported, ...times].some((x, j, all) => j > 0 && x < (all[j - 1] as number)))
        bad.push(`${i}: order`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(long).toBeGreaterThan(20_000 * P_LONG * 0.8);
  });
});
