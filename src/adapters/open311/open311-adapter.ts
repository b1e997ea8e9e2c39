import { DEFAULT_TIME_ZONE } from '@/domain/city-time';
import type { FeedName } from '@/domain/common';
import { feedItemSchemas } from '@/domain/feeds';
import type { FeedConfig } from '@/config/config-schema';
import {
  FeedFetchError,
  type AdapterEnv,
  type FeedAdapter,
  type FeedFetchResult,
} from '../feed-adapter';
import { parseFeedOptions, splitBaseUrl } from '../common/feed-options';
import { open311OptionsSchema, type Open311Options } from './open311-options';
import { getWithin, readJson, readText, type RequestBudget } from '../common/http';
import { mapAndValidate } from '../common/mapped-items';
import { formatUtc } from '../common/strict-time';
import { parseXml, XmlError } from '../common/xml-lite';
import {
  isOpenStatus,
  mapServiceRequest,
  recordsFromJson,
  recordsFromXml,
  requestId,
  type Open311Record,
} from './open311-map';

const DAY = 86_400_000;

/** Requests received since the last poll are asked again with this overlap (clock skew, lag). */
const OVERLAP_MS = 10 * 60_000;
/** A window is not split below this (a server that returns a full page for a minute is odd). */
const MIN_WINDOW_MS = 60_000;

/**
 * Open311 GeoReport v2 (`GET {base}/requests.json|xml`) as the tickets feed. The first poll sweeps
 * back `lookbackDays` in windows of at most `windowDays`, halving a window that comes back with a
 * full page; later polls ask for what is new since the last one (`updated_after` where offered,
 * else `start_date`) and re-fetch the open requests by id, a batch at a time within the budget.
 * The reporter's fields are never read.
 */
export function createOpen311Adapter(config: FeedConfig, env: AdapterEnv): FeedAdapter {
  const { base, fragment } = splitBaseUrl(config.baseUrl, env.origin);
  const parsed = parseFeedOptions(fragment, open311OptionsSchema, config.options);
  /** Requests held open, in the order they are re-fetched (round robin). */
  let open: string[] = [];
  let openCursor = 0;
  let version = 0;
  /** Start of the last successful poll (server times are compared with ours, with overlap). */
  let lastPollAt = 0;

  async function query(
    feed: FeedName,
    options: Open311Options,
    params: Readonly<Record<string, string>>,
    signal: AbortSignal,
    budget: RequestBudget,
  ): Promise<Open311Record[] | null> {
    const url = new URL(`requests.${options.format}`, base);
    if (options.jurisdiction_id) url.searchParams.set('jurisdiction_id', options.jurisdiction_id);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const accept = options.format === 'xml' ? 'application/xml, text/xml' : 'application/json';
    const response = await getWithin(feed, env, url, {
      signal,
      headers: { Accept: accept },
      budget,
    });
    if (!response) return null;
    let records: Open311Record[] | null;
    if (options.format === 'json') records = recordsFromJson(await readJson(feed, response));
    else {
      try {
        records = recordsFromXml(parseXml(await readText(feed, response)));
      } catch (e) {
        if (!(e instanceof XmlError)) throw e;
        throw new FeedFetchError(feed, 'parse', `response is not XML: ${e.message}`);
      }
    }
    if (!records)
      throw new FeedFetchError(feed, 'contract', 'response is not a list of service requests');
    return records;
  }

  /**
   * The requests of [start, end), newest first, halving windows that come back full. Returns
   * false when the budget ran out first.
   */
  async function sweep(
    feed: FeedName,
    options: Open311Options,
    start: number,
    end: number,
    into: Map<string, Open311Record>,
    unkeyed: Open311Record[],
    signal: AbortSignal,
    budget: RequestBudget,
    key: 'start_date' | 'updated_after',
  ): Promise<boolean> {
    const windows: [number, number][] = [];
    // `updated_after` has no end and no 90-day limit: one query.
    const width = key === 'updated_after' ? end - start : options.windowDays * DAY;
    for (let hi = end; hi > start; hi -= width) windows.push([Math.max(start, hi - width), hi]);
    while (windows.length > 0) {
      const [lo, hi] = windows.shift()!;
      const params: Record<string, string> =
        key === 'updated_after'
          ? { updated_after: formatUtc(lo) }
          : { start_date: formatUtc(lo), end_date: formatUtc(hi) };
      if (options.service_code) params.service_code = options.service_code;
      const records = await query(feed, options, params, signal, budget);
      if (records === null) return false;
      // Keep what a full window brought: the halves re-read it, and a spent budget leaves these.
      const split =
        records.length >= options.pageLimit && hi - lo > MIN_WINDOW_MS && key === 'start_date';
      if (split) {
        const mid = lo + Math.floor((hi - lo) / 2);
        windows.unshift([mid, hi], [lo, mid]);
      }
      for (const record of records) {
        const id = requestId(record);
        // Records without an id are counted once: by the halves when the window was split.
        if (id === null) {
          if (!split) unkeyed.push(record);
        } else into.set(id, record);
      }
    }
    return true;
  }

  return {
    kind: 'open311',
    async fetch(q, { signal, since }) {
      const { feed } = q;
      if (feed !== 'tickets')
        throw new FeedFetchError(feed, 'unconfigured', 'open311 serves the tickets feed only');
      if (!parsed.ok) throw new FeedFetchError(feed, 'contract', parsed.message);
      const options = parsed.options;
      const timeZone = options.timeZone ?? env.timeZone ?? DEFAULT_TIME_ZONE;
      const budget: RequestBudget = { left: options.maxRequests };
      const now = Date.now();
      const records = new Map<string, Open311Record>();
      const unkeyed: Open311Record[] = [];
      const full = since === null || since.version !== version || version === 0;

      /** Whether the sweep read every window (the budget may end it early). */
      let swept: boolean;
      if (full) {
        swept = await sweep(
          feed,
          options,
          now - options.lookbackDays * DAY,
          now,
          records,
          unkeyed,
          signal,
          budget,
          'start_date',
        );
      } else {
        const from = lastPollAt - OVERLAP_MS;
        swept = await sweep(
          feed,
          options,
          from,
          now,
          records,
          unkeyed,
          signal,
          budget,
          options.updatedAfter ? 'updated_after' : 'start_date',
        );
        // Open requests change without being new: ask for them by id, a batch per request.
        const pending = open.filter((id) => !records.has(id));
        let asked = 0;
        while (asked < pending.length && budget.left > 0) {
          const batch: string[] = [];
          while (batch.length < options.idBatch && asked < pending.length) {
            batch.push(pending[(openCursor + asked) % pending.length]!);
            asked += 1;
          }
          const found = await query(
            feed,
            options,
            { service_request_id: batch.join(',') },
            signal,
            budget,
          );
          if (found === null) break;
          for (const record of found) {
            const id = requestId(record);
            if (id !== null) records.set(id, record);
          }
        }
        openCursor = pending.length ? (openCursor + asked) % pending.length : 0;
      }

      const { items, dropped } = mapAndValidate(
        [...records.values(), ...unkeyed],
        (record) =>
          mapServiceRequest(record as Open311Record, {
            timeZone,
            channel: options.channel,
            limitHours: options.limitHours,
            profile: q.profile,
            place: env.place,
          }),
        feedItemSchemas.tickets,
      );
      const stillOpen = new Set(full ? [] : open);
      for (const record of records.values()) {
        const id = requestId(record);
        if (id === null) continue;
        if (isOpenStatus(record)) stillOpen.add(id);
        else stillOpen.delete(id);
      }
      open = [...stillOpen];
      // What is new is asked for again from the same point until a poll has read all of it.
      if (full || swept) lastPollAt = now;
      if (!swept)
        dropped.unshift({
          id: null,
          path: '(feed)',
          rule: 'truncated',
          reason: `(feed): the request budget (${options.maxRequests}) ended the sweep of ${full ? 'the look-back' : 'new requests'}`,
        });
      version += 1;
      const cursor = { version, etag: null };
      const result = full
        ? { kind: 'snapshot' as const, cursor, generatedAt: now, items, dropped }
        : items.length === 0 && dropped.length === 0
          ? { kind: 'unchanged' as const, cursor }
          : {
              kind: 'delta' as const,
              cursor,
              generatedAt: now,
              upserts: items,
              removed: [],
              dropped,
            };
      return result as FeedFetchResult<typeof feed>;
    },
    async check() {
      const url = new URL(`services.${parsed.ok ? parsed.options.format : 'json'}`, base);
      try {
        const response = await env.fetch(url, { headers: { Accept: 'application/json' } });
        return { ok: response.ok, message: `HTTP ${response.status}` };
      } catch (e) {
        return { ok: false, message: String(e) };
      }
    },
  };
}
