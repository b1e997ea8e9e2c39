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
          {children}
        </ErrorBoundary>
      </div>
    </section>
  );
}
