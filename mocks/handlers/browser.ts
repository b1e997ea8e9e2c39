import { delay } from 'msw';
import { setupWorker } from 'msw/browser';
import type { GeoBundle } from '../../src/geo/geo-data';
import { createCity } from '../sim/city';
import { toWall } from '../sim/wall';
import type { IncidentKind, IncidentSpec } from '../sim/types';
import { parseDemoParams, type DemoParams } from './demo-params';
import { createFeedServer, type FeedServer } from './feed-server';
import type { Fault, FaultState, FaultTarget } from './faults';
import { createFeedHandlers } from './msw';
import { createSimClock, type SimClock } from './sim-clock';

/** What the demo UI drives: the sim clock, incidents and injected faults. */
export interface DemoControl {
  readonly params: DemoParams;
  readonly clock: SimClock;
  readonly server: FeedServer;
  setSpeed(speed: number): void;
  pause(): void;
  resume(): void;
  /** Starts an incident in a district at the next version. */
  trigger(kind: IncidentKind, district: string): IncidentSpec;
  setFault(feed: FaultTarget, fault: Fault | null): void;
  readonly faults: FaultState;
  /** Stops intercepting requests. */
  stop(): void;
}

export interface DemoWorkerOptions {
  /** The feeds' base URL from the runtime config, e.g. `/api/v1`. */
  baseUrl: string;
  geo: GeoBundle;
  /** `location.search`: seed, speed, scale, start, paused, fault, hostile, incidents (docs/demo.md). */
  search: URLSearchParams;
}

/**
 * Starts the simulated city behind MSW's service worker. Await it before the first render and
 * before creating the feed Web Worker: fetches from that worker are served too.
 */
export async function startDemoWorker({
  baseUrl,
  geo,
  search,
}: DemoWorkerOptions): Promise<DemoControl> {
  const { params, warnings } = parseDemoParams(search);
  for (const warning of warnings) console.warn(`[demo] ${warning}`);

  const clock = createSimClock({ start: params.start, speed: params.speed, paused: params.paused });
  const city = createCity({
    seed: params.seed,
    scale: params.scale,
    geo,
    incidentLoop: params.incidents,
    hostileText: params.hostile,
  });
  const server = createFeedServer({
    city,
    clock,
    toWall,
    sleep: (ms) => delay(ms),
    faults: params.faults,
  });
  const worker = setupWorker(...createFeedHandlers({ baseUrl, server }));
  await worker.start({
    onUnhandledRequest: 'bypass',
    quiet: true,
    serviceWorker: { url: '/mockServiceWorker.js' },
  });

  return {
    params,
    clock,
    server,
    setSpeed: (speed) => clock.setSpeed(speed),
    pause: () => clock.pause(),
    resume: () => clock.resume(),
    trigger: (kind, district) => server.trigger(kind, district),
    setFault: (feed, fault) => server.setFault(feed, fault),
    get faults() {
      return server.faults;
    },
    stop: () => worker.stop(),
  };
}
