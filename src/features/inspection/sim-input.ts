// Test and benchmark support: a view input over the simulated city's feeds and endpoints, as the
// feed worker would hold them at `t` (facts, area subsets, resources by query).
import type { FeedName } from '@/domain/common';
import type { FeedItems } from '@/domain/feeds';
import { indexByArea } from '@/feeds/area-filter';
import type { ViewInput, ViewLoader } from '@/feeds/view-builder';
import { tableOf, type TableSpec } from '@/feeds/feed-table';
import { cityTimeOf } from '@/domain/city-time';
import type { SimCity } from '../../../mocks/sim/types';

export interface SimInput extends ViewInput {
  /** Loads what a view's `prepare` asks for, from the city's endpoints. */
  loader: ViewLoader;
}

export function simInput(
  city: SimCity,
  t: number,
  feeds: readonly FeedName[] = ['detections', 'tickets'],
  revision = 1,
): SimInput {
  const items = new Map<FeedName, Map<string, { id: string }>>();
  for (const feed of feeds)
    items.set(feed, new Map(city.snapshot(feed, t).map((x) => [x.id, x] as const)));
  const resources = new Map<string, unknown>();
  const key = (feed: string, path: string, query: Readonly<Record<string, string>> = {}) =>
    `${feed}|${path}|${JSON.stringify(Object.entries(query).sort())}`;
  const empty = new Map();
  return {
    has: (feed) => items.has(feed),
    all: <F extends FeedName>(feed: F) =>
      (items.get(feed) ?? empty) as unknown as ReadonlyMap<string, FeedItems[F]>,
    inArea: <F extends FeedName>(feed: F) => {
      const all = items.get(feed) ?? empty;
      return all as unknown as ReadonlyMap<string, FeedItems[F]>;
    },
    table: <F extends FeedName, C>(feed: F, spec: TableSpec<FeedItems[F], C>) =>
      tableOf(spec, (items.get(feed)?.values() ?? []) as Iterable<FeedItems[F]>),
    facts: () => ({ revision, version: revision, generatedAt: t, droppedLast: 0, droppedTotal: 0 }),
    resource: (feed, path, query) => resources.get(key(feed, path, query)),
    coverage: () => null,
    loader: {
      now: t,
      time: cityTimeOf('Asia/Shanghai'),
      async load(feed, path, query) {
        const answer = city.endpoints?.[feed]?.(path, new URLSearchParams(query), t) ?? null;
        resources.set(key(feed, path, query), answer && answer.status === 200 ? answer.body : null);
      },
    },
  } as SimInput;
}

/** The same input narrowed to an area's items, as the worker core's `inArea` does. */
export function inAreaOf(input: SimInput, area: string | null): SimInput {
  if (!area || !/^\d{6}(\d{3}){0,2}$/.test(area) || /^\d{4}00$/.test(area)) return input;
  const cache = new Map<FeedName, ReadonlyMap<string, unknown>>();
  return {
    ...input,
    inArea: <F extends FeedName>(feed: F) => {
      let map = cache.get(feed);
      if (!map) {
        const index = indexByArea(
          input.all(feed).values() as Iterable<FeedItems[F] & { position: [number, number] }>,
        );
        map = index.get(area) ?? new Map<string, FeedItems[F]>();
        cache.set(feed, map);
      }
      return map as ReadonlyMap<string, FeedItems[F]>;
    },
  };
}

/**
 * The same data without the simulated city behind it (its caches are let go, as in the feed
 * worker, which holds only the items): for measurements. Resources loaded so far are kept.
 */
export function detached(
  input: SimInput,
  feeds: readonly FeedName[],
  queries: [string, Record<string, string>][],
): ViewInput {
  const items = new Map(feeds.map((f) => [f, new Map(input.all(f))] as const));
  const resources = new Map(
    queries.map(
      ([path, query]) =>
        [`${path}|${JSON.stringify(query)}`, input.resource('detections', path, query)] as const,
    ),
  );
  const empty = new Map();
  const revisions = new Map<FeedName, number>(feeds.map((f) => [f, 1]));
  // Copied, not referred to: the source input's closures hold the simulated city.
  const facts = new Map(feeds.map((f) => [f, { ...input.facts(f) }] as const));
  return {
    has: (feed) => items.has(feed),
    all: <F extends FeedName>(feed: F) =>
      (items.get(feed) ?? empty) as unknown as ReadonlyMap<string, FeedItems[F]>,
    inArea: <F extends FeedName>(feed: F) =>
      (items.get(feed) ?? empty) as unknown as ReadonlyMap<string, FeedItems[F]>,
    table: <F extends FeedName, C>(feed: F, spec: TableSpec<FeedItems[F], C>) =>
      tableOf(spec, (items.get(feed)?.values() ?? []) as Iterable<FeedItems[F]>),
    facts: (feed) => ({ ...facts.get(feed)!, revision: revisions.get(feed) ?? 0 }),
    resource: (_feed, path, query = {}) => resources.get(`${path}|${JSON.stringify(query)}`),
    coverage: () => null,
    /** Stands for a poll of the feed that brought new data. */
    bump: (feed: FeedName) => revisions.set(feed, (revisions.get(feed) ?? 0) + 1),
  } as ViewInput & { bump(feed: FeedName): void };
}
