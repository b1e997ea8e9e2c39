import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount, formatPercent } from '@/ui/format';
import { KpiTile } from '@/ui/kpi-tile';
import type { InspectionKpis, InspectionView } from './inspection-view';
import type { Held } from './resources';

type CountKey = 'today' | 'autoReported' | 'repeatLocations';

/** The signed change against the same time yesterday: null when unknown, '' when none. */
export function kpiDelta(
  key: CountKey | 'handledRate',
  now: InspectionKpis,
  before: InspectionKpis,
  locale: string,
): string | null {
  const a = now[key];
  const b = before[key];
  if (a === null || b === null) return null;
  const d = a - b;
  if (key === 'handledRate') {
    const pts = Math.round(d * 1000) / 10;
    return pts === 0 ? '' : `${pts > 0 ? '+' : '−'}${Math.abs(pts)} pt`;
  }
  return d === 0 ? '' : `${d > 0 ? '+' : '−'}${formatCount(Math.abs(d), locale)}`;
}

function heldNote<T>(held: Held<T>, t: (k: string) => string): string {
  return held.state === 'absent'
    ? t('inspection.kpi.notOffered')
    : held.state === 'invalid'
      ? t('inspection.kpi.invalid')
      : t('inspection.kpi.loading');
}

/** Six figures: detections, auto-reported cases, handled share, cameras, repeats, 门前三包. */
export const InspectionKpiStrip = memo(function InspectionKpiStrip({
  view,
}: {
  view: InspectionView;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const compare = (key: CountKey | 'handledRate') => {
    const d = kpiDelta(key, view.kpis, view.kpisYesterday, locale);
    return d === null
      ? t('inspection.kpi.unknownYesterday')
      : d === ''
        ? t('inspection.kpi.noChange')
        : t('inspection.kpi.vsYesterday', { delta: d });
  };
  const unit = (key: 'detections' | 'cameras' | 'places' | 'score') => {
    const u = t(`inspection.units.${key}`);
    return u ? { unit: u } : {};
  };
  const { cameras, frontage } = view;
  const cam = cameras.state === 'ok' ? cameras.value : null;
  const score = frontage.state === 'ok' ? frontage.value : null;
  return (
    <div className="kpi-strip inspection-kpis" data-testid="inspection-kpis">
      <KpiTile
        label={t('inspection.kpi.today')}
        value={formatCount(view.kpis.today, locale)}
        {...unit('detections')}
        comparison={compare('today')}
        testId="kpi-today"
      />
      <KpiTile
        label={t('inspection.kpi.autoReported')}
        value={formatCount(view.kpis.autoReported, locale)}
        {...unit('detections')}
        comparison={compare('autoReported')}
        testId="kpi-autoReported"
      />
      <KpiTile
        label={t('inspection.kpi.handledRate')}
        value={formatPercent(view.kpis.handledRate, locale)}
        comparison={compare('handledRate')}
        testId="kpi-handledRate"
      />
      <KpiTile
        label={t('inspection.kpi.camerasOnline')}
        value={cam ? formatCount(cam.online, locale) : '—'}
        {...(cam ? { unit: `/ ${formatCount(cam.total, locale)}` } : {})}
        comparison={
          cam ? t('inspection.kpi.offline', { count: cam.offline }) : heldNote(cameras, t)
        }
        tone={cam && cam.offline > 0 ? 'attention' : 'normal'}
        testId="kpi-camerasOnline"
      />
      <KpiTile
        label={t('inspection.kpi.repeatLocations')}
        value={
          view.kpis.repeatLocations === null ? '—' : formatCount(view.kpis.repeatLocations, locale)
        }
        {...unit('places')}
        comparison={compare('repeatLocations')}
        testId="kpi-repeatLocations"
      />
      <KpiTile
        label={t('inspection.kpi.frontage')}
        value={score && score.score !== null ? score.score.toFixed(1) : '—'}
        {...unit('score')}
        comparison={
          score
            ? score.score === null
              ? t('inspection.kpi.perCell')
              : t('inspection.kpi.month', {
                  month: score.month,
                  count: formatCount(score.businesses, locale),
                })
            : heldNote(frontage, t)
        }
        testId="kpi-frontage"
      />
    </div>
  );
});
