import type { FeedConfig } from '@/config/config-schema';
import { DEFAULT_TIME_ZONE } from '@/domain/city-time';
import { feedItemSchemas } from '@/domain/feeds';
import {
  FeedFetchError,
  type AdapterEnv,
  type DroppedItem,
  type FeedAdapter,
  type FeedFetchResult,
} from '../feed-adapter';
import { parseFeedOptions, splitBaseUrl } from '../common/feed-options';
import { ngsiLdOptionsSchema, type NgsiLdOptions } from './ngsi-ld-options';
import { getWithin, isRecord, readJson, type RequestBudget } from '../common/http';
import { mapAndValidate } from '../common/mapped-items';
import { FEED_TYPES, mapEntity } from './ngsi-ld-map';

/** NGSILD-Results-Count, when it is a count. */
function resultsCount(response: Response): number | null {
  const header = response.headers.get('NGSILD-Results-Count');
  return header !== null && /^\d{1,12}$/.test(header.trim()) ? Number(header) : null;
}

/**
 * A FIWARE NGSI-LD context broker (Orion-LD, Scorpio, Stellio): `GET {base}/entities` with the
 * feed's entity types, paged by `limit`/`offset` with `count=true` and de-duplicated by id (offset
 * paging over entities that change can repeat some and skip others; a later page wins). Each poll
 * is a snapshot.
 */
export function createNgsiLdAdapter(config: FeedConfig, env: AdapterEnv): FeedAdapter {
  const { base, fragment } = splitBaseUrl(config.baseUrl, env.origin);
  const parsed = parseFeedOptions(fragment, ngsiLdOptionsSchema, config.options);
  let version = 0;

  const headersOf = (options: NgsiLdOptions): Record<string, string> => ({
    Accept: 'application/json',
    ...(options.context
      ? {
          Link: `<${options.context}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"`,
        }
      : {}),
    ...(options.tenant ? { 'NGSILD-Tenant': options.tenant } : {}),
  });

  return {
    kind: 'ngsi-ld',
    async fetch(query, { signal }) {
      const { feed } = query;
      if (!parsed.ok) throw new FeedFetchError(feed, 'contract', parsed.message);
      const options = parsed.options;
      const budget: RequestBudget = { left: options.maxRequests };
      const headers = headersOf(options);
      const url = new URL('entities', base);
      const params = url.searchParams;
      params.set('type', options.type ?? FEED_TYPES[feed].join(','));
      for (const key of [
        'q',
        'attrs',
        'georel',
        'geometry',
        'coordinates',
        'geoproperty',
      ] as const) {
        const value = options[key];
        if (value !== undefined) params.set(key, value);
      }
      if (options.format === 'keyValues') params.set('options', 'keyValues');
      params.set('limit', String(options.limit));
      params.set('count', 'true');

      const byId = new Map<string, unknown>();
      const unkeyed: unknown[] = [];
      let count: number | null = null;
      let read = 0;
      let complete = false;
      for (let offset = 0; ; offset += options.limit) {
        params.set('offset', String(offset));
        const response = await getWithin(feed, env, url, { signal, headers, budget });
        if (!response) break;
        if (offset === 0) count = resultsCount(response);
        const page = await readJson(feed, response);
        if (!Array.isArray(page))
          throw new FeedFetchError(feed, 'contract', 'entities response is not an array');
        read += page.length;
        for (const entity of page) {
          const id = isRecord(entity) ? entity.id : undefined;
          if (typeof id === 'string') byId.set(id, entity);
          else unkeyed.push(entity);
        }
        if (page.length < options.limit || (count !== null && offset + options.limit >= count)) {
          complete = true;
          break;
        }
      }

      const timeZone = options.timeZone ?? env.timeZone ?? DEFAULT_TIME_ZONE;
      const { items, dropped } = mapAndValidate(
        [...byId.values(), ...unkeyed],
        (entity) =>
          mapEntity(feed, entity, {
            timeZone,
            profile: query.profile,
            place: env.place,
            noiseZone: options.noiseZone,
            channel: options.channel,
            limitHours: options.limitHours,
          }),
        feedItemSchemas[feed],
      );
      const notes: DroppedItem[] = complete
        ? []
        : [
            {
              id: null,
              path: '(feed)',
              rule: 'truncated',
              reason: `(feed): read ${read} entities of ${count ?? 'more'} within ${options.maxRequests} requests`,
            },
          ];
      version += 1;
      return {
        kind: 'snapshot',
        cursor: { version, etag: null },
        generatedAt: Date.now(),
        items,
        dropped: [...notes, ...dropped],
      } as FeedFetchResult<typeof feed>;
    },
    async check() {
      try {
        const url = new URL('types', base);
        const response = await env.fetch(url, { headers: { Accept: 'application/json' } });
        return { ok: response.ok, message: `HTTP ${response.status}` };
      } catch (e) {
        return { ok: false, message: String(e) };
      }
    },
  };
}
