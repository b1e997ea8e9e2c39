import { useTranslation } from 'react-i18next';
import { TICKET_STAGES } from '@/domain/ticket';
import { urlActions } from '@/state/url-state';
import { formatPercent } from '@/ui/format';
import { useAreaName } from '@/ui/use-area-name';
import { useCityFormat } from '@/ui/use-city-format';
import { useTypeName } from './labels';
import { useDetectionDetail } from './queries';

/** Opens a ticket in the tickets scenario: its screen and `?select=tickets:<id>`, one step back. */
export function openTicket(id: string): void {
  urlActions.pathChanged('/tickets');
  urlActions.replaced({ selected: { feed: 'tickets', id } });
}

/**
 * One detection: what, when, camera or patrol (and the camera's status), the model's confidence,
 * where, and the case it became with its stage now — with a link to that ticket. No image: the
 * cameras' pictures of public places are for public security only (no faces, no plates).
 */
export function DetectionDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const format = useCityFormat();
  const nameOf = useAreaName();
  const typeName = useTypeName();
  const detail = useDetectionDetail(id);
  const d = detail?.detection ?? null;
  const ticket = detail?.ticket ?? null;
  const linkNote = detail ? t(`inspection.drawer.link.${detail.link}`) : '';
  return (
    <aside className="drawer" data-testid="detection-drawer" aria-label={id}>
      <header className="drawer-header">
        <h2>
          <bdi className="num">{id}</bdi>
        </h2>
        <button type="button" onClick={onClose} data-testid="drawer-close">
          {t('inspection.drawer.close')} ✕
        </button>
      </header>
      {!detail ? <p>{t('app.loading')}</p> : null}
      {detail && !d ? (
        <p data-testid="detection-missing">{t('inspection.drawer.notFound')}</p>
      ) : null}
      {d ? (
        <div className="drawer-body">
          <p className="drawer-title" data-testid="detection-title">
            <bdi>{typeName(d.type)}</bdi> · <bdi>{nameOf(d.community)}</bdi>
          </p>
          <dl className="drawer-facts">
            <dt>{t('inspection.drawer.type')}</dt>
            <dd data-testid="detection-type">
              <bdi>{typeName(d.type)}</bdi>
            </dd>
            <dt>{t('inspection.drawer.time')}</dt>
            <dd className="num" data-testid="detection-time">
              {format.dateTime(d.observedAt)}
            </dd>
            <dt>{t('inspection.drawer.source')}</dt>
            <dd data-testid="detection-source">
              {t(`inspection.sources.${d.source}`)}
              {d.cameraId ? (
                <>
                  {' · '}
                  <bdi className="num">{d.cameraId}</bdi>
                  {detail?.camera
                    ? ` · ${
                        detail.camera.status === 'online'
                          ? t('inspection.drawer.cameraOnline')
                          : t('inspection.drawer.cameraOffline', {
                              since: detail.camera.since ? format.clock(detail.camera.since) : '—',
                            })
                      }`
                    : ''}
                </>
              ) : null}
            </dd>
            {d.confidence !== undefined && d.confidence !== null ? (
              <>
                <dt>{t('inspection.drawer.confidence')}</dt>
                <dd className="num" data-testid="detection-confidence">
                  {formatPercent(d.confidence, i18n.language)}
                </dd>
              </>
            ) : null}
            <dt>{t('inspection.drawer.place')}</dt>
            <dd>
              {nameOf(d.district)} · {nameOf(d.street)} · {nameOf(d.community)}
            </dd>
            <dt>{t('inspection.drawer.status')}</dt>
            <dd>{t(`inspection.drawer.statuses.${d.status}`)}</dd>
            <dt>{t('inspection.drawer.case')}</dt>
            <dd data-testid="detection-case">
              {ticket ? (
                <>
                  <bdi className="num">{ticket.id}</bdi> · {t(`inspection.stages.${ticket.stage}`)}
                </>
              ) : d.ticketId ? (
                <bdi className="num">{d.ticketId}</bdi>
              ) : (
                t('inspection.drawer.noCase')
              )}
            </dd>
          </dl>
          {linkNote ? (
            <p
              className={`join-quality${detail?.link === 'agrees' ? '' : ' join-issues'}`}
              data-testid="detection-link"
              data-link={detail?.link}
            >
              {detail?.link === 'agrees' ? '● ' : '◆ '}
              {linkNote}
            </p>
          ) : null}
          {ticket ? (
            <>
              <h3>{t('inspection.drawer.timeline')}</h3>
              <ol className="timeline" data-testid="detection-timeline">
                {TICKET_STAGES.map((stage) => {
                  const at = ticket.stages[stage];
                  return (
                    <li
                      key={stage}
                      className={at !== undefined ? 'reached' : 'pending'}
                      data-stage={stage}
                    >
                      <span className="timeline-dot" aria-hidden="true">
                        {at !== undefined ? '●' : '○'}
                      </span>
                      <span className="timeline-stage">{t(`inspection.stages.${stage}`)}</span>
                      <span className="timeline-time num">
                        {at !== undefined ? format.dateTime(at) : t('inspection.drawer.notReached')}
                      </span>
                    </li>
                  );
                })}
              </ol>
              <a
                className="open-ticket"
                href={`/tickets?select=${encodeURIComponent(`tickets:${ticket.id}`)}`}
                data-testid="open-ticket"
                onClick={(e) => {
                  e.preventDefault();
                  openTicket(ticket.id);
                }}
              >
                {t('inspection.drawer.openTicket', { id: ticket.id })} →
              </a>
            </>
          ) : null}
          <p className="note privacy-note">{t('inspection.drawer.privacy')}</p>
        </div>
      ) : null}
    </aside>
  );
}
