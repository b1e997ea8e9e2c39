import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { KpiTile } from '@/ui/kpi-tile';
import { formatCount, formatHours, formatPercent } from '@/ui/format';
import type { TicketKpis, TicketView } from './ticket-view';

type Key = keyof TicketKpis;
const COUNTS: Key[] = ['today', 'open', 'dueSoon', 'overdue', 'repeat'];

/**
 * The change against the same time yesterday: `null` when either side is unknown (a rate without
 * tickets), `''` when there is no change, else the signed difference.
 */
export function kpiDelta(
  key: Key,
  now: TicketKpis,
  before: TicketKpis,
  locale: string,
): string | null {
  const a = now[key];
  const b = before[key];
  if (a === null || b === null) return null;
  const d = a - b;
  if (key === 'avgHandlingHours') {
    const text = formatHours(Math.abs(d), locale);
    return Number(text) === 0 ? '' : `${d >= 0 ? '+' : '−'}${text}`;
  }
  if (COUNTS.includes(key))
    return d === 0 ? '' : `${d > 0 ? '+' : '−'}${formatCount(Math.abs(d), locale)}`;
  const pts = Math.round(d * 1000) / 10;
  return pts === 0 ? '' : `${pts > 0 ? '+' : '−'}${Math.abs(pts)} pt`;
}

const ORDER: Key[] = [
  'today',
  'open',
  'dueSoon',
  'overdue',
  'closureRate',
  'onTimeRate',
  'avgHandlingHours',
  'satisfactionRate',
  'repeat',
];

/** The KPI strip, each figure with its change against the same time yesterday. */
export const TicketKpiStrip = memo(function TicketKpiStrip({
  view,
  keys = ORDER,
}: {
  view: TicketView;
  keys?: Key[];
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const value = (key: Key): { text: string; unit?: string } => {
    const v = view.kpis[key];
    if (key === 'avgHandlingHours') return { text: formatHours(v, locale), unit: t('units.hours') };
    if (COUNTS.includes(key))
      return { text: formatCount(v ?? 0, locale), unit: t('units.tickets') };
    return { text: formatPercent(v, locale) };
  };
  return (
    <div className="kpi-strip" data-testid="ticket-kpis">
      {keys.map((key) => {
        const { text, unit } = value(key);
        const d = kpiDelta(key, view.kpis, view.kpisYesterday, locale);
        const tone =
          key === 'overdue' && view.kpis.overdue > 0
            ? 'alarm'
            : key === 'dueSoon' && view.kpis.dueSoon > 0
              ? 'attention'
              : 'normal';
        return (
          <KpiTile
            key={key}
            label={t(`tickets.kpi.${key}`)}
            value={text}
            {...(unit ? { unit } : {})}
            comparison={
              d === null
                ? t('tickets.kpi.unknownYesterday')
                : d === ''
                  ? t('tickets.kpi.noChange')
                  : t('tickets.kpi.vsYesterday', { delta: d })
            }
            tone={tone}
            testId={`kpi-${key}`}
          />
        );
      })}
    </div>
  );
});
