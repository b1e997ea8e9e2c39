import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reporter } from '@/domain/ticket';
import { useRuntime } from '@/state/runtime';
import { signedIn, useSession } from '@/state/session';

type State =
  | { step: 'closed' }
  | { step: 'asking'; reason: string; error: string | null; busy: boolean }
  | { step: 'shown'; reporter: Reporter };

const REASON_MIN = 5;
const REASON_MAX = 500;

/**
 * Personal data on purpose: a user with the `pii` role asks to see one ticket's reporter, giving a
 * reason; the server writes the audit entry, then answers with that reporter only. What it
 * answers lives in this component's state alone (never a query cache, never the worker) and goes
 * when the drawer closes or shows another ticket (the parent keys it by ticket id).
 */
export function ReporterUnmask({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const { profile } = useRuntime();
  const user = signedIn(useSession());
  const [state, setState] = useState<State>({ step: 'closed' });
  const reasonId = useId();
  if (!user?.canUnmask || profile === 'wall') return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (state.step !== 'asking') return;
    const reason = state.reason.trim();
    const length = [...reason].length;
    if (length < REASON_MIN || length > REASON_MAX) {
      setState({ ...state, error: t('auth.unmask.errors.reason_required') });
      return;
    }
    setState({ ...state, busy: true, error: null });
    let error: string;
    try {
      const response = await fetch(`/api/pii/tickets/${encodeURIComponent(ticketId)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ reason }),
        cache: 'no-store',
      });
      const body = (await response.json().catch(() => ({}))) as {
        reporter?: Reporter;
        error?: string;
      };
      if (response.ok && body.reporter) {
        setState({ step: 'shown', reporter: body.reporter });
        return;
      }
      error =
        response.status === 401
          ? 'unauthorized'
          : response.status === 403
            ? 'forbidden'
            : (body.error ?? 'network');
    } catch {
      error = 'network';
    }
    setState({
      step: 'asking',
      reason: state.reason,
      busy: false,
      error: t('auth.unmask.failed', {
        reason: t(`auth.unmask.errors.${error}`, { defaultValue: error }),
      }),
    });
  };

  if (state.step === 'closed')
    return (
      <div className="unmask">
        <button
          type="button"
          data-testid="unmask-open"
          onClick={() => setState({ step: 'asking', reason: '', error: null, busy: false })}
        >
          {t('auth.unmask.open')}
        </button>
      </div>
    );

  if (state.step === 'shown')
    return (
      <div className="unmask unmask-shown" data-testid="unmask-shown" role="region">
        <dl>
          <dt>{t('auth.unmask.name')}</dt>
          <dd data-testid="unmask-name" dir="auto">
            {state.reporter.name}
          </dd>
          <dt>{t('auth.unmask.phone')}</dt>
          <dd data-testid="unmask-phone" dir="auto">
            {state.reporter.phone}
          </dd>
          {state.reporter.idNumber ? (
            <>
              <dt>{t('auth.unmask.idNumber')}</dt>
              <dd data-testid="unmask-id-number" dir="auto">
                {state.reporter.idNumber}
              </dd>
            </>
          ) : null}
        </dl>
        <p className="unmask-note">{t('auth.unmask.shown')}</p>
        <button
          type="button"
          data-testid="unmask-hide"
          onClick={() => setState({ step: 'closed' })}
        >
          {t('auth.unmask.hide')}
        </button>
      </div>
    );

  return (
    <form className="unmask" onSubmit={(event) => void submit(event)} data-testid="unmask-form">
      <label htmlFor={reasonId}>{t('auth.unmask.reason')}</label>
      <textarea
        id={reasonId}
        data-testid="unmask-reason"
        rows={2}
        maxLength={REASON_MAX}
        placeholder={t('auth.unmask.reasonHint')}
        value={state.reason}
        onChange={(event) => setState({ ...state, reason: event.target.value, error: null })}
      />
      {state.error ? (
        <p className="unmask-error" role="alert" data-testid="unmask-error">
          {state.error}
        </p>
      ) : null}
      <div className="unmask-actions">
        <button type="submit" disabled={state.busy} data-testid="unmask-submit">
          {state.busy ? t('auth.unmask.working') : t('auth.unmask.submit')}
        </button>
        <button type="button" onClick={() => setState({ step: 'closed' })}>
          {t('auth.unmask.cancel')}
        </button>
      </div>
    </form>
  );
}
