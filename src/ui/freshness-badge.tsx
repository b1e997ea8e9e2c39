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

/** The parts of what a badge says about a feed: its age, why it fails, when it is tried again. */
export function useFreshnessParts(): (f: FeedFreshness) => {
  age: string;
  reason: string | null;
  retry: string | null;
} {
  const { t } = useTranslation();
  const duration = useDurationText();
  return (f) => {
    if (f.state === 'unconfigured')
      return { age: t('freshness.unconfigured'), reason: null, retry: null };
    if (f.state === 'loading') return { age: t('freshness.loading'), reason: null, retry: null };
    const error = f.health?.lastError;
    const failing = error && f.state !== 'live';
    return {
      age: f.age === null ? t('freshness.never') : t('freshness.age', { age: duration(f.age) }),
      reason: failing
        ? t(`freshness.reasons.${error.reason}`, { defaultValue: error.message })
        : null,
      retry:
        failing && f.retryIn !== null ? t('freshness.retryIn', { d: duration(f.retryIn) }) : null,
    };
  };
}

/** One line on a feed's state: "12 min ago · the source asks us to wait · retry in 8 s". */
export function useFreshnessText(): (f: FeedFreshness, withReason?: boolean) => string {
  const parts = useFreshnessParts();
  return (f, withReason = true) => {
    const { age, reason, retry } = parts(f);
    return [age, ...(withReason ? [reason, retry] : [])].filter(Boolean).join(' · ');
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
  /** The reason and the next retry beside the age (they are in the tooltip otherwise). */
  detail?: boolean;
}

/**
 * How old a panel's data is, by the clock: colour, shape and word together, for the worst of the
 * feeds it shows; the reason and the next retry when a feed fails; how many items were
 * quarantined (a desktop user can open the reasons).
 */
export function FreshnessBadge({
  feeds,
  testId,
  interactive = true,
  detail = false,
}: FreshnessBadgeProps) {
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
      <span className="freshness-age">{text(worst, detail)}</span>
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
