import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { ECharts } from 'echarts/core';
import type * as EchartsSetup from './echarts-setup';
import type { ChartOption } from './echarts-setup';
import { CHART_THEME_NAME } from './chart-theme';
import { useChartZoom } from './chart-scale';

export interface EChartClick {
  seriesId?: string;
  name: string;
  dataIndex: number;
  /** The data item's `id` or `name`, whichever the option set. */
  key: string;
}

/**
 * What a chart shows, as a table: read by screen readers, found by a search of the page and by
 * tests (a canvas shows none of it). Every series and value, in the page's language.
 */
export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

export interface EChartProps {
  option: ChartOption;
  /** Accessible name. */
  label: string;
  /** The chart's data as a visually hidden table. */
  table?: ChartTable;
  onClick?: (click: EChartClick) => void;
  testId?: string;
}

/**
 * ECharts (its own chunk, half a megabyte) loads with the first chart on screen: a page whose
 * first screen has no chart (the overview) neither loads nor evaluates it before its map is drawn.
 */
let echartsModule: Promise<typeof EchartsSetup> | null = null;
const loadEcharts = () => (echartsModule ??= import('./echarts-setup'));

/**
 * One ECharts instance per slot for the life of the slot. A new option replaces the series
 * (`replaceMerge`) instead of re-creating the chart; the same option object is never set twice.
 */
export function EChart({ option, label, table, onClick, testId }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ECharts | null>(null);
  const clickRef = useRef(onClick);
  const optionRef = useRef(option);
  const zoom = useChartZoom();
  useLayoutEffect(() => {
    clickRef.current = onClick;
    optionRef.current = option;
  });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let teardown: (() => void) | null = null;
    let gone = false;
    void loadEcharts().then(({ echarts }) => {
      if (gone) return;
      teardown = createChart(echarts, el, zoom, {
        chart: chartRef,
        click: clickRef,
        option: optionRef,
      });
    });
    return () => {
      gone = true;
      teardown?.();
    };
  }, [zoom]);

  // A new option for the chart there is (a chart created later sets the option it finds then).
  useEffect(() => {
    chartRef.current?.setOption(option, { replaceMerge: ['series'] });
  }, [option, zoom]);

  return (
    <div className="echart-frame">
      <div
        ref={ref}
        className="echart"
        style={zoom !== 1 ? { zoom } : undefined}
        aria-hidden={table ? true : undefined}
        data-testid={testId}
      />
      {table ? (
        <div className="sr-only">
          <table data-testid={testId ? `${testId}-table` : undefined}>
            <caption>{label}</caption>
            <thead>
              <tr>
                {table.columns.map((c, i) => (
                  <th key={i} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) =>
                    i === 0 ? (
                      <th key={i} scope="row">
                        {cell}
                      </th>
                    ) : (
                      <td key={i}>{cell}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <span className="sr-only">{label}</span>
      )}
    </div>
  );
}

/** The chart of the slot, drawn with the option it has now; returns its teardown. */
function createChart(
  echarts: typeof EchartsSetup.echarts,
  el: HTMLDivElement,
  zoom: number,
  refs: {
    chart: RefObject<ECharts | null>;
    click: RefObject<((click: EChartClick) => void) | undefined>;
    option: RefObject<ChartOption>;
  },
): () => void {
  // A zoomed frame renders at the device's pixels times the zoom: sharp, not scaled up.
  const chart = echarts.init(el, CHART_THEME_NAME, {
    renderer: 'canvas',
    devicePixelRatio: (window.devicePixelRatio || 1) * zoom,
  });
  refs.chart.current = chart;
  // Handle for end-to-end tests (converting data to pixels to click a bar): test builds only.
  if (__TEST_HOOKS__) Object.assign(el, { cityChart: chart });
  chart.on('click', (params) => {
    const p = params as { seriesId?: string; name: string; dataIndex: number; data?: unknown };
    const data = p.data as { id?: unknown; name?: unknown } | undefined;
    const key = typeof data?.id === 'string' ? data.id : p.name;
    refs.click.current?.({
      ...(p.seriesId ? { seriesId: p.seriesId } : {}),
      name: p.name,
      dataIndex: p.dataIndex,
      key,
    });
  });
  const observer = new ResizeObserver(() => chart.resize());
  observer.observe(el);
  // A canvas whose context the browser dropped (memory pressure, a GPU reset) comes back
  // blank: draw it again.
  const redraw = () => {
    chart.clear();
    chart.setOption(refs.option.current, { replaceMerge: ['series'] });
  };
  el.addEventListener('contextrestored', redraw, true);
  // The option the slot has now: set here, since the effect below ran before the chart existed.
  chart.setOption(refs.option.current, { replaceMerge: ['series'] });
  return () => {
    el.removeEventListener('contextrestored', redraw, true);
    observer.disconnect();
    chart.dispose();
    refs.chart.current = null;
  };
}
