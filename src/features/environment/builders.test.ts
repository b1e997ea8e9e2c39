import { describe, expect, it } from 'vitest';
import { ConfigError } from '@/config/config-schema';
import { messages } from './messages';
import { buildChildrenOption, buildTrendOption, buildWaterClassOption } from './options';
import { buildEnvironmentView } from './environment-view';
import { iconDefs, sensorBinary, surfaceColumns } from './layers';
import { SENSOR_ICONS, sensorColumns, sensorRgb } from './sensor-columns';
import { DEFAULT_SETTINGS, parseEnvironmentSettings } from './settings';
import { buildSparkline } from './sparkline';
import { NO_AIR } from './readings';
import type { AirTrend } from './environment-view';
import type { Surface } from './surface';
import type { SensorReading } from '@/domain/sensor';
import { context, inputWith, sensor } from './test-fixtures';

const keys = (o: unknown, prefix = ''): string[] =>
  o && typeof o === 'object'
    ? Object.entries(o).flatMap(([k, v]) => keys(v, `${prefix}${k}.`))
    : [prefix];

describe('environment settings', () => {
  it('default an absent section', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      aqi: { edition: 'HJ633-2012' },
      water: { table: 'river' },
      noise: { dayStartHour: 6, nightStartHour: 22, limits: {} },
      waterlogging: { attentionCm: 15, warningCm: 27, alarmCm: 40 },
      slope: {
        attentionMm: 15,
        warningMm: 25,
        alarmMm: 40,
        rateAttentionMmPerDay: 2,
        rateWarningMmPerDay: 5,
        rateAlarmMmPerDay: 10,
      },
      sensors: { staleAfterPeriods: 2, offlineAfterPeriods: 10, clockLagMinutes: 60 },
    });
  });

  it('name the field when wrong', () => {
    const fieldOf = (raw: unknown) => {
      try {
        parseEnvironmentSettings(raw);
        return null;
      } catch (e) {
        return e instanceof ConfigError ? e.field : String(e);
      }
    };
    expect(fieldOf({ aqi: { edition: 'HJ633-2099' } })).toBe('scenarios.environment.aqi.edition');
    expect(fieldOf({ waterlogging: { warningCm: 50 } })).toBe('scenarios.environment.waterlogging');
    expect(fieldOf({ noise: { limits: { '5': { day: 1, night: 1 } } } })).toMatch(/noise\.limits/);
    expect(fieldOf({ colour: 'red' })).toBe('scenarios.environment.colour');
    expect(fieldOf({ noise: { limits: { '1': { day: 50, night: 40 } } } })).toBeNull();
  });
});

describe('environment messages', () => {
  it('are complete in both languages', () => {
    expect(keys(messages.en).sort()).toEqual(keys(messages['zh-CN']).sort());
  });
});

describe('environment chart builders', () => {
  const word = (l: number | null) => (l === null ? 'none' : `L${l}`);
  it('colour AQI bars by the standard’s level colours and draw no bar without a value', () => {
    const trend: AirTrend = {
      state: 'offered',
      bins: [
        { start: 0, aqi: 45, level: 1, primary: [], basis: 'national' },
        { start: 3_600_000, aqi: null, level: null, primary: [], basis: null },
        { start: 7_200_000, aqi: 160, level: 4, primary: ['pm25'], basis: 'national' },
      ],
      hoursOverGood: 1,
      hoursKnown: 2,
      direction: 'worse',
      delta: 20,
      comparedWith: 0,
    };
    const spec = buildTrendOption(
      trend,
      { ...NO_AIR, aqi: 180, level: 4 },
      { aqi: 'AQI', now: 'now', level: word },
      (t) => String(t / 3_600_000),
    );
    const series = spec.option.series as { data: unknown[] }[];
    expect(series[0]!.data[0]).toMatchObject({ value: 45, itemStyle: { color: '#00E400' } });
    expect(series[0]!.data[1]).toBe('-');
    expect(series[0]!.data[2]).toMatchObject({ value: 160, itemStyle: { color: '#FF0000' } });
    expect(series[1]!.data[3]).toMatchObject({ value: 180 });
    expect(spec.table.rows[1]).toEqual(['1', '—', '—']);
  });

  it('rank child areas with a value only, naming the others in the table as "—"', () => {
    const spec = buildChildrenOption(
      [
        { key: '__proto__', aqi: 120, level: 3, primary: ['pm25'], basis: 'micro', stations: 2 },
        { key: 'b', aqi: null, level: null, primary: [], basis: null, stations: 0 },
      ],
      (k) => k,
      { aqi: 'AQI', level: word, pollutant: (p) => p },
    );
    const series = spec.option.series as { data: { id: string; name: string }[] }[];
    expect(series[0]!.data.map((d) => d.id)).toEqual(['__proto__']);
    // A label spelled like a property of every object never reaches the chart as such.
    expect(series[0]!.data[0]!.name).not.toBe('__proto__');
    expect(spec.table.rows).toEqual([
      ['__proto__', 120, 'L3', 'pm25'],
      ['b', '—', '—', ''],
    ]);
  });

  it('name each water class with the indicator that set most of its points', () => {
    const spec = buildWaterClassOption(
      [1, 0, 0, 2, 0, 3],
      [
        [5, 5, 5, 5, 5],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 2, 1, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 1, 0, 3, 2],
      ],
      ['pH', 'DO', 'CODMn', 'NH3-N', 'TP'],
      { points: 'points', decisive: 'set by' },
    );
    expect((spec.option.xAxis as { data: string[] }).data).toEqual([
      'I',
      'II',
      'III',
      'IV\nDO',
      'V',
      '劣V\nNH3-N',
    ]);
    expect(spec.table.rows[5]).toEqual(['劣V', 3, 50, 'DO 1 NH3-N 3 TP 2']);
  });
});

describe('environment map builders', () => {
  it('colour a reading by its level and anything else by its state, grey without a value', () => {
    expect(sensorRgb(0, 0, 1)).toEqual([0, 228, 0]);
    expect(sensorRgb(1, 0, 0)).toEqual([107, 122, 140]);
    expect(sensorRgb(0, 1, 6)).toEqual([177, 140, 255]);
    expect(sensorRgb(4, 2, 3)).toEqual([107, 122, 140]);
    expect(sensorRgb(4, 0, 3)).toEqual([232, 48, 74]);
    expect(sensorRgb(2, 0, 6)).toEqual([232, 48, 74]);
  });

  it('gives each kind its shape and each state its variant, and haloes dark AQI colours', () => {
    const c = sensorColumns({
      length: 4,
      kind: Uint8Array.from([0, 2, 4, 5]),
      state: Uint8Array.from([0, 1, 2, 3]),
      level: Uint8Array.from([5, 0, 0, 0]),
    });
    expect(Array.from(c.icons, (i) => SENSOR_ICONS[i])).toEqual([
      'circle-filled',
      'triangleDown-hollow',
      'diamond-dashed',
      'triangleUp-struck',
    ]);
    expect(Array.from(c.halo)).toEqual([0]);
  });

  it('pack each point’s atlas frame as the icon layer would, an unknown kind or state as a circle', () => {
    const mapping = Object.fromEntries(
      SENSOR_ICONS.map((name, k) => [
        name,
        { x: k * 64, y: 64, width: 64, height: 64, mask: true },
      ]),
    );
    const c = sensorColumns({
      length: 3,
      kind: Uint8Array.from([2, 9, 5]),
      state: Uint8Array.from([1, 7, 3]),
      level: Uint8Array.from([0, 0, 0]),
    });
    const defs = iconDefs(c.icons, mapping);
    expect(defs.length).toBe(3 * 7);
    const frame = (name: string) => {
      const m = mapping[name]!;
      return [0, 0, m.x, m.y, m.width, m.height, 1];
    };
    expect(Array.from(defs.subarray(0, 7))).toEqual(frame('triangleDown-hollow'));
    expect(Array.from(defs.subarray(7, 14))).toEqual(frame('circle-filled'));
    expect(Array.from(defs.subarray(14, 21))).toEqual(frame('triangleUp-struck'));
  });

  it('colour the surface by the level of the interpolated AQI, faded by distance', () => {
    const surface: Surface = {
      area: null,
      level: 'city',
      resolution: 7,
      length: 2,
      stations: 1,
      outlines: new Float32Array(14 * 2),
      starts: Uint32Array.from([0, 7]),
      aqi: Float32Array.from([40, 160]),
      fade: Uint8Array.from([255, 100]),
    };
    const s = surfaceColumns(surface);
    expect(Array.from(s.colors.slice(0, 4))).toEqual([0, 228, 0, 77]);
    expect(Array.from(s.colors.slice(7 * 4, 7 * 4 + 4))).toEqual([255, 0, 0, 30]);
  });

  it('draw sparklines broken where a value is missing', () => {
    const s = buildSparkline(
      Float64Array.from([0, 1, 2, 3]),
      Float32Array.from([1, Number.NaN, 3, 5]),
      0,
      3,
      30,
      10,
    );
    expect(s.path.split('M').length - 1).toBe(2);
    expect(s).toMatchObject({ min: 1, max: 5, last: { x: 30 } });
    expect(buildSparkline(new Float64Array(0), new Float32Array(0), 0, 1, 10, 10).path).toBe('');
  });

  it('hands deck.gl the same attribute while its contents’ key holds, so nothing is uploaded again', () => {
    const clean = { pm25: 20, pm10: 30, o3: 50, no2: 20, so2: 5, co: 0.5 };
    const a = sensor('air', { values: clean });
    const b = sensor('noise', {});
    const view = (items: SensorReading[]) =>
      buildEnvironmentView(items, { area: null }, context(), inputWith(items, {})).points;
    const atlas = {
      canvas: null as unknown as HTMLCanvasElement,
      mapping: Object.fromEntries(
        SENSOR_ICONS.map((name, k) => [name, { x: k, y: 0, width: 64, height: 64, mask: true }]),
      ),
    };
    const first = sensorBinary(view([a, b]), atlas).all.attributes;
    const same = sensorBinary(view([a, b]), atlas).all.attributes;
    for (const name of ['getPosition', 'getColor', 'getSize', 'instanceIconDefs'])
      expect(same[name]).toBe(first[name]);
    const worse = sensorBinary(view([{ ...a, values: { ...clean, pm25: 200 } }, b]), atlas).all
      .attributes;
    expect(worse.getPosition).toBe(first.getPosition);
    expect(worse.instanceIconDefs).toBe(first.instanceIconDefs);
    expect(worse.getColor).not.toBe(first.getColor);
    expect(Array.from(worse.getColor!.value)).not.toEqual(Array.from(first.getColor!.value));
    // A new atlas (a lost context restored): the icon attribute is made again.
    const again = sensorBinary(view([a, b]), { ...atlas, mapping: { ...atlas.mapping } }).all
      .attributes;
    expect(again.instanceIconDefs).not.toBe(worse.instanceIconDefs);
  });
});
