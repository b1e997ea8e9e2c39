import type { DisplayProfile, FeedConfig } from '@/config/config-schema';
import type { FeedName } from '@/domain/common';
import type { GeoBundle } from '@/geo/geo-data';
import type { AlarmAck } from './alarms';
import type { QuarantineReason } from './feed-store';

export interface WorkerInit {
  type: 'init';
  feeds: Partial<Record<FeedName, FeedConfig>>;
  profile: DisplayProfile;
  origin: string;
  timeZone: string;
  geo: GeoBundle | null;
  /** Acknowledgements this machine already knows of (other windows, earlier sessions). */
  acks: AlarmAck[];
  /** Each scenario's validated settings, by scenario id. */
  settings?: Record<string, unknown>;
}

export interface ViewRequest {
  type: 'view';
  requestId: number;
  view: string;
  params: unknown;
  /** Stamp of the view the page already holds for these parameters, or -1. */
  haveStamp: number;
  /** The city clock when asked (epoch ms). */
  now: number;
}

export interface DetailRequest {
  type: 'detail';
  requestId: number;
  feed: FeedName;
  id: string;
}

/** An acknowledgement from this window or another one (no reply). */
export interface AckMessage {
  type: 'ack';
  ack: AlarmAck;
}

export type WorkerRequest = WorkerInit | ViewRequest | DetailRequest | AckMessage;

export interface SerializedError {
  message: string;
  reason: string;
  feed?: FeedName;
  status?: number;
  retryAfterMs?: number;
}

export type ViewResult =
  | { kind: 'unchanged'; stamp: number }
  | {
      kind: 'view';
      stamp: number;
      /** City time the view was built for. */
      asOf: number;
      /** City time at which a time-dependent figure changes (Infinity when none does). */
      validUntil: number;
      /** Worker ms the build took: the page spaces time-only rebuilds by it. */
      buildMs: number;
      view: unknown;
    };

/** Items flagged (kept, counted) because their position and codes disagree. */
export interface PlacementFlags {
  outOfArea: number;
  unknownArea: number;
  /** A few ids, for the quarantine panel. */
  examples: string[];
}

/** A feed's state as the worker knows it: pushed to the page after every poll. */
export interface FeedHealth {
  feed: FeedName;
  /** Real time (epoch ms) of the last poll attempt, the last good one (0: never), the next one. */
  lastAttemptAt: number;
  lastSuccessAt: number;
  nextAttemptAt: number;
  /** Failed polls in a row. */
  failures: number;
  lastError: SerializedError | null;
  version: number | null;
  generatedAt: number;
  count: number;
  droppedLast: number;
  droppedTotal: number;
  reasons: QuarantineReason[];
  duplicatesLast: number;
  duplicatesTotal: number;
  flagged: PlacementFlags;
}

export type WorkerResponse =
  | { requestId: number; ok: true; result: ViewResult | unknown }
  | { requestId: number; ok: false; error: SerializedError }
  | { type: 'health'; health: FeedHealth }
  | { type: 'acks'; acks: AlarmAck[] };
