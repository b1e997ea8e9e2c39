import { useNow } from '@/state/clock';
import { useRuntime } from '@/state/runtime';
import type { FeedName } from '@/domain/common';
import { freshnessOf, type Freshness } from './freshness';
import { useFeedViewStatus } from './use-feed-view';

/** Freshness of a feed view by the page's clock: turns stale on its own when polls stop succeeding. */
export function useFreshness(
  feed: FeedName,
  view: string,
  params: Record<string, unknown>,
): { state: Freshness; age: number | null } {
  const { config } = useRuntime();
  const now = useNow();
  const status = useFeedViewStatus(feed, view, params);
  const thresholds = config.feeds[feed]?.freshness;
  if (!thresholds || !status.hasData) return { state: 'down', age: null };
  const state = freshnessOf({ now, confirmedAt: status.confirmedAt, thresholds });
  return { state, age: Math.max(0, now - status.confirmedAt) };
}
