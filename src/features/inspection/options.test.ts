import { describe, expect, it } from 'vitest';
import { CLASS_STYLE, HOT_CLASSES, styleOfCode, svgDash } from './class-style';
import { classCode } from './hotspot-classes';
import type { InspectionView } from './inspection-view';
import { messages } from './messages';
import { buildMatrix, buildTypeHourOption, buildTypeOption, sparkPoints } from './options';

const hours = (set: Record<number, number>) => Array.from({ length: 24 }, (_, h) => set[h] ?? 0);

function view(): InspectionView {
  const types = [
    { type: 'bike_parking', count: 30, yesterday: 25, hourly: hours({ 8: 20, 9: 10 }) },
    { type: 'street_vending', count: 12, yesterday: 12, hourly: hours({ 9: 12 }) },
    { type: '__proto__', count: 5, yesterday: 0, hourly: hours({ 7: 5 }) },
    { type: 'laundry', count: 3, yesterday: 9, hourly: hours({ 9: 3 }) },
    { type: 'umbrella', count: 0, yesterday: 0, hourly: hours({}) },
  ];
  return {
    types,
    hourly: { today: hours({ 7: 5, 8: 20, 9: 25 }), yesterday: hours({}), currentHour: 9 },
    matrix: {
      level: 'district',
      types: ['bike_parking', 'street_vending'],
      rows: [
        { key: '350102', counts: [20, 2], others: 4, total: 26 },
        { key: '350103', counts: [10, 10], others: 4, total: 24 },
      ],
      rest: { areas: 3, counts: [0, 0], others: 0, total: 0 },
    },
  } as unknown as InspectionView;
}

const name = (id: string) => (id === 'bike_parking' ? '非机动车乱停放' : id);

describe('inspection chart builders', () => {
  it('labels every type bar with its count, share and change, names made safe', () => {
    const spec = buildTypeOption(view(), name, { today: '今日', yesterday: '昨日' });
    const series = (
      spec.option.series as { data: { name: string; label: { formatter: string } }[] }[]
    )[0]!;
    expect(series.data.map((d) => d.label.formatter)).toEqual([
      '3 · 6% ↓6',
      '5 · 10% ↑5',
      '12 · 24% ±0',
      '30 · 60% ↑5',
    ]);
    expect(series.data.map((d) => d.name)).not.toContain('__proto__');
    // The table keeps every type, those with none included.
    expect(spec.table.rows).toHaveLength(5);
  });

  it('stacks the three busiest types and the rest by hour, hours to come blank', () => {
    const spec = buildTypeHourOption(view(), name, {
      others: '其他',
      partial: '未完',
      total: '合计',
    });
    const series = spec.option.series as { id: string; data: (number | null)[] }[];
    expect(series.map((s) => s.id)).toEqual(['type-0', 'type-1', 'type-2', 'others']);
    expect(series[0]!.data[8]).toBe(20);
    expect(series[3]!.data[9]).toBe(3); // laundry, the fourth type
    expect(series[0]!.data[10]).toBeNull();
    expect(spec.table.rows[9]![0]).toBe('09:00 (未完)');
    expect(spec.table.rows[9]!.at(-1)).toBe(25);
    expect(spec.table.rows[12]!.at(-1)).toBe('—');
  });

  it('shades the matrix by each cell’s share of the largest and names the rest', () => {
    const model = buildMatrix(view(), (k) => `area ${k}`, name, {
      others: '其他',
      total: '合计',
      more: (n) => `其余 ${n} 个`,
    });
    expect(model.columns).toEqual(['非机动车乱停放', 'street_vending', '其他', '合计']);
    expect(model.rows.map((r) => r.cells.map((c) => c.shade))).toEqual([
      [4, 1, 1],
      [3, 3, 1],
      [0, 0, 0],
    ]);
    expect(model.rows[2]).toMatchObject({ key: null, name: '其余 3 个', total: 0 });
  });

  it('draws a sparkline with its maximum at the top', () => {
    expect(sparkPoints([0, 5, 10], 100, 20)).toBe('0,20 50,10 100,0');
    expect(sparkPoints([], 100, 20)).toBe('');
  });
});

describe('hot-spot class styles', () => {
  it('tells every class apart by colour and by outline (dash or width)', () => {
    const outlines = new Set(
      HOT_CLASSES.map((c) => `${CLASS_STYLE[c].dash}|${CLASS_STYLE[c].width}`),
    );
    const colours = new Set(HOT_CLASSES.map((c) => CLASS_STYLE[c].color.join()));
    const marks = new Set(HOT_CLASSES.map((c) => CLASS_STYLE[c].mark));
    expect(outlines.size).toBe(8);
    expect(colours.size).toBe(8);
    expect(marks.size).toBe(8);
    expect(styleOfCode(classCode('new-cold'))).toBeNull();
    expect(svgDash(CLASS_STYLE['intensifying-hot'])).toBe('');
    expect(svgDash(CLASS_STYLE['new-hot'])).toBe('9 3');
  });
});

describe('messages', () => {
  const keys = (o: unknown, prefix = ''): string[] =>
    Object.entries(o as Record<string, unknown>).flatMap(([k, v]) =>
      v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
    );
  it('has the same keys in both languages, none empty where it is shown', () => {
    expect(keys(messages.en).sort()).toEqual(keys(messages['zh-CN']).sort());
    const zh = keys(messages['zh-CN']);
    expect(zh.length).toBeGreaterThan(140);
  });
});
