import * as z from 'zod/mini';
import { feedItemSchemas } from '@/domain/feeds';
import type { FeedName } from '@/domain/common';
import type { FeedConfig } from '@/config/config-schema';
import {
  FeedFetchError,
  httpError,
  type AdapterEnv,
  type DeltaBase,
  type FeedAdapter,
  type FeedAggregate,
  type FeedFetchResult,
} from '../feed-adapter';
import { validateItems } from '../validate-items';
import { ColumnarDeltaError, decodeColumnarRows, idOrderHash } from './columnar-delta';

const version = z.int().check(z.nonnegative());
const envelope = z.object({
  feed: z.string(),
  version,
  generatedAt: z.number().check(z.nonnegative()),
});
const snapshotEnvelope = z.extend(envelope, { items: z.array(z.unknown()) });
const deltaEnvelope = z.extend(envelope, {
  since: z.optional(version),
  /** Absent or `items`: the plain form; `columns`: the columnar form. */
  format: z.optional(z.string()),
  upserts: z.array(z.unknown()),
  removed: z.array(z.string().check(z.maxLength(64))),
});
type DeltaEnvelope = z.output<typeof deltaEnvelope>;

/** An area of the contract: a division code (6, 9 or 12 digits) or an H3 cell. */
const areaKey = z.string().check(z.regex(/^(\d{6}(\d{3}){0,2}|8[0-9a-f]{14})$/));
const aggregateEnvelope = z.object({
  feed: z.string(),
  within: z.nullable(areaKey),
  level: z.enum(['district', 'street', 'community', 'cell']),
  total: z.int().check(z.nonnegative()),
  generatedAt: z.number().check(z.nonnegative()),
  groups: z
    .array(z.object({ key: areaKey, count: z.int().check(z.nonnegative()) }))
    .check(z.maxLength(200_000)),
});

/** After a columnar delta had to be discarded, this many delta polls ask for the plain form. */
export const PLAIN_DELTAS_AFTER_DISCARD = 20;

/** The id of a raw item, when it has a string one. */
function rawId(item: unknown): string | undefined {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * The product's own HTTP contract (docs/api.md): snapshots with ETag/304, `?since=` deltas with
 * 410 when too old (in the columnar form when the client holds the base and the server obliges),
 * `?view=wall` for the projection without personal data.
 */
export function createNativeRestAdapter(config: FeedConfig, env: AdapterEnv): FeedAdapter {
  const wantsColumns = (config.delta ?? 'columns') === 'columns';
  /** Delta polls left that ask for the plain form after a discarded columnar delta. */
  let plainDeltasLeft = 0;
  /** The hash of each sorted id list seen (the same array while the held ids are the same). */
  const hashes = new WeakMap<readonly string[], string>();

  const base = new URL(config.baseUrl.replace(/\/$/, '') + '/', env.origin);
  // Credentials never reach the browser: a same-origin server adds them (docs/deploy.md).
  const headers = (extra: Record<string, string>): Record<string, string> => ({
    Accept: 'application/json',
    ...extra,
  });

  async function request(
    feed: FeedName,
    params: URLSearchParams,
    extra: Record<string, string>,
    signal: AbortSignal,
  ) {
    return get(feed, feed, params, extra, signal);
  }

  /** GET `path` under the base URL: a network failure becomes the feed's `network` error. */
  async function get(
    feed: FeedName,
    path: string,
    params: URLSearchParams,
    extra: Record<string, string>,
    signal: AbortSignal,
  ) {
    const url = new URL(path, base);
    params.forEach((v, k) => url.searchParams.set(k, v));
    try {
      return await env.fetch(url, { headers: headers(extra), signal, cache: 'no-store' });
    } catch (e) {
      if (signal.aborted) throw e;
      throw new FeedFetchError(feed, 'network', `network error: ${String(e)}`);
    }
  }

  async function readJson(feed: FeedName, response: Response): Promise<unknown> {
    try {
      return await response.json();
    } catch {
      throw new FeedFetchError(feed, 'parse', 'response is not JSON', response.status);
    }
  }

  /**
   * The upserts a columnar delta stands for, given the items held at `since`: its rows decoded,
   * then its whole items. Throws ColumnarDeltaError when it does not fit them.
   */
  function columnarUpserts(
    body: DeltaEnvelope,
    raw: Record<string, unknown>,
    sinceVersion: number,
    held: DeltaBase | null,
  ): unknown[] {
    if (!held) throw new ColumnarDeltaError('a columnar delta the client did not ask for');
    if (body.since !== sinceVersion)
      throw new ColumnarDeltaError(`since ${String(body.since)}, asked for ${sinceVersion}`);
    const sortedIds = held.sortedIds();
    let hash = hashes.get(sortedIds);
    if (hash === undefined) {
      hash = idOrderHash(sortedIds);
      hashes.set(sortedIds, hash);
    }
    const rows = decodeColumnarRows(raw, { items: held.items, sortedIds, hash });
    for (const item of body.upserts) {
      const id = rawId(item);
      if (id !== undefined && rows.ids.has(id))
        throw new ColumnarDeltaError(`${id} is both a row and a whole item`);
    }
    for (const id of body.removed)
      if (rows.ids.has(id)) throw new ColumnarDeltaError(`${id} is both a row and removed`);
    return rows.items.length ? [...rows.items, ...body.upserts] : body.upserts;
  }

  function snapshotResult<F extends FeedName>(
    feed: F,
    raw: unknown,
    response: Response,
    discardedDelta: string | undefined,
  ): FeedFetchResult<F> {
    const parsed = snapshotEnvelope.safeParse(raw);
    if (!parsed.success || parsed.data.feed !== feed)
      throw new FeedFetchError(feed, 'contract', 'snapshot envelope does not match the contract');
    const body = parsed.data;
    const { items, dropped } = validateItems(body.items, feedItemSchemas[feed]);
    return {
      kind: 'snapshot',
      cursor: { version: body.version, etag: response.headers.get('ETag') },
      generatedAt: body.generatedAt,
      items,
      dropped,
      ...(discardedDelta === undefined ? {} : { discardedDelta }),
    } as FeedFetchResult<F>;
  }

  return {
    kind: 'native-rest',
    async fetch(query, { signal, since, base: held = null }) {
      const { feed } = query;
      const schema = feedItemSchemas[feed];
      const params = new URLSearchParams();
      if (query.profile === 'wall') params.set('view', 'wall');
      if (query.area !== undefined) params.set('area', query.area);
      /** Why a delta that arrived was not used: the snapshot below replaces it. */
      let discardedDelta: string | undefined;

      if (since) {
        const deltaParams = new URLSearchParams(params);
        deltaParams.set('since', String(since.version));
        const askColumns = wantsColumns && held !== null && plainDeltasLeft === 0;
        if (askColumns) deltaParams.set('delta', 'columns');
        else if (plainDeltasLeft > 0) plainDeltasLeft -= 1;
        const response = await request(feed, deltaParams, {}, signal);
        if (response.status === 304) return { kind: 'unchanged', cursor: since };
        if (response.ok) {
          const raw = await readJson(feed, response);
          // A server that ignores `since` answers with the whole feed: take it as a snapshot.
          if (snapshotEnvelope.safeParse(raw).success && !deltaEnvelope.safeParse(raw).success)
            return snapshotResult(feed, raw, response, discardedDelta);
          const parsed = deltaEnvelope.safeParse(raw);
          if (!parsed.success || parsed.data.feed !== feed)
            throw new FeedFetchError(
              feed,
              'contract',
              'delta envelope does not match the contract',
            );
          const body = parsed.data;
          let upserts: unknown[] | null = body.upserts;
          if (body.format === 'columns') {
            try {
              upserts = columnarUpserts(body, raw as Record<string, unknown>, since.version, held);
            } catch (e) {
              if (!(e instanceof ColumnarDeltaError)) throw e;
              discardedDelta = `columnar delta: ${e.message}`;
              upserts = null;
            }
          } else if (body.format !== undefined && body.format !== 'items') {
            discardedDelta = `unknown delta format ${JSON.stringify(body.format.slice(0, 32))}`;
            upserts = null;
          }
          if (upserts === null) {
            plainDeltasLeft = PLAIN_DELTAS_AFTER_DISCARD;
          } else {
            if (body.version === since.version && upserts.length === 0 && body.removed.length === 0)
              return { kind: 'unchanged', cursor: since };
            const { items, dropped } = validateItems(upserts, schema);
            return {
              kind: 'delta',
              cursor: { version: body.version, etag: response.headers.get('ETag') },
              generatedAt: body.generatedAt,
              upserts: items,
              removed: body.removed,
              dropped,
            } as FeedFetchResult<typeof feed>;
          }
        } else {
          // 410: the server no longer has our version; 400/404 fall back to a snapshot too (a
          // server refusing the columnar form is then asked for the plain one for a while).
          if (response.status !== 410 && response.status !== 400 && response.status !== 404)
            throw httpError(feed, response);
          if (askColumns && response.status === 400) plainDeltasLeft = PLAIN_DELTAS_AFTER_DISCARD;
        }
      }

      // The validator of what we hold: a source without deltas answers 304 when nothing changed.
      const etag = since?.etag && discardedDelta === undefined ? since.etag : null;
      const response = await request(feed, params, etag ? { 'If-None-Match': etag } : {}, signal);
      if (response.status === 304 && since) return { kind: 'unchanged', cursor: since };
      if (!response.ok) throw httpError(feed, response);
      return snapshotResult(feed, await readJson(feed, response), response, discardedDelta);
    },
    async resource(feed, path, query, { signal }) {
      if (!/^[\w.:-]+(\/[\w.:-]+)*$/.test(path) || path.split('/').includes('..'))
        throw new FeedFetchError(feed, 'contract', `not a resource path: ${path.slice(0, 64)}`);
      const response = await get(
        feed,
        `${feed}/${path.split('/').map(encodeURIComponent).join('/')}`,
        new URLSearchParams(Object.entries(query)),
        {},
        signal,
      );
      // A source without this optional endpoint: nothing to show, not a failure.
      if (response.status === 404 || response.status === 501) return null;
      if (!response.ok) throw httpError(feed, response);
      return readJson(feed, response);
    },
    async aggregate(feed, query, { signal }): Promise<FeedAggregate | null> {
      const params = new URLSearchParams({ level: query.level, within: query.within ?? 'city' });
      if (query.profile === 'wall') params.set('view', 'wall');
      const response = await get(feed, `${feed}/aggregate`, params, {}, signal);
      // A source without aggregates: the feed is read whole, as without a budget.
      if (response.status === 404 || response.status === 501) return null;
      if (!response.ok) throw httpError(feed, response);
      const parsed = aggregateEnvelope.safeParse(await readJson(feed, response));
      if (
        !parsed.success ||
        parsed.data.feed !== feed ||
        parsed.data.level !== query.level ||
        parsed.data.within !== query.within
      )
        throw new FeedFetchError(
          feed,
          'contract',
          'aggregate does not match the contract or the question',
        );
      const { within, level, total, generatedAt, groups } = parsed.data;
      return { within, level, total, generatedAt, groups };
    },
    async check() {
      try {
        const response = await env.fetch(new URL('tickets', base), {
          method: 'HEAD',
          headers: headers({}),
        });
        return { ok: response.ok, message: `HTTP ${response.status}` };
      } catch (e) {
        return { ok: false, message: String(e) };
      }
    },
  };
}
