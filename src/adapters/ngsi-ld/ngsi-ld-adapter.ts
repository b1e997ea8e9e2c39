import type { FeedConfig } from '@/config/config-schema';
import { DEFAULT_TIME_ZONE } from '@/domain/city-time';
import { feedItemSchemas } from '@/domain/feeds';
import {
  FeedFetchError,
  type AdapterEnv,
  type DroppedItem,
  type FeedAdapter,
  type FeedAggregate,
  type FeedFetchResult,
} from '../feed-adapter';
import type { FeedName, Placed } from '@/domain/common';
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

  /** `GET {base}/entities` with the feed's types and the options' filters. */
  const entitiesUrl = (feed: FeedName, options: NgsiLdOptions): URL => {
    const url = new URL('entities', base);
    const params = url.searchParams;
    params.set('type', options.type ?? FEED_TYPES[feed].join(','));
    for (const key of ['q', 'attrs', 'georel', 'geometry', 'coordinates', 'geoproperty'] as const) {
      const value = options[key];
      if (value !== undefined) params.set(key, value);
    }
    return url;
  };

  /**
   * Limits a query to an area with a geo-query on the area's ring (the broker does the work); a
   * feed whose options already hold a geo-query cannot take a second one.
   */
  async function withinArea(feed: FeedName, options: NgsiLdOptions, url: URL, area: string) {
    if (options.georel !== undefined)
      throw new FeedFetchError(
        feed,
        'contract',
        'the feed options set georel: an area cannot be read alone with a second geo-query',
      );
    const ring = await env.areas?.ring(area);
    if (!ring) throw new FeedFetchError(feed, 'contract', `no shape for the area ${area}`);
    url.searchParams.set('georel', 'within');
    url.searchParams.set('geometry', 'Polygon');
    url.searchParams.set('coordinates', JSON.stringify([ring]));
  }

  /** How many entities the broker holds for the query: `count=true&limit=0`, the count header. */
  async function countOf(
    feed: FeedName,
    url: URL,
    init: { signal: AbortSignal; headers: Record<string, string>; budget: RequestBudget },
  ): Promise<number | null> {
    url.searchParams.set('count', 'true');
    url.searchParams.set('limit', '0');
    const response = await getWithin(feed, env, url, init);
    if (!response) return null;
    const count = resultsCount(response);
    if (count === null)
      throw new FeedFetchError(feed, 'contract', 'the broker sent no NGSILD-Results-Count');
    return count;
  }

  return {
    kind: 'ngsi-ld',
    async fetch(query, { signal }) {
      const { feed } = query;
      if (!parsed.ok) throw new FeedFetchError(feed, 'contract', parsed.message);
      const options = parsed.options;
      const budget: RequestBudget = { left: options.maxRequests };
      const headers = headersOf(options);
      const url = entitiesUrl(feed, options);
      const params = url.searchParams;
      if (query.area !== undefined) await withinArea(feed, options, url, query.area);
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
      // A ring is a district's simplified boundary or a bounding box: what lies past the area's
      // own codes belongs to a neighbour, and is left out (not quarantined).
      let kept = items;
      if (query.area !== undefined && env.areas) {
        const inside = await env.areas.contains(query.area);
        kept = items.filter((item) => inside(item as Placed));
      }
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
        items: kept,
        dropped: [...notes, ...dropped],
      } as FeedFetchResult<typeof feed>;
    },
    /**
     * Counts per area one level down, by the broker: one `count=true&limit=0` query for the area
     * and one per area below it, each within that area's ring (a district's boundary, a street's or
     * community's bounding box). Null without the city's areas or with a geo-query in the options.
     */
    async aggregate(feed, query, { signal }): Promise<FeedAggregate | null> {
      if (!parsed.ok) throw new FeedFetchError(feed, 'contract', parsed.message);
      const options = parsed.options;
      const areas = env.areas;
      if (!areas || options.georel !== undefined) return null;
      const budget: RequestBudget = { left: options.maxRequests };
      const init = { signal, headers: headersOf(options), budget };
      const url = entitiesUrl(feed, options);
      if (query.within !== null) await withinArea(feed, options, url, query.within);
      const total = await countOf(feed, url, init);
      if (total === null) return null;
      const groups: FeedAggregate['groups'] = [];
      // Grid cells below a community are not queried one by one: the community's total only.
      const children = query.level === 'cell' ? [] : areas.children(query.within);
      for (const key of children) {
        const child = entitiesUrl(feed, options);
        await withinArea(feed, options, child, key);
        const count = await countOf(feed, child, init);
        if (count === null)
          throw new FeedFetchError(
            feed,
            'contract',
            `counting ${children.length} areas needs more than ${options.maxRequests} requests`,
          );
        if (count > 0) groups.push({ key, count });
      }
      return { within: query.within, level: query.level, total, generatedAt: Date.now(), groups };
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
