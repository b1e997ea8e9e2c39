// The page's side of the bridge to the sim worker, and the thin MSW handlers over it.
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { IncidentKind, IncidentSpec } from '../sim/types';
import type { ClockChange } from './clock-sync';
import type { Fault, FaultTarget } from './faults';
import { pathAfter } from './msw';
import type { FromSim, SimInit, SimPort, SimRequest, SimResponse, ToSim } from './sim-protocol';

/** The page's handle on the sim worker. Messages are answered in the order they are sent. */
export interface SimConnection {
  /** Resolves once the city is built; rejects if it could not be (requests then fail too). */
  readonly ready: Promise<void>;
  request(request: SimRequest): Promise<SimResponse>;
  changeClock(change: ClockChange): void;
  setFault(target: FaultTarget, fault: Fault | null): void;
  /** Starts an incident at the worker's next version. */
  trigger(kind: IncidentKind, place: string): Promise<IncidentSpec>;
  /** Fails every pending and later call with `reason`. */
  close(reason: string): void;
}

type Answer = Extract<FromSim, { id: number }>;

/** Sends `init` and returns the connection; the city is built in the worker meanwhile. */
export function connectSim(port: SimPort<FromSim, ToSim>, init: SimInit): SimConnection {
  let nextId = 1;
  let closed: string | null = null;
  const pending = new Map<number, { settle(answer: Answer): void; reject(error: Error): void }>();
  let markReady: { resolve(): void; reject(error: Error): void } | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = { resolve, reject };
  });
  // Requests report a failed start too; nobody has to await `ready`.
  ready.catch(() => undefined);

  port.addEventListener('message', ({ data }) => {
    if (data.type === 'ready') return markReady?.resolve();
    if (data.type === 'init-error') return markReady?.reject(new Error(data.message));
    const entry = pending.get(data.id);
    if (!entry) return;
    pending.delete(data.id);
    if (data.type === 'failed') entry.reject(new Error(data.message));
    else entry.settle(data);
  });

  const post = (message: ToSim): void => {
    if (closed === null) port.postMessage(message, []);
  };
  const call = <T>(send: (id: number) => ToSim, read: (answer: Answer) => T): Promise<T> => {
    if (closed !== null) return Promise.reject(new Error(closed));
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, {
        settle: (answer) => {
          try {
            resolve(read(answer));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        },
        reject,
      });
      port.postMessage(send(id), []);
    });
  };
  const unexpected = (answer: Answer): Error =>
    new Error(`the sim worker answered with "${answer.type}"`);

  post({ type: 'init', init });
  return {
    ready,
    request: (request) =>
      call(
        (id) => ({ type: 'request', id, request }),
        (answer) => {
          if (answer.type !== 'response') throw unexpected(answer);
          return answer.response;
        },
      ),
    changeClock: (change) => post({ type: 'clock', change }),
    setFault: (target, fault) => post({ type: 'fault', target, fault }),
    trigger: (kind, place) =>
      call(
        (id) => ({ type: 'trigger', id, kind, place }),
        (answer) => {
          if (answer.type !== 'triggered') throw unexpected(answer);
          return answer.spec;
        },
      ),
    close(reason) {
      if (closed !== null) return;
      closed = reason;
      markReady?.reject(new Error(reason));
      for (const entry of pending.values()) entry.reject(new Error(reason));
      pending.clear();
    },
  };
}

export interface SimFeedHandlersOptions {
  /** Where the feeds live, e.g. `/api/v1`. */
  baseUrl: string;
  sim: Pick<SimConnection, 'request'>;
}

/**
 * MSW handlers for `GET|HEAD {baseUrl}/:feed` that only forward the request to the sim worker and
 * wrap its answer: no snapshot, diff or JSON is computed on the page's thread.
 */
export function createSimFeedHandlers({ baseUrl, sim }: SimFeedHandlersOptions): HttpHandler[] {
  const path = `${baseUrl.replace(/\/+$/, '')}/*`;
  const resolve = async (request: Request, head: boolean): Promise<HttpResponse<ArrayBuffer>> => {
    try {
      const answer = await sim.request({
        feed: pathAfter(baseUrl, request) ?? '',
        search: new URL(request.url).search,
        ifNoneMatch: request.headers.get('If-None-Match'),
        head,
        method: request.method,
        ...(request.method === 'POST' ? { body: await request.text() } : {}),
      });
      return new HttpResponse(answer.body, { status: answer.status, headers: answer.headers });
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      const body = new TextEncoder().encode(JSON.stringify({ error: 'internal', message }));
      return new HttpResponse(head ? null : body.buffer, {
        status: 500,
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' },
      });
    }
  };
  return [
    http.get(path, ({ request }) => resolve(request, false)),
    // The native adapter's health check is a HEAD request.
    http.head(path, ({ request }) => resolve(request, true)),
    http.post(path, ({ request }) => resolve(request, false)),
  ];
}
