import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAreaName } from '@/ui/use-area-name';
import { EChart } from '@/charts/echart';
import { useChartZoom } from '@/charts/chart-scale';
import { useDurationText } from '@/ui/use-duration';
import { rowsFor, useHeight } from '@/ui/use-height';
import { useCatalogLabels } from './catalog-labels';
import {
  buildCategoryOption,
  buildDepartmentOption,
  buildFunnelOption,
  buildHourlyOption,
  buildRankingOption,
  RANKING_ROWS,
} from './options';
import type { TicketView } from './ticket-view';

export const RankingChart = memo(function RankingChart({
  view,
  onSelect,
}: {
  view: TicketView;
  onSelect: (key: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const nameOf = useAreaName();
  const [ref, height] = useHeight<HTMLDivElement>();
  // On the wall, as many areas as the panel holds legibly (the legend takes a line); the last row
  // names how many are left out and their total, and the table keeps every area. The desktop
  // keeps its fixed count.
  const wall = useChartZoom() !== 1;
  const rows = wall ? rowsFor(height - 16, i18n.language, RANKING_ROWS) : RANKING_ROWS;
  const spec = useMemo(
    () =>
      buildRankingOption(
        view,
        nameOf,
        {
          today: t('tickets.todayLabel'),
          open: t('tickets.kpi.open'),
          more: (count, total) => t('tickets.more', { count, total }),
        },
        rows,
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, i18n.language, rows],
  );
  return (
    <div className="chart-fill" ref={ref}>
      <EChart
        option={spec.option}
        table={spec.table}
        label={t('tickets.ranking')}
        testId="chart-ranking"
        onClick={(c) => {
          if (c.key && /^[0-9a-f]+$/.test(c.key)) onSelect(c.key);
        }}
      />
    </div>
  );
});

export const HourlyChart = memo(function HourlyChart({ view }: { view: TicketView }) {
  const { t, i18n } = useTranslation();
  const spec = useMemo(
    () =>
      buildHourlyOption(view, {
        today: t('tickets.todayLabel'),
        yesterday: t('tickets.yesterdayLabel'),
        partial: t('tickets.partialHour'),
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, i18n.language],
  );
  return (
    <EChart
      option={spec.option}
      table={spec.table}
      label={t('tickets.hourly')}
      testId="chart-hourly"
    />
  );
});

export const CategoryChart = memo(function CategoryChart({ view }: { view: TicketView }) {
  const { t, i18n } = useTranslation();
  const labels = useCatalogLabels();
  const [ref, height] = useHeight<HTMLDivElement>();
  const rows = rowsFor(height, i18n.language, 9);
  const spec = useMemo(
    () =>
      buildCategoryOption(
        view,
        labels.category,
        { count: t('tickets.todayLabel'), yesterday: t('tickets.yesterdayLabel') },
        rows,
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, labels, rows],
  );
  return (
    <div ref={ref} className="chart-fill">
      <EChart
        option={spec.option}
        table={spec.table}
        label={t('tickets.categories')}
        testId="chart-categories"
      />
    </div>
  );
});

export const FunnelChart = memo(function FunnelChart({ view }: { view: TicketView }) {
  const { t, i18n } = useTranslation();
  const duration = useDurationText();
  const spec = useMemo(
    () =>
      buildFunnelOption(
        view,
        (s) => t(`tickets.stagesShort.${s}`),
        { count: t('tickets.todayLabel'), median: t('tickets.medianLabel') },
        (m) => (m === null ? '—' : duration(m * 60_000)),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, i18n.language],
  );
  return (
    <div className="funnel">
      <EChart
        option={spec.option}
        table={spec.table}
        label={t('tickets.funnel')}
        testId="chart-funnel"
      />
      <ol className="funnel-medians" data-testid="funnel-medians" aria-hidden="true">
        {view.funnel.map((step) => (
          <li key={step.stage}>
            <span>{t(`tickets.stages.${step.stage}`)}</span>
            <span className="num">
              {step.medianMinutes === null ? '—' : duration(step.medianMinutes * 60_000)}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
});

export const DepartmentChart = memo(function DepartmentChart({ view }: { view: TicketView }) {
  const { t, i18n } = useTranslation();
  const labels = useCatalogLabels();
  const [ref, height] = useHeight<HTMLDivElement>();
  const rows = rowsFor(height, i18n.language, 8);
  const spec = useMemo(
    () =>
      buildDepartmentOption(
        view,
        labels.department,
        { count: t('tickets.departments'), onTime: t('tickets.onTime') },
        rows,
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, labels, rows],
  );
  return (
    <div ref={ref} className="chart-fill">
      <EChart
        option={spec.option}
        table={spec.table}
        label={t('tickets.departments')}
        testId="chart-departments"
      />
    </div>
  );
});
