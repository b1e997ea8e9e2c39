import { memo, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChartZoom } from '@/charts/chart-scale';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDurationText } from '@/ui/use-duration';
import type { TicketView } from './ticket-view';
import { useAreaName } from '@/ui/use-area-name';
import { useCatalogLabels } from './catalog-labels';

const ROW_HEIGHT = 60;
export type ListOrder = 'newest' | 'urgent';

/**
 * Deadline countdown against the view's own moment (`asOf`, the city clock): the same "now" as
 * the KPIs and the map, so a row turns overdue exactly when the counts do.
 */
function Countdown({ deadline, now }: { deadline: number; now: number }) {
  const { t } = useTranslation();
  const duration = useDurationText();
  const left = deadline - now;
  return (
    <span className={left < 0 ? 'countdown overdue' : 'countdown'}>
      {left < 0
        ? t('tickets.overdueBy', { d: duration(-left) })
        : t('tickets.dueIn', { d: duration(left) })}
    </span>
  );
}

const SLA_MARK = { overdue: '■', dueSoon: '▲', onTrack: '●', closed: '●' } as const;

/**
 * The newest and most urgent open tickets, virtualised. New tickets do not push rows under the
 * reader's eyes: they wait behind a "N new tickets" toast.
 */
export const LiveList = memo(function LiveList({
  view,
  selected,
  onSelect,
  wall = false,
}: {
  view: TicketView;
  selected: string | null;
  onSelect: (id: string) => void;
  /** A wall shows category and place, never citizen text (it could carry personal data). */
  wall?: boolean;
}) {
  const { t } = useTranslation();
  const nameOf = useAreaName();
  const labels = useCatalogLabels();
  const [order, setOrder] = useState<ListOrder>('newest');
  const [cutoff, setCutoff] = useState<{ area: string | null; at: number } | null>(null);
  const latestReported = view.rows[0]?.reported ?? 0;
  // A new area starts with everything shown.
  // A wall has no reader to disturb and no one to click the toast: it follows the newest.
  const effectiveCutoff = !wall && cutoff && cutoff.area === view.area ? cutoff.at : latestReported;
  if (!cutoff || cutoff.area !== view.area) setCutoff({ area: view.area, at: latestReported });

  // The worker sends each order's first rows (`LIST_LIMIT`); the newest list holds the ones
  // reported after the cutoff, at its start.
  const ordered = order === 'newest' ? view.rows : view.urgentRows;
  const { shown, held } = useMemo(
    () => ({
      shown: ordered.filter((r) => r.reported <= effectiveCutoff),
      held: view.rows.filter((r) => r.reported > effectiveCutoff).length,
    }),
    [ordered, view.rows, effectiveCutoff],
  );
  // A wall shows the newest few and the total; its line about the rest speaks to a desktop user.
  const limited = !wall && view.openRows > ordered.length;

  const scrollRef = useRef<HTMLDivElement>(null);
  // Rows are designed in desktop pixels; the wall enlarges them as it does its charts.
  const rowHeight = Math.round(ROW_HEIGHT * useChartZoom());
  // The app is not built with React Compiler, so nothing memoises around the virtualiser's functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 8,
  });

  return (
    <div
      className="live-list"
      data-testid="live-list"
      data-rows={shown.length}
      data-held={held}
      data-total={view.openRows}
    >
      <div className="list-toolbar" role="group">
        {(wall ? [] : (['newest', 'urgent'] as const)).map((o) => (
          <button key={o} type="button" aria-pressed={order === o} onClick={() => setOrder(o)}>
            {t(o === 'newest' ? 'tickets.sortNewest' : 'tickets.sortUrgent')}
          </button>
        ))}
        <span className="list-count num">{view.openRows}</span>
      </div>
      {held > 0 && !wall ? (
        <button
          type="button"
          className="new-toast"
          data-testid="new-tickets-toast"
          onClick={() => {
            setCutoff({ area: view.area, at: latestReported });
            scrollRef.current?.scrollTo({ top: 0 });
          }}
        >
          {t('tickets.newTickets', { count: held })}
        </button>
      ) : null}
      <div className="list-scroll" ref={scrollRef} data-testid="live-list-scroll">
        {shown.length === 0 ? <p className="empty">{t('tickets.empty')}</p> : null}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = shown[item.index]!;
            return (
              <button
                type="button"
                key={row.id}
                className={`list-row sla-${row.sla}${row.id === selected ? ' selected' : ''}`}
                data-testid="ticket-row"
                data-id={row.id}
                style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
                onClick={() => onSelect(row.id)}
              >
                <span className="row-line">
                  <span
                    className={`sla-mark sla-${row.sla}`}
                    aria-label={t(`tickets.sla.${row.sla}`)}
                  >
                    {SLA_MARK[row.sla]}
                  </span>
                  <span className="row-category">
                    <bdi>{labels.category(row.category)}</bdi>
                  </span>
                  <span className="row-title" dir="auto">
                    {wall || !row.title ? nameOf(row.community) : row.title}
                  </span>
                </span>
                <span className="row-line row-meta">
                  <span>{nameOf(row.street)}</span>
                  <span>{t(`tickets.stages.${row.stage}`)}</span>
                  <Countdown deadline={row.deadline} now={view.asOf} />
                </span>
              </button>
            );
          })}
        </div>
      </div>
      {limited ? (
        <p className="list-limit" data-testid="list-limit">
          {t(order === 'newest' ? 'tickets.listLimitedNewest' : 'tickets.listLimitedUrgent', {
            shown: ordered.length,
            total: view.openRows,
          })}
        </p>
      ) : null}
    </div>
  );
});
