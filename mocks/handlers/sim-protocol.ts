// Messages between the page (MSW handlers, demo control) and the sim worker (city + feed server).
import type { GeoBundle } from '../../src/geo/geo-data';
import type { TicketCatalog } from '../../src/domain/ticket-catalog';
import type { IncidentKind, IncidentSpec } from '../sim/types';
import type { ClockAnchor, ClockChange } from './clock-sync';
import type { Fault, FaultAssignment, FaultTarget } from './faults';

export interface SimInit {
  geo: GeoBundle;
  seed: number;
  scale: number;
  incidents: boolean;
  hostile: boolean;
  faults: readonly FaultAssignment[];
  clock: ClockAnchor;
  /** The city's 12345 catalogue, validated by the page (absent: the embedded Fuzhou one). */
  ticketCatalog?: TicketCatalog;
}

export interface SimRequest {
  feed: string;
  /** The request URL's query string (`?since=…&view=…`, or ''). */
  search: string;
  ifNoneMatch: string | null;
  /** A HEAD request: the answer carries no body. */
  head: boolean;
  /** GET unless said (POST for alarm acknowledgements), with its body. */
  method?: string;
  body?: string;
}

/** The feed server's answer; the body is UTF-8 in an ArrayBuffer transferred to the page. */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: ArrayBuffer | null;
}

export type ToSim =
  | { type: 'init'; init: SimInit }
  | { type: 'request'; id: number; request: SimRequest }
  | { type: 'clock'; change: ClockChange }
  | { type: 'fault'; target: FaultTarget; fault: Fault | null }
  | { type: 'trigger'; id: number; kind: IncidentKind; place: string };

export type FromSim =
  | { type: 'ready' }
  | { type: 'init-error'; message: string }
  | { type: 'response'; id: number; response: SimResponse }
  | { type: 'triggered'; id: number; spec: IncidentSpec }
  | { type: 'failed'; id: number; message: string };

/** The slice of `Worker`, `DedicatedWorkerGlobalScope` or `MessagePort` either side uses. */
export interface SimPort<In, Out> {
  postMessage(message: Out, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<In>) => void): void;
}
