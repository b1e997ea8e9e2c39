import { describe, expect, it } from 'vitest';
import {
  ACKS_KEEP_MS,
  CLEARED_KEEP_MS,
  CLEARED_UNACK_KEEP_MS,
  createAlarmBook,
  MAX_CLEARED_UNACK,
  type AlarmCondition,
} from './alarms';

const T = 1_800_000_000_000;
const cond = (place: string, severity: AlarmCondition['severity'] = 'major') => ({
  rule: 'r',
  condition: {
    place,
    severity,
    area: '350102',
    position: null,
    feed: 'signals' as const,
    entity: place,
    message: { key: 'x', params: {} },
  },
});

describe('alarm book', () => {
  it('collapses a flapping condition into one alarm whose count grows', () => {
    const book = createAlarmBook();
    book.update([cond('a')], T);
    book.update([], T + 1000);
    const [a] = book.update([cond('a')], T + 2000);
    expect(a).toMatchObject({ key: 'r|a', count: 2, state: 'active' });
  });

  it('keeps a cleared acknowledged alarm an hour, a cleared unacknowledged one a day', () => {
    const book = createAlarmBook();
    book.update([cond('acked'), cond('alone')], T);
    book.acknowledge({ key: 'r|acked', firstAt: T, at: T + 10, by: 'op' });
    book.update([], T + 1000);
    expect(book.update([], T + 1000 + CLEARED_KEEP_MS - 1).map((a) => a.place)).toEqual([
      'alone',
      'acked',
    ]);
    expect(book.update([], T + 1000 + CLEARED_KEEP_MS + 1).map((a) => a.place)).toEqual(['alone']);
    expect(book.update([], T + 1000 + CLEARED_UNACK_KEEP_MS + 1)).toEqual([]);
  });

  it('holds at most the newest cleared unacknowledged alarms after weeks alone', () => {
    const book = createAlarmBook();
    // A controller at a time fails and recovers, all week, nobody at the desk.
    let t = T;
    for (let i = 0; i < MAX_CLEARED_UNACK * 3; i += 1) {
      book.update([cond(`c${i}`)], t);
      t += 60_000;
      book.update([], t);
    }
    const list = book.list();
    expect(list.length).toBe(MAX_CLEARED_UNACK);
    // The newest stay.
    expect(list.some((a) => a.place === `c${MAX_CLEARED_UNACK * 3 - 1}`)).toBe(true);
    expect(list.some((a) => a.place === 'c0')).toBe(false);
  });

  it('forgets acknowledgements of alarms long gone, keeps those of alarms still held', () => {
    const book = createAlarmBook();
    book.update([cond('gone'), cond('held')], T);
    book.acknowledge({ key: 'r|gone', firstAt: T, at: T + 10, by: 'op' });
    book.acknowledge({ key: 'r|held', firstAt: T, at: T + 10, by: 'op' });
    book.update([cond('held')], T + 1000);
    book.update([cond('held')], T + 1000 + CLEARED_KEEP_MS + 1);
    expect(book.acks().map((a) => a.key)).toEqual(['r|gone', 'r|held']);
    book.update([cond('held')], T + ACKS_KEEP_MS + 100);
    expect(book.acks().map((a) => a.key)).toEqual(['r|held']);
  });
});
