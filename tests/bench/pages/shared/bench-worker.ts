// The real feed worker (src/app/feed-worker.ts, every scenario registered as in production) behind
// the real feed client, with a mark each time a message from the worker is handled, so the trace
// analysis can find those main-thread tasks.
import type { FeedConfig } from '@/config/config-schema';
import { createFeedClient, type FeedClient, type WorkerLike } from '@/feeds/feed-client';
import { ENVIRONMENT_OVERVIEW } from '@/features/environment/views';
import { markWork } from './probe';

export const SENSORS_CONFIG: FeedConfig = {
  adapter: 'native-rest',
  baseUrl: '/api/v1',
  pollIntervalMs: 10_000,
  freshness: { ageingAfterMs: 15_000, staleAfterMs: 30_000, downAfterMs: 100_000 },
};

/**
 * The view the benches draw: the environment screen's own view of the city (every sensor as map
 * columns, the figures of its panels), built by the scenario's registration in the real worker.
 */
export const SENSOR_VIEW = ENVIRONMENT_OVERVIEW;

export function startFeedWorker(): Worker {
  return new Worker(new URL('../../../../src/app/feed-worker.ts', import.meta.url), {
    type: 'module',
    name: 'feeds',
  });
}

/** A WorkerLike that marks every incoming message before the client handles it. */
export function markedWorker(worker: Worker): WorkerLike {
  return {
    postMessage: (message) => worker.postMessage(message),
    addEventListener: (type, listener) =>
      worker.addEventListener(type, (event) => {
        markWork('message');
        listener(event);
      }),
    terminate: () => worker.terminate(),
  };
}

/**
 * The poll interval of the pages that measure one phase at a time (ingest, delta, each refresh).
 * The worker polls when a view is asked for and half the interval has passed since its last good
 * poll; with the production 10 s, a phase that starts within 5 s of the last would be answered
 * from the data held and measure nothing. At 100 ms every phase's view request polls.
 */
export const ON_DEMAND_POLL_MS = 100;

/** A client of the real worker for the sensors feed, initialised and answering. */
export async function startSensorClient(
  pollIntervalMs = SENSORS_CONFIG.pollIntervalMs,
): Promise<FeedClient> {
  const client = createFeedClient(markedWorker(startFeedWorker()));
  client.init({
    feeds: { sensors: { ...SENSORS_CONFIG, pollIntervalMs } },
    profile: 'desktop',
    origin: location.origin,
    timeZone: 'Asia/Shanghai',
    geo: null,
    acks: [],
  });
  // A detail request round-trips once the worker module has loaded and handled init.
  await client.detail('sensors', 'warm-up');
  return client;
}
