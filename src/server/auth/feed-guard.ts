// Every request for a feed, with sign-in configured: who may ask, and what of the answer reaches
// them. Placed before the feed routes in the server's handler list; a request it allows as it is
// goes on to the route's streaming proxy, anything else it answers itself.
//
// - No session: 401. Signed in without a role for the dashboard: 403.
// - A wall (device or `wall` role): `?view=wall` on every feed request, no write (403).
// - Tickets, for everyone: personal data masked on the server (the reporter, the address, personal
//   data typed into the text), so that no answer holds it: unmasking is `POST /api/pii/…`.
// - Area-scoped users (`district:`/`street:`): a feed's items of their areas only. Snapshots are
//   filtered on the server; a delta is answered with the filtered snapshot, or with an empty delta
//   when nothing of their areas changed (decided by comparing the filtered content), never with
//   the upstream's delta (a removal cannot be placed, and the columnar base order would not be
//   theirs). ETags are of the filtered content. Optional endpoints: an `area` (district, street,
//   community) outside their areas is 403; one entity's endpoint (`signals/{id}/events`) only for
//   an entity of their areas (403 otherwise); a list is filtered to entries that name an area of
//   theirs (or are items of theirs), and refused (403) when that cannot be done.
// - Feeds past their budget (docs/api.md, "One area, and aggregates"): `{feed}/aggregate` passes
//   through for whole-city users (counts hold no personal data) and is counted here from an
//   area-scoped user's own items; `?area=` snapshots are asked of the upstream per area and
//   projected like any other (a grid cell as `area` is let through: the answer is cut to theirs).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FEED_NAMES, type FeedName } from '@/domain/common';
import { maskFreeText } from '@/domain/free-text-pii';
import { GRID_RESOLUTION, looksLikeCell } from '@/geo/grid';
import { maskAddress, maskIdNumber, maskName, maskPhone } from '@/domain/personal-data';
import { pathOf, sendJson, type Handler } from '../handlers';
import type { ProxyRoute } from '../proxy';
import type { AuditLog } from './audit';
import { DIVISION_CODE, inAreas, type Principal } from './principal';
import {
  contentHash,
  isItem,
  snapshotCache,
  upstreamFailure,
  upstreamJson,
  UpstreamError,
  type FeedPath,
  type Item,
  type Projection,
  type Snapshot,
  type SnapshotCache,
} from './upstream';

/** Query parameters that name an area (`within=city` of an aggregate is the user's own areas). */
const AREA_PARAMS = ['area', 'district', 'street', 'community', 'within'];
/** `area=` of a feed past its budget: a division code or an H3 cell (docs/api.md). */
const AREA_OR_CELL = /^(\d{6}(\d{3}){0,2}|8[0-9a-f]{14})$/;
const MAX_ACK_BODY = 16 * 1024;
/** Content hashes of past versions remembered per (feed, view, scope): enough for a few minutes. */
const VERSIONS_KEPT = 64;

/** Whether an item lies in one of `areas` by its codes at and above each area's level. */
export function itemInAreas(item: Item, areas: readonly string[] | null): boolean {
  if (areas === null) return true;
  return areas.some(
    (area) =>
      item.district === area.slice(0, 6) &&
      (area.length < 9 || item.street === area.slice(0, 9)) &&
      (area.length < 12 || item.community === area),
  );
}

/** A ticket as it may leave the server: personal data masked (desktop) or dropped (wall). */
export function maskTicket(raw: unknown, view: Snapshot['view']): unknown {
  if (!isItem(raw)) return raw;
  const { reporter, address, ...rest } = raw;
  const text = (value: unknown) => (typeof value === 'string' ? maskFreeText(value) : value);
  if (view === 'wall') {
    return {
      ...rest,
      ...('title' in rest ? { title: '' } : {}),
      ...('description' in rest ? { description: '' } : {}),
    };
  }
  const masked: Item = { ...rest, title: text(rest.title), description: text(rest.description) };
  if (!('title' in rest)) delete masked.title;
  if (!('description' in rest)) delete masked.description;
  if (isItem(reporter)) {
    masked.reporter = {
      name: typeof reporter.name === 'string' ? maskName(reporter.name) : '',
      phone: typeof reporter.phone === 'string' ? maskPhone(reporter.phone) : '',
      idNumber: typeof reporter.idNumber === 'string' ? maskIdNumber(reporter.idNumber) : null,
    };
  }
  if (typeof address === 'string') masked.address = maskAddress(address);
  return masked;
}

const UNVOUCHABLE = Symbol('unvouchable');

/**
 * An optional endpoint's answer cut to the principal's areas: in every array of objects, only the
 * objects that name an area of theirs (`district`, `street`, `community` or `area`) or are items
 * of theirs (`id`); object keys that are division codes of other areas go. An array of values
 * naming another area (parallel columns, which cannot be cut) makes the answer unvouchable.
 */
export function filterToAreas(
  value: unknown,
  areas: readonly string[],
  itemInScope: (id: string) => boolean,
): unknown {
  const codeOf = (entry: Item): string | null => {
    for (const key of ['community', 'street', 'district', 'area']) {
      const code = entry[key];
      if (typeof code === 'string' && DIVISION_CODE.test(code)) return code;
    }
    return null;
  };
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      if (node.length > 0 && node.every(isItem)) {
        return node
          .filter((entry) => {
            const code = codeOf(entry);
            if (code !== null) return inAreas(code, areas);
            return typeof entry.id === 'string' && itemInScope(entry.id);
          })
          .map(visit);
      }
      const out = node.map(visit);
      if (
        node.some(
          (entry) =>
            typeof entry === 'string' && DIVISION_CODE.test(entry) && !inAreas(entry, areas),
        )
      )
        throw UNVOUCHABLE;
      return out;
    }
    if (isItem(node)) {
      const out: Item = {};
      for (const [key, child] of Object.entries(node)) {
        if (DIVISION_CODE.test(key) && !inAreas(key, areas)) continue;
        out[key] = visit(child);
      }
      return out;
    }
    return node;
  };
  try {
    return visit(value);
  } catch (error) {
    if (error === UNVOUCHABLE) return UNVOUCHABLE;
    throw error;
  }
}

export interface FeedGuardOptions {
  /** The feeds of the browser config that are served through a route. */
  feeds: readonly FeedPath[];
  /** `…/alarm-acks` when acknowledgements go through a route. */
  acks: { path: string; proxy: ProxyRoute } | null;
  proxies: readonly ProxyRoute[];
  principal: (req: IncomingMessage) => Principal | null;
  audit: AuditLog;
  clientOf: (req: IncomingMessage) => string;
  now: () => number;
  warn: (line: string) => void;
}

export interface FeedGuard {
  handler: Handler;
  snapshots: SnapshotCache;
}

function sendBody(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  headers: Record<string, string>,
): void {
  res.writeHead(200, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': body.length,
    'Cache-Control': 'no-cache',
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendError(res: ServerResponse, error: UpstreamError): void {
  sendJson(
    res,
    error.status,
    { error: error.error, message: error.message },
    error.retryAfter ? { 'Retry-After': error.retryAfter } : {},
  );
}

const forbidden = (res: ServerResponse, message: string) =>
  sendJson(res, 403, { error: 'forbidden', message });

export function feedGuard(options: FeedGuardOptions): FeedGuard {
  const { feeds, acks, proxies, principal: principalOf } = options;
  const snapshots = snapshotCache((feed, view, item, reporters) => {
    if (feed !== 'tickets') return item;
    if (view === 'desktop' && isItem(item) && typeof item.id === 'string' && item.reporter)
      reporters.set(item.id, item.reporter);
    return maskTicket(item, view);
  });
  /** Content hashes of recent versions' projections, per (feed path, view, scope). */
  const history = new Map<string, Map<number, string>>();

  const scopeKey = (areas: readonly string[] | null) => (areas === null ? 'city' : areas.join(','));

  function project(snapshot: Snapshot, areas: readonly string[] | null): Projection {
    const key = scopeKey(areas);
    let projection = snapshot.projections.get(key);
    if (!projection) {
      const items =
        areas === null
          ? snapshot.items
          : snapshot.items.filter((item) => isItem(item) && itemInAreas(item, areas));
      const body = Buffer.from(
        JSON.stringify({
          feed: snapshot.feed,
          version: snapshot.version,
          generatedAt: snapshot.generatedAt,
          items,
        }),
      );
      // The hash is of the items alone: a new version that changed nothing here keeps it.
      const hash = contentHash(JSON.stringify(items));
      projection = { body, hash, etag: `"a-${hash}"`, count: items.length };
      snapshot.projections.set(key, projection);
    }
    return projection;
  }

  function remember(
    fp: FeedPath,
    snapshot: Snapshot,
    key: string,
    hash: string,
  ): Map<number, string> {
    const id = `${fp.path}|${snapshot.view}|${key}`;
    let versions = history.get(id);
    if (!versions) history.set(id, (versions = new Map()));
    if (!versions.has(snapshot.version)) {
      versions.set(snapshot.version, hash);
      while (versions.size > VERSIONS_KEPT) versions.delete(versions.keys().next().value as number);
    }
    return versions;
  }

  /** A snapshot or delta request answered from the filtered (and masked) snapshot. */
  async function projected(
    req: IncomingMessage,
    res: ServerResponse,
    fp: FeedPath,
    p: Principal,
    url: URL,
  ): Promise<void> {
    const view = p.wall || url.searchParams.get('view') === 'wall' ? 'wall' : 'desktop';
    const since = url.searchParams.get('since');
    // One area of a feed past its budget: the upstream's snapshot of that area, projected.
    const area = url.searchParams.get('area');
    if (area !== null && !AREA_OR_CELL.test(area))
      return sendJson(res, 400, { error: 'bad_area', message: 'not a division code or cell' });
    if (since !== null && p.areas === null && area === null)
      return cityDelta(req, res, fp, view, since);
    const snapshot = await snapshots.get(fp, view, area);
    const projection = project(snapshot, p.areas);
    const versions = remember(fp, snapshot, `${scopeKey(p.areas)}@${area ?? ''}`, projection.hash);
    if (since !== null) {
      const held = Number(since);
      // Nothing of their areas changed since the version they hold: an empty delta.
      if (held === snapshot.version || versions.get(held) === projection.hash) {
        sendBody(
          req,
          res,
          Buffer.from(
            JSON.stringify({
              feed: fp.feed,
              version: snapshot.version,
              since: held,
              generatedAt: snapshot.generatedAt,
              upserts: [],
              removed: [],
            }),
          ),
          {},
        );
        return;
      }
    }
    const headers = { ETag: projection.etag, Vary: 'Cookie' };
    if (req.headers['if-none-match'] === projection.etag) {
      res.writeHead(304, { ...headers, 'Cache-Control': 'no-cache' }).end();
      return;
    }
    sendBody(req, res, projection.body, headers);
  }

  /** A city-wide user's tickets delta: the upstream's plain delta with personal data masked. */
  async function cityDelta(
    req: IncomingMessage,
    res: ServerResponse,
    fp: FeedPath,
    view: Snapshot['view'],
    since: string,
  ): Promise<void> {
    const query = new URLSearchParams({ ...(view === 'wall' ? { view } : {}), since });
    const answer = await upstreamJson(fp.proxy, `${fp.path}?${query}`);
    if (answer.status === 304) {
      res.writeHead(304, { 'Cache-Control': 'no-cache' }).end();
      return;
    }
    if (answer.status !== 200) throw upstreamFailure(answer);
    const body = answer.json;
    if (!isItem(body) || body.format === 'columns') {
      // Not asked for; the client takes a snapshot after a 410.
      sendJson(res, 410, { error: 'gone', message: 'take a snapshot' });
      return;
    }
    const mask = (list: unknown) =>
      Array.isArray(list) ? list.map((item) => maskTicket(item, view)) : list;
    const out: Item = { ...body };
    if ('upserts' in body) out.upserts = mask(body.upserts);
    if ('items' in body) out.items = mask(body.items);
    sendBody(req, res, Buffer.from(JSON.stringify(out)), {});
  }

  /**
   * `{feed}/aggregate` for an area-scoped user: counted here from the items of their areas (the
   * upstream's counts would include other areas). `within=city` means all of their areas.
   */
  async function scopedAggregate(
    req: IncomingMessage,
    res: ServerResponse,
    fp: FeedPath,
    p: Principal,
    url: URL,
  ): Promise<void> {
    const level = url.searchParams.get('level');
    const within = url.searchParams.get('within') ?? 'city';
    if (level !== 'district' && level !== 'street' && level !== 'community' && level !== 'cell')
      return sendJson(res, 400, {
        error: 'bad_level',
        message: 'district, street, community or cell',
      });
    const { latLngToCell } = await import('h3-js');
    const keyOf = (item: Item): unknown => {
      if (level !== 'cell') return item[level];
      const position = item.position;
      if (!Array.isArray(position) || typeof position[0] !== 'number') return null;
      return latLngToCell(Number(position[1]), position[0], GRID_RESOLUTION);
    };
    const snapshot = await snapshots.get(fp, p.wall ? 'wall' : 'desktop');
    const counts = new Map<string, number>();
    let total = 0;
    for (const item of snapshot.items) {
      if (!isItem(item) || !itemInAreas(item, p.areas)) continue;
      if (within !== 'city' && !itemInAreas(item, [within])) continue;
      total += 1;
      const key = keyOf(item);
      if (typeof key === 'string') counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    sendBody(
      req,
      res,
      Buffer.from(
        JSON.stringify({
          feed: fp.feed,
          within: within === 'city' ? null : within,
          level,
          total,
          generatedAt: snapshot.generatedAt,
          groups: [...counts].map(([key, count]) => ({ key, count })),
        }),
      ),
      {},
    );
  }

  /** An optional endpoint for an area-scoped user. */
  async function scopedEndpoint(
    req: IncomingMessage,
    res: ServerResponse,
    fp: FeedPath,
    p: Principal,
    url: URL,
    rest: readonly string[],
  ): Promise<boolean> {
    const areas = p.areas!;
    const snapshot = await snapshots.get(fp, p.wall ? 'wall' : 'desktop');
    const mine = (id: string) => {
      const item = snapshot.byId.get(id);
      return item !== undefined && itemInAreas(item, areas);
    };
    if (rest.length >= 2) {
      // One entity's endpoint: the whole answer is about it.
      let id: string;
      try {
        id = decodeURIComponent(rest[0]!);
      } catch {
        id = '';
      }
      if (!mine(id)) {
        forbidden(res, 'this entity is outside your area');
        return true;
      }
      return false;
    }
    const answer = await upstreamJson(fp.proxy, req.url ?? '/');
    if (answer.status !== 200) throw upstreamFailure(answer);
    const filtered = filterToAreas(answer.json, areas, mine);
    if (filtered === UNVOUCHABLE) {
      forbidden(res, 'this answer cannot be limited to your area');
      return true;
    }
    sendBody(req, res, Buffer.from(JSON.stringify(filtered)), {});
    return true;
  }

  /** Alarm acknowledgements: read within the areas; written with the signed-in name. */
  async function alarmAcks(
    req: IncomingMessage,
    res: ServerResponse,
    p: Principal,
  ): Promise<boolean> {
    const placeOf = (key: string) => key.slice(key.lastIndexOf('|') + 1);
    const outside = (key: string) =>
      p.areas !== null && DIVISION_CODE.test(placeOf(key)) && !inAreas(placeOf(key), p.areas);
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (p.areas === null) return false;
      const answer = await upstreamJson(acks!.proxy, req.url ?? '/');
      if (answer.status !== 200) throw upstreamFailure(answer);
      const body = isItem(answer.json) ? answer.json : {};
      const list = Array.isArray(body.acks) ? body.acks : [];
      sendBody(
        req,
        res,
        Buffer.from(
          JSON.stringify({
            ...body,
            acks: list.filter((a) => isItem(a) && typeof a.key === 'string' && !outside(a.key)),
          }),
        ),
        {},
      );
      return true;
    }
    if (req.method !== 'POST') return false;
    let text = '';
    for await (const chunk of req) {
      text += String(chunk);
      if (text.length > MAX_ACK_BODY) {
        sendJson(res, 413, { error: 'too_large', message: `body over ${MAX_ACK_BODY} bytes` });
        return true;
      }
    }
    let ack: unknown;
    try {
      ack = JSON.parse(text);
    } catch {
      ack = null;
    }
    if (
      !isItem(ack) ||
      typeof ack.key !== 'string' ||
      ack.key.length > 200 ||
      typeof ack.firstAt !== 'number' ||
      typeof ack.at !== 'number'
    ) {
      sendJson(res, 400, { error: 'bad_request', message: 'not an acknowledgement' });
      return true;
    }
    if (outside(ack.key)) {
      forbidden(res, 'this alarm is outside your area');
      return true;
    }
    // Who acknowledged is who is signed in, whatever the page wrote.
    const body = JSON.stringify({ key: ack.key, firstAt: ack.firstAt, at: ack.at, by: p.name });
    const answer = await upstreamJson(acks!.proxy, pathOf(req), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if (answer.status >= 200 && answer.status < 300)
      await options.audit
        .write({
          at: options.now(),
          action: 'alarm.ack',
          who: { kind: p.kind, id: p.id, name: p.name },
          client: options.clientOf(req),
          target: ack.key,
        })
        .catch((error: unknown) => options.warn(`audit: ${(error as Error).message}`));
    res.writeHead(answer.status, { 'Cache-Control': 'no-store' }).end();
    return true;
  }

  /** Sets `?view=wall` on the request's query (a wall's every feed request). */
  function forceWallView(req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'http://server');
    url.searchParams.set('view', 'wall');
    req.url = url.pathname + url.search;
  }

  const handler: Handler = async (req, res, next) => {
    const path = pathOf(req);
    if (!proxies.some((proxy) => path.startsWith(proxy.route.prefix))) return next();
    const p = principalOf(req);
    if (!p) return sendJson(res, 401, { error: 'unauthorized', message: 'sign in first' });
    if (p.areas !== null && p.areas.length === 0)
      return forbidden(res, 'your account has no role for this dashboard');
    const read = req.method === 'GET' || req.method === 'HEAD';
    if (!read && p.wall) return forbidden(res, 'a wall display is read-only');
    if (
      !read &&
      req.headers['sec-fetch-site'] !== undefined &&
      req.headers['sec-fetch-site'] !== 'same-origin'
    )
      return forbidden(res, 'writes come from pages of this origin');
    const url = new URL(req.url ?? '/', 'http://server');
    // Another area named anywhere in the query (a feed, an endpoint, acknowledgements): 403.
    if (p.areas !== null) {
      for (const name of AREA_PARAMS) {
        for (const value of url.searchParams.getAll(name)) {
          if (name === 'within' && value === 'city') continue;
          // A grid cell cannot be placed in their areas here; the answer is cut to them anyway.
          if (name === 'area' && looksLikeCell(value)) continue;
          if (!DIVISION_CODE.test(value) || !inAreas(value, p.areas))
            return forbidden(res, `${name}=${value.slice(0, 20)} is outside your area`);
        }
      }
    }
    try {
      if (acks && path === acks.path) {
        if (!(await alarmAcks(req, res, p))) next();
        return;
      }
      const fp = feeds.find((f) => path === f.path || path.startsWith(`${f.path}/`));
      if (!fp) {
        // Paths of the route that are no feed of the app: whole-city users only.
        if (p.areas !== null) return forbidden(res, 'not available to an area-scoped account');
        return next();
      }
      if (!read) {
        if (p.areas !== null) return forbidden(res, 'not available to an area-scoped account');
        return next();
      }
      if (path === fp.path) {
        if (fp.feed === 'tickets' || p.areas !== null) return await projected(req, res, fp, p, url);
        if (p.wall) forceWallView(req);
        return next();
      }
      // Counts per area (docs/api.md, "Aggregates"): no personal data; a scoped user's are theirs.
      if (path === `${fp.path}/aggregate`) {
        if (p.areas !== null) return await scopedAggregate(req, res, fp, p, url);
        if (p.wall) forceWallView(req);
        return next();
      }
      // Optional endpoints. Tickets have none the app uses; they could carry personal data.
      if (fp.feed === 'tickets')
        return sendJson(res, 404, { error: 'not_found', message: 'not offered' });
      if (p.areas === null) return next();
      const rest = path.slice(fp.path.length + 1).split('/');
      if (!(await scopedEndpoint(req, res, fp, p, url, rest))) next();
    } catch (error) {
      if (error instanceof UpstreamError) {
        if (error.status >= 500) options.warn(`feed: ${req.method} ${path}: ${error.message}`);
        return sendError(res, error);
      }
      throw error;
    }
  };

  return { handler, snapshots };
}

/** The feeds of a browser config that are served through the server's routes. */
export function feedPaths(
  feedsConfig: Partial<Record<FeedName, { baseUrl: string }>>,
  proxies: readonly ProxyRoute[],
): FeedPath[] {
  const out: FeedPath[] = [];
  for (const feed of FEED_NAMES) {
    const base = feedsConfig[feed]?.baseUrl;
    if (!base?.startsWith('/')) continue;
    const path = `${base.replace(/\/+$/, '')}/${feed}`;
    const proxy = proxies.find((p) => path.startsWith(p.route.prefix));
    if (proxy) out.push({ feed, path, proxy });
  }
  return out;
}
