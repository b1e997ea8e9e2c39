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
import { sensorThingsOptionsSchema } from './sensorthings-options';
import { getWithin, isRecord, own, readJson, type RequestBudget } from '../common/http';
import { mapAndValidate } from '../common/mapped-items';
import { mapThing } from './sensorthings-map';

/** Each Thing with its location and each Datastream with its latest Observation, in one request. */
export const THINGS_EXPAND =
  'Locations($select=location),Datastreams($select=name,unitOfMeasurement,properties;' +
  '$expand=ObservedProperty($select=name,definition),' +
  'Observations($select=result,phenomenonTime,resultTime;$orderby=phenomenonTime desc;$top=1))';

/**
 * An OGC SensorThings API (v1.1; FROST) as the sensors feed: `GET {base}/Things` with `$expand`,
 * pages followed by `@iot.nextLink` (relative or absolute, on the server's origin only) up to the
 * request budget. `@iot.count` is an estimate on some servers and is never relied on. Each poll
 * is a snapshot.
 */
export function createSensorThingsAdapter(config: FeedConfig, env: AdapterEnv): FeedAdapter {
  const { base, fragment } = splitBaseUrl(config.baseUrl, env.origin);
  const parsed = parseFeedOptions(fragment, sensorThingsOptionsSchema, config.options);
  let version = 0;

  return {
    kind: 'sensorthings',
    async fetch(query, { signal }) {
      const { feed } = query;
      if (feed !== 'sensors')
        throw new FeedFetchError(feed, 'unconfigured', 'sensorthings serves the sensors feed only');
      if (!parsed.ok) throw new FeedFetchError(feed, 'contract', parsed.message);
      const options = parsed.options;
      const budget: RequestBudget = { left: options.maxRequests };
      let url: URL | null = new URL('Things', base);
      url.searchParams.set('$top', String(options.top));
      url.searchParams.set('$expand', THINGS_EXPAND);
      if (options.filter) url.searchParams.set('$filter', options.filter);

      const things = new Map<string, unknown>();
      const unkeyed: unknown[] = [];
      const seen = new Set<string>();
      let note: string | null = null;
      while (url) {
        if (seen.has(url.href)) {
          note = 'the server links back to a page already read';
          break;
        }
        seen.add(url.href);
        const response = await getWithin(feed, env, url, {
          signal,
          headers: { Accept: 'application/json' },
          budget,
        });
        if (!response) {
          note = `more pages than ${options.maxRequests} requests`;
          break;
        }
        const body = await readJson(feed, response);
        const value = own(body, 'value');
        if (!Array.isArray(value))
          throw new FeedFetchError(feed, 'contract', 'response has no "value" array');
        for (const thing of value) {
          const id = isRecord(thing) ? own(thing, '@iot.id') : undefined;
          if (typeof id === 'string' || typeof id === 'number') things.set(String(id), thing);
          else unkeyed.push(thing);
        }
        const next = own(body, '@iot.nextLink');
        if (typeof next !== 'string' || next === '') url = null;
        else {
          let resolved: URL | null = null;
          try {
            resolved = new URL(next, url);
          } catch {
            resolved = null;
          }
          if (!resolved || resolved.origin !== base.origin) {
            note = 'a next link that is not a URL on the server';
            url = null;
          } else url = resolved;
        }
      }

      const timeZone = options.timeZone ?? env.timeZone ?? DEFAULT_TIME_ZONE;
      const { items, dropped } = mapAndValidate(
        [...things.values(), ...unkeyed],
        (thing) => mapThing(thing, { timeZone, place: env.place, noiseZone: options.noiseZone }),
        feedItemSchemas.sensors,
      );
      const notes: DroppedItem[] =
        note === null
          ? []
          : [
              {
                id: null,
                path: '(feed)',
                rule: 'truncated',
                reason: `(feed): stopped at ${things.size} Things: ${note}`,
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
        const response = await env.fetch(base, { headers: { Accept: 'application/json' } });
        return { ok: response.ok, message: `HTTP ${response.status}` };
      } catch (e) {
        return { ok: false, message: String(e) };
      }
    },
  };
}
