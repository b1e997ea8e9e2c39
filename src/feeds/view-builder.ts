import type { FeedName } from '@/domain/common';
import type { FeedItems } from '@/domain/feeds';
import type { CityTime } from '@/domain/city-time';
import type { GeoIndex } from '@/geo/geo-index';
import type { FeedAggregate } from '@/adapters/feed-adapter';
import { FeedTable, tableOf, type TableSpec } from './feed-table';

/**
 * How a feed with an `entityBudget` is read for a view's area, once the whole feed is past it:
 * `aggregate` — the area holds more than the budget, only the source's counts one level down are
 * held; `entities` — the area's own entities, read alone (the counts of the area came first).
 */
export interface FeedCoverage extends FeedAggregate {
  feed: FeedName;
  budget: number;
  mode: 'aggregate' | 'entities';
}

/** What a view knows of one feed it reads. */
export interface FeedFacts {
  /** Content revision of the feed store (grows on every change). */
  revision: number;
  /** Source's version and clock. */
  version: number;
  generatedAt: number;
  /** Items quarantined by the adapter in the last poll that brought data, and since start. */
  droppedLast: number;
  droppedTotal: number;
}

/** The items a view may read: of the area asked for where the view has one, or all of them. */
export interface ViewInput {
  /** Whether the feed is configured (an optional feed may be missing). */
  has(feed: FeedName): boolean;
  /** Items of the feed inside the view's area (`params.area`); all of them without an area. */
  inArea<F extends FeedName>(feed: F): ReadonlyMap<string, FeedItems[F]>;
  /** Every item of the feed, whatever the area. */
  all<F extends FeedName>(feed: F): ReadonlyMap<string, FeedItems[F]>;
  /**
   * Every item of the feed as rows of the scenario's columns (`spec`), kept in step with the
   * feed by the platform: one delta on, only its items' rows are written. Empty for a feed not held.
   */
  table<F extends FeedName, C>(
    feed: F,
    spec: TableSpec<FeedItems[F], C>,
  ): FeedTable<FeedItems[F], C>;
  /** Facts about the feed's data. */
  facts(feed: FeedName): FeedFacts;
  /**
   * What an optional endpoint of the feed's source answered (loaded in `prepare`): its parsed
   * JSON, null when the source does not offer it, undefined when not loaded (or it failed).
   */
  resource(feed: FeedName, path: string, query?: Readonly<Record<string, string>>): unknown;
  /**
   * Null while the feed is read whole (no budget, or the city within it); otherwise how the area
   * is covered. A feed in `aggregate` mode has no items here (`has` is false).
   */
  coverage(feed: FeedName): FeedCoverage | null;
}

/** What `prepare` may load before a build: optional endpoints of a feed's source. */
export interface ViewLoader {
  /**
   * Loads `{feed}/{path}?query` from the feed's source unless a copy younger than `maxAgeMs` is
   * held; a failure keeps the last copy and is not thrown (the view shows what it has).
   */
  load(
    feed: FeedName,
    path: string,
    query: Readonly<Record<string, string>>,
    maxAgeMs: number,
  ): Promise<void>;
  /** The city clock of the request. */
  now: number;
  /** The city's calendar (which day a query's window belongs to). */
  time: CityTime;
}

/** What a view builder knows about the moment it builds for. */
export interface ViewContext {
  /**
   * The city clock for this build (epoch ms): every time-dependent figure of the view is
   * computed against it, and the view carries it as `asOf`.
   */
  now: number;
  /** The city's calendar (its time zone). */
  time: CityTime;
  /** The city's geography (area names, hierarchy, point in district). */
  geo: GeoIndex | null;
  /** A scenario's validated settings (config.json `scenarios.<id>`), as its descriptor parsed them. */
  settings(scenario: string): unknown;
  /**
   * Records a future city time at which a figure of this view changes without new data (a
   * deadline passing, the next minute, midnight). The view is rebuilt once the clock reaches the
   * earliest one; an unchanged poll before then returns the same view.
   */
  changesAt(t: number): void;
}

/**
 * Turns feeds' items into what the page draws for one set of parameters (usually an area). Runs in
 * the worker, once per data revision of the feeds it reads, parameter set and time boundary.
 * Typed arrays listed by `transferables` move to the page without copying.
 */
export interface ViewDefinition<P = unknown, V = unknown> {
  /** Registry key, `<scenario>.<view>`, e.g. `tickets.overview`. */
  id: string;
  /** The feeds it reads. A view is rebuilt when any of them changes. */
  feeds: readonly FeedName[];
  /** Feeds among `feeds` the view builds without (a join that is richer with them). */
  optionalFeeds?: readonly FeedName[];
  /** Loads what building for these parameters needs (the grid, a history series), before `build`. */
  prepare?(params: P, loader: ViewLoader): Promise<void>;
  build(input: ViewInput, params: P, context: ViewContext): V;
  /** Buffers to transfer rather than copy. */
  transferables?(view: V): Transferable[];
}

/** A view definition with its parameter and result types erased, as registries hold them. */
export type AnyViewDefinition = ViewDefinition<never, unknown>;

/** Typed helper for defining a view. */
export const defineView = <P, V>(definition: ViewDefinition<P, V>): ViewDefinition<P, V> =>
  definition;

/** What a view envelope carries besides the view (crosses to the page). */
export interface ViewMeta {
  /** Identifies this build: equal stamps are the same view object. */
  stamp: number;
  /** City time the view was built for. */
  asOf: number;
  /** City time at which a time-dependent figure changes (Infinity when none does). */
  validUntil: number;
}

/** Items by feed, read by the same accessors (for builders called outside the worker: tests). */
export function inputOf(
  items: { [F in FeedName]?: ReadonlyMap<string, FeedItems[F]> | readonly FeedItems[F][] },
  facts: Partial<Record<FeedName, Partial<FeedFacts>>> = {},
): ViewInput {
  const maps = new Map<FeedName, ReadonlyMap<string, unknown>>();
  for (const [feed, value] of Object.entries(items) as [FeedName, unknown][]) {
    if (value instanceof Map) maps.set(feed, value as ReadonlyMap<string, unknown>);
    else
      maps.set(
        feed,
        new Map((value as readonly { id: string }[]).map((item) => [item.id, item] as const)),
      );
  }
  const empty = new Map();
  return {
    has: (feed) => maps.has(feed),
    inArea: <F extends FeedName>(feed: F) =>
      (maps.get(feed) ?? empty) as ReadonlyMap<string, FeedItems[F]>,
    all: <F extends FeedName>(feed: F) =>
      (maps.get(feed) ?? empty) as ReadonlyMap<string, FeedItems[F]>,
    table: <F extends FeedName, C>(feed: F, spec: TableSpec<FeedItems[F], C>) => {
      const held = maps.get(feed) as ReadonlyMap<string, FeedItems[F]> | undefined;
      return held ? tableOf(spec, held.values()) : new FeedTable(spec);
    },
    resource: () => undefined,
    coverage: () => null,
    facts: (feed) => ({
      revision: 1,
      version: 1,
      generatedAt: 0,
      droppedLast: 0,
      droppedTotal: 0,
      ...facts[feed],
    }),
  };
}

/** A context for builders called outside the worker (tests, benchmarks). */
export function contextAt(
  now: number,
  time: CityTime,
  geo: GeoIndex | null = null,
): ViewContext & { boundaries: number[] } {
  const boundaries: number[] = [];
  return {
    now,
    time,
    geo,
    settings: () => undefined,
    boundaries,
    changesAt: (t) => {
      if (t > now) boundaries.push(t);
    },
  };
}
