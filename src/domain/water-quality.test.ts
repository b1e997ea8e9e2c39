import { describe, expect, it } from 'vitest';
import {
  GB3838_2002_LAKE,
  classifyWater,
  parameterClass,
  parameterLimit,
  type WaterValues,
} from './water-quality';

const CLEAN: WaterValues = { ph: 7, do: 8, codMn: 1.5, nh3n: 0.1, tp: 0.01 };

describe('water class (GB 3838-2002)', () => {
  it('puts a value on a limit in the better class, for every indicator and limit', () => {
    // DO: a minimum. 7.5 / 6 / 5 / 3 / 2 mg/L.
    expect(
      [8, 7.5, 7.49, 6, 5.99, 5, 4.99, 3, 2.99, 2, 1.99, 0].map((v) => parameterClass('do', v)),
    ).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
    // CODMn ≤ 2 / 4 / 6 / 10 / 15.
    expect(
      [2, 2.01, 4, 4.01, 6, 6.01, 10, 10.01, 15, 15.01].map((v) => parameterClass('codMn', v)),
    ).toEqual([1, 2, 2, 3, 3, 4, 4, 5, 5, 6]);
    // NH3-N ≤ 0.15 / 0.5 / 1.0 / 1.5 / 2.0.
    expect(
      [0.15, 0.151, 0.5, 0.501, 1, 1.001, 1.5, 1.501, 2, 2.001].map((v) =>
        parameterClass('nh3n', v),
      ),
    ).toEqual([1, 2, 2, 3, 3, 4, 4, 5, 5, 6]);
    // TP (rivers) ≤ 0.02 / 0.1 / 0.2 / 0.3 / 0.4; lakes 0.01 / 0.025 / 0.05 / 0.1 / 0.2.
    expect(
      [0.02, 0.021, 0.1, 0.101, 0.2, 0.201, 0.3, 0.301, 0.4, 0.401].map((v) =>
        parameterClass('tp', v),
      ),
    ).toEqual([1, 2, 2, 3, 3, 4, 4, 5, 5, 6]);
    expect(
      [0.01, 0.011, 0.025, 0.05, 0.1, 0.2, 0.201].map((v) =>
        parameterClass('tp', v, GB3838_2002_LAKE),
      ),
    ).toEqual([1, 2, 2, 3, 4, 5, 6]);
    // pH 6–9 in every class; outside it the sample is 劣V.
    expect([5.99, 6, 7, 9, 9.01].map((v) => parameterClass('ph', v))).toEqual([6, 1, 1, 1, 6]);
    expect(parameterClass('codMn', Number.NaN)).toBe(6);
  });

  it('is set by the worst indicator, which it names', () => {
    expect(classifyWater(CLEAN)).toEqual({
      waterClass: 1,
      decisive: ['ph', 'do', 'codMn', 'nh3n', 'tp'],
      exceeding: [],
    });
    expect(classifyWater({ ...CLEAN, do: 4 })).toEqual({
      waterClass: 4,
      decisive: ['do'],
      exceeding: ['do'],
    });
    expect(classifyWater({ ...CLEAN, codMn: 5, nh3n: 0.8 })).toEqual({
      waterClass: 3,
      decisive: ['codMn', 'nh3n'],
      exceeding: [],
    });
    expect(classifyWater({ ...CLEAN, nh3n: 2.5, tp: 0.5 })).toEqual({
      waterClass: 6,
      decisive: ['nh3n', 'tp'],
      exceeding: ['nh3n', 'tp'],
    });
    expect(classifyWater({ ...CLEAN, ph: 9.5 }).decisive).toEqual(['ph']);
  });

  it('gives each indicator’s limit for a class', () => {
    expect(parameterLimit('do', 3)).toEqual({ min: 5 });
    expect(parameterLimit('nh3n', 4)).toEqual({ max: 1.5 });
    expect(parameterLimit('ph', 2)).toEqual({ min: 6, max: 9 });
  });
});
