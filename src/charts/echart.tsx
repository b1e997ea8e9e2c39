import { useEffect, useLayoutEffect, useRef } from 'react';
import type { ECharts } from 'echarts/core';
import { echarts, type ChartOption } from './echarts-setup';
import { CHART_THEME_NAME } from './chart-theme';

export interface EChartClick {
  seriesId?: string;
  name: string;
  dataIndex: number;
  /** The data item's `id` or `name`, whichever the option set. */
  key: string;
}

export interface EChartProps {
  option: ChartOption;
  /** Accessible name; ECharts also generates a description from the option. */
  label: string;
  onClick?: (click: EChartClick) => void;
  testId?: string;
}

/**
 * One ECharts instance per slot for the life of the slot. A new option replaces the series
 * (`replaceMerge`) instead of re-creating the chart; the same option object is never set twice.
 */
export function EChart({ option, label, onClick, testId }: EChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chartRef = useRef<ECharts | null>(null);
  const clickRef = useRef(onClick);
  useLayoutEffect(() => {
    clickRef.current = onClick;
  });

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, CHART_THEME_NAME, { renderer: 'canvas' });
    chartRef.current = chart;
    // Handle for end-to-end tests (converting data to pixels to click a bar).
    Object.assign(el, { cityChart: chart });
    chart.on('click', (params) => {
      const p = params as { seriesId?: string; name: string; dataIndex: number; data?: unknown };
      const data = p.data as { id?: unknown; name?: unknown } | undefined;
      const key = typeof data?.id === 'string' ? data.id : p.name;
      clickRef.current?.({
        ...(p.seriesId ? { seriesId: p.seriesId } : {}),
        name: p.name,
        dataIndex: p.dataIndex,
        key,
      });
    });
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.dispose();
      chartRef.current = null;
    };
  }, []);

  useEffect(() => {
    chartRef.current?.setOption(option, { replaceMerge: ['series'] });
  }, [option]);

  return <div ref={ref} className="echart" role="img" aria-label={label} data-testid={testId} />;
}
