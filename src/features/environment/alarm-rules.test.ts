import { describe, expect, it } from 'vitest';
import type { SensorReading } from '@/domain/sensor';
import { contextAt } from '@/feeds/view-builder';
import {
  aqiLevelRule,
  aqiSeverity,
  slopeRule,
  waterPoorRule,
  waterloggingRule,
} from './alarm-rules';
import { parseEnvironmentSettings } from './settings';
import { HOUR, MIN, T, inputWith, sensor, time } from './test-fixtures';

const ctx = (settings?: unknown) => ({
  ...contextAt(T, time),
  settings: () => settings,
});
const run = (rule: typeof aqiLevelRule, items: SensorReading[], settings?: unknown) =>
  rule.evaluate(inputWith(items), ctx(settings));

describe('environment alarms', () => {
  it('raise an AQI level alarm per district and per national station, severity by level', () => {
    expect([1, 2, 3, 4, 5, 6].map(aqiSeverity)).toEqual([
      null,
      null,
      'minor',
      'major',
      'critical',
      'critical',
    ]);
    const smoggy = { pm25: 160, pm10: 90, o3: 50, no2: 20, so2: 5, co: 0.6 };
    const national = sensor('air', { values: smoggy });
    const micro = sensor('air', { network: 'micro', values: { ...smoggy, pm25: 300 } });
    const clean = sensor('air', {}, '350103');
    const out = run(aqiLevelRule, [national, micro, clean]);
    // PM2.5 160: 200 + 100/100 × 10 = 210 → 重度 (national basis in 350102).
    expect(out.map((c) => [c.place, c.severity, c.magnitude])).toEqual([
      [`station:${national.id}`, 'critical', 210],
      ['district:350102', 'critical', 210],
    ]);
    expect(out[1]!.message).toEqual({
      key: 'environment.alarms.areaAqi.l5',
      params: { aqi: 210, primary: 'PM2.5', stations: 1 },
    });
    expect(out[0]!.since).toBe(national.observedAt);
  });

  it('never raise one from a stale, offline or out-of-range reading', () => {
    const smoggy = { pm25: 400, pm10: 90, o3: 50, no2: 20, so2: 5, co: 0.6 };
    expect(
      run(aqiLevelRule, [sensor('air', { values: smoggy, observedAt: T - 3 * HOUR })]),
    ).toEqual([]);
    expect(run(aqiLevelRule, [sensor('air', { values: smoggy, status: 'offline' })])).toEqual([]);
    expect(run(waterloggingRule, [sensor('waterlogging', { values: { depthCm: 900 } })])).toEqual(
      [],
    );
    expect(
      run(waterloggingRule, [
        sensor('waterlogging', { values: { depthCm: 60 }, observedAt: T - 20 * MIN - 60 * MIN }),
      ]),
    ).toEqual([]);
  });

  it('raise waterlogging alarms by the configured depths, dated from the source', () => {
    const alarm = sensor('waterlogging', {
      values: { depthCm: 45 },
      status: 'alarm',
      statusSince: T - 30 * MIN,
    });
    const warning = sensor('waterlogging', {
      values: { depthCm: 30 },
      status: 'normal',
      statusSince: T - 5 * HOUR,
    });
    const attention = sensor('waterlogging', { values: { depthCm: 16 } });
    const out = run(waterloggingRule, [alarm, warning, attention]);
    expect(out.map((c) => [c.entity, c.severity, c.since])).toEqual([
      [alarm.id, 'critical', T - 30 * MIN],
      // The source's status disagrees (normal): dated from the reading.
      [warning.id, 'major', warning.observedAt],
    ]);
    expect(out[0]!.message.key).toBe('environment.alarms.waterloggingAlarm');
    const strict = parseEnvironmentSettings({
      waterlogging: { attentionCm: 10, warningCm: 20, alarmCm: 30 },
    });
    expect(run(waterloggingRule, [warning], strict)[0]!.severity).toBe('critical');
  });

  it('raise slope alarms by displacement', () => {
    const out = run(slopeRule, [
      sensor('slope', { values: { displacementMm: 41 } }),
      sensor('slope', { values: { displacementMm: 26 } }),
      sensor('slope', { values: { displacementMm: 16 } }),
    ]);
    expect(out.map((c) => c.severity)).toEqual(['critical', 'major']);
  });

  it('raise a water alarm at 劣V, major when it fell in the last day, minor when long-standing', () => {
    const values = { ph: 7, do: 1.5, codMn: 9, nh3n: 2.6, tp: 0.3 };
    const fell = sensor('water', { values, status: 'alarm', statusSince: T - 3 * HOUR });
    const chronic = sensor('water', { values, status: 'alarm', statusSince: T - 40 * HOUR });
    const unknown = sensor('water', { values });
    const ok = sensor('water');
    const c = ctx();
    const out = waterPoorRule.evaluate(inputWith([fell, chronic, unknown, ok]), c);
    expect(out.map((x) => [x.entity, x.severity])).toEqual([
      [fell.id, 'major'],
      [chronic.id, 'minor'],
      [unknown.id, 'major'],
    ]);
    expect(out[0]!.message.params).toEqual({ name: fell.name, indicators: 'DO NH3-N' });
    // It turns long-standing a day after it fell.
    expect(c.boundaries).toContain(T - 3 * HOUR + 24 * HOUR + 1);
  });
});
