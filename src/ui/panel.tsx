import type { ReactNode } from 'react';
import type { FeedName } from '@/domain/common';
import { ErrorBoundary } from './error-boundary';
import { FreshnessBadge } from './freshness-badge';

export interface PanelProps {
  title: string;
  /** The feeds its figures come from: their freshness shows in the header. */
  feeds?: readonly FeedName[];
  /** Controls at the header's right. */
  aside?: ReactNode;
  children: ReactNode;
  testId?: string;
  className?: string;
  /** A new key clears a render error (the next data). */
  resetKey?: unknown;
}

/** Test builds only: `?failPanel=<testId>` makes that panel's body throw while rendering. */
function FailOnPurpose({ testId }: { testId: string | undefined }) {
  if (testId && new URLSearchParams(window.location.search).get('failPanel') === testId)
    throw new Error(`${testId} failed on purpose (test hook)`);
  return null;
}

/** A titled panel: how old its data is in the header; a render error stays inside it. */
export function Panel({ title, feeds, aside, children, testId, className, resetKey }: PanelProps) {
  return (
    <section className={`panel ${className ?? ''}`} data-testid={testId} aria-label={title}>
      <header className="panel-header">
        <h2>{title}</h2>
        {feeds || aside ? (
          <div className="panel-aside">
            {feeds ? (
              <FreshnessBadge feeds={feeds} testId={testId ? `${testId}-freshness` : undefined} />
            ) : null}
            {aside}
          </div>
        ) : null}
      </header>
      <div className="panel-body">
        <ErrorBoundary what={title} resetKey={resetKey}>
          {__TEST_HOOKS__ ? <FailOnPurpose testId={testId} /> : null}
          {children}
        </ErrorBoundary>
      </div>
    </section>
  );
}
