import { useNow, useRealClockDerived } from '@/state/clock';
import { useRuntime } from '@/state/runtime';
import type { FeedName } from '@/domain/common';
import { freshnessOf, worstFreshness, type Freshness } from './freshness';
import { useAllFeedHealth } from './feed-health';
import type { FeedHealth } from './worker-protocol';

export interface FeedFreshness {
  feed: FeedName;
  /** `unconfigured`: the feed is not in config.json. */
  state: Freshness | 'unconfigured';
  /** ms since the data was last confirmed, null when there never was data. */
  age: number | null;
  health: FeedHealth | undefined;
  /** Real ms until the next poll attempt (a failing feed backs off), null when unknown. */
  retryIn: number | null;
}

/** Freshness of one feed by the page's real clock: turns stale on its own when polls stop succeeding. */
export function freshnessOfFeed(
  feed: FeedName,
  health: FeedHealth | undefined,
  thresholds: Parameters<typeof freshnessOf>[0]['thresholds'] | undefined,
  now: number,
): FeedFreshness {
  if (!thresholds) return { feed, state: 'unconfigured', age: null, health, retryIn: null };
  const confirmedAt = health?.lastSuccessAt ?? 0;
  const state: Freshness =
    !health || confirmedAt === 0
      ? health?.lastError
        ? 'down'
        : 'loading'
      : freshnessOf({ now, confirmedAt, thresholds });
  return {
    feed,
    state,
    age: confirmedAt ? Math.max(0, now - confirmedAt) : null,
    health,
    retryIn: health?.lastError ? Math.max(0, health.nextAttemptAt - now) : null,
  };
}

/** Freshness of the feeds a panel shows: each one, and the worst of them. */
export function useFreshness(feeds: readonly FeedName[]): {
  worst: FeedFreshness;
  each: FeedFreshness[];
} {
  const { config } = useRuntime();
  const now = useNow();
  const health = useAllFeedHealth();
  const each = feeds.map((feed) =>
    freshnessOfFeed(feed, health[feed], config.feeds[feed]?.freshness, now),
  );
  return { worst: worstFreshness(each), each };
}

/** Whether any of the feeds is stale or down: re-renders only when that changes. */
export function useFeedsFaded(feeds: readonly FeedName[]): boolean {
  const { config } = useRuntime();
  const health = useAllFeedHealth();
  return useRealClockDerived((now) =>
    feeds.some((feed) => {
      const state = freshnessOfFeed(feed, health[feed], config.feeds[feed]?.freshness, now).state;
      return state === 'stale' || state === 'down';
    }),
  );
}
