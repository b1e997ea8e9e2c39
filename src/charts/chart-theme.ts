/** Dark 大屏 chart theme: quiet axes, category hues that are never status colours. */
export const CHART_THEME_NAME = 'city-dark';

export const CHART_COLORS = {
  text1: '#E6EDF5',
  text2: '#9FB2C8',
  text3: '#6E849C',
  grid: '#1C2E42',
  axis: '#3A4F66',
  categories: ['#5AB1EF', '#9A8CF2', '#E3A6D8', '#A9B8C9'],
  quantity: ['#123A5C', '#2F6FA8', '#5AB1EF', '#BFE3FF'],
  accent: '#4C9EFF',
} as const;

export const CHART_THEME = {
  color: [...CHART_COLORS.categories, '#2F6FA8', '#BFE3FF'],
  backgroundColor: 'transparent',
  textStyle: {
    color: CHART_COLORS.text2,
    fontFamily: 'Inter, "Noto Sans SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif',
  },
  categoryAxis: {
    axisLine: { lineStyle: { color: CHART_COLORS.axis } },
    axisTick: { show: false },
    axisLabel: { color: CHART_COLORS.text2 },
    splitLine: { show: false },
  },
  valueAxis: {
    axisLine: { show: false },
    axisLabel: { color: CHART_COLORS.text3 },
    splitLine: { lineStyle: { color: CHART_COLORS.grid } },
  },
  legend: { textStyle: { color: CHART_COLORS.text2 } },
  tooltip: {
    backgroundColor: '#132740',
    borderColor: '#223A54',
    textStyle: { color: CHART_COLORS.text1 },
  },
};
