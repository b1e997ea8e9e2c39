import type { FeedName } from '@/domain/common';

/**
 * What the page knows of a worker view: its id and the feeds it reads (its poll interval and
 * freshness follow them). The scenario's view definition in the worker uses the same reference,
 * so the two never disagree.
 */
export interface ViewRef {
  id: string;
  feeds: readonly FeedName[];
  /** Feeds the view builds without. */
  optionalFeeds?: readonly FeedName[];
}

export const viewRef = <R extends ViewRef>(ref: R): R => ref;
