import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedName } from '@/domain/common';
import type { Freshness } from '@/feeds/freshness';
import { useFreshness, type FeedFreshness } from '@/feeds/use-freshness';
import { useDurationText } from './use-duration';
import { QuarantinePanel } from './quarantine-panel';

const MARK: Record<Freshness | 'unconfigured', string> = {
  loading: '◌',
  live: '●',
  ageing: '◷',
  stale: '◷',
  down: '○',
  unconfigured: '—',
};

/** One line on a feed's state: "HTTP 503 · retry in 8 s", "12 min ago". */
export function useFreshnessText(): (f: FeedFreshness) => string {
  const { t } = useTranslation();
  const duration = useDurationText();
  return (f) => {
    if (f.state === 'unconfigured') return t('freshness.unconfigured');
    if (f.state === 'loading') return t('freshness.loading');
    const error = f.health?.lastError;
    const parts: string[] = [];
    parts.push(
      f.age === null ? t('freshness.never') : t('freshness.age', { age: duration(f.age) }),
    );
    if (error && f.state !== 'live') {
      parts.push(t(`freshness.reasons.${error.reason}`, { defaultValue: error.message }));
      if (f.retryIn !== null) parts.push(t('freshness.retryIn', { d: duration(f.retryIn) }));
    }
    return parts.join(' · ');
  };
}

/** Items quarantined, sent twice or placed outside their area in the last poll. */
export const issueCount = (f: FeedFreshness): number =>
  (f.health?.droppedLast ?? 0) +
  (f.health?.duplicatesLast ?? 0) +
  (f.health?.flagged.outOfArea ?? 0) +
  (f.health?.flagged.unknownArea ?? 0);

export interface FreshnessBadgeProps {
  feeds: readonly FeedName[];
  testId?: string;
  /** Whether a click opens the quarantine reasons (desktop). */
  interactive?: boolean;
}

/**
 * How old a panel's data is, by the clock: colour, shape and word together, for the worst of the
 * feeds it shows; the reason and the next retry when a feed fails; how many items were
 * quarantined (a desktop user can open the reasons).
 */
export function FreshnessBadge({ feeds, testId, interactive = true }: FreshnessBadgeProps) {
  const { t } = useTranslation();
  const { worst, each } = useFreshness(feeds);
  const text = useFreshnessText();
  const [open, setOpen] = useState(false);
  const issues = each.reduce((n, f) => n + issueCount(f), 0);
  const label = each
    .map((f) => `${t(`feeds.${f.feed}`)}: ${t(`freshness.${f.state}`)} · ${text(f)}`)
    .join('\n');
  return (
    <span
      className={`freshness freshness-${worst.state}`}
      data-testid={testId}
      data-state={worst.state}
      title={label}
    >
      <span className="freshness-mark" aria-hidden="true">
        {MARK[worst.state]}
      </span>
      <span className="freshness-word">{t(`freshness.${worst.state}`)}</span>
      <span className="freshness-age">{text(worst)}</span>
      {issues > 0 ? (
        interactive ? (
          <button
            type="button"
            className="freshness-dropped"
            data-testid={testId ? `${testId}-dropped` : undefined}
            aria-expanded={open}
            onClick={() => setOpen((v) => !v)}
            title={t('quarantine.open')}
          >
            ⚠ {issues}
          </button>
        ) : (
          <span
            className="freshness-dropped"
            data-testid={testId ? `${testId}-dropped` : undefined}
          >
            ⚠ {issues}
          </span>
        )
      ) : null}
      {open ? <QuarantinePanel each={each} onClose={() => setOpen(false)} /> : null}
    </span>
  );
}
