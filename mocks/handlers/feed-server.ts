import {
  encodeColumnarDelta,
  encoderBase,
  type DeltaHead,
  type EncoderBase,
  type FeedItemJson,
} from '../../src/adapters/native-rest/columnar-encode';
import { FEED_NAMES, type FeedName } from '../../src/domain/common';
import type { FeedItems } from '../../src/domain/feeds';
import type { Ticket } from '../../src/domain/ticket';
import { GRID_RESOLUTION } from '../../src/geo/grid';
import type { IncidentKind, IncidentSpec, SimCity } from '../sim/types';
import type { SeriesLevel, SeriesMetric, SignalData } from '../sim/signals';
import {
  emptyFaultState,
  findFault,
  targetFeeds,
  withFault,
  type Fault,
  type FaultAssignment,
  type FaultKind,
  type FaultState,
  type FaultTarget,
} from './faults';
import type { SimClock } from './sim-clock';

/**
 * Sim ms per version. At ×1 a client polling every 5 s sees a new version on every poll; at ×60
 * each poll spans about 60 versions.
 */
export const DEFAULT_TICK_MS = 5000;
/** Deltas are served from at least this many versions back … */
export const DEFAULT_RETAIN_VERSIONS = 120;
/** … or from as far back as this much real time covers at the current speed, whichever is more. */
export const DEFAULT_RETAIN_REAL_MS = 60_000;

export type FeedView = 'desktop' | 'wall';

/** An area of `area=` and `within=`: a division code (6, 9 or 12 digits) or an H3 cell. */
const AREA = /^(\d{6}(\d{3}){0,2}|8[0-9a-f]{14})$/;

/** The H3 cell of a place (h3-js loaded on first use: only grid-level questions need it). */
async function cellOf(): Promise<(place: Place) => string> {
  const { latLngToCell } = await import('h3-js');
  return (place) => latLngToCell(place.position[1], place.position[0], GRID_RESOLUTION);
}

const placeOf = ({ district, street, community, position }: Item): Place => ({
  district,
  street,
  community,
  position,
});

/** Whether a place lies in an area: a city code (all), district, street, community or cell. */
async function areaTest(area: string): Promise<(place: Place) => boolean> {
  if (/^\d{4}00$/.test(area)) return () => true;
  if (area.length === 6) return (p) => p.district === area;
  if (area.length === 9) return (p) => p.street === area;
  if (area.length === 12) return (p) => p.community === area;
  const cell = await cellOf();
  return (p) => cell(p) === area;
}

export interface FeedRequest {
  /**
   * The path after the base URL: a feed name, or `signals/series` and `signals/{id}/events` (the
   * optional signal endpoints, docs/api.md); anything else is a 404.
   */
  feed: string;
  params: URLSearchParams;
  headers: { ifNoneMatch?: string | null };
  /** GET by default; `alarm-acks` also takes POST with a JSON body. */
  method?: string;
  body?: string;
}

export interface FeedResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

export type WallProjection = (ticket: Ticket) => Omit<Ticket, 'reporter' | 'address'>;

export interface FeedServerOptions {
  city: SimCity;
  clock: Pick<SimClock, 'now' | 'speed'>;
  tickMs?: number;
  retainVersions?: number;
  retainRealMs?: number;
  /** Cached computed snapshots (feed × version × view). */
  cacheSize?: number;
  /** The sim's own wall projection; the server strips the personal fields again after it. */
  toWall?: WallProjection;
  /** How a `slow` fault waits. Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
  faults?: readonly FaultAssignment[];
  /**
   * What answers the signal endpoints (default: the city's `signalData`, when it has one).
   * Without it they answer 404.
   */
  signals?: SignalData;
}

export interface FeedServer {
  readonly city: SimCity;
  readonly tickMs: number;
  handle(request: FeedRequest): Promise<FeedResponse>;
  /** Current version (the same for every feed): floor(sim now / tickMs). */
  version(): number;
  /** A copy of the active faults per feed. */
  readonly faults: FaultState;
  /** Adds a fault (replacing one of the same kind); `null` clears every fault of the target. */
  setFault(target: FaultTarget, fault: Fault | null): void;
  clearFault(target: FaultTarget, kind: FaultKind): void;
  /** Starts an incident at the next version, so versions already served keep their content. */
  trigger(kind: IncidentKind, place: string): IncidentSpec;
}

type Item = FeedItems[FeedName];

/** Where an item lies: its division codes and position (for `area=` and aggregates). */
interface Place {
  district: string;
  street: string;
  community: string;
  position: readonly [number, number];
}

interface Computed {
  ids: string[];
  json: string[];
  places: Place[];
  byId?: Map<string, string>;
  /** The ids in the order of columnar deltas from this version, built when first asked for. */
  columnarBase?: EncoderBase;
}

export function createFeedServer(options: FeedServerOptions): FeedServer {
  const { city, clock } = options;
  const tickMs = options.tickMs ?? DEFAULT_TICK_MS;
  const retainVersions = options.retainVersions ?? DEFAULT_RETAIN_VERSIONS;
  const retainRealMs = options.retainRealMs ?? DEFAULT_RETAIN_REAL_MS;
  const cacheSize = options.cacheSize ?? 32;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  if (!(Number.isInteger(tickMs) && tickMs > 0)) throw new RangeError('tickMs must be > 0');

  let faults = emptyFaultState();
  // A client whose base version was served under other item faults must take a full snapshot.
  const itemsChangedAt: Record<FeedName, number> = {
    tickets: -1,
    signals: -1,
    sensors: -1,
    detections: -1,
  };
  const cache = new Map<string, Computed>();
  /** Aggregate answers by feed, version, area and level. */
  const aggregates = new Map<string, string>();

  const version = (): number => Math.floor(clock.now() / tickMs);

  const project = (feed: FeedName, view: FeedView, items: readonly Item[]): readonly Item[] => {
    if (view !== 'wall' || feed !== 'tickets') return items;
    return (items as readonly Ticket[]).map((ticket) =>
      stripPersonal<Ticket>(options.toWall?.(ticket) ?? ticket),
    );
  };

  /** The entities of one area (`area=`): a division code or an H3 cell. */
  const computedIn = async (
    feed: FeedName,
    v: number,
    view: FeedView,
    area: string | null,
  ): Promise<Computed> => {
    if (area === null) return computed(feed, v, view);
    const key = `${feed}|${v}|${view}|${area}`;
    const hit = cache.get(key);
    if (hit) return hit;
    // From the city's items, not the whole feed's JSON: a city too big for a browser is too big
    // to serialise whole for each area asked for.
    const inside = await areaTest(area);
    const items = project(
      feed,
      view,
      city.snapshot(feed, v * tickMs).filter((item) => inside(item)),
    );
    const entry: Computed = {
      ids: items.map((item) => item.id),
      json: items.map((item) => JSON.stringify(item)),
      places: items.map(placeOf),
    };
    cache.set(key, entry);
    while (cache.size > cacheSize) cache.delete(cache.keys().next().value as string);
    return entry;
  };

  const computed = (feed: FeedName, v: number, view: FeedView): Computed => {
    const key = `${feed}|${v}|${view}`;
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const items = project(feed, view, city.snapshot(feed, v * tickMs));
    const entry: Computed = {
      ids: items.map((item) => item.id),
      json: items.map((item) => JSON.stringify(item)),
      places: items.map(placeOf),
    };
    cache.set(key, entry);
    while (cache.size > cacheSize) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
    return entry;
  };

  /** Per feed, the version a `freeze` fault holds it at. */
  const frozenAt: Partial<Record<FeedName, number>> = {};
  const setFaults = (target: FaultTarget, update: (list: readonly Fault[]) => Fault[]): void => {
    const next = { ...faults };
    for (const feed of targetFeeds(target)) {
      next[feed] = update(faults[feed]);
      const freezing = findFault(next[feed], 'freeze') !== undefined;
      if (freezing && frozenAt[feed] === undefined) frozenAt[feed] = version();
      if (!freezing) delete frozenAt[feed];
      if (itemsKey(next[feed]) !== itemsKey(faults[feed])) itemsChangedAt[feed] = version();
    }
    faults = next;
  };

  for (const { target, fault } of options.faults ?? [])
    setFaults(target, (list) => withFault(list, fault));

  const signalData =
    options.signals ?? (city as SimCity & { readonly signalData?: SignalData }).signalData;

  /** Alarm acknowledgements shared between the clients of this server (docs/api.md, optional). */
  const acks: { key: string; firstAt: number; at: number; by: string }[] = [];
  const MAX_ACKS = 1000;
  function alarmAcks(request: FeedRequest): FeedResponse {
    if ((request.method ?? 'GET') === 'POST') {
      let ack: unknown;
      try {
        ack = JSON.parse(request.body ?? '');
      } catch {
        return error(400, 'bad_body', 'the body is not JSON');
      }
      const a = ack as Partial<(typeof acks)[number]> | null;
      if (
        !a ||
        typeof a.key !== 'string' ||
        a.key.length > 200 ||
        typeof a.firstAt !== 'number' ||
        typeof a.at !== 'number' ||
        typeof a.by !== 'string' ||
        a.by.length > 80
      )
        return error(400, 'bad_ack', 'an acknowledgement is {key, firstAt, at, by}');
      acks.push({ key: a.key, firstAt: a.firstAt, at: a.at, by: a.by });
      if (acks.length > MAX_ACKS) acks.splice(0, acks.length - MAX_ACKS);
      return { status: 204, headers: { 'Cache-Control': 'no-cache' } };
    }
    const since = epochParam(request.params.get('since')) ?? 0;
    return {
      status: 200,
      headers: { ...JSON_HEADERS },
      body: JSON.stringify({ acks: acks.filter((a) => a.at > since) }),
    };
  }

  async function handle(request: FeedRequest): Promise<FeedResponse> {
    if (request.feed === 'alarm-acks') return alarmAcks(request);
    if ((request.method ?? 'GET') !== 'GET' && request.method !== 'HEAD')
      return error(405, 'method_not_allowed', 'feeds are read-only');
    if (request.feed.endsWith('/aggregate')) return aggregateEndpoint(request);
    if (request.feed.startsWith('signals/')) return signalEndpoint(request);
    const slash = request.feed.indexOf('/');
    if (slash > 0)
      return cityEndpoint(request, request.feed.slice(0, slash), request.feed.slice(slash + 1));
    if (!isFeedName(request.feed)) {
      return error(
        404,
        'unknown_feed',
        `no feed "${request.feed}"; feeds: ${FEED_NAMES.join(', ')}`,
      );
    }
    const feed = request.feed;
    const active = faults[feed];
    const slow = findFault(active, 'slow');
    if (slow) await sleep(slow.ms);
    if (findFault(active, 'down'))
      return error(503, 'unavailable', `${feed} is down (injected fault)`);

    const viewParam = request.params.get('view');
    if (viewParam !== null && viewParam !== 'wall' && viewParam !== 'desktop') {
      return error(400, 'bad_view', `view must be "wall" or "desktop", got "${viewParam}"`);
    }
    const view: FeedView = viewParam === 'wall' ? 'wall' : 'desktop';
    const sinceParam = request.params.get('since');
    if (sinceParam !== null && !/^\d{1,15}$/.test(sinceParam)) {
      return error(400, 'bad_since', `since must be a version number, got "${sinceParam}"`);
    }

    const area = request.params.get('area');
    if (area !== null && !AREA.test(area))
      return error(400, 'bad_area', 'area must be a division code or an H3 cell');

    const current = frozenAt[feed] ?? version();
    const etag = `"${feed}-${city.options.seed}-${current}-${view}${area ? `-${area}` : ''}${faultSalt(active)}"`;
    const okHeaders = { ...JSON_HEADERS, ETag: etag };
    if (etagMatches(request.headers.ifNoneMatch, etag)) {
      return { status: 304, headers: { ETag: etag, 'Cache-Control': 'no-cache' } };
    }

    const invalid = findFault(active, 'invalid');
    const empty = findFault(active, 'empty') !== undefined;
    // Faults that rewrite whole snapshots: deltas are refused so the client takes one.
    const rewritten = active.some((f) => REWRITING.has(f.kind));
    const generatedAt = current * tickMs + (findFault(active, 'skew')?.ms ?? 0);
    if (findFault(active, 'garbage'))
      return { status: 200, headers: okHeaders, body: garbage(feed, current) };

    try {
      if (sinceParam === null) {
        const now = await computedIn(feed, current, view, area);
        let items = empty ? [] : invalid ? corrupt(now.json, invalid.percent) : now.json;
        if (rewritten) items = rewrite(items, active);
        const body = `{"feed":"${feed}","version":${current},"generatedAt":${generatedAt},"items":[${items.join(',')}]}`;
        return { status: 200, headers: okHeaders, body };
      }

      const since = Number(sinceParam);
      const oldest =
        current - Math.max(retainVersions, Math.ceil((clock.speed * retainRealMs) / tickMs));
      if (since > current)
        return gone(since, current, `version ${since} is newer than the current one`);
      if (since < oldest)
        return gone(since, current, `version ${since} is older than the oldest kept (${oldest})`);
      if (since <= itemsChangedAt[feed])
        return gone(since, current, 'injected faults changed; take a snapshot');
      if (rewritten && since !== current)
        return gone(since, current, 'items rewritten by an injected fault; take a snapshot');

      // `delta=columns`: the columnar form, unless items are corrupted on purpose (the plain form
      // carries those; a client that quarantined items does not hold the base anyway).
      if (request.params.get('delta') === 'columns' && !empty && !invalid && since !== current) {
        const head = { feed, version: current, since, generatedAt };
        const body = columnarDelta(
          head,
          await computedIn(feed, since, view, area),
          await computedIn(feed, current, view, area),
        );
        return { status: 200, headers: okHeaders, body };
      }
      let upserts: string[] = [];
      let removed: string[] = [];
      if (!empty && since !== current) {
        ({ upserts, removed } = diff(
          await computedIn(feed, since, view, area),
          await computedIn(feed, current, view, area),
        ));
        if (invalid) upserts = corrupt(upserts, invalid.percent);
      }
      const body =
        `{"feed":"${feed}","version":${current},"since":${since},"generatedAt":${generatedAt},` +
        `"upserts":[${upserts.join(',')}],"removed":${JSON.stringify(removed)}}`;
      return { status: 200, headers: okHeaders, body };
    } catch (cause) {
      return error(500, 'internal', cause instanceof Error ? cause.message : String(cause));
    }
  }

  /**
   * `{feed}/aggregate?within=&level=`: counts per area one level down (docs/api.md, "Aggregates"),
   * under the feed's faults.
   */
  async function aggregateEndpoint(request: FeedRequest): Promise<FeedResponse> {
    const feed = request.feed.slice(0, -'/aggregate'.length);
    if (!isFeedName(feed)) return error(404, 'unknown_feed', `no feed "${feed.slice(0, 64)}"`);
    const active = faults[feed];
    const slow = findFault(active, 'slow');
    if (slow) await sleep(slow.ms);
    if (findFault(active, 'down'))
      return error(503, 'unavailable', `${feed} is down (injected fault)`);
    const withinParam = request.params.get('within') ?? 'city';
    const within = withinParam === 'city' ? null : withinParam;
    if (within !== null && !AREA.test(within))
      return error(400, 'bad_within', 'within must be "city", a division code or an H3 cell');
    const level = request.params.get('level');
    if (level !== 'district' && level !== 'street' && level !== 'community' && level !== 'cell')
      return error(400, 'bad_level', 'level must be district, street, community or cell');
    const current = frozenAt[feed] ?? version();
    try {
      const key = `${feed}|${current}|${withinParam}|${level}`;
      let body = aggregates.get(key);
      if (body === undefined) {
        const inside = within === null ? () => true : await areaTest(within);
        const keyOf = level === 'cell' ? await cellOf() : (p: Place) => p[level];
        const counts = new Map<string, number>();
        let total = 0;
        // The city's items as they are: counting needs no projection and no JSON.
        for (const item of city.snapshot(feed, current * tickMs)) {
          if (!inside(item)) continue;
          total += 1;
          const group = keyOf(item);
          counts.set(group, (counts.get(group) ?? 0) + 1);
        }
        body = JSON.stringify({
          feed,
          within,
          level,
          total,
          generatedAt: current * tickMs,
          groups: [...counts].map(([group, count]) => ({ key: group, count })),
        });
        aggregates.set(key, body);
        while (aggregates.size > 64) aggregates.delete(aggregates.keys().next().value as string);
      }
      return { status: 200, headers: { ...JSON_HEADERS }, body };
    } catch (cause) {
      return error(500, 'internal', cause instanceof Error ? cause.message : String(cause));
    }
  }

  /** `{feed}/{path}`: an optional endpoint the simulated city serves, under the feed's faults. */
  async function cityEndpoint(request: FeedRequest, feed: string, path: string) {
    if (!isFeedName(feed)) return error(404, 'unknown_feed', `no feed "${feed}"`);
    const endpoint = city.endpoints?.[feed];
    const active = faults[feed];
    const slow = findFault(active, 'slow');
    if (slow) await sleep(slow.ms);
    if (findFault(active, 'down'))
      return error(503, 'unavailable', `${feed} is down (injected fault)`);
    try {
      const answer = endpoint?.(path, request.params, clock.now()) ?? null;
      if (!answer) return error(404, 'not_found', `no endpoint "${request.feed}"`);
      return {
        status: answer.status,
        headers: { ...JSON_HEADERS },
        body: JSON.stringify(answer.body),
      };
    } catch (cause) {
      return error(500, 'internal', cause instanceof Error ? cause.message : String(cause));
    }
  }

  /** `signals/{id}/events` and `signals/series`, under the signals feed's faults. */
  async function signalEndpoint(request: FeedRequest): Promise<FeedResponse> {
    const parts = request.feed.split('/');
    const series = parts.length === 2 && parts[1] === 'series';
    const events = parts.length === 3 && parts[2] === 'events';
    if (!series && !events) return error(404, 'not_found', `no endpoint "${request.feed}"`);
    if (!signalData) return error(404, 'not_served', 'this server has no signal events or series');
    const active = faults.signals;
    const slow = findFault(active, 'slow');
    if (slow) await sleep(slow.ms);
    if (findFault(active, 'down'))
      return error(503, 'unavailable', 'signals is down (injected fault)');
    const now = version() * tickMs;
    const params = request.params;
    const from = epochParam(params.get('from'));
    const to = epochParam(params.get('to'));
    try {
      if (events) {
        const id = parts[1] ?? '';
        if (from === null || to === null || from >= to || to - from > MAX_EVENT_WINDOW)
          return error(
            400,
            'bad_window',
            'from and to must be epoch ms, from < to, at most one hour apart',
          );
        // Ids come from the URL: looked up in a Map, never as keys of a plain object.
        const config = /^[\w.:-]{1,64}$/.test(id) ? signalData.config(id) : null;
        if (!config) return error(404, 'unknown_signal', `no signal "${id.slice(0, 64)}"`);
        // Events up to the server's now: a controller has not logged the future.
        const until = Math.max(from, Math.min(to, now));
        const log = until > from ? signalData.events(id, from, until) : null;
        const body = {
          feed: 'signals',
          id,
          from,
          to: until,
          cyclePhase: config.cyclePhase,
          phases: config.phases,
          detectors: config.detectors,
          events: log?.events ?? [],
        };
        return { status: 200, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
      }
      const metric = params.get('metric');
      if (metric !== 'congestion' && metric !== 'volume')
        return error(400, 'bad_metric', 'metric must be "congestion" or "volume"');
      const level = params.get('level');
      if (level !== 'city' && level !== 'district' && level !== 'street')
        return error(400, 'bad_level', 'level must be "city", "district" or "street"');
      const bin = params.get('bin');
      if (bin !== null && bin !== String(SERIES_BIN))
        return error(400, 'bad_bin', `bin must be ${SERIES_BIN} (15 minutes)`);
      if (from === null || to === null || from >= to || to - from > MAX_SERIES_WINDOW)
        return error(
          400,
          'bad_window',
          'from and to must be epoch ms, from < to, at most 8 days apart',
        );
      const area = params.get('area');
      if (area !== null && !/^\d{6}(\d{3})?$/.test(area))
        return error(400, 'bad_area', 'area must be a 6-digit district or 9-digit street code');
      let answer;
      try {
        answer = signalData.series(
          { metric: metric as SeriesMetric, level: level as SeriesLevel, area, from, to },
          now,
        );
      } catch (cause) {
        if (cause instanceof RangeError) return error(400, 'bad_area', cause.message);
        throw cause;
      }
      const body = {
        feed: 'signals',
        metric,
        level,
        area,
        bin: SERIES_BIN,
        from: answer.from,
        to,
        series: answer.series,
      };
      return { status: 200, headers: { ...JSON_HEADERS }, body: JSON.stringify(body) };
    } catch (cause) {
      return error(500, 'internal', cause instanceof Error ? cause.message : String(cause));
    }
  }

  return {
    city,
    tickMs,
    handle,
    version,
    get faults() {
      return Object.fromEntries(FEED_NAMES.map((feed) => [feed, [...faults[feed]]])) as FaultState;
    },
    setFault(target, fault) {
      setFaults(target, (list) => (fault === null ? [] : withFault(list, fault)));
    },
    clearFault(target, kind) {
      setFaults(target, (list) => list.filter((f) => f.kind !== kind));
    },
    trigger(kind, place) {
      const spec: IncidentSpec = { kind, place, start: (version() + 1) * tickMs };
      city.trigger(spec);
      return spec;
    },
  };
}

const SERIES_BIN = 900_000;
/** The longest windows of the signal endpoints (docs/api.md). */
const MAX_EVENT_WINDOW = 3_600_000;
const MAX_SERIES_WINDOW = 8 * 86_400_000;

/** An epoch-ms query parameter, or null. */
function epochParam(value: string | null): number | null {
  return value !== null && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

const JSON_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-cache',
};

function error(status: number, code: string, message: string): FeedResponse {
  return { status, headers: { ...JSON_HEADERS }, body: JSON.stringify({ error: code, message }) };
}

function gone(since: number, current: number, message: string): FeedResponse {
  return {
    status: 410,
    headers: { ...JSON_HEADERS },
    body: JSON.stringify({ error: 'gone', message, since, version: current }),
  };
}

function isFeedName(name: string): name is FeedName {
  return (FEED_NAMES as readonly string[]).includes(name);
}

/** Removes the personal fields whatever the projection before it did. */
export function stripPersonal<T extends { reporter?: unknown; address?: unknown }>(
  ticket: T,
): Omit<T, 'reporter' | 'address'> {
  const copy: Partial<T> = { ...ticket };
  delete copy.reporter;
  delete copy.address;
  return copy as Omit<T, 'reporter' | 'address'>;
}

function etagMatches(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

function faultKey(active: readonly Fault[], kinds: readonly FaultKind[]): string {
  return active
    .filter((f) => kinds.includes(f.kind))
    .map((f) => JSON.stringify(f))
    .sort()
    .join('|');
}

/** Faults that rewrite the items of a snapshot (deltas are then refused). */
const REWRITING = new Set<FaultKind>(['protoids', 'duplicate', 'misplaced']);

/** The faults that change which items a client holds. */
function itemsKey(active: readonly Fault[]): string {
  return faultKey(active, ['invalid', 'empty', ...REWRITING]);
}

/** Faults that change the body get their own ETag, so a client never keeps a faulty body by 304. */
function faultSalt(active: readonly Fault[]): string {
  const key = faultKey(active, ['invalid', 'empty', 'skew', ...REWRITING]);
  return key === '' ? '' : `-f${fnv1a(key).toString(36)}`;
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function diff(before: Computed, after: Computed): { upserts: string[]; removed: string[] } {
  before.byId ??= new Map(before.ids.map((id, i) => [id, before.json[i] ?? '']));
  const seen = new Set<string>();
  const upserts: string[] = [];
  after.ids.forEach((id, i) => {
    seen.add(id);
    const json = after.json[i] ?? '';
    if (before.byId?.get(id) !== json) upserts.push(json);
  });
  const removed = before.ids.filter((id) => !seen.has(id));
  return { upserts, removed };
}

/** The columnar delta (docs/api.md) from `before` to `after`, serialised. */
function columnarDelta(head: DeltaHead, before: Computed, after: Computed): string {
  before.byId ??= new Map(before.ids.map((id, i) => [id, before.json[i] ?? '']));
  before.columnarBase ??= encoderBase(before.ids);
  const changed: { before: FeedItemJson; after: FeedItemJson }[] = [];
  const added: FeedItemJson[] = [];
  const seen = new Set<string>();
  after.ids.forEach((id, i) => {
    seen.add(id);
    const json = after.json[i] ?? '';
    const was = before.byId?.get(id);
    if (was === undefined) added.push(JSON.parse(json) as FeedItemJson);
    else if (was !== json)
      changed.push({
        before: JSON.parse(was) as FeedItemJson,
        after: JSON.parse(json) as FeedItemJson,
      });
  });
  const removed = before.ids.filter((id) => !seen.has(id));
  return JSON.stringify(encodeColumnarDelta(head, before.columnarBase, changed, added, removed));
}

/** Names every JavaScript object already has. */
export const PROTO_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/**
 * `pick(i)`: whether item i is among an evenly spread `percent` %; `phase` shifts the pattern so
 * that two faults do not pick the same items (a misplaced item should not also be corrupted).
 */
const spread =
  (percent: number, phase = 0) =>
  (i: number) =>
    Math.floor(((i + phase + 1) * percent) / 100) > Math.floor(((i + phase) * percent) / 100);

/** Applies the rewriting faults to a snapshot's items (valid items the client must take as they are). */
function rewrite(json: readonly string[], active: readonly Fault[]): string[] {
  let out = [...json];
  if (findFault(active, 'protoids')) {
    out = out.map((text, i) => {
      const item = JSON.parse(text) as Record<string, unknown>;
      if (i < PROTO_NAMES.length) item.id = PROTO_NAMES[i];
      if (i % 20 === 7) {
        const name = PROTO_NAMES[Math.floor(i / 20) % PROTO_NAMES.length]!;
        if (typeof item.category === 'string') item.category = name;
        if (typeof item.department === 'string') item.department = name;
      }
      return JSON.stringify(item);
    });
  }
  const misplaced = findFault(active, 'misplaced');
  if (misplaced) {
    const pick = spread(misplaced.percent, 37);
    out = out.map((text, i) => {
      if (!pick(i)) return text;
      const item = JSON.parse(text) as { position?: [number, number] };
      if (Array.isArray(item.position)) item.position = [item.position[0] + 0.6, item.position[1]];
      return JSON.stringify(item);
    });
  }
  const duplicate = findFault(active, 'duplicate');
  if (duplicate) {
    const pick = spread(duplicate.percent, 71);
    out = out.flatMap((text, i) => (pick(i) ? [text, text] : [text]));
  }
  return out;
}

/** Replaces an evenly spread `percent` % of the items with invalid ones of varied kinds. */
function corrupt(json: readonly string[], percent: number): string[] {
  return json.map((item, i) => {
    const picked = Math.floor(((i + 1) * percent) / 100) > Math.floor((i * percent) / 100);
    return picked ? breakItem(item, i) : item;
  });
}

function breakItem(json: string, i: number): string {
  const item = JSON.parse(json) as Record<string, unknown>;
  const position = Array.isArray(item.position) ? item.position : [0, 0];
  switch (i % 6) {
    case 0:
      return JSON.stringify({ ...item, position: position.join(',') });
    case 1: {
      const withoutId = { ...item };
      delete withoutId.id;
      return JSON.stringify(withoutId);
    }
    case 2:
      return JSON.stringify({ ...item, position: [position[0], 999] });
    case 3:
      return JSON.stringify({ ...item, id: `${String(item.id)} <bad id>` });
    case 4:
      return JSON.stringify({ ...item, district: 'Gulou' });
    default:
      return JSON.stringify(`not an item: ${String(item.id)}`);
  }
}

function garbage(feed: FeedName, version: number): string {
  return version % 2 === 0
    ? `{"feed":"${feed}","version":${version},"items":[{"id":"`
    : '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';
}
