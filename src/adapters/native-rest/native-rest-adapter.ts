import * as z from 'zod/mini';
import { feedItemSchemas } from '@/domain/feeds';
import type { FeedName } from '@/domain/common';
import type { FeedConfig } from '@/config/config-schema';
import {
  FeedFetchError,
  type AdapterEnv,
  type FeedAdapter,
  type FeedFetchResult,
} from '../feed-adapter';
import { validateItems } from '../validate-items';

const version = z.int().check(z.nonnegative());
const envelope = z.object({
  feed: z.string(),
  version,
  generatedAt: z.number().check(z.nonnegative()),
});
const snapshotEnvelope = z.extend(envelope, { items: z.array(z.unknown()) });
const deltaEnvelope = z.extend(envelope, {
  since: z.optional(version),
  upserts: z.array(z.unknown()),
  removed: z.array(z.string().check(z.maxLength(64))),
});

/**
 * The product's own HTTP contract (docs/api.md): snapshots with ETag/304, `?since=` deltas with
 * 410 when too old, `?view=wall` for the projection without personal data.
 */
export function createNativeRestAdapter(config: FeedConfig, env: AdapterEnv): FeedAdapter {
  const base = new URL(config.baseUrl.replace(/\/$/, '') + '/', env.origin);
  const headers = (extra: Record<string, string>): Record<string, string> => ({
    Accept: 'application/json',
    ...(config.auth ? { [config.auth.header]: config.auth.value } : {}),
    ...extra,
  });

  async function request(
    feed: FeedName,
    params: URLSearchParams,
    extra: Record<string, string>,
    signal: AbortSignal,
  ) {
    const url = new URL(feed, base);
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

  return {
    kind: 'native-rest',
    async fetch(query, { signal, since }) {
      const { feed } = query;
      const schema = feedItemSchemas[feed];
      const params = new URLSearchParams();
      if (query.profile === 'wall') params.set('view', 'wall');

      if (since) {
        const deltaParams = new URLSearchParams(params);
        deltaParams.set('since', String(since.version));
        const response = await request(feed, deltaParams, {}, signal);
        if (response.status === 304) return { kind: 'unchanged', cursor: since };
        if (response.ok) {
          const parsed = deltaEnvelope.safeParse(await readJson(feed, response));
          if (!parsed.success || parsed.data.feed !== feed)
            throw new FeedFetchError(
              feed,
              'contract',
              'delta envelope does not match the contract',
            );
          const body = parsed.data;
          if (
            body.version === since.version &&
            body.upserts.length === 0 &&
            body.removed.length === 0
          )
            return { kind: 'unchanged', cursor: since };
          const { items, dropped } = validateItems(body.upserts, schema);
          return {
            kind: 'delta',
            cursor: { version: body.version, etag: response.headers.get('ETag') },
            generatedAt: body.generatedAt,
            upserts: items,
            removed: body.removed,
            dropped,
          } as FeedFetchResult<typeof feed>;
        }
        // 410: the server no longer has our version; anything else falls back to a snapshot too.
        if (response.status !== 410 && response.status !== 400 && response.status !== 404)
          throw new FeedFetchError(feed, 'http', `HTTP ${response.status}`, response.status);
      }

      const response = await request(feed, params, {}, signal);
      if (!response.ok)
        throw new FeedFetchError(feed, 'http', `HTTP ${response.status}`, response.status);
      const parsed = snapshotEnvelope.safeParse(await readJson(feed, response));
      if (!parsed.success || parsed.data.feed !== feed)
        throw new FeedFetchError(feed, 'contract', 'snapshot envelope does not match the contract');
      const body = parsed.data;
      const { items, dropped } = validateItems(body.items, schema);
      return {
        kind: 'snapshot',
        cursor: { version: body.version, etag: response.headers.get('ETag') },
        generatedAt: body.generatedAt,
        items,
        dropped,
      } as FeedFetchResult<typeof feed>;
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
