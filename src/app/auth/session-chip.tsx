import { useTranslation } from 'react-i18next';
import { urlActions, useAreaScope, useOutsideArea } from '@/state/url-state';
import { useAreaName } from '@/ui/use-area-name';
import { signedIn, useSession } from '@/state/session';
import './auth.css';

/**
 * The title bar's word on who is signed in: the name and the areas they see, the audit export
 * for the audit role and a sign-out button; or, without sign-in configured, that the dashboard is
 * open. Also the notice when a link named an area outside the user's own.
 */
export function SessionChip() {
  const { t } = useTranslation();
  const session = useSession();
  const nameOf = useAreaName();
  const outside = useOutsideArea();
  const scope = useAreaScope();
  const user = signedIn(session);
  return (
    <div className="session" data-testid="session" data-mode={session.mode}>
      {user ? (
        <>
          <span
            className="session-user"
            data-testid="session-user"
            data-kind={user.kind}
            title={user.roles.join(' ')}
          >
            {user.kind === 'device' ? `${t('auth.device')} · ` : ''}
            <bdi>{user.name}</bdi> ·{' '}
            {user.areas === null ? t('auth.wholeCity') : user.areas.map(nameOf).join('、')}
          </span>
          {user.canAudit ? (
            <a
              className="session-audit"
              href="/api/audit.csv"
              download
              title={t('auth.auditHint')}
              data-testid="audit-export"
            >
              {t('auth.auditExport')}
            </a>
          ) : null}
          {user.kind === 'user' ? (
            <form method="post" action={user.logoutUrl} className="session-out">
              <button type="submit" data-testid="sign-out">
                {t('auth.signOut')}
              </button>
            </form>
          ) : null}
        </>
      ) : (
        <span className="session-open" data-testid="session-open" title={t('auth.openHint')}>
          {t('auth.open')}
        </span>
      )}
      {outside && scope ? (
        <p className="notice session-notice" role="status" data-testid="scope-notice">
          {t('auth.outside', { code: outside, area: nameOf(scope[0]!) })}
          <button type="button" onClick={urlActions.outsideNoticeDismissed} aria-label="✕">
            ✕
          </button>
        </p>
      ) : null}
    </div>
  );
}
