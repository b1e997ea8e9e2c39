import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedName } from '@/domain/common';
import { useFreshness } from '@/feeds/use-freshness';
import { useFreshnessParts } from './freshness-badge';

/**
 * What a panel shows before its view exists: loading while the first poll runs; once it failed,
 * the feed is down, with the reason and when it is tried again — never "loading" forever; a feed
 * missing from config.json says so.
 */
export function ViewGate<V>({
  view,
  feeds,
  children,
}: {
  view: V | undefined;
  feeds: readonly FeedName[];
  children: (view: V) => ReactNode;
}) {
  if (view !== undefined) return <>{children(view)}</>;
  return <NoView feeds={feeds} />;
}

export function NoView({ feeds }: { feeds: readonly FeedName[] }) {
  const { t } = useTranslation();
  const { worst } = useFreshness(feeds);
  const parts = useFreshnessParts();
  if (worst.state === 'unconfigured')
    return (
      <p className="panel-state panel-unconfigured" data-testid="panel-unconfigured">
        —{' '}
        {t('freshness.notConfigured', {
          feed: t(`feeds.${worst.feed}`),
          field: `feeds.${worst.feed}`,
        })}
      </p>
    );
  if (worst.state === 'down' || worst.state === 'stale')
    return (
      <p className="panel-state panel-down" role="status" data-testid="panel-down">
        <span aria-hidden="true">○ </span>
        {[
          t('freshness.downNoData', { feed: t(`feeds.${worst.feed}`) }),
          parts(worst).reason,
          parts(worst).retry,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
    );
  return (
    <p className="panel-state panel-loading" data-testid="panel-loading">
      {t('app.loading')}
    </p>
  );
}
