import type { DisplayProfile, FeedConfig } from '@/config/config-schema';
import type { FeedName } from '@/domain/common';

export interface WorkerInit {
  type: 'init';
  feeds: Partial<Record<FeedName, FeedConfig>>;
  profile: DisplayProfile;
  origin: string;
}

export interface ViewRequest {
  type: 'view';
  requestId: number;
  feed: FeedName;
  view: string;
  params: unknown;
  /** Revision of the view the page already holds for these parameters, or -1. */
  haveRevision: number;
  /** Poll the source only if the last poll is older than this. */
  maxAgeMs: number;
}

export interface DetailRequest {
  type: 'detail';
  requestId: number;
  feed: FeedName;
  id: string;
}

export type WorkerRequest = WorkerInit | ViewRequest | DetailRequest;

export interface SerializedError {
  message: string;
  reason: string;
  status?: number;
}

export type ViewResult =
  | { kind: 'unchanged'; revision: number }
  /**
   * `degradedSince`: the view was built without a poll of its own (a new area, or the last poll
   * failed); it carries when its data was last confirmed, and the page ages it from then.
   */
  | { kind: 'view'; revision: number; view: unknown; degradedSince: number | null };

export type WorkerResponse =
  | { requestId: number; ok: true; result: ViewResult | unknown }
  | { requestId: number; ok: false; error: SerializedError };
