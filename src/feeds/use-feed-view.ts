import { useQuery } from '@tanstack/react-query';
import { useRuntime } from '@/state/runtime';
import type { FeedName } from '@/domain/common';
import { feedViewQuery } from './feed-queries';
import type { ViewEnvelope } from './feed-client';

/** The view's data only: re-renders when the data changes, not on every poll. */
export function useFeedViewData<V>(
  feed: FeedName,
  view: string,
  params: Record<string, unknown>,
  enabled = true,
): V | undefined {
  const { feeds, config } = useRuntime();
  const options = feedViewQuery<V>(feeds, config, feed, view, params);
  const { data } = useQuery({ ...options, enabled: enabled && options.enabled !== false });
  return data?.view;
}

/** Poll state for freshness: re-renders on every poll. */
export function useFeedViewStatus(feed: FeedName, view: string, params: Record<string, unknown>) {
  const { feeds, config } = useRuntime();
  const query = useQuery(feedViewQuery<unknown>(feeds, config, feed, view, params));
  const envelope = query.data as ViewEnvelope<unknown> | undefined;
  return {
    hasData: envelope !== undefined,
    confirmedAt: envelope ? (envelope.degradedSince ?? query.dataUpdatedAt) : 0,
    error: query.error,
    failureCount: query.failureCount,
  };
}
