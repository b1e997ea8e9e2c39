import { createPlacer } from '@/adapters/common/placement';
import { createAreaShapes } from '@/adapters/common/area-shapes';
import { adapterRegistry } from '@/adapters/registry';
import {
  FeedFetchError,
  type FeedAdapter,
  type FeedAggregate,
  type FeedFetchResult,
} from '@/adapters/feed-adapter';
import type { DisplayProfile, FeedConfig } from '@/config/config-schema';
import { FEED_NAMES, type FeedName, type Placed } from '@/domain/common';
import { cityTimeOf } from '@/domain/city-time';
import type { FeedItems } from '@/domain/feeds';
import type { GeoBundle } from '@/geo/geo-data';
import { createGeoIndex, type GeoIndex } from '@/geo/geo-index';
import {
  ALARMS_VIEW,
  createAlarmBook,
  type AlarmAck,
  type AlarmCondition,
  type AlarmRule,
} from './alarms';
import { indexByArea, updateAreaIndex, type AreaIndex } from './area-filter';
import { FeedTable, type TableSpec } from './feed-table';
import { COVERAGE_VIEW, levelBelow, withinOf } from './coverage';
import { applyFetchResult, createFeedStore, sortedIdsOf, type FeedStore } from './feed-store';
import { createPlacementChecker, type Placement } from './placement-check';
import type { Sanitizers, ScenarioWorker } from './scenario-worker';
import type {
  AnyViewDefinition,
  FeedCoverage,
  FeedFacts,
  ViewContext,
  ViewInput,
  ViewLoader,
} from './view-builder';
import type { FeedHealth, SerializedError, ViewResult } from './worker-protocol';

export type { Sanitizers } from './scenario-worker';

/** A feed that failed this many polls in a row raises the platform's "feed down" alarm. */
export const FEED_DOWN_AFTER_FAILURES = 3;
/** Polls that fail are retried after the poll interval times 2^(failures − 1), at most this many intervals. */
const MAX_BACKOFF_INTERVALS = 4;
const POLL_TIMEOUT_MS = 30_000;
const VIEW_META_LIMIT = 96;

export interface WorkerCoreOptions {
  feeds: Partial<Record<FeedName, FeedConfig>>;
  profile: DisplayProfile;
  origin: string;
  fetch: typeof fetch;
  scenarios: readonly ScenarioWorker[];
  /** IANA time zone of the city. */
  timeZone?: string;
  geo?: GeoBundle | null;
  /** Each scenario's validated settings, by scenario id. */
  settings?: Readonly<Record<string, unknown>>;
  /** Real clock, for poll timing and health (not the city clock, which comes with each request). */
  realNow?: () => number;
  onHealth?: (health: FeedHealth) => void;
}

interface FeedState {
  feed: FeedName;
  /** Unique per state: a state dropped and made again never passes for the old one. */
  serial: number;
  /**
   * `entities`: the feed's items (all of them, or those of `within` when the whole feed is past
   * its `entityBudget`); `aggregate`: the source's counts for `within`, one level down.
   */
  kind: 'entities' | 'aggregate';
  /** The area read (null: the whole city). */
  within: string | null;
  /** The counts held (`aggregate` states): null when the source offers none. */
  counts: FeedAggregate | null | undefined;
  /** When a view last used the state (a tick of `stateTick`): the least recently used go first. */
  used: number;
  config: FeedConfig;
  store: FeedStore;
  /** Items by division code, for the revision it was built at. */
  areaIndex: { revision: number; index: AreaIndex<Placed & { id: string }> } | null;
  /** Scenarios' row tables of the items (`ViewInput.table`), by spec id. */
  tables: Map<string, FeedTable<FeedItems[FeedName], unknown>>;
  adapter: FeedAdapter;
  sanitize: ((item: FeedItems[FeedName]) => FeedItems[FeedName]) | null;
  inFlight: Promise<void> | null;
  lastAttemptAt: number;
  lastSuccessAt: number;
  nextAttemptAt: number;
  failures: number;
  lastError: SerializedError | null;
  /** Items whose codes and position disagree, by id. */
  flags: Map<string, Exclude<Placement, 'ok'>>;
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof FeedFetchError)
    return {
      message: e.message,
      reason: e.reason,
      feed: e.feed,
      ...(e.status !== undefined ? { status: e.status } : {}),
      ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
    };
  if (e instanceof Error && e.name === 'AbortError')
    return { message: 'the source did not answer in time', reason: 'timeout' };
  return { message: e instanceof Error ? e.message : String(e), reason: 'internal' };
}

const errorOf = (e: SerializedError): FeedFetchError =>
  new FeedFetchError(
    e.feed ?? 'tickets',
    e.reason as FeedFetchError['reason'],
    e.message,
    e.status,
    e.retryAfterMs,
  );

const AREA_CODE = /^\d{6}(\d{3}){0,2}$/;
/** Areas read alone, and areas' counts, held at most (least recently used dropped first). */
const SCOPED_ENTITY_LIMIT = 6;
const AGGREGATE_LIMIT = 64;

/** How a view reads one feed: which state, and the coverage when the feed is past its budget. */
interface Resolved {
  /** What the view reads: the feed's entities (all, or the area's), or the area's counts. */
  state: FeedState;
  /** The area's counts, when the feed is past its budget. */
  counts: FeedState | null;
  coverage: FeedCoverage | null;
}

/** JSON with object keys sorted: the same parameters always make the same key. */
export function stableKey(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableKey(v)}`).join(',')}}`;
}

/**
 * The worker's side of the pipeline: polls adapters (one poll in flight per feed, shared by every
 * view), keeps each feed's items, builds views once per data revision of the feeds they read,
 * parameter set and time boundary, and keeps the alarms. Free of Worker APIs so it runs in tests
 * as it is.
 */
export function createWorkerCore(options: WorkerCoreOptions) {
  const realNow = options.realNow ?? Date.now;
  const time = cityTimeOf(options.timeZone);
  const geo: GeoIndex | null = options.geo ? createGeoIndex(options.geo) : null;
  const placementOf = geo ? createPlacementChecker(geo) : null;
  const place = geo ? createPlacer(geo) : undefined;
  const areas = geo ? createAreaShapes(geo) : undefined;
  const states = new Map<FeedName, FeedState>();
  const views = new Map<string, AnyViewDefinition>();
  const rules: AlarmRule[] = [];
  const sanitizers: Sanitizers = {};
  const book = createAlarmBook();
  /** Bumped when a feed starts or stops being down: the alarms view depends on it. */
  let healthEpoch = 0;

  for (const scenario of options.scenarios) {
    for (const view of scenario.views) {
      if (views.has(view.id)) throw new Error(`view ${view.id} is registered twice`);
      views.set(view.id, view);
    }
    for (const [feed, sanitize] of Object.entries(scenario.sanitizers ?? {}) as [
      FeedName,
      Sanitizers[FeedName],
    ][]) {
      if (sanitizers[feed]) throw new Error(`feed ${feed} has two personal-data rules`);
      (sanitizers as Record<FeedName, unknown>)[feed] = sanitize;
    }
    rules.push(...(scenario.alarmRules ?? []));
  }

  let nextSerial = 1;
  let stateTick = 0;
  /** A state reading `within` of the same feed and adapter as `base` (or the feed's first). */
  function makeState(
    base: Pick<FeedState, 'feed' | 'config' | 'adapter' | 'sanitize'>,
    kind: FeedState['kind'],
    within: string | null,
  ): FeedState {
    return {
      ...base,
      serial: nextSerial++,
      kind,
      within,
      counts: undefined,
      used: ++stateTick,
      store: createFeedStore(base.feed),
      areaIndex: null,
      tables: new Map(),
      inFlight: null,
      lastAttemptAt: 0,
      lastSuccessAt: 0,
      nextAttemptAt: 0,
      failures: 0,
      lastError: null,
      flags: new Map(),
    };
  }

  for (const [feed, config] of Object.entries(options.feeds) as [FeedName, FeedConfig][]) {
    const factory = adapterRegistry[config.adapter];
    if (!factory) throw new Error(`no adapter of kind ${config.adapter}`);
    const sanitize = sanitizers[feed] as
      ((item: FeedItems[FeedName], profile: DisplayProfile) => FeedItems[FeedName]) | undefined;
    const base = {
      feed,
      config,
      // Standards adapters read coordinates only: the city's divisions place their items, and
      // times without an offset are read in the city's time zone (docs/adapters.md).
      adapter: factory(config, {
        fetch: options.fetch,
        origin: options.origin,
        place,
        areas,
        timeZone: options.timeZone,
      }),
      sanitize: sanitize ? (item: FeedItems[FeedName]) => sanitize(item, options.profile) : null,
    };
    states.set(feed, makeState(base, 'entities', null));
  }

  /**
   * States of feeds past their budget: `entities|feed|area` (one area's items) and
   * `aggregate|feed|area` (its counts), least recently used first.
   */
  const scoped = new Map<string, FeedState>();
  function scopedState(base: FeedState, kind: FeedState['kind'], within: string | null) {
    const key = `${kind}|${base.feed}|${within ?? ''}`;
    let state = scoped.get(key);
    if (state) scoped.delete(key);
    else state = makeState(base, kind, within);
    state.used = ++stateTick;
    scoped.set(key, state);
    const limit = kind === 'entities' ? SCOPED_ENTITY_LIMIT : AGGREGATE_LIMIT;
    const same = [...scoped].filter(([, s]) => s.kind === kind && !s.inFlight);
    for (const [k] of same.slice(0, Math.max(0, same.length - limit))) scoped.delete(k);
    return state;
  }

  /** The state of each feed whose poll was reported last (an area's, or its counts', past a budget). */
  const reported = new Map<FeedName, FeedState>();

  function health(state: FeedState): FeedHealth {
    const { store } = state;
    let outOfArea = 0;
    let unknownArea = 0;
    const examples: string[] = [];
    for (const [id, flag] of state.flags) {
      if (flag === 'outOfArea') outOfArea += 1;
      else unknownArea += 1;
      if (examples.length < 5) examples.push(id);
    }
    return {
      feed: state.feed,
      lastAttemptAt: state.lastAttemptAt,
      lastSuccessAt: state.lastSuccessAt,
      nextAttemptAt: state.nextAttemptAt,
      failures: state.failures,
      lastError: state.lastError,
      version: store.cursor?.version ?? null,
      generatedAt: store.generatedAt,
      count: state.counts?.total ?? store.items.size,
      droppedLast: store.droppedLast,
      droppedTotal: store.droppedTotal,
      reasons: store.reasons.map((r) => ({ ...r })),
      duplicatesLast: store.duplicatesLast,
      duplicatesTotal: store.duplicatesTotal,
      flagged: { outOfArea, unknownArea, examples },
    };
  }

  /** Re-checks the placement of the items a poll brought. */
  function checkPlacement(state: FeedState, result: FeedFetchResult): void {
    if (!placementOf || result.kind === 'unchanged') return;
    const { flags, store } = state;
    const check = (id: string) => {
      const item = store.items.get(id) as (Placed & { id: string }) | undefined;
      if (!item) return flags.delete(id);
      const placement = placementOf(item);
      if (placement === 'ok') flags.delete(id);
      else flags.set(id, placement);
    };
    if (result.kind === 'snapshot') {
      flags.clear();
      for (const id of store.items.keys()) check(id);
    } else {
      for (const id of result.removed) flags.delete(id);
      for (const item of result.upserts) check(item.id);
    }
  }

  async function poll(state: FeedState): Promise<void> {
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), POLL_TIMEOUT_MS);
    const { store, config } = state;
    state.lastAttemptAt = realNow();
    // Deltas that refer to the items held need them as the source sent them: not when they are
    // rewritten on receipt (personal data) or some are missing (quarantined).
    const base =
      !state.sanitize && store.complete && store.cursor
        ? { items: store.items, sortedIds: () => sortedIdsOf(store) }
        : null;
    const wasDown = state.failures >= FEED_DOWN_AFTER_FAILURES || state.lastSuccessAt === 0;
    try {
      if (state.kind === 'aggregate') {
        const answer =
          (await state.adapter.aggregate?.(
            state.feed,
            { within: state.within, level: levelBelow(state.within), profile: options.profile },
            { signal: controller.signal },
          )) ?? null;
        // Views are rebuilt only when the counts changed.
        if (state.counts === undefined || JSON.stringify(answer) !== JSON.stringify(state.counts)) {
          state.counts = answer;
          store.revision += 1;
          store.generatedAt = answer?.generatedAt ?? 0;
        }
      } else {
        const result = await state.adapter.fetch(
          {
            feed: state.feed,
            profile: options.profile,
            ...(state.within === null ? {} : { area: state.within }),
          },
          { signal: controller.signal, since: store.cursor, base },
        );
        applyFetchResult(store, result, state.sanitize ?? ((item) => item));
        checkPlacement(state, result);
      }
      state.lastSuccessAt = realNow();
      state.lastError = null;
      state.failures = 0;
      state.nextAttemptAt = state.lastSuccessAt + config.pollIntervalMs / 2;
      if (wasDown) healthEpoch += 1;
    } catch (e) {
      state.lastError = { ...serializeError(e), feed: state.feed };
      state.failures += 1;
      const backoff =
        config.pollIntervalMs * Math.min(MAX_BACKOFF_INTERVALS, 2 ** (state.failures - 1));
      state.nextAttemptAt = Math.max(
        state.lastAttemptAt + backoff,
        state.lastAttemptAt + (state.lastError.retryAfterMs ?? 0),
      );
      if (state.failures === FEED_DOWN_AFTER_FAILURES || state.lastSuccessAt === 0)
        healthEpoch += 1;
      throw e;
    } finally {
      clearTimeout(timeout);
      reported.set(state.feed, state);
      options.onHealth?.(health(state));
    }
  }

  /** Polls unless a poll is running (join it) or the next one is not due yet. */
  async function ensureFresh(state: FeedState): Promise<void> {
    if (state.inFlight) return state.inFlight;
    if (realNow() < state.nextAttemptAt) {
      if (state.lastError) throw errorOf(state.lastError);
      return;
    }
    state.inFlight = poll(state).finally(() => {
      state.inFlight = null;
    });
    return state.inFlight;
  }

  function viewOf(id: string): AnyViewDefinition {
    const view = views.get(id);
    if (!view) throw new Error(`no view ${id}`);
    return view;
  }

  /**
   * The items of a feed a view of `params` looks at: only the area's when it is a division code
   * (an index built once per revision), so drilling stays fast however big the city's feed is.
   */
  function itemsFor(state: FeedState, area: unknown): ReadonlyMap<string, FeedItems[FeedName]> {
    const all = state.store.items as ReadonlyMap<string, FeedItems[FeedName]>;
    // An area read alone holds only that area's items.
    if (typeof area !== 'string' || !AREA_CODE.test(area) || state.within === area) return all;
    const { store } = state;
    const held = state.areaIndex;
    if (held?.revision !== store.revision) {
      const change = store.lastChange as {
        revision: number;
        before: (Placed & { id: string })[];
        after: (Placed & { id: string })[];
      } | null;
      // One delta on from the index: only what it changed moves.
      if (held && held.revision === store.revision - 1 && change?.revision === store.revision) {
        updateAreaIndex(held.index, change.before, change.after);
        held.revision = store.revision;
      } else
        state.areaIndex = {
          revision: store.revision,
          index: indexByArea(all.values() as Iterable<Placed & { id: string }>),
        };
    }
    const subset = state.areaIndex!.index.get(area);
    // Unknown to the index (the city's own code, an area without items): look at everything.
    if (!subset) return all;
    return subset as unknown as ReadonlyMap<string, FeedItems[FeedName]>;
  }

  const EMPTY = new Map<string, never>();

  /** The state's table of `spec`, brought to the store's revision (one delta on: its rows only). */
  function tableFor<C>(
    state: FeedState,
    spec: TableSpec<FeedItems[FeedName], C>,
  ): FeedTable<FeedItems[FeedName], C> {
    const { store } = state;
    let table = state.tables.get(spec.id) as FeedTable<FeedItems[FeedName], C> | undefined;
    if (!table) {
      table = new FeedTable(spec);
      state.tables.set(spec.id, table as FeedTable<FeedItems[FeedName], unknown>);
    }
    if (table.revision === store.revision) return table;
    const change = store.lastChange;
    if (table.revision === store.revision - 1 && change?.revision === store.revision)
      table.apply(change.removed, change.after, store.revision);
    else table.rebuild(store.items.values(), store.revision);
    return table;
  }

  /** Optional endpoints' answers by `feed|path|query`, with a version bumped on every new answer. */
  interface Resource {
    value: unknown;
    loadedAt: number;
    version: number;
    inFlight: Promise<void> | null;
    /** When a view last asked for it (a tick of `resourceTick`). */
    used: number;
  }
  const resources = new Map<string, Resource>();
  /**
   * Answers no held view read in its last build are spare: most are keyed by a time that has
   * moved on (the last 24 hours to this hour, readings as of ten minutes ago) and will never be
   * asked for again. The newest few stay for an area the user comes back to; the rest go, so what
   * is held follows what is shown, not how long the page has run.
   */
  const SPARE_RESOURCE_LIMIT = 32;
  const RESOURCE_LIMIT = 256;
  let nextResourceVersion = 1;
  let resourceTick = 0;
  const resourceKey = (
    feed: FeedName,
    path: string,
    query: Readonly<Record<string, string>> = {},
  ) => `${feed}|${path}|${stableKey(query)}`;

  function loaderFor(now: number): ViewLoader {
    return {
      now,
      time,
      async load(feed, path, query, maxAgeMs) {
        const state = states.get(feed);
        if (!state?.adapter.resource) return;
        const key = resourceKey(feed, path, query);
        let held = resources.get(key);
        if (held) held.used = ++resourceTick;
        if (held?.inFlight) return held.inFlight;
        if (held && realNow() - held.loadedAt < maxAgeMs) return;
        if (!held) {
          held = {
            value: undefined,
            loadedAt: 0,
            version: 0,
            inFlight: null,
            used: ++resourceTick,
          };
          resources.set(key, held);
          while (resources.size > RESOURCE_LIMIT)
            resources.delete(resources.keys().next().value as string);
        }
        const entry = held;
        const controller = new AbortController();
        const timeout = setTimeout(() => controller.abort(), POLL_TIMEOUT_MS);
        entry.inFlight = state.adapter
          .resource(feed, path, query, { signal: controller.signal })
          .then((value) => {
            entry.value = value;
            entry.version = nextResourceVersion++;
          })
          .catch(() => {
            // The last copy stays; the view shows what it has.
          })
          .finally(() => {
            clearTimeout(timeout);
            entry.loadedAt = realNow();
            entry.inFlight = null;
          });
        return entry.inFlight;
      },
    };
  }

  function inputFor(
    params: unknown,
    resolved: ReadonlyMap<FeedName, Resolved>,
    reads?: Map<string, number>,
  ): ViewInput {
    const area = (params as { area?: unknown } | null)?.area;
    const cache = new Map<FeedName, ReadonlyMap<string, unknown>>();
    const live = (feed: FeedName) => {
      const state = resolved.get(feed)?.state;
      return state && state.kind === 'entities' && state.store.revision > 0 ? state : null;
    };
    return {
      has: (feed) => live(feed) !== null,
      inArea: <F extends FeedName>(feed: F) => {
        const state = live(feed);
        if (!state) return EMPTY as ReadonlyMap<string, FeedItems[F]>;
        let items = cache.get(feed);
        if (!items) cache.set(feed, (items = itemsFor(state, area)));
        return items as ReadonlyMap<string, FeedItems[F]>;
      },
      all: <F extends FeedName>(feed: F) =>
        (live(feed)?.store.items ?? EMPTY) as unknown as ReadonlyMap<string, FeedItems[F]>,
      table: <F extends FeedName, C>(feed: F, spec: TableSpec<FeedItems[F], C>) => {
        const state = live(feed);
        if (!state) return new FeedTable(spec);
        return tableFor(
          state,
          spec as unknown as TableSpec<FeedItems[FeedName], C>,
        ) as unknown as FeedTable<FeedItems[F], C>;
      },
      resource: (feed, path, query = {}) => {
        const key = resourceKey(feed, path, query);
        const held = resources.get(key);
        reads?.set(key, held?.version ?? 0);
        if (held) held.used = ++resourceTick;
        return held?.value;
      },
      coverage: (feed) => resolved.get(feed)?.coverage ?? null,
      facts: (feed): FeedFacts => {
        const store = resolved.get(feed)?.state.store;
        return {
          revision: store?.revision ?? 0,
          version: store?.cursor?.version ?? 0,
          generatedAt: store?.generatedAt ?? 0,
          droppedLast: store?.droppedLast ?? 0,
          droppedTotal: store?.droppedTotal ?? 0,
        };
      },
    };
  }

  // The platform's alarms view: every configured feed is optional to it.
  const alarmsView: AnyViewDefinition = {
    id: ALARMS_VIEW,
    feeds: FEED_NAMES,
    optionalFeeds: FEED_NAMES,
    // What the rules read besides the feeds (an optional endpoint, a module), loaded as views do.
    prepare: async (_params, loader) => {
      await Promise.all(
        rules.map((rule) =>
          // One rule's failure must not keep every other alarm from being evaluated.
          rule.feeds.every((feed) => states.has(feed))
            ? rule.prepare?.(loader).catch(() => undefined)
            : undefined,
        ),
      );
    },
    build(input, _params, context) {
      const entries: { rule: string; condition: AlarmCondition }[] = [];
      for (const rule of rules) {
        if (!rule.feeds.every((feed) => input.has(feed))) continue;
        for (const condition of rule.evaluate(input, context))
          entries.push({ rule: rule.id, condition });
      }
      for (const state of states.values()) {
        const down =
          state.failures >= FEED_DOWN_AFTER_FAILURES ||
          (state.lastSuccessAt === 0 && state.failures > 0);
        if (!down) continue;
        entries.push({
          rule: 'platform.feed-down',
          condition: {
            place: state.feed,
            severity: 'major',
            area: null,
            position: null,
            feed: state.feed,
            entity: null,
            magnitude: state.failures,
            message: {
              key: 'alarms.rules.feedDown',
              params: { feed: state.feed, reason: state.lastError?.message ?? '' },
            },
          },
        });
      }
      return { alarms: book.update(entries, context.now) };
    },
  };
  views.set(ALARMS_VIEW, alarmsView);
  // The platform's coverage view: how each feed past its budget covers the area asked for.
  views.set(COVERAGE_VIEW, {
    id: COVERAGE_VIEW,
    feeds: FEED_NAMES,
    optionalFeeds: FEED_NAMES,
    build: (input) => ({
      feeds: FEED_NAMES.map((feed) => input.coverage(feed)).filter(
        (c): c is FeedCoverage => c !== null,
      ),
    }),
  });

  /** Polls an aggregate state; a failure with counts held keeps them (the view shows their age). */
  async function counted(state: FeedState): Promise<FeedState> {
    try {
      await ensureFresh(state);
    } catch (e) {
      if (state.counts === undefined) throw e;
    }
    return state;
  }

  /**
   * How a view of `area` reads a feed. Without a budget, at a source without aggregates, or while
   * the whole city is within the budget, the feed is read whole, as always. Past it, the area's
   * counts come first: an area within the budget is then read alone, one above it is shown by its
   * counts only (docs/config.md, "Cities too big for a browser").
   */
  async function resolve(feed: FeedName, area: unknown): Promise<Resolved> {
    const base = states.get(feed)!;
    const budget = base.config.entityBudget;
    const whole = { state: base, counts: null, coverage: null };
    if (budget === undefined || !base.adapter.aggregate) return whole;
    const city = await counted(scopedState(base, 'aggregate', null));
    if (!city.counts || city.counts.total <= budget) return whole;
    const within = withinOf(area);
    const counts = within === null ? city : await counted(scopedState(base, 'aggregate', within));
    // A source that counts the city but not this area: nothing is known of it but the city's size.
    const answer = counts.counts ?? {
      within,
      level: levelBelow(within),
      total: city.counts.total,
      generatedAt: city.counts.generatedAt,
      groups: [],
    };
    if (answer.total > budget)
      return { state: counts, counts, coverage: { ...answer, feed, budget, mode: 'aggregate' } };
    return {
      state: scopedState(base, 'entities', within),
      counts,
      coverage: { ...answer, feed, budget, mode: 'entities' },
    };
  }
  const extraRevision = (viewId: string): string =>
    viewId === ALARMS_VIEW ? `${book.revision}:${healthEpoch}` : '';

  interface ViewMetaEntry {
    stamp: number;
    revisions: string;
    validUntil: number;
    /** The resources the build read, at the versions it read. */
    reads: Map<string, number>;
  }
  const readsCurrent = (reads: Map<string, number>) => {
    for (const [key, version] of reads)
      if ((resources.get(key)?.version ?? 0) !== version) return false;
    return true;
  };
  const metas = new Map<string, ViewMetaEntry>();
  let nextStamp = 1;

  function build(
    definition: AnyViewDefinition,
    key: string,
    params: unknown,
    feeds: readonly FeedName[],
    resolved: ReadonlyMap<FeedName, Resolved>,
    now: number,
  ): ViewResult {
    let validUntil = Infinity;
    const context: ViewContext = {
      now,
      time,
      geo,
      settings: (scenario) => options.settings?.[scenario],
      changesAt: (t) => {
        if (t > now && t < validUntil) validUntil = t;
      },
    };
    const reads = new Map<string, number>();
    const started = performance.now();
    const view = definition.build(inputFor(params, resolved, reads), params as never, context);
    const buildMs = performance.now() - started;
    const stamp = nextStamp++;
    metas.delete(key);
    metas.set(key, {
      stamp,
      revisions: revisionsOf(definition, feeds, resolved),
      validUntil,
      reads,
    });
    while (metas.size > VIEW_META_LIMIT) metas.delete(metas.keys().next().value as string);
    dropSpareResources();
    return { kind: 'view', stamp, asOf: now, validUntil, buildMs, view };
  }

  /** Drops all but the most recently used spare answers (not read by any held view, not loading). */
  function dropSpareResources() {
    const live = new Set<string>();
    for (const meta of metas.values()) for (const key of meta.reads.keys()) live.add(key);
    const spare = [...resources].filter(([key, r]) => !live.has(key) && !r.inFlight);
    if (spare.length <= SPARE_RESOURCE_LIMIT) return;
    spare.sort((a, b) => a[1].used - b[1].used);
    for (const [key] of spare.slice(0, spare.length - SPARE_RESOURCE_LIMIT)) resources.delete(key);
  }

  const stateRevision = (state: FeedState | null | undefined) =>
    state ? `${state.serial}.${state.store.revision}` : '-';
  const revisionsOf = (
    definition: AnyViewDefinition,
    feeds: readonly FeedName[],
    resolved: ReadonlyMap<FeedName, Resolved>,
  ) =>
    `${feeds
      .map((f) => {
        const r = resolved.get(f);
        return r?.counts && r.counts !== r.state
          ? `${stateRevision(r.state)}/${stateRevision(r.counts)}`
          : stateRevision(r?.state);
      })
      .join(',')}|${extraRevision(definition.id)}`;

  return {
    /**
     * A view of `params` at city time `now`: the same view (`unchanged`) while the data of every
     * feed it reads and its time boundary hold, a new one otherwise.
     */
    async view(
      viewId: string,
      params: unknown,
      haveStamp: number,
      now: number,
    ): Promise<ViewResult> {
      const definition = viewOf(viewId);
      const optional = new Set(definition.optionalFeeds ?? []);
      for (const feed of definition.feeds)
        if (!optional.has(feed) && !states.has(feed))
          throw new FeedFetchError(feed, 'unconfigured', `feed ${feed} is not configured`);
      const coverageOnly = viewId === COVERAGE_VIEW;
      const configured = definition.feeds.filter(
        (feed) => states.has(feed) && (!coverageOnly || states.get(feed)!.config.entityBudget),
      );
      // Which state each feed is read from for this area (feeds past their budget).
      const area = (params as { area?: unknown } | null)?.area;
      const resolved = new Map<FeedName, Resolved>();
      const outcomes = await Promise.allSettled(configured.map((feed) => resolve(feed, area)));
      outcomes.forEach((outcome, i) => {
        const feed = configured[i]!;
        if (outcome.status === 'rejected') {
          if (!optional.has(feed)) throw outcome.reason;
          return;
        }
        const { coverage } = outcome.value;
        if (coverage?.mode === 'aggregate' && !optional.has(feed))
          throw new FeedFetchError(
            feed,
            'aggregated',
            `${coverage.total} entities in this area, more than the ${coverage.budget} a screen holds`,
          );
        // The coverage view reads counts only: it never polls an area's entities.
        resolved.set(
          feed,
          coverageOnly && outcome.value.counts
            ? { ...outcome.value, state: outcome.value.counts }
            : outcome.value,
        );
      });
      const feeds = configured.filter((feed) => resolved.has(feed));
      await definition.prepare?.(params as never, loaderFor(now));
      const key = `${viewId}|${stableKey(params)}`;
      const hasData = (feed: FeedName) => (resolved.get(feed)?.state.store.revision ?? 0) > 0;
      // A view the page does not have yet (a new area) is built from the data held now, without
      // waiting for a poll: drilling is instant. Its freshness is the feeds' own.
      const instant = haveStamp === -1 && feeds.length > 0 && feeds.every(hasData);
      if (!instant) {
        const settled = await Promise.allSettled(
          feeds.map((feed) => ensureFresh(resolved.get(feed)!.state)),
        );
        settled.forEach((outcome, i) => {
          const feed = feeds[i]!;
          // Data first: a failed poll keeps the last data; only a feed that never had any fails the view.
          if (outcome.status === 'rejected' && !optional.has(feed) && !hasData(feed))
            throw outcome.reason;
        });
      }
      const meta = metas.get(key);
      if (
        meta &&
        meta.stamp === haveStamp &&
        meta.revisions === revisionsOf(definition, feeds, resolved) &&
        now < meta.validUntil &&
        readsCurrent(meta.reads)
      )
        return { kind: 'unchanged', stamp: haveStamp };
      return build(definition, key, params, feeds, resolved, now);
    },
    /** One item as the page may see it (already sanitised for the profile). */
    detail(feed: FeedName, id: string): unknown {
      const state = states.get(feed);
      if (!state) throw new FeedFetchError(feed, 'unconfigured', `feed ${feed} is not configured`);
      const held = state.store.items.get(id);
      if (held) return held;
      // A feed past its budget holds its items in the areas read alone.
      for (const s of scoped.values()) {
        const item = s.feed === feed && s.kind === 'entities' ? s.store.items.get(id) : undefined;
        if (item) return item;
      }
      return null;
    },
    transferables(viewId: string, view: unknown): Transferable[] {
      return views.get(viewId)?.transferables?.(view as never) ?? [];
    },
    health(feed: FeedName): FeedHealth {
      const state = states.get(feed);
      if (!state) throw new FeedFetchError(feed, 'unconfigured', `feed ${feed} is not configured`);
      return health(reported.get(feed) ?? state);
    },
    /** Records an acknowledgement; returns whether it was news. */
    acknowledge(ack: AlarmAck): boolean {
      return book.acknowledge(ack);
    },
    acks: () => book.acks(),
    /** How many optional endpoints' answers are held (the watchdog's sample, tests). */
    heldResources: () => resources.size,
  };
}
export type WorkerCore = ReturnType<typeof createWorkerCore>;
