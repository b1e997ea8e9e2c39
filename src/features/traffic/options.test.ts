import { describe, expect, it } from 'vitest';
import { cityTimeOf } from '@/domain/city-time';
import { messages } from './messages';
import {
  RANKING_ROWS,
  buildAdaptiveOption,
  buildApproachOption,
  buildCoordinationOption,
  buildHistoryOption,
  buildIndexRankingOption,
  buildRingOption,
  buildSplitMonitorOption,
  buildTerminationOption,
} from './options';
import type { PhaseLog } from './intersection-log';
import type { TrafficHistory } from './history';
import { LEVEL_HEX } from './traffic-style';
import type { AreaEntry, BinMeasures } from './traffic-view';
import { NOW, REF } from './test-signals';

const time = cityTimeOf('Asia/Shanghai');
const clock = (t: number) => {
  const m = Math.round((t - time.dayStart(t)) / 60_000);
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};
const entry = (key: string, index: number | null, extra: Partial<AreaEntry> = {}): AreaEntry => ({
  key,
  index,
  level: index === null ? null : index >= 8 ? 'severe' : index >= 6 ? 'moderate' : 'basic',
  intersections: 10,
  dark: 0,
  congested: 0,
  splitFailures: 3,
  delayPerVehicle: 20,
  adjustments: 0,
  shifted: 0,
  ...extra,
});
type Series = { id: string; data: unknown[] }[];

describe('the index ranking', () => {
  it('draws every area on a fixed 0–10 axis, coloured by level, with value and word', () => {
    const spec = buildIndexRankingOption(
      [entry('350102', 8.24, { dark: 2 }), entry('350103', 3.1), entry('350104', null)],
      (k) => `区${k}`,
      (l) => l ?? '无',
      {
        index: '指数',
        level: '等级',
        intersections: '路口',
        dark: '故障',
        more: (n) => `其余 ${n}`,
      },
    );
    expect(spec.option.xAxis).toMatchObject({ min: 0, max: 10 });
    const data = (spec.option.series as Series)[0]!.data as {
      id: string;
      value: number | null;
      itemStyle: { color: string };
      label: { formatter: string };
    }[];
    // Worst at the top: the last item is drawn at the top of a category axis.
    expect(data.map((d) => d.id)).toEqual(['350104', '350103', '350102']);
    expect(data[2]).toMatchObject({ value: 8.2, itemStyle: { color: LEVEL_HEX.severe } });
    expect(data[2]!.label.formatter).toBe('8.2 severe ·■2');
    expect(data[0]!.value).toBeNull();
    expect(spec.table.rows).toEqual([
      ['区350102', '8.2', 'severe', 10, 2],
      ['区350103', '3.1', 'basic', 10, 0],
      ['区350104', '—', '无', 10, 0],
    ]);
  });

  it('names how many are left out past the limit, while the table keeps every row', () => {
    const many = Array.from({ length: RANKING_ROWS + 3 }, (_, i) => entry(`3501${i}`, 5));
    const spec = buildIndexRankingOption(
      many,
      (k) => k,
      () => '',
      {
        index: '',
        level: '',
        intersections: '',
        dark: '',
        more: (n) => `+${n}`,
      },
    );
    expect((spec.option.yAxis as { data: string[] }).data[0]).toBe('+4');
    expect(spec.table.rows).toHaveLength(many.length);
  });
});

describe('the history', () => {
  const history: Extract<TrafficHistory, { status: 'ok' }> = {
    status: 'ok',
    area: null,
    dayStart: time.dayStart(NOW),
    lastWeekStart: time.dayStart(NOW) - 7 * 86_400_000,
    today: Array.from({ length: 96 }, (_, i) => (i < 34 ? i / 10 : null)),
    lastWeek: Array.from({ length: 96 }, () => 1),
    sameTimeLastWeek: 1,
    currentBin: 34,
    peaks: [],
    max: null,
  };

  it('leaves bins to come empty and keeps the level boundaries on the axis', () => {
    const spec = buildHistoryOption(history, { today: '今日', lastWeek: '上周', index: '' }, clock);
    const [lastWeek, today] = spec.option.series as Series;
    expect(today!.data[33]).toBe(3.3);
    expect(today!.data[34]).toBeNull();
    expect(lastWeek!.data).toHaveLength(96);
    expect(spec.option.yAxis).toMatchObject({ min: 0, max: 4, interval: 2 });
    expect(spec.table.rows[34]).toEqual(['08:30', '—', '1.00']);
    expect(spec.table.rows).toHaveLength(96);
  });
});

const bin = (start: number, gap: number, max: number, force: number): BinMeasures => ({
  start,
  intersections: 1,
  volume: 100,
  cycles: 10,
  splitFailures: 1,
  arrivalsOnGreen: 0.5,
  platoonRatio: 1,
  splitFailureShare: 0.1,
  delayPerVehicle: 20,
  gapOutShare: gap,
  maxOutShare: max,
  forceOffShare: force,
  oversaturated: 0,
});

describe('the terminations and adaptive charts', () => {
  it('stack the shares per bin, the latest on top, labelled where there is room', () => {
    const spec = buildTerminationOption(
      [bin(REF - 900_000, 0.5, 0.05, 0.45), bin(REF, 0.3, 0.2, 0.5)],
      { gapOut: 'gap', maxOut: 'max', forceOff: 'force' },
      clock,
    );
    expect((spec.option.yAxis as { data: string[] }).data).toEqual(['08:00', '07:45']);
    const [gap, max] = spec.option.series as Series;
    expect(gap!.data[0]).toMatchObject({ value: 30, label: { show: true } });
    expect(max!.data[1]).toMatchObject({ value: 5, label: { show: false } });
    expect(spec.table.rows).toEqual([
      ['07:45', '50%', '5%', '45%'],
      ['08:00', '30%', '20%', '50%'],
    ]);
  });

  it('rank the areas where adaptive control moved green, leaving out those without moves', () => {
    const spec = buildAdaptiveOption(
      [
        entry('a', 3, { adjustments: 2, shifted: 10 }),
        entry('b', 3),
        entry('c', 3, { adjustments: 5, shifted: 30 }),
      ],
      (k) => k,
      { shifted: 's', adjustments: 'n', label: (n, s) => `${n}×${s}` },
    );
    expect(spec.table.rows).toEqual([
      ['c', 30, 5],
      ['a', 10, 2],
    ]);
  });
});

describe('the drawer’s charts', () => {
  const phase: PhaseLog = {
    phase: 2,
    approaches: ['E'],
    change: 5,
    cycles: [
      { start: 0, green: 30, yellow: 3, length: 60, termination: 0, splitFailure: false },
      { start: 60, green: 25, yellow: 3, length: 60, termination: 2, splitFailure: false },
      { start: 200, green: 40, yellow: 3, length: 90, termination: 1, splitFailure: true },
    ],
    arrivals: [8, 8, 40, 40, 61, 1, 100, 40, 210, 10],
    figures: {} as PhaseLog['figures'],
    cycleCount: 3,
    splitFailures: 1,
    skips: 0,
    gapOuts: 1,
    maxOuts: 1,
    forceOffs: 1,
  };
  const from = REF;
  const to = REF + 3_600_000;

  it('draw the coordination diagram: stacked green, yellow, red per cycle, a gap where cycles are missing', () => {
    const spec = buildCoordinationOption(
      phase,
      from,
      to,
      { green: 'g', yellow: 'y', red: 'r', arrivals: 'a', time: 't', inCycle: 's', onGreen: 'og' },
      clock,
    );
    const [green, yellow, red, arrivals] = spec.option.series as Series;
    expect(green!.data).toEqual([
      [0, 30],
      [60, 25],
      [120, 0],
      [200, 40],
      [290, 0],
    ]);
    expect(yellow!.data[0]).toEqual([0, 3]);
    expect(red!.data[0]).toEqual([0, 27]);
    expect(arrivals!.data).toHaveLength(5);
    expect(spec.table.rows).toEqual([
      ['08:00', 30, 3, 27, 2, 1],
      ['08:01', 25, 3, 32, 2, 1],
      ['08:03', 40, 3, 47, 1, 1],
    ]);
  });

  it('mark each green by how it ended on the split monitor, with the plan’s green', () => {
    const spec = buildSplitMonitorOption(
      phase,
      from,
      to,
      35,
      {
        gapOut: 'gap',
        maxOut: 'max',
        forceOff: 'force',
        none: 'none',
        plan: 'plan',
        time: 't',
        green: 'g',
        termination: 'e',
      },
      clock,
    );
    const series = spec.option.series as Series;
    expect(series.map((s) => s.id)).toEqual(['gap-out', 'max-out', 'force-off', 'none', 'plan']);
    expect(series[1]!.data).toEqual([[200, 40]]);
    expect(spec.table.rows[2]).toEqual(['08:03', 40, 'max']);
  });

  it('share the change interval out when the configuration is unknown', () => {
    const spec = buildRingOption(120, [50, 40], [null, null], {
      phase: (n) => `P${n}`,
      green: 'g',
      change: 'c',
      share: 's',
    });
    expect(spec.table.rows).toEqual([
      ['P1', 50, 15, '42%'],
      ['P2', 40, 15, '33%'],
    ]);
    const known = buildRingOption(120, [50, 40], [5, 25], {
      phase: (n) => `P${n}`,
      green: 'g',
      change: 'c',
      share: 's',
    });
    expect(known.table.rows.map((r) => r[2])).toEqual([5, 25]);
  });

  it('label each approach with its volume and delay', () => {
    const spec = buildApproachOption(
      [{ approach: 'N', phases: [4], volume: 12, delayPerVehicle: 31.26, arrivalsOnGreen: 0.25 }],
      {
        approach: (a) => `${a}进口`,
        volume: 'v',
        delay: 'd',
        aog: 'a',
        unitVeh: '辆',
        unitDelay: '秒/辆',
      },
    );
    const data = (spec.option.series as Series)[0]!.data as { label: { formatter: string } }[];
    expect(data[0]!.label.formatter).toBe('12 辆 · 31.3 秒/辆');
    expect(spec.table.rows).toEqual([['N进口', 12, '31.3', '25%']]);
  });
});

describe('the messages', () => {
  const keys = (o: Record<string, unknown>, prefix = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) =>
      v && typeof v === 'object'
        ? keys(v as Record<string, unknown>, `${prefix}${k}.`)
        : [`${prefix}${k}`],
    );

  it('are complete in both languages', () => {
    expect(keys(messages.en).sort()).toEqual(keys(messages['zh-CN']).sort());
    for (const text of keys(messages.en)) expect(text).not.toBe('');
  });
});
