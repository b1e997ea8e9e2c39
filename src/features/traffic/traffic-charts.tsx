import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '@/charts/echart';
import { useAreaName } from '@/ui/use-area-name';
import { useCityFormat } from '@/ui/use-city-format';
import type { CongestionLevel } from './congestion';
import type { TrafficHistory } from './history';
import {
  buildAdaptiveOption,
  buildHistoryOption,
  buildIndexRankingOption,
  buildTerminationOption,
} from './options';
import type { AreaEntry, BinMeasures } from './traffic-view';

/** Level names in the page's language; `short` for a KPI's unit. */
export function useLevelName(short = false): (level: CongestionLevel | null) => string {
  const { t } = useTranslation();
  return (level) => t(`traffic.${short ? 'levelsShort' : 'levels'}.${level ?? 'none'}`);
}

export const IndexRankingChart = memo(function IndexRankingChart({
  entries,
  title,
  onSelect,
}: {
  entries: readonly AreaEntry[];
  title: string;
  onSelect: (key: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const nameOf = useAreaName();
  const levelName = useLevelName();
  const spec = useMemo(
    () =>
      buildIndexRankingOption(entries, nameOf, levelName, {
        index: t('traffic.ranking.index'),
        level: t('traffic.ranking.level'),
        intersections: t('traffic.ranking.intersections'),
        dark: t('traffic.ranking.dark'),
        more: (count) => t('traffic.ranking.more', { count }),
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [entries, i18n.language],
  );
  return (
    <EChart
      option={spec.option}
      table={spec.table}
      label={title}
      testId="chart-traffic-ranking"
      onClick={(c) => {
        if (c.key && /^([0-9]+|8[0-9a-f]{14})$/.test(c.key)) onSelect(c.key);
      }}
    />
  );
});

export const HistoryChart = memo(function HistoryChart({
  history,
}: {
  history: Extract<TrafficHistory, { status: 'ok' }>;
}) {
  const { t, i18n } = useTranslation();
  const format = useCityFormat();
  const spec = useMemo(
    () =>
      buildHistoryOption(
        history,
        {
          today: t('traffic.history.today'),
          lastWeek: t('traffic.history.lastWeek'),
          index: t('traffic.ranking.index'),
        },
        format.clock,
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [history, i18n.language],
  );
  return (
    <EChart
      option={spec.option}
      table={spec.table}
      label={t('traffic.history.title')}
      testId="chart-traffic-history"
    />
  );
});

export const TerminationChart = memo(function TerminationChart({
  trend,
}: {
  trend: readonly BinMeasures[];
}) {
  const { t, i18n } = useTranslation();
  const format = useCityFormat();
  const spec = useMemo(
    () =>
      buildTerminationOption(
        trend,
        {
          gapOut: t('traffic.performance.gapOut'),
          maxOut: t('traffic.performance.maxOut'),
          forceOff: t('traffic.performance.forceOff'),
        },
        format.clock,
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [trend, i18n.language],
  );
  return (
    <EChart
      option={spec.option}
      table={spec.table}
      label={t('traffic.performance.terminations')}
      testId="chart-traffic-terminations"
    />
  );
});

export const AdaptiveChart = memo(function AdaptiveChart({
  entries,
}: {
  entries: readonly AreaEntry[];
}) {
  const { t, i18n } = useTranslation();
  const nameOf = useAreaName();
  const spec = useMemo(
    () =>
      buildAdaptiveOption(entries, nameOf, {
        shifted: t('traffic.adaptive.shifted'),
        adjustments: t('traffic.adaptive.adjustments'),
        label: (count, seconds) => t('traffic.adaptive.barLabel', { count, seconds }),
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [entries, i18n.language],
  );
  return (
    <EChart
      option={spec.option}
      table={spec.table}
      label={t('traffic.adaptive.where')}
      testId="chart-traffic-adaptive"
    />
  );
});
