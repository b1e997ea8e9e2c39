// Pure ECharts option builders of the environment scenario: each returns the option and the same
// data as a table. Bars of AQI carry the standard's level colours; no value is no bar, never 0.
import type { ChartOption } from '@/charts/echarts-setup';
import type { ChartTable } from '@/charts/echart';
import { CHART_COLORS } from '@/charts/chart-theme';
import { safeLabel } from '@/ui/safe-label';
import { WATER_CLASS_NAMES } from '@/domain/water-quality';
import { WATER_CLASS_HEX, aqiHex } from './colors';
import type { AirTrend, ChildAir } from './environment-view';
import type { AreaAir } from './readings';

export interface ChartSpec {
  option: ChartOption;
  table: ChartTable;
}

const axisFont = { fontSize: 12 };

/** Child areas shown at most; the rest are named in one row. */
export const CHILD_ROWS = 13;

/**
 * The child areas by AQI, worst at the top: one bar each in its level's colour, labelled with
 * the AQI, the level and the primary pollutant. Areas without an online station are listed in
 * the table as "—", never as 0. Bars carry the area code as `id` (a click drills into it).
 */
export function buildChildrenOption(
  children: readonly ChildAir[],
  nameOf: (key: string) => string,
  labels: {
    aqi: string;
    level: (level: number | null) => string;
    pollutant: (p: string) => string;
  },
  limit = CHILD_ROWS,
): ChartSpec & { rest: number } {
  const rated = children.filter((c) => c.aqi !== null);
  const shown = rated.slice(0, limit);
  const rest = children.length - shown.length;
  const top = [...shown].reverse();
  const names = top.map((c) => safeLabel(nameOf(c.key)));
  return {
    rest,
    option: {
      animation: false,
      grid: { left: 8, right: 128, top: 6, bottom: 6, containLabel: true },
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{b}: {c}' },
      xAxis: { type: 'value', show: false, max: (v: { max: number }) => Math.max(100, v.max) },
      yAxis: {
        type: 'category',
        data: names,
        axisLabel: { ...axisFont, interval: 0, width: 84, overflow: 'truncate' },
      },
      series: [
        {
          id: 'children',
          name: labels.aqi,
          type: 'bar',
          barMaxWidth: 14,
          data: top.map((c, i) => ({
            id: c.key,
            name: names[i]!,
            value: c.aqi!,
            itemStyle: { color: aqiHex(c.level) },
            label: { formatter: `${c.aqi} ${labels.level(c.level)}` },
          })),
          label: { show: true, position: 'right', color: CHART_COLORS.text1, fontSize: 12 },
        },
      ],
    },
    table: {
      columns: ['', labels.aqi, '', ''],
      rows: children.map((c) => [
        nameOf(c.key),
        c.aqi ?? '—',
        c.aqi === null ? '—' : labels.level(c.level),
        c.primary.map(labels.pollutant).join(' '),
      ]),
    },
  };
}

const hourLabel = (t: number, clock: (t: number) => string) => clock(t);

/**
 * The last 24 hourly AQIs as bars in their level colours, and the value now as a last, hollow bar
 * (it is not an hourly mean of a complete hour). An hour without data has no bar.
 */
export function buildTrendOption(
  trend: AirTrend,
  now: AreaAir,
  labels: { aqi: string; now: string; level: (level: number | null) => string },
  clock: (t: number) => string,
): ChartSpec {
  const categories = [...trend.bins.map((b) => hourLabel(b.start, clock)), labels.now];
  const hourly = trend.bins.map((b) =>
    b.aqi === null
      ? '-'
      : { value: b.aqi, itemStyle: { color: aqiHex(b.level) }, name: hourLabel(b.start, clock) },
  );
  return {
    option: {
      animation: false,
      grid: { left: 8, right: 12, top: 16, bottom: 6, containLabel: true },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      xAxis: {
        type: 'category',
        data: categories,
        axisLabel: {
          ...axisFont,
          interval: (i: number) => i % 4 === 0 || i === categories.length - 1,
          hideOverlap: true,
        },
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: (v: { max: number }) => Math.max(100, Math.ceil(v.max / 50) * 50),
        interval: 50,
        axisLabel: axisFont,
      },
      series: [
        {
          id: 'hourly',
          name: labels.aqi,
          type: 'bar',
          barCategoryGap: '20%',
          data: [...hourly, '-'],
        },
        {
          id: 'now',
          name: labels.now,
          type: 'bar',
          barGap: '-100%',
          barCategoryGap: '20%',
          data: [
            ...trend.bins.map(() => '-' as const),
            now.aqi === null
              ? '-'
              : {
                  value: now.aqi,
                  itemStyle: {
                    color: 'rgba(0,0,0,0)',
                    borderColor: aqiHex(now.level),
                    borderWidth: 2,
                    borderType: 'dashed' as const,
                  },
                  label: {
                    show: true,
                    position: 'top',
                    formatter: String(now.aqi),
                    color: CHART_COLORS.text1,
                    fontSize: 12,
                  },
                },
          ],
        },
      ],
    },
    table: {
      columns: ['', labels.aqi, ''],
      rows: [
        ...trend.bins.map((b) => [
          hourLabel(b.start, clock),
          b.aqi ?? '—',
          b.aqi === null ? '—' : labels.level(b.level),
        ]),
        [labels.now, now.aqi ?? '—', now.aqi === null ? '—' : labels.level(now.level)],
      ],
    },
  };
}

/**
 * Water points per class I … 劣V, each bar labelled with its count and share, each class named
 * with the indicator that set it at most of its points (`decisive`: per class, counts per
 * indicator in `indicators` order).
 */
export function buildWaterClassOption(
  byClass: readonly number[],
  decisive: readonly (readonly number[])[],
  indicators: readonly string[],
  labels: { points: string; decisive: string },
): ChartSpec {
  const total = byClass.reduce((a, b) => a + b, 0) || 1;
  const top = byClass.map((n, c) => {
    if (n === 0 || c < 2) return '';
    const counts = decisive[c] ?? [];
    let best = -1;
    counts.forEach((k, i) => {
      if (k > 0 && (best < 0 || k > counts[best]!)) best = i;
    });
    return best < 0 ? '' : indicators[best]!;
  });
  const categories = WATER_CLASS_NAMES.map((name, c) => (top[c] ? `${name}\n${top[c]}` : name));
  return {
    option: {
      animation: false,
      grid: { left: 8, right: 8, top: 18, bottom: 4, containLabel: true },
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{b}: {c}' },
      xAxis: {
        type: 'category',
        data: categories,
        axisLabel: { ...axisFont, interval: 0, lineHeight: 14 },
      },
      yAxis: { type: 'value', show: false },
      series: [
        {
          id: 'classes',
          name: labels.points,
          type: 'bar',
          barMaxWidth: 28,
          data: byClass.map((n, i) => ({
            value: n,
            name: categories[i]!,
            itemStyle: { color: WATER_CLASS_HEX[i]! },
            label: { formatter: `${n} · ${Math.round((n / total) * 100)}%` },
          })),
          label: { show: true, position: 'top', color: CHART_COLORS.text2, fontSize: 12 },
        },
      ],
    },
    table: {
      columns: ['', labels.points, '%', labels.decisive],
      rows: byClass.map((n, i) => [
        WATER_CLASS_NAMES[i]!,
        n,
        Math.round((n / total) * 100),
        (decisive[i] ?? [])
          .map((k, j) => (k > 0 ? `${indicators[j]} ${k}` : ''))
          .filter(Boolean)
          .join(' '),
      ]),
    },
  };
}
