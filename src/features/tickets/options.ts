import type { ChartOption } from '@/charts/echarts-setup';
import type { ChartTable } from '@/charts/echart';
import { CHART_COLORS } from '@/charts/chart-theme';
import { safeLabel } from '@/ui/safe-label';
import type { TicketView } from './ticket-view';

/** Display names the builders need (translated outside, so builders stay pure). */
export type NameOf = (key: string) => string;

/** A chart's option and the same data as a table (for screen readers, search and tests). */
export interface ChartSpec {
  option: ChartOption;
  table: ChartTable;
}

const axisFont = { fontSize: 12 };
/** Long names wrap onto a second line instead of being cut with "…". */
const wrapLabel = (width: number) => ({
  ...axisFont,
  interval: 0,
  width,
  overflow: 'break' as const,
  lineHeight: 13,
});

/** Rankings show this many areas; more are summed into one "N more" row. */
export const RANKING_ROWS = 15;

/**
 * Ranking of the child areas by tickets today (bars), open ones alongside: every area when there
 * are at most RANKING_ROWS, else the first ones and a row naming how many are left out with their
 * total. Data items carry the area code as `id` so a click can drill into it. Tooltips are string
 * templates: no HTML from data.
 */
export function buildRankingOption(
  view: TicketView,
  nameOf: NameOf,
  labels: { today: string; open: string; more: (count: number, total: number) => string },
  limit = RANKING_ROWS,
): ChartSpec {
  const shown = view.ranking.length > limit ? view.ranking.slice(0, limit - 1) : view.ranking;
  const rest = view.ranking.slice(shown.length);
  const entries = shown.map((r) => ({ id: r.key, name: safeLabel(nameOf(r.key)), ...r }));
  if (rest.length)
    entries.push({
      id: '',
      key: '',
      name: labels.more(
        rest.length,
        rest.reduce((n, r) => n + r.today, 0),
      ),
      today: rest.reduce((n, r) => n + r.today, 0),
      open: rest.reduce((n, r) => n + r.open, 0),
      overdue: rest.reduce((n, r) => n + r.overdue, 0),
    });
  const top = [...entries].reverse();
  return {
    option: {
      animation: false,
      grid: { left: 8, right: 56, top: 28, bottom: 8, containLabel: true },
      legend: {
        top: 0,
        right: 0,
        itemWidth: 10,
        itemHeight: 10,
        data: [labels.today, labels.open],
      },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText' },
      // Every bar carries its figures: no value axis to crowd a short panel.
      xAxis: { type: 'value', minInterval: 1, show: false },
      yAxis: { type: 'category', data: top.map((r) => r.name), axisLabel: wrapLabel(112) },
      // Open behind, today in front on the same band: one bar per area, clickable along its length.
      series: [
        {
          id: 'open',
          name: labels.open,
          type: 'bar',
          data: top.map((r) => ({
            ...(r.id ? { id: r.id } : {}),
            name: r.name,
            value: r.open,
            label: { formatter: `${r.today} / ${r.open}` },
          })),
          itemStyle: { color: 'rgba(154,140,242,0.45)' },
          barMaxWidth: 16,
          label: { show: true, position: 'right', color: CHART_COLORS.text2, fontSize: 12 },
        },
        {
          id: 'today',
          name: labels.today,
          type: 'bar',
          barGap: '-100%',
          data: top.map((r) => ({ ...(r.id ? { id: r.id } : {}), name: r.name, value: r.today })),
          itemStyle: { color: CHART_COLORS.categories[0] },
          barMaxWidth: 16,
        },
      ],
    },
    table: {
      columns: ['', labels.today, labels.open],
      rows: [...view.ranking.map((r) => [nameOf(r.key), r.today, r.open])],
    },
  };
}

const HOURS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);

/**
 * Tickets per hour, today against yesterday. Hours still to come are not zero, they are unknown
 * (no point). The running hour is partial: drawn dashed to a hollow point, and named so.
 */
export function buildHourlyOption(
  view: TicketView,
  labels: { today: string; yesterday: string; partial: string },
): ChartSpec {
  const current = view.hourly.currentHour;
  const complete = view.hourly.today.map((v, h) => (h < current ? v : null));
  const partial = view.hourly.today.map((v, h) =>
    h === current || (h === current - 1 && current > 0) ? v : null,
  );
  return {
    option: {
      animation: false,
      grid: { left: 8, right: 12, top: 28, bottom: 8, containLabel: true },
      legend: {
        top: 0,
        right: 0,
        itemWidth: 14,
        itemHeight: 4,
        data: [labels.today, labels.yesterday, labels.partial],
      },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      xAxis: { type: 'category', data: HOURS, axisLabel: { ...axisFont, interval: 3 } },
      yAxis: { type: 'value', minInterval: 1, splitNumber: 3, axisLabel: axisFont },
      series: [
        {
          id: 'yesterday',
          name: labels.yesterday,
          type: 'line',
          data: view.hourly.yesterday,
          symbol: 'none',
          lineStyle: { color: CHART_COLORS.text3, type: 'dashed', width: 1.5 },
          itemStyle: { color: CHART_COLORS.text3 },
        },
        {
          id: 'today',
          name: labels.today,
          type: 'line',
          data: complete,
          symbol: 'none',
          lineStyle: { color: CHART_COLORS.categories[0], width: 2.5 },
          itemStyle: { color: CHART_COLORS.categories[0] },
          areaStyle: { color: 'rgba(90,177,239,0.12)' },
        },
        {
          id: 'today-partial',
          name: labels.partial,
          type: 'line',
          data: partial,
          symbol: 'emptyCircle',
          symbolSize: 7,
          showSymbol: true,
          lineStyle: { color: CHART_COLORS.categories[0], width: 2, type: 'dotted' },
          itemStyle: { color: CHART_COLORS.categories[0] },
        },
      ],
    },
    table: {
      columns: ['', labels.today, labels.yesterday],
      rows: HOURS.map((hour, h) => [
        h === current ? `${hour} (${labels.partial})` : hour,
        h <= current ? (view.hourly.today[h] ?? 0) : '—',
        view.hourly.yesterday[h] ?? 0,
      ]),
    },
  };
}

/** ↑12 / ↓3 / ±0 against the same time yesterday. */
export const trendMark = (delta: number): string =>
  delta > 0 ? `↑${delta}` : delta < 0 ? `↓${-delta}` : '±0';

/** Categories' share of today's tickets as a horizontal bar (share and trend in the label). */
export function buildCategoryOption(
  view: TicketView,
  nameOf: NameOf,
  labels: { count: string; yesterday: string },
  limit = 9,
): ChartSpec {
  const total = view.categories.reduce((a, c) => a + c.count, 0) || 1;
  const top = view.categories.slice(0, limit).reverse();
  return {
    option: {
      animation: false,
      grid: { left: 8, right: 88, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{b}: {c}' },
      xAxis: { type: 'value', show: false },
      yAxis: {
        type: 'category',
        data: top.map((c) => safeLabel(nameOf(c.category))),
        axisLabel: wrapLabel(120),
      },
      series: [
        {
          id: 'categories',
          type: 'bar',
          data: top.map((c) => ({
            id: c.category,
            name: safeLabel(nameOf(c.category)),
            value: c.count,
            // Share of today, and the change against the same time yesterday (the trend).
            label: {
              formatter: `${c.count} · ${Math.round((c.count / total) * 100)}% ${trendMark(c.count - c.yesterday)}`,
            },
          })),
          itemStyle: { color: CHART_COLORS.quantity[2] },
          barMaxWidth: 12,
          label: { show: true, position: 'right', color: CHART_COLORS.text2, fontSize: 12 },
        },
      ],
    },
    table: {
      columns: ['', labels.count, labels.yesterday],
      rows: view.categories.map((c) => [nameOf(c.category), c.count, c.yesterday]),
    },
  };
}

/** The closed loop as a funnel of today's tickets per stage reached. */
export function buildFunnelOption(
  view: TicketView,
  nameOf: NameOf,
  labels: { count: string; median: string },
  duration: (minutes: number | null) => string,
): ChartSpec {
  const max = view.funnel[0]?.count || 1;
  return {
    option: {
      animation: false,
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{b}: {c}' },
      series: [
        {
          id: 'funnel',
          type: 'funnel',
          sort: 'none',
          left: 8,
          right: 8,
          top: 4,
          bottom: 4,
          min: 0,
          max,
          minSize: '48%',
          gap: 2,
          label: {
            show: true,
            position: 'inside',
            color: '#0B1522',
            fontSize: 12,
            overflow: 'truncate',
            formatter: '{b} {c}',
          },
          itemStyle: { borderWidth: 0 },
          data: view.funnel.map((step, i) => {
            // Light steps carry dark text, dark steps light text (contrast ≥ 4.5:1 either way).
            const shade = Math.min(3, 3 - Math.floor(i / 2));
            return {
              id: step.stage,
              name: safeLabel(nameOf(step.stage)),
              value: step.count,
              itemStyle: { color: CHART_COLORS.quantity[shade] ?? CHART_COLORS.quantity[2] },
              label: { color: shade >= 2 ? '#0B1522' : CHART_COLORS.text1 },
            };
          }),
        },
      ],
    },
    table: {
      columns: ['', labels.count, labels.median],
      rows: view.funnel.map((s) => [nameOf(s.stage), s.count, duration(s.medianMinutes)]),
    },
  };
}

/** Departments by tickets handled, with their on-time rate (open overdue tickets count against it). */
export function buildDepartmentOption(
  view: TicketView,
  nameOf: NameOf,
  labels: { count: string; onTime: string },
  limit = 8,
): ChartSpec {
  const top = view.departments.slice(0, limit).reverse();
  const rate = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);
  return {
    option: {
      animation: false,
      grid: { left: 8, right: 112, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText' },
      xAxis: { type: 'value', show: false },
      yAxis: {
        type: 'category',
        data: top.map((d) => safeLabel(nameOf(d.department))),
        axisLabel: wrapLabel(120),
      },
      series: [
        {
          id: 'departments',
          name: labels.count,
          type: 'bar',
          barMaxWidth: 12,
          itemStyle: { color: CHART_COLORS.categories[1] },
          data: top.map((d) => ({
            id: d.department,
            name: safeLabel(nameOf(d.department)),
            value: d.count,
            label: { formatter: `${d.count} · ${labels.onTime} ${rate(d.onTimeRate)}` },
          })),
          label: { show: true, position: 'right', color: CHART_COLORS.text2, fontSize: 12 },
        },
      ],
    },
    table: {
      columns: ['', labels.count, labels.onTime],
      rows: view.departments.map((d) => [nameOf(d.department), d.count, rate(d.onTimeRate)]),
    },
  };
}
