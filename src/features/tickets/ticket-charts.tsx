import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAreaName } from '@/ui/use-area-name';
import { EChart } from '@/charts/echart';
import { cityHour } from '@/domain/city-time';
import { useDurationText } from '@/ui/use-duration';
import {
  buildCategoryOption,
  buildDepartmentOption,
  buildFunnelOption,
  buildHourlyOption,
  buildRankingOption,
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
  const option = useMemo(
    () =>
      buildRankingOption(view, nameOf, {
        today: t('tickets.todayLabel'),
        open: t('tickets.kpi.open'),
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, i18n.language],
  );
  return (
    <EChart
      option={option}
      label={t('tickets.ranking')}
      testId="chart-ranking"
      onClick={(c) => onSelect(c.key)}
    />
  );
});

export const HourlyChart = memo(function HourlyChart({ view }: { view: TicketView }) {
  const { t, i18n } = useTranslation();
  const option = useMemo(
    () =>
      buildHourlyOption(
        view,
        { today: t('tickets.todayLabel'), yesterday: t('tickets.yesterdayLabel') },
        cityHour(view.generatedAt),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, i18n.language],
  );
  return <EChart option={option} label={t('tickets.hourly')} testId="chart-hourly" />;
});

export const CategoryChart = memo(function CategoryChart({ view }: { view: TicketView }) {
  const { t, i18n } = useTranslation();
  const option = useMemo(
    () => buildCategoryOption(view, (c) => t(`tickets.categoryNames.${c}`, { defaultValue: c })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, i18n.language],
  );
  return <EChart option={option} label={t('tickets.categories')} testId="chart-categories" />;
});

export const FunnelChart = memo(function FunnelChart({ view }: { view: TicketView }) {
  const { t, i18n } = useTranslation();
  const duration = useDurationText();
  const option = useMemo(
    () => buildFunnelOption(view, (s) => t(`tickets.stages.${s}`)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, i18n.language],
  );
  return (
    <div className="funnel">
      <EChart option={option} label={t('tickets.funnel')} testId="chart-funnel" />
      <ol className="funnel-medians" data-testid="funnel-medians">
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
  const option = useMemo(
    () =>
      buildDepartmentOption(view, (d) => t(`tickets.departmentNames.${d}`, { defaultValue: d }), {
        count: t('tickets.departments'),
        onTime: t('tickets.onTime'),
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view, i18n.language],
  );
  return <EChart option={option} label={t('tickets.departments')} testId="chart-departments" />;
});
