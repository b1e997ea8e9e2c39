import { adapterRegistry } from '@/adapters/registry';
import { FeedFetchError, type FeedAdapter } from '@/adapters/feed-adapter';
import type { DisplayProfile, FeedConfig } from '@/config/config-schema';
import type { FeedName, Placed } from '@/domain/common';
import { indexByArea, type AreaIndex } from './area-filter';
import type { FeedItems } from '@/domain/feeds';
import { applyFetchResult, createFeedStore, sortedIdsOf, type FeedStore } from './feed-store';
import type { FeedViewBuilder, ViewRegistry } from './view-builder';
import type { SerializedError, ViewResult } from './worker-protocol';

export type Sanitizers = {
  [F in FeedName]?: (item: FeedItems[F], profile: DisplayProfile) => FeedItems[F];
};

export interface WorkerCoreOptions {
  feeds: Partial<Record<FeedName, FeedConfig>>;
  profile: DisplayProfile;
  origin: string;
  fetch: typeof fetch;
  views: ViewRegistry;
  sanitizers: Sanitizers;
  now?: () => number;
}

interface FeedState {
  store: FeedStore;
  /** Items by division code, for the revision it was built at. */
  areaIndex: { revision: number; index: AreaIndex<Placed & { id: string }> } | null;
  adapter: FeedAdapter;
  inFlight: Promise<void> | null;
  lastAttemptAt: number;
  lastSuccessAt: number;
  lastError: SerializedError | null;
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof FeedFetchError)
    return {
      message: e.message,
      reason: e.reason,
      ...(e.status !== undefined ? { status: e.status } : {}),
    };
  return { message: e instanceof Error ? e.message : String(e), reason: 'internal' };
}

/**
 * The worker's side of the pipeline: polls adapters (one poll in flight per feed, shared by every
 * view), keeps each feed's items, and builds views once per data revision and parameter set.
 * Free of Worker APIs so it runs in tests as it is.
 */
export function createWorkerCore(options: WorkerCoreOptions) {
  const now = options.now ?? Date.now;
  const states = new Map<FeedName, FeedState>();

  for (const [feed, config] of Object.entries(options.feeds) as [FeedName, FeedConfig][]) {
    const factory = adapterRegistry[config.adapter];
    if (!factory) throw new Error(`no adapter of kind ${config.adapter}`);
    states.set(feed, {
      store: createFeedStore(feed),
      adapter: factory(config, { fetch: options.fetch, origin: options.origin }),
      areaIndex: null,
      inFlight: null,
      lastAttemptAt: 0,
      lastSuccessAt: 0,
      lastError: null,
    });
  }

  function stateOf(feed: FeedName): FeedState {
    const state = states.get(feed);
    if (!state) throw new FeedFetchError(feed, 'contract', `feed ${feed} is not configured`);
    return state;
  }

  async function poll(feed: FeedName, state: FeedState): Promise<void> {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), 30_000);
    state.lastAttemptAt = now();
    const { store } = state;
    const sanitize = options.sanitizers[feed] as
      ((item: FeedItems[FeedName], profile: DisplayProfile) => FeedItems[FeedName]) | undefined;
    // Deltas that refer to the items held need them as the source sent them: not when they are
    // rewritten on receipt (personal data) or some are missing (quarantined).
    const base =
      !sanitize && store.complete && store.cursor
        ? { items: store.items, sortedIds: () => sortedIdsOf(store) }
        : null;
    try {
      const result = await state.adapter.fetch(
        { feed, profile: options.profile },
        { signal: controller.signal, since: store.cursor, base },
      );
      applyFetchResult(
        store,
        result,
        sanitize ? (item) => sanitize(item, options.profile) : (item) => item,
      );
      state.lastSuccessAt = now();
      state.lastError = null;
    } catch (e) {
      state.lastError = serializeError(e);
      throw e;
    } finally {
      clearTimeout(timeout);
    }
  }

  /** Polls unless a poll is running (join it) or the last one is recent enough. */
  async function ensureFresh(feed: FeedName, maxAgeMs: number): Promise<FeedState> {
    const state = stateOf(feed);
    if (state.inFlight) {
      await state.inFlight;
      return state;
    }
    if (state.lastError === null && state.lastAttemptAt && now() - state.lastAttemptAt < maxAgeMs)
      return state;
    state.inFlight = poll(feed, state).finally(() => {
      state.inFlight = null;
    });
    await state.inFlight;
    return state;
  }

  function builderOf(feed: FeedName, viewName: string) {
    const builder = options.views[feed]?.[viewName] as
      FeedViewBuilder<FeedName, unknown, unknown> | undefined;
    if (!builder) throw new Error(`no view ${viewName} for ${feed}`);
    return builder;
  }

  /**
   * The items a view of `params` needs to look at: only the area's when it is a division code
   * (an index built once per revision), so drilling stays fast however big the city's feed is.
   */
  function itemsFor(state: FeedState, params: unknown): ReadonlyMap<string, FeedItems[FeedName]> {
    const all = state.store.items as ReadonlyMap<string, FeedItems[FeedName]>;
    const area = (params as { area?: unknown } | null)?.area;
    if (typeof area !== 'string' || !/^\d{6}(\d{3}){0,2}$/.test(area)) return all;
    if (state.areaIndex?.revision !== state.store.revision)
      state.areaIndex = { revision: state.store.revision, index: indexByArea(all.values()) };
    const subset = state.areaIndex.index.get(area);
    // Unknown to the index (the city's own code, an area without items): look at everything.
    if (!subset) return all;
    return new Map(subset.map((item) => [item.id, item as FeedItems[FeedName]]));
  }

  function build(feed: FeedName, viewName: string, params: unknown, state: FeedState): unknown {
    const builder = builderOf(feed, viewName);
    const { store } = state;
    return builder.build(itemsFor(state, params), params, {
      revision: store.revision,
      version: store.cursor?.version ?? 0,
      generatedAt: store.generatedAt,
      droppedLast: store.droppedLast,
      droppedTotal: store.droppedTotal,
    });
  }

  return {
    async view(
      feed: FeedName,
      viewName: string,
      params: unknown,
      haveRevision: number,
      maxAgeMs: number,
    ): Promise<ViewResult> {
      const state = stateOf(feed);
      await builderOf(feed, viewName).prepare?.(params);
      // A view the page does not have yet (a new area) is built from the data held now, without
      // waiting for a poll: drilling is instant. It carries when that data was last confirmed, so
      // its age shows truthfully until its own next poll confirms it.
      if (haveRevision === -1 && state.store.revision > 0 && state.lastSuccessAt > 0)
        return {
          kind: 'view',
          revision: state.store.revision,
          view: build(feed, viewName, params, state),
          degradedSince: state.lastSuccessAt,
        };
      try {
        await ensureFresh(feed, maxAgeMs);
      } catch (e) {
        // Data first: with older data and no view of it on the page yet, serve it, marked degraded.
        if (state.store.revision > 0 && haveRevision !== state.store.revision)
          return {
            kind: 'view',
            revision: state.store.revision,
            view: build(feed, viewName, params, state),
            degradedSince: state.lastSuccessAt,
          };
        throw e;
      }
      if (haveRevision === state.store.revision)
        return { kind: 'unchanged', revision: haveRevision };
      return {
        kind: 'view',
        revision: state.store.revision,
        view: build(feed, viewName, params, state),
        degradedSince: null,
      };
    },
    /** One item as the page may see it (already sanitised for the profile). */
    detail(feed: FeedName, id: string): unknown {
      return stateOf(feed).store.items.get(id) ?? null;
    },
    transferables(feed: FeedName, viewName: string, view: unknown): Transferable[] {
      const builder = options.views[feed]?.[viewName] as
        FeedViewBuilder<FeedName, unknown, unknown> | undefined;
      return builder?.transferables?.(view) ?? [];
    },
    health(feed: FeedName) {
      const s = stateOf(feed);
      return {
        lastSuccessAt: s.lastSuccessAt,
        lastError: s.lastError,
        droppedLast: s.store.droppedLast,
        droppedTotal: s.store.droppedTotal,
        dropReasons: s.store.dropReasons,
        version: s.store.cursor?.version ?? null,
        generatedAt: s.store.generatedAt,
        count: s.store.items.size,
      };
    },
  };
}
export type WorkerCore = ReturnType<typeof createWorkerCore>;
