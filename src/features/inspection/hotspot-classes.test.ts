import { describe, expect, it } from 'vitest';
import {
  classCode,
  classifyCell,
  className,
  HOTSPOT_CLASSES,
  isColdClass,
  isHotClass,
  type HotspotClass,
} from './hotspot-classes';

/** '+' hot, '-' cold, '.' neither, one character per step. */
const classify = (pattern: string, trend: -1 | 0 | 1 = 0): HotspotClass => {
  const state = Array.from(pattern, (c) => (c === '+' ? 1 : c === '-' ? -1 : 0));
  return className(classifyCell(state, 0, state.length, trend));
};

describe('emerging hot-spot classes', () => {
  it('new: hot only in the last step', () => {
    expect(classify('...........+')).toBe('new-hot');
    expect(classify('...........-')).toBe('new-cold');
  });

  it('consecutive: one unbroken run ending in the last step, never hot before it, under 90 %', () => {
    expect(classify('........++++')).toBe('consecutive-hot');
    expect(classify('..++++++++++', 1)).toBe('consecutive-hot'); // 10 of 12 is under 90 %
    expect(classify('+.......++++')).toBe('sporadic-hot'); // hot before the run
    expect(classify('.........---')).toBe('consecutive-cold');
  });

  it('intensifying, persistent, diminishing: hot in ≥ 90 % of steps including the last, by trend', () => {
    expect(classify('++++++++++++', 1)).toBe('intensifying-hot');
    expect(classify('++++++++++++', 0)).toBe('persistent-hot');
    expect(classify('++++++++++++', -1)).toBe('diminishing-hot');
    expect(classify('.+++++++++++', 1)).toBe('intensifying-hot'); // 11 of 12 ≥ 90 %
    expect(classify('++++.+++++++', 0)).toBe('persistent-hot');
    // Exactly 90 %: 9 of 10.
    expect(classify('+++.++++++', 0)).toBe('persistent-hot');
    // A cold spot among them does not matter once hot in ≥ 90 %.
    expect(classify('-+++++++++', -1)).toBe('diminishing-hot');
  });

  it('cold spots intensify as z falls and diminish as it rises', () => {
    expect(classify('------------', -1)).toBe('intensifying-cold');
    expect(classify('------------', 1)).toBe('diminishing-cold');
    expect(classify('------------', 0)).toBe('persistent-cold');
  });

  it('sporadic: hot in the last, on and off before, never cold', () => {
    expect(classify('.+..+..+...+')).toBe('sporadic-hot');
    expect(classify('.+..+..+..++', 1)).toBe('sporadic-hot'); // a trend does not matter under 90 %
    expect(classify('.-..-......-')).toBe('sporadic-cold');
  });

  it('oscillating: hot in the last with a cold spot before; it takes precedence over new and consecutive', () => {
    expect(classify('--.........+')).toBe('oscillating-hot');
    expect(classify('-.......++++')).toBe('oscillating-hot');
    expect(classify('.+.-.+.....+')).toBe('oscillating-hot');
    expect(classify('++.........-')).toBe('oscillating-cold');
  });

  it('historical: not hot in the last, hot in ≥ 90 % of all steps', () => {
    expect(classify('+++++++++++.')).toBe('historical-hot'); // 11 of 12
    expect(classify('++++++++++..')).toBe('none'); // 10 of 12
    expect(classify('+++++++++.', 0)).toBe('historical-hot'); // 9 of 10
    expect(classify('-----------.')).toBe('historical-cold');
    // Hot in ≥ 90 % and cold in the last: the last step decides the family.
    expect(classify('+++++++++++-')).toBe('oscillating-cold');
  });

  it('no pattern: neither hot nor cold now and not mostly hot before', () => {
    expect(classify('............')).toBe('none');
    expect(classify('.+..+..+....')).toBe('none');
    expect(classify('.-..........')).toBe('none');
  });

  it('reads a cell inside a cell-major array', () => {
    const state = [0, 0, 0, 1, /* cell 1 */ 1, 1, 1, 1];
    expect(className(classifyCell(state, 0, 4, 0))).toBe('new-hot');
    expect(className(classifyCell(state, 4, 4, 0))).toBe('persistent-hot');
    expect(className(classifyCell(state, 0, 0, 0))).toBe('unclassified');
  });

  it('codes and names round-trip; families are told apart', () => {
    HOTSPOT_CLASSES.forEach((name, code) => {
      expect(classCode(name)).toBe(code);
      expect(className(code)).toBe(name);
      expect(isHotClass(code)).toBe(name.endsWith('-hot'));
      expect(isColdClass(code)).toBe(name.endsWith('-cold'));
    });
    expect(className(99)).toBe('unclassified');
  });
});
