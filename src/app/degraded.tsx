import { useTranslation } from 'react-i18next';
import { FEED_NAMES, type FeedName } from '@/domain/common';
import { useFreshness } from '@/feeds/use-freshness';
import { useFreshnessText } from '@/ui/freshness-badge';
import type { ScenarioDescriptor } from '@/state/scenario';
import { useRuntime } from '@/state/runtime';
import type { FeedCoverage } from '@/feeds/view-builder';
import { formatCount } from '@/ui/format';

/** A banner naming every configured feed that is down or stale, with its reason. */
export function DegradedBanner() {
  const { t } = useTranslation();
  const { config } = useRuntime();
  const configured = FEED_NAMES.filter((feed) => config.feeds[feed]);
  const { each } = useFreshness(configured);
  const text = useFreshnessText();
  const down = each.filter((f) => f.state === 'down');
  const stale = each.filter((f) => f.state === 'stale');
  if (!down.length && !stale.length) return null;
  const list = (fs: typeof each) =>
    fs
      .map((f) => t('banner.item', { feed: t(`feeds.${f.feed}`), detail: text(f) }))
      .join(t('banner.separator'));
  return (
    <p className="degraded-banner" role="status" data-testid="degraded-banner">
      {down.length ? (
        <span className="degraded-down">
          <span aria-hidden="true">○ </span>
          {t('banner.down', { feeds: list(down) })}
        </span>
      ) : null}
      {stale.length ? (
        <span className="degraded-stale">
          <span aria-hidden="true">◷ </span>
          {t('banner.stale', { feeds: list(stale) })}
        </span>
      ) : null}
    </p>
  );
}

/** On the map: which of its layers are faded because their feed is stale or down. */
export function MapFeedNotice({
  scenarios,
  over = [],
}: {
  scenarios: readonly ScenarioDescriptor[];
  /** Feeds shown by their counts (past their budget in this area). */
  over?: readonly FeedCoverage[];
}) {
  const { t, i18n } = useTranslation();
  const { config } = useRuntime();
  const feeds = [...new Set(scenarios.flatMap((s) => s.feeds))].filter(
    (feed): feed is FeedName => config.feeds[feed] !== undefined,
  );
  const { each } = useFreshness(feeds);
  const faded = each.filter((f) => f.state === 'stale' || f.state === 'down');
  if (!faded.length && !over.length) return null;
  const count = (n: number) => formatCount(n, i18n.language);
  return (
    <ul className="map-notice" data-testid="map-feed-notice">
      {over.map((c) => (
        <li key={`over-${c.feed}`} className="coverage-notice" data-testid="map-coverage-notice">
          <span aria-hidden="true">◎ </span>
          {t('coverage.mapNotice', {
            feed: t(`feeds.${c.feed}`),
            level: t(`coverage.level.${c.level}`),
            total: count(c.total),
            budget: count(c.budget),
          })}
        </li>
      ))}
      {faded.map((f) => (
        <li key={f.feed} className={`freshness-${f.state}`}>
          <span aria-hidden="true">{f.state === 'down' ? '○' : '◷'} </span>
          {t('banner.layerFaded', { feed: t(`feeds.${f.feed}`), state: t(`freshness.${f.state}`) })}
        </li>
      ))}
    </ul>
  );
}
