import { queryOptions } from '@tanstack/react-query';
import type { AppConfig } from '@/config/config-schema';
import type { FeedName } from '@/domain/common';
import type { FeedClient, ViewEnvelope } from './feed-client';

/**
 * Query options for a worker-built view of a feed. The key goes general → specific and contains
 * every input: `[feed, view, params]`.
 */
export function feedViewQuery<V>(
  client: FeedClient,
  config: AppConfig,
  feed: FeedName,
  view: string,
  params: Record<string, unknown>,
) {
  const interval = config.feeds[feed]?.pollIntervalMs ?? 10_000;
  return queryOptions<ViewEnvelope<V>>({
    queryKey: [feed, view, params],
    queryFn: () => client.view<V>(feed, view, params, interval / 2),
    refetchInterval: interval,
    staleTime: interval / 2,
    enabled: config.feeds[feed] !== undefined,
  });
}
