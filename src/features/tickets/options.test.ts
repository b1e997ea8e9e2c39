import { describe, expect, it } from 'vitest';
import {
  CITIZEN_TEXT,
  GULOU,
  NOW,
  SNAPSHOT,
  TAIJIANG,
  viewContext,
} from '../../../tests/integration/fixtures/ticket-snapshot';
import {
  buildCategoryOption,
  buildDepartmentOption,
  buildFunnelOption,
  buildHourlyOption,
  buildRankingOption,
} from './options';
import { buildTicketView, type RankingEntry, type TicketView } from './ticket-view';

const context = viewContext(NOW);
const cityView = buildTicketView(SNAPSHOT, { area: null }, context);
const districtView = buildTicketView(SNAPSHOT, { area: GULOU }, context);

const nameOf = (key: string) => `«${key}»`;
const rankingLabels = {
  today: 'Today',
  open: 'Open',
  more: (count: number, total: number) => `${count} more, ${total}`,
};
const hourlyLabels = { today: 'Today', yesterday: 'Yesterday', partial: 'partial' };
const deptLabels = { count: 'Tickets', onTime: 'On time' };
const categoryLabels = { count: 'Today', yesterday: 'Yesterday' };
const funnelLabels = { count: 'Today', median: 'Median' };
const minutes = (m: number | null) => (m === null ? '—' : `${m} min`);
/** The view with its hour in progress set (10:00 in the fixture). */
const atHour = (view: TicketView, currentHour: number): TicketView => ({
  ...view,
  hourly: { ...view.hourly, currentHour },
});

/** A view with only the given parts filled in (the rest empty). */
function viewWith(patch: Partial<TicketView>): TicketView {
  return { ...cityView, ranking: [], categories: [], departments: [], funnel: [], ...patch };
}

interface Item {
  id: string;
  name: string;
  value: number;
  label?: { formatter: string };
}
type Series = { id: string; name?: string; type: string; data: unknown[] };
const seriesOf = (option: unknown) => (option as { series: Series[] }).series;
const yAxisData = (option: unknown) => (option as { yAxis: { data: string[] } }).yAxis.data;
const items = (series: Series | undefined) => (series?.data ?? []) as Item[];

/** Every path in the option whose value is a function. */
function functionPaths(value: unknown, path = 'option'): string[] {
  if (typeof value === 'function') return [path];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => functionPaths(v, `${path}.${k}`));
}

const allSpecs = (view: TicketView) => ({
  ranking: buildRankingOption(view, nameOf, rankingLabels),
  hourly: buildHourlyOption(view, hourlyLabels),
  categories: buildCategoryOption(view, nameOf, categoryLabels),
  funnel: buildFunnelOption(view, nameOf, funnelLabels, minutes),
  departments: buildDepartmentOption(view, nameOf, deptLabels),
});
const allOptions = (view: TicketView) =>
  Object.fromEntries(Object.entries(allSpecs(view)).map(([k, spec]) => [k, spec.option]));

describe('every ticket chart option', () => {
  it('is plain data: no function anywhere (tooltips are templates or richText)', () => {
    for (const view of [cityView, districtView])
      for (const [name, option] of Object.entries(allOptions(view)))
        expect(functionPaths(option), name).toEqual([]);
  });

  it('renders tooltips as rich text or with string templates', () => {
    for (const [name, option] of Object.entries(allOptions(cityView))) {
      const tooltip = (option as { tooltip: { renderMode?: string; formatter?: unknown } }).tooltip;
      expect(tooltip.renderMode, name).toBe('richText');
      if (tooltip.formatter !== undefined) expect(typeof tooltip.formatter, name).toBe('string');
    }
  });

  it('carries no citizen text, although the view’s rows do', () => {
    expect(cityView.rows.some((r) => r.title.includes(CITIZEN_TEXT))).toBe(true);
    for (const [name, option] of Object.entries(allOptions(cityView)))
      expect(JSON.stringify(option), name).not.toContain(CITIZEN_TEXT);
  });

  it('keeps its series ids from one view to the next', () => {
    const ids = (view: TicketView) =>
      Object.fromEntries(
        Object.entries(allOptions(view)).map(([k, o]) => [k, seriesOf(o).map((s) => s.id)]),
      );
    const expected = {
      ranking: ['open', 'today'],
      hourly: ['yesterday', 'today', 'today-partial'],
      categories: ['categories'],
      funnel: ['funnel'],
      departments: ['departments'],
    };
    expect(ids(cityView)).toEqual(expected);
    expect(ids(districtView)).toEqual(expected);
    expect(ids(viewWith({}))).toEqual(expected);
  });

  it('names every label that is a property name so it can never stand for one', () => {
    const ranking: RankingEntry[] = ['__proto__', 'constructor', 'toString'].map((key) => ({
      key,
      today: 1,
      open: 1,
      overdue: 0,
    }));
    const categories = ['__proto__', 'hasOwnProperty'].map((category) => ({
      category,
      count: 1,
      yesterday: 0,
      hourly: [],
    }));
    const view = viewWith({ ranking, categories });
    const labels = [
      ...yAxisData(buildRankingOption(view, (k) => k, rankingLabels).option),
      ...yAxisData(buildCategoryOption(view, (k) => k, categoryLabels).option),
    ];
    const plain = {} as Record<string, unknown>;
    for (const label of labels) {
      expect(label in plain).toBe(false);
      expect(label.replace('\u2060', '')).toMatch(
        /^(__proto__|constructor|toString|hasOwnProperty)$/,
      );
    }
  });

  it('describes its data as a table: every row and series, in the given names', () => {
    const specs = allSpecs(cityView);
    expect(specs.ranking.table).toEqual({
      columns: ['', 'Today', 'Open'],
      rows: [
        [nameOf(GULOU), 4, 4],
        [nameOf(TAIJIANG), 3, 3],
      ],
    });
    expect(specs.hourly.table.rows).toHaveLength(24);
    expect(specs.hourly.table.rows[10]).toEqual(['10:00 (partial)', 0, 0]);
    expect(specs.hourly.table.rows[11]).toEqual(['11:00', '—', 0]);
    expect(specs.funnel.table.rows[0]).toEqual([nameOf('reported'), 7, expect.any(String)]);
    expect(specs.departments.table.rows.map((r) => r[0])).toEqual(
      cityView.departments.map((d) => nameOf(d.department)),
    );
  });

  it('turns animation off (a wall redraws every poll)', () => {
    for (const option of Object.values(allOptions(cityView)))
      expect((option as { animation?: boolean }).animation).toBe(false);
  });
});

describe('buildRankingOption', () => {
  it('shows the districts, largest at the top, with their codes as item ids for drilling', () => {
    const { option } = buildRankingOption(cityView, nameOf, rankingLabels);
    // Ranking: 鼓楼 4 today / 4 open, 台江 3 / 3. A category axis draws its first entry at the
    // bottom, so the list is reversed.
    expect(yAxisData(option)).toEqual([nameOf(TAIJIANG), nameOf(GULOU)]);
    const [open, today] = seriesOf(option);
    expect(today).toMatchObject({ id: 'today', name: 'Today', type: 'bar' });
    expect(open).toMatchObject({ id: 'open', name: 'Open', type: 'bar' });
    expect(items(today)).toEqual([
      { id: TAIJIANG, name: nameOf(TAIJIANG), value: 3 },
      { id: GULOU, name: nameOf(GULOU), value: 4 },
    ]);
    // The open bar carries the label "today / open".
    expect(
      items(open).map((d) => (d as { label?: { formatter?: string } }).label?.formatter),
    ).toEqual(['3 / 3', '4 / 4']);
    expect(items(open).map((d) => [d.id, d.value])).toEqual([
      [TAIJIANG, 3],
      [GULOU, 4],
    ]);
    expect((option as { legend: { data: string[] } }).legend.data).toEqual(['Today', 'Open']);
  });

  it('shows every area up to the limit, and beyond it names how many are left out with their total', () => {
    // 15 streets, today 15 … 1; open counts run the other way to show they do not reorder.
    const ranking: RankingEntry[] = Array.from({ length: 15 }, (_, i) => ({
      key: `350102${String(i + 1).padStart(3, '0')}`,
      today: 15 - i,
      open: i,
      overdue: 0,
    }));
    const all = buildRankingOption(viewWith({ ranking }), nameOf, rankingLabels).option;
    expect(items(seriesOf(all)[1]).map((d) => d.value)).toEqual(
      Array.from({ length: 15 }, (_, i) => i + 1),
    );

    const top4 = buildRankingOption(viewWith({ ranking }), nameOf, rankingLabels, 4).option;
    const [open, today] = seriesOf(top4);
    // Three areas and a fourth row for the other twelve: 12 + 11 + … + 1 = 78 today.
    expect(items(today).map((d) => [d.id, d.value])).toEqual([
      [undefined, 78],
      ['350102003', 13],
      ['350102002', 14],
      ['350102001', 15],
    ]);
    expect(yAxisData(top4)[0]).toBe('12 more, 78');
    expect(items(open)[0]?.value).toBe(3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14);
  });

  it('shows all thirteen districts of a city that has them', () => {
    const ranking: RankingEntry[] = Array.from({ length: 13 }, (_, i) => ({
      key: `3501${String(i + 2).padStart(2, '0')}`,
      today: 13 - i,
      open: 1,
      overdue: 0,
    }));
    const { option, table } = buildRankingOption(viewWith({ ranking }), nameOf, rankingLabels);
    expect(yAxisData(option)).toHaveLength(13);
    expect(table.rows).toHaveLength(13);
  });

  it('names its streets at district level', () => {
    const { option } = buildRankingOption(districtView, nameOf, rankingLabels);
    // 鼓东 3 today, 鼓西 1.
    expect(items(seriesOf(option)[0]).map((d) => [d.id, d.value])).toEqual([
      ['350102002', 1],
      ['350102001', 3],
    ]);
  });
});

describe('buildHourlyOption', () => {
  it('draws yesterday in full, today’s complete hours, and the hour in progress apart', () => {
    const { option } = buildHourlyOption(atHour(cityView, 10), hourlyLabels);
    const [yesterday, today, partial] = seriesOf(option);
    expect(yesterday).toMatchObject({ id: 'yesterday', name: 'Yesterday', type: 'line' });
    expect(today).toMatchObject({ id: 'today', name: 'Today', type: 'line' });
    expect(partial).toMatchObject({ id: 'today-partial', name: 'partial', type: 'line' });
    // Yesterday: 01 T14, 09 T05 T10, 14 T06. Today: 00 T04, 01 T03, 03 T12, 07 T09, 08 T02,
    // 09 T01 T11; 10:00 is the hour in progress (0 so far), 11–23 have not come.
    expect(yesterday!.data).toEqual([
      0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    expect(today!.data).toEqual([1, 1, 0, 1, 0, 0, 0, 1, 1, 2, ...new Array<null>(14).fill(null)]);
    // The partial segment joins the last complete hour to the hour in progress.
    expect(partial!.data).toEqual([
      ...new Array<null>(9).fill(null),
      2,
      0,
      ...new Array<null>(13).fill(null),
    ]);
    const hours = (option as { xAxis: { data: string[] } }).xAxis.data;
    expect(hours).toHaveLength(24);
    expect([hours[0], hours[9], hours[23]]).toEqual(['00:00', '09:00', '23:00']);
    expect((option as { legend: { data: string[] } }).legend.data).toContain('partial');
  });

  it('at 00:00 has no complete hour, only midnight in progress', () => {
    const [, today, partial] = seriesOf(
      buildHourlyOption(atHour(cityView, 0), hourlyLabels).option,
    );
    expect(today!.data).toEqual(new Array<null>(24).fill(null));
    expect(partial!.data).toEqual([cityView.hourly.today[0], ...new Array<null>(23).fill(null)]);
  });
});

describe('buildCategoryOption', () => {
  it('shows today’s categories, largest at the top, with their share of the day', () => {
    const { option } = buildCategoryOption(cityView, nameOf, categoryLabels);
    // drainage 2, municipal 2, traffic 2, sanitation 1 of 7 → 29 %, 29 %, 29 %, 14 %; against
    // this time yesterday: drainage 1, traffic 1, the others 0.
    expect(items(seriesOf(option)[0])).toEqual([
      {
        id: 'sanitation',
        name: nameOf('sanitation'),
        value: 1,
        label: { formatter: '1 · 14% ↑1' },
      },
      { id: 'traffic', name: nameOf('traffic'), value: 2, label: { formatter: '2 · 29% ↑1' } },
      { id: 'municipal', name: nameOf('municipal'), value: 2, label: { formatter: '2 · 29% ↑2' } },
      { id: 'drainage', name: nameOf('drainage'), value: 2, label: { formatter: '2 · 29% ↑1' } },
    ]);
    expect(yAxisData(option)).toEqual(
      ['sanitation', 'traffic', 'municipal', 'drainage'].map(nameOf),
    );
  });

  it('takes shares of all of today’s tickets, including categories past the limit', () => {
    const categories = [40, 30, 20, 10].map((count, i) => ({
      category: `c${i}`,
      count,
      yesterday: 30,
      hourly: [],
    }));
    const { option } = buildCategoryOption(viewWith({ categories }), nameOf, categoryLabels, 2);
    expect(items(seriesOf(option)[0]).map((d) => [d.id, d.label?.formatter])).toEqual([
      ['c1', '30 · 30% ±0'],
      ['c0', '40 · 40% ↑10'],
    ]);
  });

  it('does not divide by zero on a day without tickets', () => {
    const { option } = buildCategoryOption(viewWith({ categories: [] }), nameOf, categoryLabels);
    expect(seriesOf(option)[0]!.data).toEqual([]);
  });
});

describe('buildFunnelOption', () => {
  it('follows the closed loop in order with today’s counts, scaled to the first stage', () => {
    const { option } = buildFunnelOption(cityView, nameOf, funnelLabels, minutes);
    const [funnel] = seriesOf(option) as [Series & { sort: string; max: number }];
    expect(funnel).toMatchObject({ id: 'funnel', type: 'funnel', sort: 'none', max: 7 });
    expect(items(funnel).map((d) => [d.id, d.name, d.value])).toEqual([
      ['reported', nameOf('reported'), 7],
      ['registered', nameOf('registered'), 5],
      ['dispatched', nameOf('dispatched'), 4],
      ['processing', nameOf('processing'), 3],
      ['feedback', nameOf('feedback'), 3],
      ['closed', nameOf('closed'), 3],
      ['rated', nameOf('rated'), 2],
    ]);
  });
});

describe('buildDepartmentOption', () => {
  it('lists departments, busiest at the top, labelled with their on-time share', () => {
    const { option } = buildDepartmentOption(cityView, nameOf, deptLabels);
    const [series] = seriesOf(option);
    expect(series).toMatchObject({ id: 'departments', name: 'Tickets', type: 'bar' });
    // urban_management 3 (1 on time of 2 closed + 1 open overdue), drainage_company 2 (1/1),
    // street_office 2 (1/1), traffic_police 2 (1/2), housing_bureau 1 (none closed or overdue),
    // landscaping 1 (0/1).
    expect(items(series).map((d) => [d.id, d.value, d.label?.formatter])).toEqual([
      ['landscaping', 1, '1 · On time 0%'],
      ['housing_bureau', 1, '1 · On time —'],
      ['traffic_police', 2, '2 · On time 50%'],
      ['street_office', 2, '2 · On time 100%'],
      ['drainage_company', 2, '2 · On time 100%'],
      ['urban_management', 3, '3 · On time 33%'],
    ]);
    expect(yAxisData(option)).toEqual(items(series).map((d) => nameOf(d.id)));
  });

  it('keeps the top N', () => {
    const { option } = buildDepartmentOption(cityView, nameOf, deptLabels, 2);
    expect(items(seriesOf(option)[0]).map((d) => d.id)).toEqual([
      'drainage_company',
      'urban_management',
    ]);
  });
});
