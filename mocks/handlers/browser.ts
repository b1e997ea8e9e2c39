import { setupWorker } from 'msw/browser';
import type { GeoBundle } from '../../src/geo/geo-data';
import type { TicketCatalog } from '../../src/domain/ticket-catalog';
import type { IncidentKind, IncidentSpec } from '../sim/types';
import {
  createSyncedClock,
  type ClockAnchor,
  type ClockChange,
  type ReadonlySimClock,
} from './clock-sync';
import { parseDemoParams, type DemoParams } from './demo-params';
import {
  emptyFaultState,
  targetFeeds,
  withFault,
  type Fault,
  type FaultState,
  type FaultTarget,
} from './faults';
import { connectSim, createSimFeedHandlers } from './sim-bridge';
import type { FromSim, SimPort, ToSim } from './sim-protocol';

/** What the demo UI drives: the sim clock, incidents and injected faults. */
export interface DemoControl {
  readonly params: DemoParams;
  /**
   * The page's mirror of the sim worker's clock, readable synchronously. Change it with
   * `setSpeed`, `pause` and `resume`, which change the worker's clock as of the same instant.
   */
  readonly clock: ReadonlySimClock;
  setSpeed(speed: number): void;
  pause(): void;
  resume(): void;
  /** Starts an incident in a district at the sim worker's next version. */
  trigger(kind: IncidentKind, district: string): Promise<IncidentSpec>;
  setFault(feed: FaultTarget, fault: Fault | null): void;
  /** The active faults (the page's record of what it sent the sim worker). */
  readonly faults: FaultState;
  /** Stops intercepting requests and terminates the sim worker. */
  stop(): void;
}

export interface DemoWorkerOptions {
  /** The feeds' base URL from the runtime config, e.g. `/api/v1`. */
  baseUrl: string;
  geo: GeoBundle;
  /** `location.search`: seed, speed, scale, start, paused, fault, hostile, incidents (docs/demo.md). */
  search: URLSearchParams;
  /** The city's 12345 catalogue (config.json `scenarios.tickets.catalog`); default Fuzhou's. */
  ticketCatalog?: TicketCatalog;
}

/**
 * Starts the simulated city in a Web Worker behind MSW's service worker. Await it before the first
 * render and before creating the feed Web Worker: fetches from that worker are served too. The city
 * is built in the sim worker meanwhile; requests that come first wait for it.
 */
export async function startDemoWorker({
  baseUrl,
  geo,
  search,
  ticketCatalog,
}: DemoWorkerOptions): Promise<DemoControl> {
  const { params, warnings } = parseDemoParams(search);
  for (const warning of warnings) console.warn(`[demo] ${warning}`);

  // The same anchor in the page and in the worker: both clocks are the same function of Date.now().
  const anchor: ClockAnchor = {
    start: params.start,
    speed: params.speed,
    paused: params.paused,
    at: Date.now(),
  };
  const mirror = createSyncedClock(anchor);
  const simWorker = new Worker(new URL('./sim-worker.ts', import.meta.url), {
    type: 'module',
    name: 'sim',
  });
  const sim = connectSim(simWorker as SimPort<FromSim, ToSim>, {
    geo,
    seed: params.seed,
    scale: params.scale,
    incidents: params.incidents,
    hostile: params.hostile,
    faults: params.faults,
    clock: anchor,
    ...(ticketCatalog ? { ticketCatalog } : {}),
  });
  simWorker.addEventListener('error', (event) => {
    const reason = `the sim worker failed: ${event.message || 'it could not be loaded'}`;
    console.error(`[demo] ${reason}`);
    sim.close(reason);
  });
  sim.ready.catch((error: unknown) => console.error(`[demo] ${String(error)}`));

  let faults = emptyFaultState();
  const recordFault = (target: FaultTarget, fault: Fault | null): void => {
    const next = { ...faults };
    for (const feed of targetFeeds(target))
      next[feed] = fault === null ? [] : withFault(faults[feed], fault);
    faults = next;
  };
  for (const { target, fault } of params.faults) recordFault(target, fault);

  const worker = setupWorker(...createSimFeedHandlers({ baseUrl, sim }));
  // When the page loads again under an existing registration, MSW calls
  // `registration.update()` without awaiting it (mswjs/msw#2006). The update is rejected while the
  // registration has no worker ready (a navigation right after the first install), and the
  // rejection surfaced as an uncaught page error although the demo runs on. Only that one is
  // caught here, and noted.
  window.addEventListener('unhandledrejection', (event) => {
    const reason: unknown = event.reason;
    if (
      reason instanceof TypeError &&
      reason.message.startsWith('Failed to update a ServiceWorker') &&
      reason.message.includes('/mockServiceWorker.js')
    ) {
      event.preventDefault();
      console.debug(`[demo] ${reason.message}`);
    }
  });
  // The service worker hands the page a second copy of every response's body, a transferred
  // stream, for MSW's life-cycle events. Nothing here reads it; left open, each poll would keep a
  // message port in the page and a buffered copy of the body in the service worker for the whole
  // run of the demo. Cancelling it releases both.
  const release = ({ response }: { response: Response }) => {
    response.body?.cancel().catch(() => undefined);
  };
  worker.events.on('response:mocked', release);
  worker.events.on('response:bypass', release);
  try {
    await worker.start({
      onUnhandledRequest: 'bypass',
      quiet: true,
      serviceWorker: { url: '/mockServiceWorker.js' },
    });
  } catch (error) {
    sim.close('the demo did not start');
    simWorker.terminate();
    throw error;
  }

  const changeClock = (change: ClockChange): void => {
    mirror.apply(change);
    sim.changeClock(change);
  };
  return {
    params,
    clock: mirror.clock,
    setSpeed: (speed) => changeClock({ op: 'setSpeed', speed, at: Date.now() }),
    pause: () => changeClock({ op: 'pause', at: Date.now() }),
    resume: () => changeClock({ op: 'resume', at: Date.now() }),
    trigger: (kind, district) => sim.trigger(kind, district),
    setFault: (feed, fault) => {
      sim.setFault(feed, fault);
      recordFault(feed, fault);
    },
    get faults() {
      return structuredClone(faults);
    },
    stop: () => {
      worker.stop();
      sim.close('the demo stopped');
      simWorker.terminate();
    },
  };
}
