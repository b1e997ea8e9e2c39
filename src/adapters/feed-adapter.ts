import type { FeedConfig, DisplayProfile } from '@/config/config-schema';
import type { FeedName } from '@/domain/common';
import type { FeedItems } from '@/domain/feeds';
import type { PlaceFn } from './common/placement';
import type { AreaShapes } from './common/area-shapes';

/** Where a feed's source left off: the version and the HTTP validator it sent. */
export interface FeedCursor {
  version: number;
  etag: string | null;
}

/** Why an item was quarantined. */
export interface DroppedItem {
  /** The item's id when it had a readable one. */
  id: string | null;
  /** First validation problem, e.g. `position.1: Too big`. */
  reason: string;
  /** The field it concerns, as a dotted path (`position.1`), or `(item)`. */
  path: string;
  /** The rule it broke (`too_big`, `invalid_type`, `invalid_format` …). */
  rule: string;
}

/**
 * What one fetch returns. Plain JSON-able values only (epoch ms, `[lng, lat]` tuples), so the
 * result crosses thread boundaries and compares cheaply.
 */
export type FeedFetchResult<F extends FeedName = FeedName> =
  /** Nothing changed since the cursor (HTTP 304 or the same version). */
  | { kind: 'unchanged'; cursor: FeedCursor }
  /** The whole feed: replaces what the client had. */
  | {
      kind: 'snapshot';
      cursor: FeedCursor;
      generatedAt: number;
      items: FeedItems[F][];
      dropped: DroppedItem[];
      /** Why a delta was received but discarded (inconsistent), when this snapshot replaced it. */
      discardedDelta?: string;
    }
  /** Changes since the cursor the client sent. */
  | {
      kind: 'delta';
      cursor: FeedCursor;
      generatedAt: number;
      upserts: FeedItems[F][];
      removed: string[];
      dropped: DroppedItem[];
    };

export interface FeedFetchOptions {
  signal: AbortSignal;
  /** The cursor of the data the client holds, or null for a first (full) fetch. */
  since: FeedCursor | null;
  /**
   * The items the client holds at `since`, when they are exactly what the source sent (none
   * quarantined, none rewritten): lets an adapter decode deltas expressed against them.
   */
  base?: DeltaBase | null;
}

/** The items held at a cursor, for deltas that refer to them rather than repeat them. */
export interface DeltaBase {
  readonly items: ReadonlyMap<string, unknown>;
  /** Their ids in UTF-16 code unit order: the same array as long as the set of ids is the same. */
  sortedIds(): readonly string[];
}

/** What the adapter is asked for. */
export interface FeedQuery<F extends FeedName = FeedName> {
  feed: F;
  /** `wall` asks the backend for the projection without personal data. */
  profile: DisplayProfile;
  /**
   * Only the entities of this area (a division code, or an H3 cell at the grid resolution):
   * asked when the whole feed is more than the browser may hold (`entityBudget`). Absent: all.
   */
  area?: string;
}

/** The level an aggregate groups by: the next one down from the area it covers. */
export type AggregateLevel = 'district' | 'street' | 'community' | 'cell';

/** Counts of a feed's entities per area one level down, computed where the data is. */
export interface FeedAggregate {
  /** The area covered (a division code or cell), or null for the whole city. */
  within: string | null;
  level: AggregateLevel;
  /** Entities in `within`, all groups together (some may lie in no group). */
  total: number;
  /** The source's time of the counts, epoch ms. */
  generatedAt: number;
  /** Per division code (or cell) one level down; areas without entities may be left out. */
  groups: { key: string; count: number }[];
}

/** What an aggregate is asked for. */
export interface AggregateQuery {
  within: string | null;
  level: AggregateLevel;
  profile: DisplayProfile;
}

/** The outcome of a health check. */
export interface AdapterCheck {
  ok: boolean;
  message: string;
}

/**
 * A data source for one or more feeds, like a Grafana data source: a plain object with two
 * methods. Adapters validate what they receive (invalid items are dropped and reported, never
 * thrown), know nothing of React, and run inside the feed worker.
 *
 * Errors: a failed request (network, non-2xx other than 304/410, unreadable body) rejects; the
 * caller keeps its last data.
 */
export interface FeedAdapter {
  /** Registry key, e.g. `native-rest`. */
  readonly kind: string;
  /** One poll of a feed. */
  fetch<F extends FeedName>(
    query: FeedQuery<F>,
    options: FeedFetchOptions,
  ): Promise<FeedFetchResult<F>>;
  /** Whether the backend answers at all (for a settings or health screen). */
  check(): Promise<AdapterCheck>;
  /**
   * An optional endpoint of the feed's source beside the feed itself — a history series, one
   * entity's event log (docs/api.md) — as parsed JSON, or null when the source does not offer it.
   * Views validate what they read of it.
   */
  resource?(
    feed: FeedName,
    path: string,
    query: Readonly<Record<string, string>>,
    options: { signal: AbortSignal },
  ): Promise<unknown>;
  /**
   * Counts of the feed's entities in an area, one level down, computed by the source (docs/api.md,
   * "Aggregates"): what a feed past its `entityBudget` shows above the area in view. Null when the
   * source does not offer it; rejects as `fetch` does when it fails.
   */
  aggregate?(
    feed: FeedName,
    query: AggregateQuery,
    options: { signal: AbortSignal },
  ): Promise<FeedAggregate | null>;
}

/** Builds an adapter for one feed's configuration. */
export type FeedAdapterFactory = (config: FeedConfig, env: AdapterEnv) => FeedAdapter;

export interface AdapterEnv {
  /** `fetch`, injectable for tests. */
  fetch: typeof fetch;
  /** Resolves relative base URLs (the app's origin). */
  origin: string;
  /**
   * Places a point in the city's areas: adapters of standards that carry coordinates but no
   * division codes (open311, ngsi-ld, sensorthings) need it; without it their items are
   * quarantined as unplaced. Built with `createPlacer(geo)` (common/placement.ts).
   */
  place?: PlaceFn;
  /** The city's IANA time zone: times a source sends without an offset are read in it. */
  timeZone?: string;
  /**
   * The city's areas for geo-queries (the areas one level down, a ring around each): adapters of
   * standards without division codes count and read one area with them (`aggregate`, `area`).
   */
  areas?: AreaShapes;
}

/**
 * Why a poll failed: the network, an HTTP status, a body that is not JSON, a body that does not
 * follow the contract, a source that refuses us (401/403), one that asks us to wait (429/503
 * with Retry-After), or a feed the configuration does not name.
 */
export type FeedFailure =
  | 'network'
  | 'http'
  | 'parse'
  | 'contract'
  | 'refused'
  | 'throttled'
  | 'timeout'
  | 'unconfigured'
  /** The area holds more entities than the feed's `entityBudget`: only its aggregate is shown. */
  | 'aggregated';

/** A failed poll, with what the UI may say about it. */
export class FeedFetchError extends Error {
  constructor(
    readonly feed: FeedName,
    readonly reason: FeedFailure,
    message: string,
    readonly status?: number,
    /** How long the source asked us to wait before the next request (Retry-After), ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'FeedFetchError';
  }
}

/** Reads a Retry-After header (seconds or an HTTP date) as ms from `now`, capped at an hour. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  return Math.min(ms, 3_600_000);
}

/** The error a non-2xx response stands for. */
export function httpError(feed: FeedName, response: Response): FeedFetchError {
  const { status } = response;
  if (status === 401 || status === 403)
    return new FeedFetchError(feed, 'refused', `HTTP ${status}: the source refuses access`, status);
  if (status === 429 || status === 503)
    return new FeedFetchError(
      feed,
      'throttled',
      `HTTP ${status}`,
      status,
      retryAfterMs(response.headers.get('Retry-After')),
    );
  return new FeedFetchError(feed, 'http', `HTTP ${status}`, status);
}
