import type { DisplayProfile, FeedConfig } from '@/config/config-schema';
import type { FeedName } from '@/domain/common';
import type {
  DetailRequest,
  SerializedError,
  ViewRequest,
  ViewResult,
  WorkerRequest,
  WorkerResponse,
} from './worker-protocol';

/** The slice of `Worker` the client uses (a fake in tests). */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerResponse>) => void): void;
  terminate(): void;
}

/** A failed poll as the page sees it. */
export class FeedPollError extends Error {
  constructor(readonly detail: SerializedError) {
    super(detail.message);
    this.name = 'FeedPollError';
  }
}

/** A view and how it was obtained: `degradedSince` is set when built from unconfirmed data. */
export interface ViewEnvelope<V> {
  view: V;
  revision: number;
  degradedSince: number | null;
}

const CACHE_LIMIT = 48;

/**
 * The page's handle on the feed worker. `view()` resolves to the *same object* as last time when
 * the data did not change, so an unchanged poll re-renders nothing.
 */
export function createFeedClient(worker: WorkerLike) {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const cache = new Map<string, ViewEnvelope<unknown>>();

  worker.addEventListener('message', (event) => {
    const message = event.data;
    const entry = pending.get(message.requestId);
    if (!entry) return;
    pending.delete(message.requestId);
    if (message.ok) entry.resolve(message.result);
    else entry.reject(new FeedPollError(message.error));
  });

  type Unsent = Omit<ViewRequest, 'requestId'> | Omit<DetailRequest, 'requestId'>;
  function call<T>(request: Unsent): Promise<T> {
    const requestId = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(requestId, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...request, requestId } as WorkerRequest);
    });
  }

  return {
    init(feeds: Partial<Record<FeedName, FeedConfig>>, profile: DisplayProfile, origin: string) {
      worker.postMessage({ type: 'init', feeds, profile, origin });
    },
    async view<V>(
      feed: FeedName,
      view: string,
      params: unknown,
      maxAgeMs: number,
    ): Promise<ViewEnvelope<V>> {
      const key = `${feed}|${view}|${JSON.stringify(params)}`;
      const held = cache.get(key);
      const haveRevision = held ? held.revision : -1;
      const result = await call<ViewResult>({
        type: 'view',
        feed,
        view,
        params,
        haveRevision,
        maxAgeMs,
      });
      if (result.kind === 'unchanged' && held) {
        // Confirmed again: the same view object (nothing re-renders); a copy served during an
        // outage becomes current. Refresh the entry's recency.
        const current = held.degradedSince === null ? held : { ...held, degradedSince: null };
        cache.delete(key);
        cache.set(key, current);
        return current as ViewEnvelope<V>;
      }
      if (result.kind === 'unchanged')
        throw new Error('worker reported unchanged for a view the page lacks');
      const envelope: ViewEnvelope<V> = {
        view: result.view as V,
        revision: result.revision,
        degradedSince: result.degradedSince,
      };
      cache.delete(key);
      cache.set(key, envelope);
      while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
      return envelope;
    },
    detail<T>(feed: FeedName, id: string): Promise<T | null> {
      return call<T | null>({ type: 'detail', feed, id });
    },
    dispose() {
      worker.terminate();
      for (const entry of pending.values()) entry.reject(new Error('feed client disposed'));
      pending.clear();
      cache.clear();
    },
  };
}
export type FeedClient = ReturnType<typeof createFeedClient>;
