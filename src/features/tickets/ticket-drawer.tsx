import { useTranslation } from 'react-i18next';
import { TICKET_STAGES } from '@/domain/ticket';
import { ticketSla } from '@/domain/ticket-status';
import { useDurationText } from '@/ui/use-duration';
import { useCityFormat } from '@/ui/use-city-format';
import { useRuntime } from '@/state/runtime';
import { useTicketDetail } from './ticket-queries';
import { ReporterUnmask } from './reporter-unmask';
import { useAreaName } from '@/ui/use-area-name';
import { useCatalogLabels, useTicketCatalog } from './catalog-labels';

/**
 * One ticket: its stage timeline with times and durations, department, SLA clock, channel, the
 * citizen's text (as text), photo slots. Personal data arrives already masked (desktop) or not
 * at all (wall) from the worker.
 */
export function TicketDrawer({
  id,
  revision,
  now,
  onClose,
}: {
  id: string;
  revision: number;
  /** The view's moment (the city clock): the same "now" as the list, the KPIs and the map. */
  now: number;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const duration = useDurationText();
  const nameOf = useAreaName();
  const format = useCityFormat();
  const { profile } = useRuntime();
  const labels = useCatalogLabels();
  const { dueSoonShare } = useTicketCatalog();
  const { data: ticket, isPending } = useTicketDetail(id, revision);
  // A wall shows no citizen text: it could carry personal data typed into it.
  const showText = profile !== 'wall';

  return (
    <aside className="drawer" data-testid="ticket-drawer" aria-label={id}>
      <header className="drawer-header">
        <h2>
          <bdi className="num">{id}</bdi>
        </h2>
        <button type="button" onClick={onClose} data-testid="drawer-close">
          {t('tickets.drawer.close')} ✕
        </button>
      </header>
      {isPending ? <p>{t('app.loading')}</p> : null}
      {!isPending && !ticket ? <p>{t('tickets.empty')}</p> : null}
      {ticket ? (
        <div className="drawer-body">
          <p className="drawer-title" data-testid="drawer-title" dir="auto">
            {showText && ticket.title
              ? ticket.title
              : `${labels.category(ticket.category)} · ${nameOf(ticket.community)}`}
          </p>
          <dl className="drawer-facts">
            <dt>{t('tickets.drawer.type')}</dt>
            <dd>
              {t(`tickets.types.${ticket.type}`)} · <bdi>{labels.category(ticket.category)}</bdi>
              {ticket.urgent ? ' · ⚡' : ''}
            </dd>
            <dt>{t('tickets.drawer.channel')}</dt>
            <dd>{t(`tickets.channels.${ticket.channel}`)}</dd>
            <dt>{t('tickets.drawer.department')}</dt>
            <dd data-testid="drawer-department">
              {ticket.department ? <bdi>{labels.department(ticket.department)}</bdi> : '—'}
            </dd>
            <dt>{t('tickets.drawer.sla')}</dt>
            <dd data-testid="drawer-sla">
              {t(`tickets.sla.${ticketSla(ticket, now, dueSoonShare)}`)} ·{' '}
              {format.dateTime(ticket.deadline)}
              {ticketSla(ticket, now, dueSoonShare) !== 'closed'
                ? ` · ${ticket.deadline >= now ? t('tickets.dueIn', { d: duration(ticket.deadline - now) }) : t('tickets.overdueBy', { d: duration(now - ticket.deadline) })}`
                : ''}
            </dd>
            <dt>{t('area.place')}</dt>
            <dd>
              {nameOf(ticket.district)} · {nameOf(ticket.street)} · {nameOf(ticket.community)}
            </dd>
            {ticket.address !== undefined ? (
              <>
                <dt>{t('tickets.drawer.address')}</dt>
                <dd data-testid="drawer-address" dir="auto">
                  {ticket.address}
                </dd>
              </>
            ) : null}
            {ticket.reporter ? (
              <>
                <dt>{t('tickets.drawer.reporter')}</dt>
                <dd data-testid="drawer-reporter" dir="auto">
                  {ticket.reporter.name}
                </dd>
                <dt>{t('tickets.drawer.phone')}</dt>
                <dd data-testid="drawer-phone" dir="auto">
                  {ticket.reporter.phone}
                </dd>
              </>
            ) : null}
            {ticket.rating ? (
              <>
                <dt>{t('tickets.drawer.rating')}</dt>
                <dd>{t(`tickets.ratings.${ticket.rating}`)}</dd>
              </>
            ) : null}
          </dl>
          {ticket.reporter ? <ReporterUnmask key={id} ticketId={id} /> : null}
          {ticket.reworkCount > 0 ? (
            <p className="note">{t('tickets.drawer.rework', { count: ticket.reworkCount })}</p>
          ) : null}
          {ticket.repeatOf ? (
            <p className="note">
              <bdi>{t('tickets.drawer.repeatOf', { id: ticket.repeatOf })}</bdi>
            </p>
          ) : null}
          {showText ? (
            <>
              <h3>{t('tickets.drawer.description')}</h3>
              <p className="drawer-description" data-testid="drawer-description" dir="auto">
                {ticket.description}
              </p>
            </>
          ) : null}
          <h3>{t('tickets.drawer.timeline')}</h3>
          <ol className="timeline" data-testid="drawer-timeline">
            {TICKET_STAGES.map((stage, i) => {
              const at = ticket.stages[stage];
              const nextStage = TICKET_STAGES[i + 1];
              const next = nextStage ? ticket.stages[nextStage] : undefined;
              const reached = at !== undefined;
              return (
                <li key={stage} className={reached ? 'reached' : 'pending'} data-stage={stage}>
                  <span className="timeline-dot" aria-hidden="true">
                    {reached ? '●' : '○'}
                  </span>
                  <span className="timeline-stage">{t(`tickets.stages.${stage}`)}</span>
                  <span className="timeline-time num">
                    {reached ? format.dateTime(at) : t('tickets.drawer.notReached')}
                  </span>
                  <span className="timeline-duration num">
                    {reached && next !== undefined && next >= at
                      ? duration(next - at)
                      : reached && ticket.stage === stage
                        ? `${duration(Math.max(0, now - at))} …`
                        : ''}
                  </span>
                </li>
              );
            })}
          </ol>
          <h3>{t('tickets.drawer.photos')}</h3>
          <div className="photo-slots">
            {(['before', 'after'] as const).map((slot) => (
              <figure key={slot} className="photo-slot">
                <div className="photo-frame" aria-hidden="true">
                  {ticket.photos[slot] ? '▣' : '—'}
                </div>
                <figcaption>
                  {t(`tickets.drawer.${slot}`)}
                  {ticket.photos[slot] ? '' : ` · ${t('tickets.drawer.noPhoto')}`}
                </figcaption>
              </figure>
            ))}
          </div>
        </div>
      ) : null}
    </aside>
  );
}
