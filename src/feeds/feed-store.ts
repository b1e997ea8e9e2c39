import type { FeedCursor, FeedFetchResult } from '@/adapters/feed-adapter';
import type { FeedName } from '@/domain/common';
import type { FeedItems } from '@/domain/feeds';

/** What the worker holds of one feed: the items by id and where the source left off. */
export interface FeedStore<F extends FeedName = FeedName> {
  readonly feed: F;
  items: Map<string, FeedItems[F]>;
  cursor: FeedCursor | null;
  generatedAt: number;
  /** Items quarantined in the last poll that brought data, and since start. */
  droppedLast: number;
  droppedTotal: number;
  /** Last few quarantine reasons, for the health view. */
  dropReasons: string[];
  /** Bumped on every content change; views are cached against it. */
  revision: number;
}

export function createFeedStore<F extends FeedName>(feed: F): FeedStore<F> {
  return {
    feed,
    items: new Map(),
    cursor: null,
    generatedAt: 0,
    droppedLast: 0,
    droppedTotal: 0,
    dropReasons: [],
    revision: 0,
  };
}

/** Applies one fetch result; returns whether the content changed. */
export function applyFetchResult<F extends FeedName>(
  store: FeedStore<F>,
  result: FeedFetchResult<F>,
  sanitize: (item: FeedItems[F]) => FeedItems[F],
): boolean {
  if (result.kind === 'unchanged') {
    store.cursor = result.cursor;
    return false;
  }
  store.cursor = result.cursor;
  store.generatedAt = result.generatedAt;
  store.droppedLast = result.dropped.length;
  store.droppedTotal += result.dropped.length;
  if (result.dropped.length)
    store.dropReasons = [
      ...result.dropped.slice(0, 5).map((d) => d.reason),
      ...store.dropReasons,
    ].slice(0, 5);
  if (result.kind === 'snapshot') {
    store.items = new Map(result.items.map((item) => [item.id, sanitize(item)]));
  } else {
    for (const id of result.removed) store.items.delete(id);
    for (const item of result.upserts) store.items.set(item.id, sanitize(item));
  }
  store.revision += 1;
  return true;
}
