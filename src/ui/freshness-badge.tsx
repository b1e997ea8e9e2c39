import { useTranslation } from 'react-i18next';
import type { Freshness } from '@/feeds/freshness';
import { useDurationText } from './use-duration';

const MARK: Record<Freshness, string> = { live: '●', ageing: '◷', stale: '◷', down: '○' };

export interface FreshnessBadgeProps {
  feedLabel: string;
  state: Freshness;
  /** ms since the data was last confirmed, null when there never was data. */
  age: number | null;
  dropped: number;
  testId?: string;
}

/** How old a panel's data is, by the clock: colour, shape and word together. */
export function FreshnessBadge({ feedLabel, state, age, dropped, testId }: FreshnessBadgeProps) {
  const { t } = useTranslation();
  const duration = useDurationText();
  const ageText = age === null ? t('freshness.never') : t('freshness.age', { age: duration(age) });
  return (
    <span
      className={`freshness freshness-${state}`}
      data-testid={testId}
      data-state={state}
      title={`${feedLabel}: ${t(`freshness.${state}`)} · ${ageText}${dropped ? ` · ${t('freshness.dropped', { count: dropped })}` : ''}`}
    >
      <span className="freshness-mark" aria-hidden="true">
        {MARK[state]}
      </span>
      <span className="freshness-word">{t(`freshness.${state}`)}</span>
      <span className="freshness-age">{ageText}</span>
      {dropped ? (
        <span className="freshness-dropped" data-testid={testId ? `${testId}-dropped` : undefined}>
          ⚠ {dropped}
        </span>
      ) : null}
    </span>
  );
}
