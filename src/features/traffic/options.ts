// Pure ECharts option builders of the traffic scenario: each returns the option and the same data
// as a table (the accessible description: every row with its figure). Names from a feed or the
// geography pass through safeLabel; tooltips are string templates in rich-text mode.
import type { ChartOption } from '@/charts/echarts-setup';
import type { ChartTable } from '@/charts/echart';
import { CHART_COLORS } from '@/charts/chart-theme';
import { safeLabel } from '@/ui/safe-label';
import { BIN_MS } from './bins';
import type { CongestionLevel } from './congestion';
import type { TrafficHistory } from './history';
import type { ApproachLog, PhaseLog } from './intersection-log';
import { LEVEL_HEX, NO_LEVEL_HEX } from './traffic-style';
import type { AreaEntry, BinMeasures } from './traffic-view';

export interface ChartSpec {
  option: ChartOption;
  table: ChartTable;
}

export type NameOf = (key: string) => string;
export type LevelName = (level: CongestionLevel | null) => string;

const axisFont = { fontSize: 12 };
/**
 * Area names on a dense axis: one line, cut with "…" when longer than the room (rows are 16 px
 * apart on a 1440 desktop; two lines would overlap). The table beside the chart has them whole.
 */
const nameLabel = (width: number) => ({
  ...axisFont,
  interval: 0,
  width,
  overflow: 'truncate' as const,
  ellipsis: '…',
});

const fixed = (x: number | null, digits = 1): string => (x === null ? '—' : x.toFixed(digits));
const pct = (x: number | null): string => (x === null ? '—' : `${Math.round(x * 100)}%`);

/** Rankings show this many areas; more are named in one "N more" row. */
export const RANKING_ROWS = 12;

/**
 * Child areas by congestion index now (bars on a fixed 0–10 axis, coloured by level, value and
 * level word on each bar). Data items carry the area code as `id`: a click drills into it.
 */
export function buildIndexRankingOption(
  entries: readonly AreaEntry[],
  nameOf: NameOf,
  levelName: LevelName,
  labels: {
    index: string;
    level: string;
    intersections: string;
    dark: string;
    more: (count: number) => string;
  },
  limit = RANKING_ROWS,
): ChartSpec {
  const shown = entries.length > limit ? entries.slice(0, limit - 1) : entries;
  const rest = entries.length - shown.length;
  const rows = shown.map((e) => ({ id: e.key, name: safeLabel(nameOf(e.key)), entry: e }));
  const top = [...rows].reverse();
  const categories = top.map((r) => r.name);
  if (rest > 0) categories.unshift(labels.more(rest));
  return {
    option: {
      animation: false,
      grid: { left: 8, right: 96, top: 4, bottom: 4, containLabel: true },
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{b}: {c}' },
      xAxis: { type: 'value', min: 0, max: 10, show: false },
      yAxis: { type: 'category', data: categories, axisLabel: nameLabel(112) },
      series: [
        {
          id: 'index',
          name: labels.index,
          type: 'bar',
          barMaxWidth: 14,
          data: [
            ...(rest > 0 ? [{ name: labels.more(rest), value: null }] : []),
            ...top.map((r) => ({
              id: r.id,
              name: r.name,
              value: r.entry.index === null ? null : Math.round(r.entry.index * 10) / 10,
              itemStyle: { color: r.entry.level ? LEVEL_HEX[r.entry.level] : NO_LEVEL_HEX },
              label: {
                formatter: `${fixed(r.entry.index)} ${levelName(r.entry.level)}${r.entry.dark ? ` ·■${r.entry.dark}` : ''}`,
              },
            })),
          ],
          label: { show: true, position: 'right', color: CHART_COLORS.text2, fontSize: 12 },
        },
      ],
    },
    table: {
      columns: ['', labels.index, labels.level, labels.intersections, labels.dark],
      rows: entries.map((e) => [
        nameOf(e.key),
        fixed(e.index),
        levelName(e.level),
        e.intersections,
        e.dark,
      ]),
    },
  };
}

/** "07:30" for the i-th 15-minute bin of a day starting at `dayStart`, via the city's clock. */
const binLabels = (n: number, dayStart: number, clock: (t: number) => string): string[] =>
  Array.from({ length: n }, (_, i) => clock(dayStart + i * BIN_MS));

/**
 * The congestion index per 15-minute bin, today against the same weekday last week. Bins still to
 * come are unknown (no point), not zero; the axis keeps the level boundaries (2, 4, 6, 8).
 */
export function buildHistoryOption(
  history: Extract<TrafficHistory, { status: 'ok' }>,
  labels: { today: string; lastWeek: string; index: string },
  clock: (t: number) => string,
): ChartSpec {
  const n = Math.max(history.today.length, history.lastWeek.length);
  const x = binLabels(n, history.dayStart, clock);
  const round = (v: number | null | undefined) =>
    v === null || v === undefined ? null : Math.round(v * 100) / 100;
  const today = Array.from({ length: n }, (_, i) => round(history.today[i]));
  const lastWeek = Array.from({ length: n }, (_, i) => round(history.lastWeek[i]));
  const top = Math.max(4, ...today.map((v) => v ?? 0), ...lastWeek.map((v) => v ?? 0));
  return {
    option: {
      animation: false,
      grid: { left: 8, right: 12, top: 28, bottom: 8, containLabel: true },
      legend: {
        top: 0,
        right: 0,
        itemWidth: 14,
        itemHeight: 4,
        data: [labels.today, labels.lastWeek],
      },
      tooltip: { trigger: 'axis', renderMode: 'richText' },
      // Every six hours: fits a 300-px panel, and marks the morning and evening.
      xAxis: {
        type: 'category',
        data: x,
        axisLabel: { ...axisFont, interval: 23 },
        axisTick: { show: true, interval: 23 },
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: Math.min(10, Math.ceil(top / 2) * 2),
        interval: 2,
        axisLabel: axisFont,
      },
      series: [
        {
          id: 'last-week',
          name: labels.lastWeek,
          type: 'line',
          data: lastWeek,
          symbol: 'none',
          lineStyle: { color: CHART_COLORS.text3, type: 'dashed', width: 1.5 },
          itemStyle: { color: CHART_COLORS.text3 },
        },
        {
          id: 'today',
          name: labels.today,
          type: 'line',
          data: today,
          symbol: 'none',
          lineStyle: { color: CHART_COLORS.categories[0], width: 2.5 },
          itemStyle: { color: CHART_COLORS.categories[0] },
          areaStyle: { color: 'rgba(90,177,239,0.12)' },
        },
      ],
    },
    table: {
      columns: ['', labels.today, labels.lastWeek],
      rows: x.map((label, i) => [label, fixed(today[i] ?? null, 2), fixed(lastWeek[i] ?? null, 2)]),
    },
  };
}

/**
 * How greens ended over the hour's bins: one 100 % bar per bin (the latest at the top) split into
 * gap-out, max-out and force-off (the rest is skips or manual control). Max-outs mean demand
 * exceeded the split. Segments of 12 % or more carry their share.
 */
export function buildTerminationOption(
  trend: readonly BinMeasures[],
  labels: { gapOut: string; maxOut: string; forceOff: string },
  clock: (t: number) => string,
): ChartSpec {
  const x = trend.map((b) => clock(b.start));
  const share = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  const series = [
    { id: 'gap-out', name: labels.gapOut, key: 'gapOutShare', color: CHART_COLORS.categories[0] },
    { id: 'max-out', name: labels.maxOut, key: 'maxOutShare', color: CHART_COLORS.categories[2] },
    {
      id: 'force-off',
      name: labels.forceOff,
      key: 'forceOffShare',
      color: CHART_COLORS.categories[1],
    },
  ] as const;
  const rows = [...trend].reverse();
  return {
    option: {
      animation: false,
      grid: { left: 4, right: 8, top: 22, bottom: 2, containLabel: true },
      legend: { top: 0, right: 0, itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 12 } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText' },
      xAxis: { type: 'value', max: 100, show: false },
      yAxis: { type: 'category', data: [...x].reverse(), axisLabel: axisFont },
      series: series.map((s) => ({
        id: s.id,
        name: s.name,
        type: 'bar' as const,
        stack: 'terminations',
        barMaxWidth: 16,
        barCategoryGap: '25%',
        itemStyle: { color: s.color },
        data: rows.map((b) => {
          const v = share(b[s.key]);
          return {
            value: v,
            label: {
              show: v !== null && v >= 12,
              position: 'inside' as const,
              color: '#0B1522',
              fontSize: 12,
              formatter: `${Math.round(v ?? 0)}%`,
            },
          };
        }),
      })),
    },
    table: {
      columns: ['', labels.gapOut, labels.maxOut, labels.forceOff],
      rows: trend.map((b, i) => [
        x[i]!,
        pct(b.gapOutShare),
        pct(b.maxOutShare),
        pct(b.forceOffShare),
      ]),
    },
  };
}

/** Where adaptive control moved green in the last hour: child areas by green seconds moved. */
export function buildAdaptiveOption(
  entries: readonly AreaEntry[],
  nameOf: NameOf,
  labels: {
    shifted: string;
    adjustments: string;
    label: (count: number, seconds: number) => string;
  },
  limit = 6,
): ChartSpec {
  const withMoves = [...entries]
    .filter((e) => e.adjustments > 0)
    .sort((a, b) => b.shifted - a.shifted || (a.key < b.key ? -1 : 1));
  const top = withMoves.slice(0, limit).reverse();
  return {
    option: {
      animation: false,
      grid: { left: 8, right: 104, top: 4, bottom: 4, containLabel: true },
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{b}: {c}' },
      xAxis: { type: 'value', show: false },
      yAxis: {
        type: 'category',
        data: top.map((e) => safeLabel(nameOf(e.key))),
        axisLabel: nameLabel(104),
      },
      series: [
        {
          id: 'shifted',
          name: labels.shifted,
          type: 'bar',
          barMaxWidth: 12,
          itemStyle: { color: CHART_COLORS.categories[1] },
          data: top.map((e) => ({
            id: e.key,
            name: safeLabel(nameOf(e.key)),
            value: e.shifted,
            label: { formatter: labels.label(e.adjustments, e.shifted) },
          })),
          label: { show: true, position: 'right', color: CHART_COLORS.text2, fontSize: 12 },
        },
      ],
    },
    table: {
      columns: ['', labels.shifted, labels.adjustments],
      rows: withMoves.map((e) => [nameOf(e.key), e.shifted, e.adjustments]),
    },
  };
}

// ---- the drawer -------------------------------------------------------------------------------

const PHASE_COLORS = [
  CHART_COLORS.categories[0],
  CHART_COLORS.categories[1],
  CHART_COLORS.categories[2],
  CHART_COLORS.categories[3],
];
const CHANGE_COLOR = 'rgba(110,132,156,0.55)';

/**
 * The cycle as a ring-and-barrier bar: each phase's green, then its change interval (yellow and
 * red clearance, from the log's configuration when known, else the cycle's remainder shared out).
 */
export function buildRingOption(
  cycle: number,
  greens: readonly number[],
  change: readonly (number | null)[],
  labels: { phase: (n: number) => string; green: string; change: string; share: string },
): ChartSpec {
  const rest = Math.max(0, cycle - greens.reduce((a, b) => a + b, 0));
  const known = change.filter((c): c is number => c !== null).reduce((a, b) => a + b, 0);
  const unknown =
    change.filter((c) => c === null).length + Math.max(0, greens.length - change.length);
  const changeOf = (p: number) =>
    change[p] ?? (unknown > 0 ? Math.max(0, rest - known) / unknown : 0);
  const series: NonNullable<ChartOption['series']> = [];
  greens.forEach((g, p) => {
    series.push({
      id: `p${p + 1}-green`,
      name: labels.phase(p + 1),
      type: 'bar',
      stack: 'ring',
      barWidth: 26,
      itemStyle: { color: PHASE_COLORS[p % PHASE_COLORS.length] },
      label: {
        show: true,
        position: 'inside',
        color: '#0B1522',
        fontSize: 12,
        formatter: `${labels.phase(p + 1)} ${Math.round(g)}s`,
      },
      data: [Math.round(g * 10) / 10],
    });
    series.push({
      id: `p${p + 1}-change`,
      name: labels.change,
      type: 'bar',
      stack: 'ring',
      barWidth: 26,
      itemStyle: { color: CHANGE_COLOR },
      data: [Math.round(changeOf(p) * 10) / 10],
    });
  });
  return {
    option: {
      animation: false,
      grid: { left: 4, right: 4, top: 4, bottom: 20, containLabel: false },
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{a}: {c} s' },
      xAxis: {
        type: 'value',
        min: 0,
        max: Math.max(cycle, 1),
        axisLabel: { ...axisFont, formatter: '{value} s' },
        splitLine: { show: false },
      },
      yAxis: { type: 'category', data: [''], show: false },
      series,
    },
    table: {
      columns: ['', labels.green, labels.change, labels.share],
      rows: greens.map((g, p) => [
        labels.phase(p + 1),
        Math.round(g * 10) / 10,
        Math.round(changeOf(p) * 10) / 10,
        cycle > 0 ? `${Math.round((g / cycle) * 100)}%` : '—',
      ]),
    },
  };
}

const SIGNAL_GREEN = 'rgba(46,196,160,0.30)';
const SIGNAL_YELLOW = 'rgba(255,212,59,0.55)';
const SIGNAL_RED = 'rgba(232,48,74,0.16)';

/**
 * The Purdue coordination diagram of one phase over the window: per cycle (x: its begin green,
 * time of day), the green, yellow and red of the cycle stacked from its begin green (y: seconds
 * into the cycle), and every arrival as a dot at its time in the cycle. Dots in the green band
 * arrived on green.
 */
export function buildCoordinationOption(
  phase: PhaseLog,
  from: number,
  to: number,
  labels: {
    green: string;
    yellow: string;
    red: string;
    arrivals: string;
    time: string;
    inCycle: string;
    onGreen: string;
  },
  clock: (t: number) => string,
): ChartSpec {
  const green: [number, number][] = [];
  const yellow: [number, number][] = [];
  const red: [number, number][] = [];
  let end = -1;
  for (const c of phase.cycles) {
    if (end >= 0 && c.start - end > 0.5) {
      // A gap between cycles (a lost begin green, a dark stretch): no band there.
      green.push([end, 0]);
      yellow.push([end, 0]);
      red.push([end, 0]);
    }
    green.push([c.start, c.green]);
    yellow.push([c.start, c.yellow]);
    red.push([c.start, Math.max(0, c.length - c.green - c.yellow)]);
    end = c.start + c.length;
  }
  if (end >= 0) {
    green.push([end, 0]);
    yellow.push([end, 0]);
    red.push([end, 0]);
  }
  const dots: [number, number][] = [];
  for (let i = 0; i + 1 < phase.arrivals.length; i += 2)
    dots.push([phase.arrivals[i]!, phase.arrivals[i + 1]!]);
  const longest = phase.cycles.reduce((m, c) => Math.max(m, c.length), 0);
  const span = (to - from) / 1000;
  const band = (id: string, name: string, data: [number, number][], color: string) => ({
    id,
    name,
    type: 'line' as const,
    stack: 'cycle',
    step: 'end' as const,
    symbol: 'none',
    lineStyle: { width: 0 },
    areaStyle: { color, opacity: 1 },
    itemStyle: { color },
    data,
  });
  // Arrivals on green per cycle, for the table.
  const perCycle = phase.cycles.map(() => ({ total: 0, green: 0 }));
  let k = 0;
  for (const [x, y] of dots) {
    while (k < phase.cycles.length && x >= phase.cycles[k]!.start + phase.cycles[k]!.length) k += 1;
    const c = phase.cycles[k];
    if (!c || x < c.start) continue;
    perCycle[k]!.total += 1;
    if (y < c.green) perCycle[k]!.green += 1;
  }
  return {
    option: {
      animation: false,
      grid: { left: 8, right: 12, top: 26, bottom: 8, containLabel: true },
      legend: {
        top: 0,
        right: 0,
        itemWidth: 10,
        itemHeight: 10,
        data: [labels.green, labels.yellow, labels.red, labels.arrivals],
      },
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{a}' },
      xAxis: {
        type: 'value',
        min: 0,
        max: span,
        interval: 600,
        axisLabel: { ...axisFont, formatter: (v: number) => clock(from + v * 1000) },
        splitLine: { show: false },
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: Math.ceil(Math.max(longest, 30) / 30) * 30,
        name: labels.inCycle,
        nameTextStyle: axisFont,
        axisLabel: axisFont,
      },
      series: [
        band('green', labels.green, green, SIGNAL_GREEN),
        band('yellow', labels.yellow, yellow, SIGNAL_YELLOW),
        band('red', labels.red, red, SIGNAL_RED),
        {
          id: 'arrivals',
          name: labels.arrivals,
          type: 'line',
          data: dots,
          symbol: 'circle',
          symbolSize: 3,
          showSymbol: true,
          showAllSymbol: true,
          lineStyle: { width: 0, opacity: 0 },
          itemStyle: { color: CHART_COLORS.text1, opacity: 0.85 },
          emphasis: { disabled: true },
          z: 5,
        },
      ],
    },
    table: {
      columns: [
        labels.time,
        labels.green,
        labels.yellow,
        labels.red,
        labels.arrivals,
        labels.onGreen,
      ],
      rows: phase.cycles.map((c, i) => [
        clock(from + c.start * 1000),
        Math.round(c.green),
        Math.round(c.yellow),
        Math.round(Math.max(0, c.length - c.green - c.yellow)),
        perCycle[i]!.total,
        perCycle[i]!.green,
      ]),
    },
  };
}

/**
 * The split monitor of one phase: each cycle's green (s) at its time, marked by how it ended
 * (gap-out, max-out, force-off, none), with the plan's green now as a dashed line. Max-outs at the
 * plan's green mean demand exceeded the split.
 */
export function buildSplitMonitorOption(
  phase: PhaseLog,
  from: number,
  to: number,
  planGreen: number | null,
  labels: {
    gapOut: string;
    maxOut: string;
    forceOff: string;
    none: string;
    plan: string;
    time: string;
    green: string;
    termination: string;
  },
  clock: (t: number) => string,
): ChartSpec {
  const kinds = [
    { id: 'gap-out', name: labels.gapOut, color: CHART_COLORS.categories[0], symbol: 'circle' },
    { id: 'max-out', name: labels.maxOut, color: CHART_COLORS.categories[2], symbol: 'triangle' },
    { id: 'force-off', name: labels.forceOff, color: CHART_COLORS.categories[1], symbol: 'rect' },
    { id: 'none', name: labels.none, color: CHART_COLORS.text3, symbol: 'emptyCircle' },
  ];
  const span = (to - from) / 1000;
  const longest = phase.cycles.reduce((m, c) => Math.max(m, c.green), planGreen ?? 0);
  const series: NonNullable<ChartOption['series']> = kinds.map((k, t) => ({
    id: k.id,
    name: k.name,
    type: 'line',
    symbol: k.symbol,
    symbolSize: 7,
    showSymbol: true,
    showAllSymbol: true,
    lineStyle: { width: 0, opacity: 0 },
    itemStyle: { color: k.color },
    data: phase.cycles
      .filter((c) => c.termination === t)
      .map((c) => [Math.round(c.start), Math.round(c.green * 10) / 10]),
  }));
  if (planGreen !== null)
    series.push({
      id: 'plan',
      name: labels.plan,
      type: 'line',
      symbol: 'none',
      lineStyle: { color: CHART_COLORS.text2, type: 'dashed', width: 1 },
      itemStyle: { color: CHART_COLORS.text2 },
      data: [
        [0, planGreen],
        [span, planGreen],
      ],
    });
  return {
    option: {
      animation: false,
      grid: { left: 8, right: 12, top: 26, bottom: 8, containLabel: true },
      legend: { top: 0, right: 0, itemWidth: 10, itemHeight: 10 },
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{a}: {c}' },
      xAxis: {
        type: 'value',
        min: 0,
        max: span,
        interval: 600,
        axisLabel: { ...axisFont, formatter: (v: number) => clock(from + v * 1000) },
        splitLine: { show: false },
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: Math.ceil(Math.max(longest, 10) / 10) * 10 + 10,
        axisLabel: { ...axisFont, formatter: '{value} s' },
      },
      series,
    },
    table: {
      columns: [labels.time, labels.green, labels.termination],
      rows: phase.cycles.map((c) => [
        clock(from + c.start * 1000),
        Math.round(c.green * 10) / 10,
        kinds[c.termination]?.name ?? labels.none,
      ]),
    },
  };
}

/** Volume per approach over the window (bars), each labelled with its approach delay. */
export function buildApproachOption(
  approaches: readonly ApproachLog[],
  labels: {
    approach: (a: string) => string;
    volume: string;
    delay: string;
    aog: string;
    unitVeh: string;
    unitDelay: string;
  },
): ChartSpec {
  const rows = [...approaches].reverse();
  return {
    option: {
      animation: false,
      grid: { left: 8, right: 140, top: 4, bottom: 4, containLabel: true },
      tooltip: { trigger: 'item', renderMode: 'richText', formatter: '{b}: {c}' },
      xAxis: { type: 'value', show: false },
      yAxis: {
        type: 'category',
        data: rows.map((a) => labels.approach(a.approach)),
        axisLabel: axisFont,
      },
      series: [
        {
          id: 'volume',
          name: labels.volume,
          type: 'bar',
          barMaxWidth: 14,
          itemStyle: { color: CHART_COLORS.quantity[2] },
          data: rows.map((a) => ({
            name: labels.approach(a.approach),
            value: a.volume,
            label: {
              formatter: `${a.volume} ${labels.unitVeh} · ${fixed(a.delayPerVehicle)} ${labels.unitDelay}`,
            },
          })),
          label: { show: true, position: 'right', color: CHART_COLORS.text2, fontSize: 12 },
        },
      ],
    },
    table: {
      columns: ['', labels.volume, labels.delay, labels.aog],
      rows: approaches.map((a) => [
        labels.approach(a.approach),
        a.volume,
        fixed(a.delayPerVehicle),
        pct(a.arrivalsOnGreen),
      ]),
    },
  };
}
