import { queryOptions } from '@tanstack/react-query';
import type { AppConfig } from '@/config/config-schema';
import { cityNow } from '@/state/clock';
import type { FeedClient, ViewEnvelope } from './feed-client';
import type { ViewRef } from './view-ref';

/** Poll interval of a view: the shortest of its configured feeds'. */
export function pollIntervalOf(config: AppConfig, ref: ViewRef): number {
  const intervals = ref.feeds
    .map((feed) => config.feeds[feed]?.pollIntervalMs)
    .filter((ms): ms is number => ms !== undefined);
  return intervals.length ? Math.min(...intervals) : 10_000;
}

/** Whether the feeds a view needs are in the configuration. */
export function viewConfigured(config: AppConfig, ref: ViewRef): boolean {
  const optional = new Set(ref.optionalFeeds ?? []);
  return ref.feeds.every((feed) => optional.has(feed) || config.feeds[feed] !== undefined);
}

/**
 * Query options for a worker-built view. The key goes general → specific and contains every
 * input: `['view', id, params]`. Each poll asks at the city clock's time.
 */
export function viewQuery<V>(
  client: FeedClient,
  config: AppConfig,
  ref: ViewRef,
  params: Record<string, unknown>,
) {
  const interval = pollIntervalOf(config, ref);
  return queryOptions<ViewEnvelope<V>>({
    queryKey: ['view', ref.id, params],
    queryFn: () => client.view<V>(ref.id, params, cityNow()),
    refetchInterval: interval,
    staleTime: interval / 2,
    enabled: viewConfigured(config, ref),
  });
}
