import type { FeedName } from '@/domain/common';
import type { FeedItems } from '@/domain/feeds';

/** What a view builder knows about the data it aggregates. */
export interface ViewContext {
  /** Content revision of the feed store (grows on every change). */
  revision: number;
  /** Source's version and clock. */
  version: number;
  generatedAt: number;
  /** Items quarantined by the adapter in the last poll that brought data, and since start. */
  droppedLast: number;
  droppedTotal: number;
}

/**
 * Turns a feed's items into what the page draws for one set of parameters (usually an area).
 * Runs in the worker, once per data revision and parameter set. Typed arrays in the returned
 * `transfer` list move to the page without copying.
 */
export interface FeedViewBuilder<F extends FeedName, P, V> {
  /** Loads what building for these parameters needs (e.g. the grid), before `build`. */
  prepare?(params: P): Promise<void>;
  build(items: ReadonlyMap<string, FeedItems[F]>, params: P, context: ViewContext): V;
  /** Buffers to transfer rather than copy. */
  transferables?(view: V): Transferable[];
}

/** Builders by feed and view name: what the worker can compute. */
export type ViewRegistry = {
  [F in FeedName]?: Record<string, FeedViewBuilder<F, never, unknown>>;
};
