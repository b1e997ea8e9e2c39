// The server's own reads of a feed's upstream (not streamed through): whole JSON answers, and a
// cache of each feed's latest snapshot that every area-scoped user and every unmasking share.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import type { Dispatcher } from 'undici';
import type { FeedName } from '@/domain/common';
import type { ProxyRoute } from '../proxy';

const decoders: Record<string, (data: Buffer) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  br: promisify(brotliDecompress),
  deflate: promisify(inflate),
};

/** A feed of the browser config served through a route: `/api/v1/tickets` and what is under it. */
export interface FeedPath {
  feed: FeedName;
  /** The same-origin path of the feed, e.g. `/api/v1/tickets`. */
  path: string;
  proxy: ProxyRoute;
}

/** An upstream answer the server cannot use: passed on to the browser as its status. */
export class UpstreamError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
    readonly retryAfter: string | null = null,
  ) {
    super(message);
  }
}

export interface JsonAnswer {
  status: number;
  headers: Dispatcher.ResponseData['headers'];
  /** The parsed body (200 only), else null. */
  json: unknown;
}

const header = (headers: Dispatcher.ResponseData['headers'], name: string): string | null => {
  const value = headers[name];
  return value === undefined ? null : Array.isArray(value) ? (value[0] ?? null) : String(value);
};

/** Asks the upstream and reads a JSON answer whole (decoded, within the route's size cap). */
export async function upstreamJson(
  proxy: ProxyRoute,
  target: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<JsonAnswer> {
  const pending = proxy.fetch(target, {
    ...init,
    headers: { accept: 'application/json', 'accept-encoding': 'gzip, br', ...init.headers },
  });
  if (pending === null) throw new UpstreamError(400, 'bad_request', 'path not allowed');
  let response: Dispatcher.ResponseData;
  try {
    response = await pending;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT')
      throw new UpstreamError(504, 'gateway_timeout', 'the feed did not answer in time');
    throw new UpstreamError(502, 'bad_gateway', 'the feed is unreachable');
  }
  const limit = proxy.route.maxResponseBytes;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        response.body.destroy();
        throw new UpstreamError(502, 'bad_gateway', 'the feed answered too much');
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    throw new UpstreamError(502, 'bad_gateway', 'the feed answer was cut');
  }
  if (response.statusCode !== 200)
    return { status: response.statusCode, headers: response.headers, json: null };
  let data: Buffer = Buffer.concat(chunks);
  const encoding = (header(response.headers, 'content-encoding') ?? '').trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    const decode = decoders[encoding];
    if (!decode)
      throw new UpstreamError(502, 'bad_gateway', 'the feed answered in an unknown encoding');
    try {
      data = await decode(data);
    } catch {
      throw new UpstreamError(502, 'bad_gateway', 'the feed answer could not be decoded');
    }
    if (data.length > limit)
      throw new UpstreamError(502, 'bad_gateway', 'the feed answered too much');
  }
  try {
    return { status: 200, headers: response.headers, json: JSON.parse(data.toString('utf8')) };
  } catch {
    throw new UpstreamError(502, 'bad_gateway', 'the feed answer is not JSON');
  }
}

/** A non-200 upstream answer as an error for the browser (its status; Retry-After kept). */
export function upstreamFailure(answer: JsonAnswer): UpstreamError {
  return new UpstreamError(
    answer.status,
    answer.status >= 500 ? 'upstream_error' : 'upstream_refused',
    `the feed answered ${answer.status}`,
    header(answer.headers, 'retry-after'),
  );
}

export type Item = Record<string, unknown>;

export interface Snapshot {
  feed: FeedName;
  view: 'wall' | 'desktop';
  version: number;
  generatedAt: number;
  /** Items as they may leave the server (tickets: personal data masked or dropped). */
  items: readonly unknown[];
  byId: ReadonlyMap<string, Item>;
  /** Tickets (desktop): each reporter as the source sent it, for an audited unmasking only. */
  reporters: ReadonlyMap<string, unknown>;
  upstreamEtag: string | null;
  /** Per scope key: the serialised projection of this version (built once). */
  projections: Map<string, Projection>;
}

export interface Projection {
  body: Buffer;
  /** SHA-256 of the body: equal content, equal hash, whatever the version. */
  hash: string;
  etag: string;
  count: number;
}

export const isItem = (value: unknown): value is Item =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Snapshots refresh at most this often (real time), however many users poll. */
const MIN_REFRESH_MS = 1000;
/** Snapshots held: each feed's whole one for both views, and a few areas' of feeds past their budget. */
const HELD_LIMIT = 48;

/**
 * The latest snapshot of each (feed, view): revalidated against the upstream with its ETag at
 * most once a second, one request in flight per key, rebuilt only when the upstream changed.
 * `prepare` turns each raw item into what may leave the server (and may note its reporter).
 */
export function snapshotCache(
  prepare: (
    feed: FeedName,
    view: Snapshot['view'],
    item: unknown,
    reporters: Map<string, unknown>,
  ) => unknown,
) {
  const held = new Map<string, { snapshot: Snapshot; checkedAt: number }>();
  const inFlight = new Map<string, Promise<Snapshot>>();

  async function load(
    fp: FeedPath,
    view: Snapshot['view'],
    area: string | null,
  ): Promise<Snapshot> {
    const key = `${fp.path}|${view}|${area ?? ''}`;
    const current = held.get(key);
    const query = new URLSearchParams({
      ...(view === 'wall' ? { view } : {}),
      ...(area === null ? {} : { area }),
    }).toString();
    const answer = await upstreamJson(
      fp.proxy,
      `${fp.path}${query ? `?${query}` : ''}`,
      current?.snapshot.upstreamEtag
        ? { headers: { 'if-none-match': current.snapshot.upstreamEtag } }
        : {},
    );
    if (answer.status === 304 && current) {
      current.checkedAt = performance.now();
      return current.snapshot;
    }
    if (answer.status !== 200) throw upstreamFailure(answer);
    const body = answer.json as {
      feed?: unknown;
      version?: unknown;
      generatedAt?: unknown;
      items?: unknown;
    };
    if (
      !isItem(body) ||
      body.feed !== fp.feed ||
      typeof body.version !== 'number' ||
      typeof body.generatedAt !== 'number' ||
      !Array.isArray(body.items)
    )
      throw new UpstreamError(502, 'bad_gateway', 'the feed answer is not a snapshot');
    const reporters = new Map<string, unknown>();
    const items = body.items.map((item) => prepare(fp.feed, view, item, reporters));
    const byId = new Map<string, Item>();
    for (const item of items)
      if (isItem(item) && typeof item.id === 'string') byId.set(item.id, item);
    const snapshot: Snapshot = {
      feed: fp.feed,
      view,
      version: body.version,
      generatedAt: body.generatedAt,
      items,
      byId,
      reporters,
      upstreamEtag: header(answer.headers, 'etag'),
      projections: new Map(),
    };
    held.delete(key);
    held.set(key, { snapshot, checkedAt: performance.now() });
    // One area's snapshots (feeds past their budget, `area=`) come and go with what is viewed.
    while (held.size > HELD_LIMIT) held.delete(held.keys().next().value as string);
    return snapshot;
  }

  return {
    /** The feed's snapshot (of one area with `area`, as the upstream answers `?area=`). */
    get(fp: FeedPath, view: Snapshot['view'], area: string | null = null): Promise<Snapshot> {
      const key = `${fp.path}|${view}|${area ?? ''}`;
      const current = held.get(key);
      if (current && performance.now() - current.checkedAt < MIN_REFRESH_MS)
        return Promise.resolve(current.snapshot);
      let pending = inFlight.get(key);
      if (!pending) {
        pending = load(fp, view, area).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
  };
}

export type SnapshotCache = ReturnType<typeof snapshotCache>;

export const contentHash = (data: Buffer | string): string =>
  createHash('sha256').update(data).digest('base64url').slice(0, 27);
