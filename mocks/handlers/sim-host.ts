// The sim worker's side of the bridge: the simulated city, its clock and the feed server.
import { createCity } from '../sim/city';
import type { CityOptions, SimCity } from '../sim/types';
import { toWall } from '../sim/wall';
import { createSyncedClock, type SyncedClock } from './clock-sync';
import { createFeedServer, type FeedServer } from './feed-server';
import type { FromSim, SimInit, SimPort, SimRequest, SimResponse, ToSim } from './sim-protocol';

export interface SimHostOptions {
  /** Default: the simulated city (`mocks/sim`); tests pass a small fake. */
  createCity?: (options: CityOptions) => SimCity;
  /** Real time source of the sim clock. Default `Date.now`. */
  realNow?: () => number;
}

/** Serves the bridge's messages on `port` (the worker's global scope, or a MessagePort in tests). */
export function hostSim(port: SimPort<ToSim, FromSim>, options: SimHostOptions = {}): void {
  let sim: { server: FeedServer; clock: SyncedClock } | null = null;
  let initError = 'the sim worker got a request before its init message';
  const post = (message: FromSim, transfer: Transferable[] = []): void =>
    port.postMessage(message, transfer);
  const fail = (id: number, cause: unknown): void =>
    post({ type: 'failed', id, message: messageOf(cause) });

  const start = (init: SimInit): void => {
    const clock = createSyncedClock(init.clock, options.realNow);
    const city = (options.createCity ?? createCity)({
      seed: init.seed,
      scale: init.scale,
      geo: init.geo,
      incidentLoop: init.incidents,
      hostileText: init.hostile,
      ...(init.ticketCatalog ? { ticketCatalog: init.ticketCatalog } : {}),
    });
    // A `slow` fault waits here, in the worker, with the default setTimeout.
    const server = createFeedServer({ city, clock: clock.clock, toWall, faults: init.faults });
    sim = { server, clock };
  };

  const answer = async (server: FeedServer, id: number, request: SimRequest): Promise<void> => {
    const response = await server.handle({
      feed: request.feed,
      params: new URLSearchParams(request.search),
      headers: { ifNoneMatch: request.ifNoneMatch },
      ...(request.method ? { method: request.method } : {}),
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    const body = request.head || response.body === undefined ? null : utf8(response.body);
    const message: SimResponse = { status: response.status, headers: response.headers, body };
    post({ type: 'response', id, response: message }, body ? [body] : []);
  };

  port.addEventListener('message', ({ data }) => {
    switch (data.type) {
      case 'init':
        try {
          start(data.init);
          post({ type: 'ready' });
        } catch (cause) {
          initError = `the simulated city did not start: ${messageOf(cause)}`;
          post({ type: 'init-error', message: initError });
        }
        return;
      case 'request':
        if (!sim) fail(data.id, initError);
        else answer(sim.server, data.id, data.request).catch((cause) => fail(data.id, cause));
        return;
      case 'clock':
        sim?.clock.apply(data.change);
        return;
      case 'fault':
        sim?.server.setFault(data.target, data.fault);
        return;
      case 'trigger':
        if (!sim) fail(data.id, initError);
        else {
          try {
            post({
              type: 'triggered',
              id: data.id,
              spec: sim.server.trigger(data.kind, data.place),
            });
          } catch (cause) {
            fail(data.id, cause);
          }
        }
        return;
    }
  });
}

const encoder = new TextEncoder();

/** UTF-8 bytes in a buffer of their own, ready to be transferred. */
function utf8(text: string): ArrayBuffer {
  const bytes = encoder.encode(text);
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole ? bytes.buffer : bytes.slice().buffer;
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
