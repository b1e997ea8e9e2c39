import { describe, expect, it } from 'vitest';
import { cityTimeOf } from '@/domain/city-time';
import { BIN_MS } from './bins';
import { SERIES_WINDOW_MS, historyOf, seriesArea, seriesQuery } from './history';
import { NOW } from './test-signals';

const time = cityTimeOf('Asia/Shanghai');
const DAY = 86_400_000;
/** 00:00 on NOW's day in Fuzhou. */
const DAY_START = time.dayStart(NOW);

/** A series answer as the endpoint gives it for the query of `area` at NOW. */
function answer(area: string | null, valueAt: (t: number) => number | null, over: object = {}) {
  const q = seriesQuery(area, NOW)!;
  const from = Number(q.from);
  const to = Number(q.to);
  const values: (number | null)[] = [];
  for (let t = from; t < to; t += BIN_MS) values.push(t + BIN_MS > NOW ? null : valueAt(t));
  return {
    feed: 'signals',
    metric: 'congestion',
    level: q.level,
    bin: BIN_MS,
    from,
    to,
    series: [{ area: q.area ?? '350100', values }],
    ...over,
  };
}

describe('the series query', () => {
  it('asks for eight days up to the running bin, changing once a bin', () => {
    const q = seriesQuery(null, NOW + 7 * 60_000)!;
    expect(q).toMatchObject({ metric: 'congestion', level: 'city', bin: '900000' });
    expect(q.area).toBeUndefined();
    expect(Number(q.to) - Number(q.from)).toBe(SERIES_WINDOW_MS);
    expect(Number(q.to)).toBe(NOW + BIN_MS); // 08:30 runs to 08:45
    expect(seriesQuery(null, NOW + 14 * 60_000)).toEqual(q);
    // It holds the whole of the same weekday last week.
    expect(Number(q.from)).toBeLessThanOrEqual(DAY_START - 7 * DAY);
  });

  it('reads the area’s level from its code; a community reads its street; a cell has none', () => {
    expect(seriesArea('350100')).toEqual({ level: 'city', area: null });
    expect(seriesArea('350102')).toEqual({ level: 'district', area: '350102' });
    expect(seriesArea('350102001')).toEqual({ level: 'street', area: '350102001' });
    expect(seriesArea('350102001002')).toEqual({ level: 'street', area: '350102001' });
    expect(seriesArea('89411c0a7b3ffff')).toBeNull();
    expect(seriesQuery('89411c0a7b3ffff', NOW)).toBeNull();
  });
});

describe('the history', () => {
  // Index = the bin's hour of day today, hour / 10 last week (and before).
  const valueAt = (t: number) =>
    t >= DAY_START ? time.hourOfDay(t) : Math.round(time.hourOfDay(t) * 10) / 100;

  it('cuts today and the same weekday last week out of the eight days', () => {
    const h = historyOf(answer('350102', valueAt), '350102', NOW, time);
    if (h.status !== 'ok') throw new Error(h.status);
    expect(h.area).toBe('350102');
    expect(h.today).toHaveLength(96);
    expect(h.lastWeek).toHaveLength(96);
    expect(h.today[0]).toBe(0);
    expect(h.today[33]).toBe(8.25); // 08:15, the last ended bin
    expect(h.today[34]).toBeNull(); // 08:30 is running
    expect(h.today[95]).toBeNull();
    expect(h.lastWeek[34]).toBe(0.85);
    expect(h.lastWeek[95]).toBe(2.38);
    expect(h.currentBin).toBe(34);
    expect(h.sameTimeLastWeek).toBe(0.85);
    expect(h.max).toEqual({ at: DAY_START + 33 * BIN_MS, value: 8.25 });
  });

  it('gives the peak hours’ means, today partial until the peak is over', () => {
    const h = historyOf(answer(null, valueAt), null, NOW, time);
    if (h.status !== 'ok') throw new Error(h.status);
    const morning = h.peaks.find((p) => p.id === 'morning')!;
    // Today's ended bins of 07:30–09:00: 07:30, 07:45, 08:00, 08:15.
    expect(morning.today).toBeCloseTo((7.5 + 7.75 + 8 + 8.25) / 4, 10);
    expect(morning.complete).toBe(false);
    expect(morning.lastWeek).toBeCloseTo((0.75 + 0.78 + 0.8 + 0.83 + 0.85 + 0.88) / 6, 10);
    const evening = h.peaks.find((p) => p.id === 'evening')!;
    expect(evening.today).toBeNull();
  });

  it('ignores values for bins that have not ended', () => {
    const ahead = answer(null, () => 3);
    ahead.series[0]!.values = ahead.series[0]!.values.map(() => 3);
    const h = historyOf(ahead, null, NOW, time);
    if (h.status !== 'ok') throw new Error(h.status);
    expect(h.today[34]).toBeNull();
    expect(h.today[33]).toBe(3);
  });

  it('is loading before an answer, absent when not offered, invalid when malformed', () => {
    expect(historyOf(undefined, null, NOW, time).status).toBe('loading');
    expect(historyOf(null, null, NOW, time).status).toBe('absent');
    expect(historyOf(answer('350102', valueAt), '89411c0a7b3ffff', NOW, time).status).toBe(
      'absent',
    );
    const bad = [
      answer(null, () => 11), // out of range
      answer(null, valueAt, { metric: 'volume' }),
      answer(null, valueAt, { from: 'yesterday' }),
      answer(null, valueAt, { from: NOW + 1 }), // not on a bin
      answer(null, valueAt, { series: [{ area: '350100', values: 'x' }] }),
      { series: [] },
      'not json',
    ];
    for (const raw of bad) expect(historyOf(raw, null, NOW, time).status).toBe('invalid');
    // An area the answer does not hold.
    expect(historyOf(answer('350103', valueAt), '350102', NOW, time).status).toBe('absent');
  });
});
