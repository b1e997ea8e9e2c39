import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { KpiTile } from '@/ui/kpi-tile';
import { formatCount } from '@/ui/format';
import { useCityFormat } from '@/ui/use-city-format';
import { BIN_MS } from './bins';
import { useLevelName } from './traffic-charts';
import { levelTone, one, percent0 } from './traffic-format';
import type { TrafficView } from './traffic-view';

/**
 * The KPI strip (seven figures: one row on a 1920 screen): the index now (with this time last
 * week), congested intersections, dark controllers; the signal performance measures of the
 * reference bin (its window named on each); adaptive control's last hour.
 */
export const TrafficKpiStrip = memo(function TrafficKpiStrip({ view }: { view: TrafficView }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const format = useCityFormat();
  const levelName = useLevelName(true);
  const { kpis, bin, adaptive, history } = view;
  const count = (n: number) => formatCount(n, locale);
  const window = bin
    ? { from: format.clock(bin.start), to: format.clock(bin.start + BIN_MS) }
    : null;
  const binText = (extra?: string) =>
    window
      ? extra
        ? t('traffic.kpi.binShare', { ...window, share: extra })
        : t('traffic.kpi.bin', window)
      : t('traffic.kpi.noBin');
  const lastWeek =
    history.status === 'ok' && history.sameTimeLastWeek !== null
      ? t('traffic.kpi.lastWeek', { value: one(history.sameTimeLastWeek, locale) })
      : t('traffic.kpi.lastWeekUnknown');
  const dark = kpis.fault + kpis.offline;
  return (
    <div className="kpi-strip" data-testid="traffic-kpis">
      <KpiTile
        label={t('traffic.kpi.index')}
        value={one(kpis.index, locale)}
        unit={levelName(kpis.level)}
        comparison={lastWeek}
        tone={levelTone(kpis.level)}
        testId="kpi-index"
      />
      <KpiTile
        label={t('traffic.kpi.congested')}
        value={count(kpis.congested)}
        unit={t('traffic.units.intersections')}
        comparison={t('traffic.kpi.ofIntersections', { count: count(kpis.intersections) })}
        tone={kpis.levels[4]! > 0 ? 'warning' : kpis.congested > 0 ? 'attention' : 'normal'}
        testId="kpi-congested"
      />
      <KpiTile
        label={t('traffic.kpi.dark')}
        value={count(dark)}
        unit={t('traffic.units.controllers')}
        comparison={t('traffic.kpi.darkDetail', {
          fault: count(kpis.fault),
          offline: count(kpis.offline),
        })}
        tone={kpis.fault > 0 ? 'alarm' : kpis.offline > 0 ? 'warning' : 'normal'}
        testId="kpi-dark"
      />
      <KpiTile
        label={t('traffic.kpi.aog')}
        value={percent0(bin?.arrivalsOnGreen, locale)}
        comparison={binText()}
        testId="kpi-aog"
      />
      <KpiTile
        label={t('traffic.kpi.splitFailures')}
        value={bin ? count(bin.splitFailures) : '—'}
        unit={t('traffic.units.cycles')}
        comparison={binText(percent0(bin?.splitFailureShare, locale))}
        testId="kpi-splitFailures"
      />
      <KpiTile
        label={t('traffic.kpi.delay')}
        value={one(bin?.delayPerVehicle, locale)}
        unit={t('traffic.units.sPerVeh')}
        comparison={binText()}
        testId="kpi-delay"
      />
      <KpiTile
        label={t('traffic.kpi.shifted')}
        value={count(adaptive.shifted)}
        unit={t('traffic.units.seconds')}
        comparison={t('traffic.kpi.shiftedDetail', { count: count(adaptive.adjustments) })}
        testId="kpi-shifted"
      />
    </div>
  );
});
