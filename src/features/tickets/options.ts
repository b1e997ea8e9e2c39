import type { ChartOption } from '@/charts/echarts-setup';
import { CHART_COLORS } from '@/charts/chart-theme';
import type { TicketView } from './ticket-view';

/** Display names the builders need (translated outside, so builders stay pure). */
export type NameOf = (key: string) => string;

const axisFont = { fontSize: 12 };

/**
 * Ranking of the child areas by tickets today (bars), open ones alongside. Data items carry the
 * area code as `id` so a click can drill into it. Tooltips are string templates: no HTML from data.
 */
export function buildRankingOption(
  view: TicketView,
  nameOf: NameOf,
  labels: { today: string; open: string },
  limit = 12,
): ChartOption {
  const top = view.ranking.slice(0, limit).reverse();
  return {
    animation: false,
    grid: { left: 8, right: 40, top: 28, bottom: 8, containLabel: true },
    legend: { top: 0, right: 0, itemWidth: 10, itemHeight: 10, data: [labels.today, labels.open] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText' },
    xAxis: { type: 'value', minInterval: 1, axisLabel: axisFont },
    yAxis: {
      type: 'category',
      data: top.map((r) => nameOf(r.key)),
      axisLabel: { ...axisFont, width: 96, overflow: 'truncate', interval: 0 },
    },
    // Open behind, today in front on the same band: one bar per area, clickable along its length.
    series: [
      {
        id: 'open',
        name: labels.open,
        type: 'bar',
        data: top.map((r) => ({
          id: r.key,
          name: nameOf(r.key),
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
        data: top.map((r) => ({ id: r.key, name: nameOf(r.key), value: r.today })),
        itemStyle: { color: CHART_COLORS.categories[0] },
        barMaxWidth: 16,
      },
    ],
  };
}

export function buildHourlyOption(
  view: TicketView,
  labels: { today: string; yesterday: string },
  currentHour: number,
): ChartOption {
  const hours = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);
  return {
    animation: false,
    grid: { left: 8, right: 12, top: 28, bottom: 8, containLabel: true },
    legend: {
      top: 0,
      right: 0,
      itemWidth: 14,
      itemHeight: 4,
      data: [labels.today, labels.yesterday],
    },
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    xAxis: { type: 'category', data: hours, axisLabel: { ...axisFont, interval: 3 } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: axisFont },
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
        // Hours still to come are not zero: they are unknown.
        data: view.hourly.today.map((v, h) => (h <= currentHour ? v : null)),
        symbol: 'none',
        lineStyle: { color: CHART_COLORS.categories[0], width: 2.5 },
        itemStyle: { color: CHART_COLORS.categories[0] },
        areaStyle: { color: 'rgba(90,177,239,0.12)' },
      },
    ],
  };
}

/** ↑12 / ↓3 / ±0 against the same time yesterday. */
export const trendMark = (delta: number): string =>
  delta > 0 ? `↑${delta}` : delta < 0 ? `↓${-delta}` : '±0';

/** Categories' share of today's tickets as a horizontal bar (share in the label). */
export function buildCategoryOption(view: TicketView, nameOf: NameOf, limit = 9): ChartOption {
  const total = view.categories.reduce((a, c) => a + c.count, 0) || 1;
  const top = view.categories.slice(0, limit).reverse();
  return {
    animation: false,
    grid: { left: 8, right: 88, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{b}: {c}' },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      data: top.map((c) => nameOf(c.category)),
      axisLabel: { ...axisFont, interval: 0, width: 110, overflow: 'truncate' },
    },
    series: [
      {
        id: 'categories',
        type: 'bar',
        data: top.map((c) => ({
          id: c.category,
          name: nameOf(c.category),
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
  };
}

/** The closed loop as a funnel of today's tickets per stage reached. */
export function buildFunnelOption(view: TicketView, nameOf: NameOf): ChartOption {
  const max = view.funnel[0]?.count || 1;
  return {
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
        minSize: '42%',
        gap: 2,
        label: {
          show: true,
          position: 'inside',
          color: '#0B1522',
          fontSize: 12,
          formatter: '{b} {c}',
        },
        itemStyle: { borderWidth: 0 },
        data: view.funnel.map((step, i) => ({
          id: step.stage,
          name: nameOf(step.stage),
          value: step.count,
          itemStyle: {
            color:
              CHART_COLORS.quantity[Math.min(3, 3 - Math.floor(i / 2))] ?? CHART_COLORS.quantity[2],
          },
        })),
      },
    ],
  };
}

/** Departments by tickets handled, with their on-time rate. */
export function buildDepartmentOption(
  view: TicketView,
  nameOf: NameOf,
  labels: { count: string; onTime: string },
  limit = 8,
): ChartOption {
  const top = view.departments.slice(0, limit).reverse();
  return {
    animation: false,
    grid: { left: 8, right: 112, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText' },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      data: top.map((d) => nameOf(d.department)),
      axisLabel: { ...axisFont, interval: 0, width: 110, overflow: 'truncate' },
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
          name: nameOf(d.department),
          value: d.count,
          label: {
            formatter: `${d.count} · ${labels.onTime} ${d.onTimeRate === null ? '—' : `${Math.round(d.onTimeRate * 100)}%`}`,
          },
        })),
        label: { show: true, position: 'right', color: CHART_COLORS.text2, fontSize: 12 },
      },
    ],
  };
}
