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
import { sensorThingsOptionsSchema, type SensorThingsOptions } from './sensorthings-options';
import { getWithin, isRecord, own, readJson, type RequestBudget } from '../common/http';
import { mapAndValidate } from '../common/mapped-items';
import { mapThing } from './sensorthings-map';

/** Each Thing with its location and each Datastream with its latest Observation, in one request. */
export const THINGS_EXPAND =
  'Locations($select=location),Datastreams($select=name,unitOfMeasurement,properties;' +
  '$expand=ObservedProperty($select=name,definition),' +
  'Observations($select=result,phenomenonTime,resultTime;$orderby=phenomenonTime desc;$top=1))';

/** A SensorThings `$filter` time literal: ISO 8601 in UTC, whole seconds. */
const filterTime = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** HTTP statuses by which a server says it cannot run a query (not that it is down). */
const REFUSED_QUERY = new Set([400, 404, 405, 422, 500, 501]);

/**
 * An OGC SensorThings API (v1.1; FROST) as the sensors feed: `GET {base}/Things` with `$expand`,
 * pages followed by `@iot.nextLink` (relative or absolute, on the server's origin only) up to the
 * request budget. `@iot.count` is an estimate on some servers and is never relied on.
 *
 * The first poll, and every `resyncEvery`-th, reads every Thing (a snapshot: Things the server no
 * longer has go). In between, with `increments` on, it asks only for Things with an observation
 * at or after the latest one held less `overlapMinutes`
 * (`$filter=Datastreams/Observations/phenomenonTime ge …`), and returns them as a delta of whole
 * Things, or `unchanged`. A server that refuses that filter is read whole from then on; after an
 * increment cut short by the request budget (said in the delta), the next poll reads everything.
 */
export function createSensorThingsAdapter(config: FeedConfig, env: AdapterEnv): FeedAdapter {
  const { base, fragment } = splitBaseUrl(config.baseUrl, env.origin);
  const parsed = parseFeedOptions(fragment, sensorThingsOptionsSchema, config.options);
  let version = 0;
  /** Polls since the last full read; increments refused by the server. */
  let sinceFull = 0;
  let refused = false;
  /** An increment was cut short by the request budget: the next poll reads everything. */
  let forceFull = false;
  /** The latest observation time among the Things held (ms), from the data, not the clock. */
  let latest: number | null = null;

  /** Reads every page of a Things query within the budget. */
  async function readThings(
    feed: 'sensors',
    first: URL,
    options: SensorThingsOptions,
    signal: AbortSignal,
  ) {
    const budget: RequestBudget = { left: options.maxRequests };
    const things = new Map<string, unknown>();
    const unkeyed: unknown[] = [];
    const seen = new Set<string>();
    let note: string | null = null;
    let url: URL | null = first;
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
    return { things, unkeyed, note };
  }

  const thingsUrl = (options: SensorThingsOptions, after: number | null): URL => {
    const url = new URL('Things', base);
    url.searchParams.set('$top', String(options.top));
    url.searchParams.set('$expand', THINGS_EXPAND);
    const newer =
      after === null ? null : `Datastreams/Observations/phenomenonTime ge ${filterTime(after)}`;
    const filter = [options.filter, newer].filter((f): f is string => Boolean(f));
    if (filter.length === 1) url.searchParams.set('$filter', filter[0]!);
    else if (filter.length === 2)
      url.searchParams.set('$filter', `(${filter[0]}) and (${filter[1]})`);
    return url;
  };

  return {
    kind: 'sensorthings',
    async fetch(query, { signal, since }) {
      const { feed } = query;
      if (feed !== 'sensors')
        throw new FeedFetchError(feed, 'unconfigured', 'sensorthings serves the sensors feed only');
      if (!parsed.ok) throw new FeedFetchError(feed, 'contract', parsed.message);
      const options = parsed.options;
      const timeZone = options.timeZone ?? env.timeZone ?? DEFAULT_TIME_ZONE;

      // An increment only on top of what this adapter last returned.
      const incremental =
        options.increments &&
        !refused &&
        !forceFull &&
        latest !== null &&
        since?.version === version &&
        sinceFull + 1 < options.resyncEvery;
      let read: Awaited<ReturnType<typeof readThings>> | null = null;
      if (incremental) {
        const after = Math.min(latest!, Date.now()) - options.overlapMinutes * 60_000;
        try {
          read = await readThings(feed, thingsUrl(options, after), options, signal);
        } catch (e) {
          if (!(e instanceof FeedFetchError) || !REFUSED_QUERY.has(e.status ?? 0)) throw e;
          refused = true; // the server cannot filter Things by their observations: read whole
        }
      }
      const full = read === null;
      read ??= await readThings(feed, thingsUrl(options, null), options, signal);
      const { things, unkeyed, note } = read;

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
      // An increment cut short: what changed may be on a page not read; read everything next.
      forceFull = !full && note !== null;
      const { items, dropped } = mapAndValidate(
        [...things.values(), ...unkeyed],
        (thing) => mapThing(thing, { timeZone, place: env.place, noiseZone: options.noiseZone }),
        feedItemSchemas.sensors,
      );
      let newest: number | null = full ? null : latest;
      for (const item of items)
        if (newest === null || item.observedAt > newest) newest = item.observedAt;
      if (!forceFull) latest = newest;
      sinceFull = full ? 0 : sinceFull + 1;

      if (!full) {
        if (items.length === 0 && dropped.length === 0 && notes.length === 0)
          return { kind: 'unchanged', cursor: { version, etag: null } };
        version += 1;
        const delta: FeedFetchResult<'sensors'> = {
          kind: 'delta',
          cursor: { version, etag: null },
          generatedAt: Date.now(),
          upserts: items,
          removed: [],
          dropped: [...notes, ...dropped],
        };
        return delta as FeedFetchResult<typeof feed>;
      }
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
