import type { ReactNode } from 'react';

export interface PanelProps {
  title: string;
  /** Freshness badge or controls at the header's right. */
  aside?: ReactNode;
  children: ReactNode;
  testId?: string;
  className?: string;
}

export function Panel({ title, aside, children, testId, className }: PanelProps) {
  return (
    <section className={`panel ${className ?? ''}`} data-testid={testId} aria-label={title}>
      <header className="panel-header">
        <h2>{title}</h2>
        {aside ? <div className="panel-aside">{aside}</div> : null}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
