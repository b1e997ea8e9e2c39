// The simulated city's public surface. Pure TypeScript: no browser or Node API.
import type { FeedName } from '../../src/domain/common';
import type { FeedItems } from '../../src/domain/feeds';
import type { GeoBundle } from '../../src/geo/geo-data';
import type { TicketCatalog } from '../../src/domain/ticket-catalog';
import type { SignalData } from './signals';

export type IncidentKind =
  | 'rainstorm'
  | 'pollution'
  | 'signal-faults'
  | 'hotspot-surge'
  /** A crash closing one approach of an intersection for an hour (triggered only, not looped). */
  | 'crash';

/** One scripted incident: starts at `start` (sim epoch ms) around `place` (a district code). */
export interface IncidentSpec {
  kind: IncidentKind;
  start: number;
  /** District code where it unfolds. */
  place: string;
}

/** An optional endpoint's answer: a status and a JSON-able body. */
export interface SimAnswer {
  status: number;
  body: unknown;
}
export type SimEndpoint = (path: string, params: URLSearchParams, t: number) => SimAnswer | null;

export interface CityOptions {
  /** Same seed + same sim time → byte-identical snapshots. */
  seed: number;
  /** ×1 realistic … ×100 for stress and benchmarks: multiplies entity counts and arrivals. */
  scale: number;
  /** The city's places (real district polygons, hierarchy, synthetic anchors). */
  geo: GeoBundle;
  /** Incidents to play, in addition to none by default. */
  incidents?: IncidentSpec[];
  /** Demo mode plays an incident script on a loop (one every few sim hours). */
  incidentLoop?: boolean;
  /** Mix hostile citizen text (script tags, onerror, javascript: URLs, ECharts rich text) into tickets. */
  hostileText?: boolean;
  /** The city's 12345 catalogue (categories, departments, time limits); default Fuzhou's. */
  ticketCatalog?: TicketCatalog;
}

export interface SimCity {
  readonly options: CityOptions;
  /**
   * Every live item of a feed at sim time `t` (epoch ms), sorted by id. A pure function of the
   * options and `t`. Tickets include personal fields (the desktop projection); see `toWall`.
   */
  snapshot<F extends FeedName>(feed: F, t: number): FeedItems[F][];
  /** Adds an incident (demo control); later snapshots reflect it. */
  trigger(spec: IncidentSpec): void;
  /** Incidents active at `t`. */
  activeIncidents(t: number): IncidentSpec[];
  /** The signals' event logs and history (the optional `signals/…` endpoints). */
  readonly signalData?: SignalData;
  /**
   * Other optional endpoints of a feed's source (`{feed}/{path}`, docs/api.md): each answers a
   * path (without the feed) at sim time `t`, or null for a path it does not serve (404).
   */
  readonly endpoints?: Partial<Record<FeedName, SimEndpoint>>;
}
