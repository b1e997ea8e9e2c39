import type { DisplayProfile, FeedConfig } from '@/config/config-schema';
import type { FeedName } from '@/domain/common';
import type { GeoBundle } from '@/geo/geo-data';
import type { AlarmAck } from './alarms';
import type {
  AckMessage,
  DetailRequest,
  FeedHealth,
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

/** A view and how it was obtained. The same object while nothing it shows changed. */
export interface ViewEnvelope<V> {
  view: V;
  stamp: number;
  /** City time the view was built for: the one "now" of every figure in it. */
  asOf: number;
  /** City time at which a time-dependent figure changes (Infinity when none does). */
  validUntil: number;
  buildMs: number;
}

export interface WorkerSetup {
  feeds: Partial<Record<FeedName, FeedConfig>>;
  profile: DisplayProfile;
  origin: string;
  timeZone: string;
  geo: GeoBundle | null;
  acks: AlarmAck[];
  settings?: Record<string, unknown>;
}

const CACHE_LIMIT = 64;

/**
 * The page's handle on the feed worker. `view()` resolves to the *same object* as last time when
 * nothing the view shows changed (neither its feeds' data nor a time boundary), so an unchanged
 * poll re-renders nothing.
 */
export function createFeedClient(worker: WorkerLike) {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const cache = new Map<string, ViewEnvelope<unknown>>();
  const healthListeners = new Set<(health: FeedHealth) => void>();

  worker.addEventListener('message', (event) => {
    const message = event.data;
    if ('type' in message) {
      if (message.type === 'health') for (const l of healthListeners) l(message.health);
      return;
    }
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
    init(setup: WorkerSetup) {
      worker.postMessage({ type: 'init', ...setup });
    },
    /** A view of `params` at city time `now`. */
    async view<V>(view: string, params: unknown, now: number): Promise<ViewEnvelope<V>> {
      const key = `${view}|${JSON.stringify(params)}`;
      const held = cache.get(key);
      const result = await call<ViewResult>({
        type: 'view',
        view,
        params,
        haveStamp: held ? held.stamp : -1,
        now,
      });
      if (result.kind === 'unchanged') {
        if (!held) throw new Error('the worker reported unchanged for a view the page lacks');
        cache.delete(key);
        cache.set(key, held);
        return held as ViewEnvelope<V>;
      }
      const envelope: ViewEnvelope<V> = {
        view: result.view as V,
        stamp: result.stamp,
        asOf: result.asOf,
        validUntil: result.validUntil,
        buildMs: result.buildMs,
      };
      cache.delete(key);
      cache.set(key, envelope);
      while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
      return envelope;
    },
    detail<T>(feed: FeedName, id: string): Promise<T | null> {
      return call<T | null>({ type: 'detail', feed, id });
    },
    acknowledge(ack: AlarmAck) {
      worker.postMessage({ type: 'ack', ack } satisfies AckMessage);
    },
    onHealth(listener: (health: FeedHealth) => void): () => void {
      healthListeners.add(listener);
      return () => healthListeners.delete(listener);
    },
    dispose() {
      worker.terminate();
      for (const entry of pending.values()) entry.reject(new Error('feed client disposed'));
      pending.clear();
      cache.clear();
      healthListeners.clear();
    },
  };
}
export type FeedClient = ReturnType<typeof createFeedClient>;
