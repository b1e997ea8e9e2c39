// Pure chart and table builders of the inspection scenario: an ECharts option with the same data
// as a table (for screen readers, search and tests), or a table model for the DOM.
import type { ChartTable } from '@/charts/echart';
import type { ChartOption } from '@/charts/echarts-setup';
import { CHART_COLORS } from '@/charts/chart-theme';
import { safeLabel } from '@/ui/safe-label';
import type { InspectionView } from './inspection-view';

/** Display names the builders need (translated outside, so builders stay pure). */
export type NameOf = (key: string) => string;

export interface ChartSpec {
  option: ChartOption;
  table: ChartTable;
}

const axisFont = { fontSize: 12 };
const wrapLabel = (width: number) => ({
  ...axisFont,
  interval: 0,
  width,
  overflow: 'break' as const,
  lineHeight: 13,
});

/** ↑12 / ↓3 / ±0 against the same time yesterday. */
export const trendMark = (delta: number): string =>
  delta > 0 ? `↑${delta}` : delta < 0 ? `↓${-delta}` : '±0';

/**
 * Today's detections per type as bars, each labelled with its count, share and change against
 * the same time yesterday (every value on the bar: nothing needs hover). Types with none today
 * and none yesterday are left out of the chart, kept in the table.
 */
export function buildTypeOption(
  view: InspectionView,
  nameOf: NameOf,
  labels: { today: string; yesterday: string },
  limit = 8,
): ChartSpec {
  const total = view.types.reduce((n, t) => n + t.count, 0) || 1;
  const shown = view.types
    .filter((t) => t.count > 0 || t.yesterday > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, limit)
    .reverse();
  return {
    option: {
      animation: false,
      grid: { left: 8, right: 104, top: 6, bottom: 6, containLabel: true },
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{b}: {c}' },
      xAxis: { type: 'value', show: false },
      yAxis: {
        type: 'category',
        data: shown.map((t) => safeLabel(nameOf(t.type))),
        axisLabel: wrapLabel(112),
      },
      series: [
        {
          id: 'types',
          type: 'bar',
          barMaxWidth: 12,
          itemStyle: { color: CHART_COLORS.quantity[2] },
          label: { show: true, position: 'right', color: CHART_COLORS.text2, fontSize: 12 },
          data: shown.map((t) => ({
            id: t.type,
            name: safeLabel(nameOf(t.type)),
            value: t.count,
            label: {
              formatter: `${t.count} · ${Math.round((t.count / total) * 100)}% ${trendMark(t.count - t.yesterday)}`,
            },
          })),
        },
      ],
    },
    table: {
      columns: ['', labels.today, labels.yesterday],
      rows: view.types.map((t) => [nameOf(t.type), t.count, t.yesterday]),
    },
  };
}

const HOURS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);

/**
 * Detections per hour today, stacked by type: the day's three busiest types in the category
 * colours and the rest together in the fourth (VISUAL: at most four categories). Hours still to
 * come are blank; the running hour is named partial in the table.
 */
export function buildTypeHourOption(
  view: InspectionView,
  nameOf: NameOf,
  labels: { others: string; partial: string; total: string },
): ChartSpec {
  const current = view.hourly.currentHour;
  const top = [...view.types]
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, 3);
  const topIds = new Set(top.map((t) => t.type));
  const others = HOURS.map((_, h) =>
    view.types.reduce((n, t) => (topIds.has(t.type) ? n : n + (t.hourly[h] ?? 0)), 0),
  );
  const upToNow = (values: readonly number[]) => values.map((v, h) => (h <= current ? v : null));
  const series = [
    ...top.map((t, i) => ({
      id: `type-${i}`,
      name: safeLabel(nameOf(t.type)),
      type: 'bar' as const,
      stack: 'types',
      barMaxWidth: 10,
      data: upToNow(t.hourly),
      itemStyle: { color: CHART_COLORS.categories[i] },
    })),
    {
      id: 'others',
      name: labels.others,
      type: 'bar' as const,
      stack: 'types',
      barMaxWidth: 10,
      data: upToNow(others),
      itemStyle: { color: CHART_COLORS.categories[3] },
    },
  ];
  return {
    option: {
      animation: false,
      grid: { left: 8, right: 8, top: 28, bottom: 4, containLabel: true },
      legend: {
        top: 0,
        left: 0,
        itemWidth: 10,
        itemHeight: 10,
        textStyle: { fontSize: 12 },
        data: series.map((s) => s.name),
      },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText' },
      xAxis: { type: 'category', data: HOURS, axisLabel: { ...axisFont, interval: 3 } },
      yAxis: { type: 'value', minInterval: 1, splitNumber: 3, axisLabel: axisFont },
      series,
    },
    table: {
      columns: ['', ...top.map((t) => nameOf(t.type)), labels.others, labels.total],
      rows: HOURS.map((hour, h) => [
        h === current ? `${hour} (${labels.partial})` : hour,
        ...(h <= current
          ? [...top.map((t) => t.hourly[h] ?? 0), others[h] ?? 0, view.hourly.today[h] ?? 0]
          : [...top.map(() => '—'), '—', '—']),
      ]),
    },
  };
}

/** One cell of the type × area table: the count and its shade on the quantity ramp (0–4). */
export interface MatrixCell {
  value: number;
  shade: number;
}

export interface MatrixModel {
  columns: string[];
  rows: { key: string | null; name: string; cells: MatrixCell[]; total: number }[];
}

/**
 * Today's detections per child area (rows) and type (columns: the busiest types, then the rest,
 * then the total), each cell shaded by its share of the largest cell so the pattern reads from
 * afar, every value written in it.
 */
export function buildMatrix(
  view: InspectionView,
  areaName: NameOf,
  typeName: NameOf,
  labels: { others: string; more: (count: number) => string; total: string },
  /** Rows that fit (the rest are summed into the last row). */
  maxRows = Infinity,
  /** Type columns that fit (the rest join "others"). */
  maxTypes = Infinity,
): MatrixModel {
  const { matrix } = view;
  const keep = Math.max(1, Math.min(matrix.types.length, Math.floor(maxTypes)));
  const fold = (counts: number[], others: number) => [
    ...counts.slice(0, keep),
    others + counts.slice(keep).reduce((a, b) => a + b, 0),
  ];
  const rows: { key: string | null; name: string; values: number[]; total: number }[] =
    matrix.rows.map((r) => ({
      key: r.key,
      name: areaName(r.key),
      values: fold(r.counts, r.others),
      total: r.total,
    }));
  // Areas beyond the rows shown, the view's own rest included, summed into one named row.
  let restAreas = matrix.rest?.areas ?? 0;
  let restValues = matrix.rest ? fold(matrix.rest.counts, matrix.rest.others) : null;
  let restTotal = matrix.rest?.total ?? 0;
  const room = Math.max(1, Math.floor(maxRows) - (restValues || rows.length > maxRows ? 1 : 0));
  if (rows.length > room) {
    for (const r of rows.splice(room)) {
      restAreas += 1;
      restValues = restValues ? restValues.map((v, i) => v + (r.values[i] ?? 0)) : [...r.values];
      restTotal += r.total;
    }
  }
  if (restValues)
    rows.push({ key: null, name: labels.more(restAreas), values: restValues, total: restTotal });
  let max = 0;
  for (const r of rows) for (const v of r.values) max = Math.max(max, v);
  const shade = (v: number) =>
    v <= 0 || max <= 0 ? 0 : Math.min(4, 1 + Math.floor((v / max) * 4));
  return {
    columns: [...matrix.types.slice(0, keep).map(typeName), labels.others, labels.total],
    rows: rows.map((r) => ({
      key: r.key,
      name: r.name,
      cells: r.values.map((value) => ({ value, shade: shade(value) })),
      total: r.total,
    })),
  };
}

/** A sparkline's points in a w × h box (SVG `points`), the series' maximum at the top. */
export function sparkPoints(series: readonly number[], w: number, h: number): string {
  if (series.length === 0) return '';
  const max = Math.max(1, ...series);
  const dx = series.length > 1 ? w / (series.length - 1) : 0;
  return series
    .map((v, i) => `${Math.round(i * dx * 10) / 10},${Math.round((h - (v / max) * h) * 10) / 10}`)
    .join(' ');
}
