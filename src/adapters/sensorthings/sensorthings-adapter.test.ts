import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeedConfig } from '@/config/config-schema';
import { sensorSchema } from '@/domain/sensor';
import type { FeedCursor, FeedFetchResult } from '../feed-adapter';
import { fakeSource, jsonResponse, signal, TEST_CODES, type Responder } from '../common/testing';
import { createSensorThingsAdapter, THINGS_EXPAND } from './sensorthings-adapter';

// Payloads written from OGC 18-088 (SensorThings API Part 1: Sensing, v1.1): a collection is
// `{"@iot.count"?, "value": [...], "@iot.nextLink"?}`; entities carry `@iot.id` and
// `@iot.selfLink`; Locations hold GeoJSON; Observations a `result` and ISO 8601 times (a
// phenomenonTime may be an interval).
const airThing = (id: number | string, patch: Record<string, unknown> = {}) => ({
  '@iot.id': id,
  '@iot.selfLink': `https://frost.test/v1.1/Things(${JSON.stringify(id)})`,
  name: `Station ${id}`,
  description: 'Air quality station',
  Locations: [
    {
      '@iot.id': 1,
      location: { type: 'Point', coordinates: [-3.7038, 40.4168] },
    },
  ],
  Datastreams: [
    {
      '@iot.id': 11,
      name: 'PM2.5',
      unitOfMeasurement: {
        name: 'microgram per cubic metre',
        symbol: 'µg/m³',
        definition: 'ucum:ug/m3',
      },
      ObservedProperty: { name: 'PM2.5', definition: 'http://vocab.example/pm25' },
      Observations: [
        {
          '@iot.id': 901,
          phenomenonTime: '2026-05-01T09:00:00Z/2026-05-01T10:00:00Z',
          resultTime: '2026-05-01T10:00:00Z',
          result: 35,
        },
      ],
    },
    {
      '@iot.id': 12,
      name: 'Carbon monoxide',
      unitOfMeasurement: { name: 'milligram per cubic metre', symbol: 'mg/m3' },
      ObservedProperty: { name: 'CO' },
      Observations: [{ '@iot.id': 902, phenomenonTime: '2026-05-01T10:00:00Z', result: 0.8 }],
    },
    {
      '@iot.id': 13,
      name: 'Temperature',
      unitOfMeasurement: { symbol: '°C' },
      ObservedProperty: { name: 'air_temperature' },
      Observations: [{ '@iot.id': 903, phenomenonTime: '2026-05-01T10:00:00Z', result: 21.5 }],
    },
  ],
  ...patch,
});

const feedConfig = (fragment = ''): FeedConfig => ({
  adapter: 'sensorthings',
  baseUrl: `https://frost.test/v1.1${fragment}`,
  pollIntervalMs: 60_000,
  freshness: { ageingAfterMs: 90_000, staleAfterMs: 180_000, downAfterMs: 600_000 },
});

async function poll(respond: Responder, fragment = '') {
  const source = fakeSource(respond);
  const adapter = createSensorThingsAdapter(feedConfig(fragment), source.env);
  const result = await adapter.fetch(
    { feed: 'sensors', profile: 'desktop' },
    { signal: signal(), since: null },
  );
  if (result.kind !== 'snapshot') throw new Error('expected a snapshot');
  return {
    result: result as Extract<FeedFetchResult<'sensors'>, { kind: 'snapshot' }>,
    urls: source.urls,
  };
}

describe('sensorthings adapter', () => {
  it('asks for Things with their location and latest observations, and maps an air station', async () => {
    const { result, urls } = await poll(() => jsonResponse({ value: [airThing(7)] }));
    expect(urls[0]!.pathname).toBe('/v1.1/Things');
    expect(urls[0]!.searchParams.get('$expand')).toBe(THINGS_EXPAND);
    expect(urls[0]!.searchParams.get('$top')).toBe('100');
    expect(result.dropped).toEqual([]);
    expect(result.items[0]).toMatchObject({
      ...TEST_CODES,
      id: 'st:7',
      kind: 'air',
      name: 'Station 7',
      values: { pm25: 35, co: 0.8, pm10: null },
      observedAt: Date.parse('2026-05-01T10:00:00Z'),
    });
    expect(sensorSchema.safeParse(result.items[0]).success).toBe(true);
  });

  it('follows relative and absolute next links, de-duplicating by @iot.id, ignoring @iot.count', async () => {
    const { result, urls } = await poll((url) => {
      const skip = Number(url.searchParams.get('$skip') ?? 0);
      if (skip === 0)
        return jsonResponse({
          '@iot.count': 2,
          value: [airThing(1), airThing(2)],
          '@iot.nextLink': 'Things?$top=2&$skip=2',
        });
      if (skip === 2)
        return jsonResponse({
          '@iot.count': 2,
          value: [airThing(2), airThing(3)],
          '@iot.nextLink': 'https://frost.test/v1.1/Things?$top=2&$skip=4',
        });
      return jsonResponse({ value: [airThing('x-4')] });
    });
    expect(urls.map((u) => u.searchParams.get('$skip'))).toEqual([null, '2', '4']);
    expect(result.items.map((i) => i.id).sort()).toEqual(['st:1', 'st:2', 'st:3', 'st:x-4']);
  });

  it('stops at the page cap, at links to another origin and at loops, saying so', async () => {
    const endless = await poll(
      (url) =>
        jsonResponse({
          value: [airThing(Number(url.searchParams.get('$skip') ?? 0))],
          '@iot.nextLink': `Things?$skip=${Number(url.searchParams.get('$skip') ?? 0) + 1}`,
        }),
      '#maxRequests=3',
    );
    expect(endless.urls).toHaveLength(3);
    expect(endless.result.dropped).toEqual([expect.objectContaining({ rule: 'truncated' })]);
    const away = await poll(() =>
      jsonResponse({
        value: [airThing(1)],
        '@iot.nextLink': 'https://elsewhere.test/Things?$skip=1',
      }),
    );
    expect(away.urls).toHaveLength(1);
    expect(away.result.dropped[0]!.reason).toContain('not a URL on the server');
    const loop = await poll(() =>
      jsonResponse({ value: [airThing(1)], '@iot.nextLink': 'Things?$top=100' }),
    );
    expect(loop.urls.length).toBeLessThanOrEqual(3);
  });

  it('quarantines a bad time, an unknown unit and a Thing without a place', async () => {
    const bad = airThing(1);
    (bad.Datastreams[0]!.Observations[0] as { resultTime: string }).resultTime = '2026-05-01 10:00';
    const unit = airThing(2);
    unit.Datastreams[0]!.unitOfMeasurement.symbol = 'ppm';
    const nowhere = airThing(3, { Locations: [] });
    const { result } = await poll(() => jsonResponse({ value: [bad, unit, nowhere] }));
    expect(result.items).toEqual([]);
    expect(result.dropped.map((d) => d.rule).sort()).toEqual([
      'invalid_time',
      'invalid_type',
      'unknown_unit',
    ]);
  });

  it('maps noise and a whole water station; a partial water station is quarantined', async () => {
    const stream = (name: string, result: number) => ({
      name,
      ObservedProperty: { name },
      Observations: [{ phenomenonTime: '2026-05-01T10:00:00+08:00', result }],
    });
    const noise = airThing(1, { Datastreams: [stream('LAeq', 58)] });
    const water = airThing(2, {
      Datastreams: [
        stream('pH', 7.1),
        stream('Dissolved oxygen', 7),
        stream('CODMn', 3),
        stream('NH3-N', 0.4),
        stream('TP', 0.08),
      ],
    });
    const partial = airThing(3, { Datastreams: [stream('pH', 7.1)] });
    const { result } = await poll(() => jsonResponse({ value: [noise, water, partial] }));
    expect(result.items.map((i) => [i.id, i.kind])).toEqual([
      ['st:1', 'noise'],
      ['st:2', 'water'],
    ]);
    expect(result.dropped).toEqual([
      expect.objectContaining({ id: 'st:3', rule: 'missing_value' }),
    ]);
  });

  it('keeps Things whose ids are names of Object.prototype', async () => {
    const ids = ['__proto__', 'constructor', 'toString'];
    const { result } = await poll(() => jsonResponse({ value: ids.map((id) => airThing(id)) }));
    expect(result.items.map((i) => i.id).sort()).toEqual(ids.map((id) => `st:${id}`).sort());
  });

  it('reports a body without a value array and refuses other feeds', async () => {
    await expect(poll(() => jsonResponse([airThing(1)]))).rejects.toMatchObject({
      reason: 'contract',
    });
    const source = fakeSource(() => jsonResponse({ value: [] }));
    const adapter = createSensorThingsAdapter(feedConfig(), source.env);
    await expect(
      adapter.fetch({ feed: 'tickets', profile: 'desktop' }, { signal: signal(), since: null }),
    ).rejects.toMatchObject({ reason: 'unconfigured' });
  });

  it('never throws on arbitrary values, and what it keeps is valid', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.jsonValue(), fc.constant(airThing(1))), { maxLength: 6 }),
        async (value) => {
          const { result } = await poll(() => jsonResponse({ value }));
          for (const item of result.items) expect(sensorSchema.safeParse(item).success).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  describe('increments', () => {
    const NEWER = 'Datastreams/Observations/phenomenonTime ge 2026-05-01T08:30:00Z';

    /** One adapter polled again and again, each poll with the cursor of the last. */
    function session(respond: Responder, fragment = '') {
      const source = fakeSource(respond);
      const adapter = createSensorThingsAdapter(feedConfig(fragment), source.env);
      let since: FeedCursor | null = null;
      return {
        urls: source.urls,
        async poll() {
          const result = await adapter.fetch(
            { feed: 'sensors', profile: 'desktop' },
            { signal: signal(), since },
          );
          since = result.cursor;
          return result;
        },
      };
    }

    it('asks only for Things observed since the latest held, less the overlap, as a delta', async () => {
      const s = session((url) =>
        jsonResponse({
          value: url.searchParams.has('$filter') ? [airThing(2)] : [airThing(1), airThing(2)],
        }),
      );
      expect((await s.poll()).kind).toBe('snapshot');
      expect(s.urls[0]!.searchParams.has('$filter')).toBe(false);
      const second = await s.poll();
      expect(s.urls[1]!.searchParams.get('$filter')).toBe(NEWER);
      expect(s.urls[1]!.searchParams.get('$expand')).toBe(THINGS_EXPAND);
      expect(second).toMatchObject({ kind: 'delta', removed: [], dropped: [] });
      expect(second.kind === 'delta' && second.upserts.map((i) => i.id)).toEqual(['st:2']);
    });

    it('joins the configured filter, says unchanged when nothing is newer, and reads all every resyncEvery polls', async () => {
      const s = session(
        (url) =>
          jsonResponse({
            value: url.searchParams.get('$filter')?.includes('phenomenonTime') ? [] : [airThing(1)],
          }),
        "#resyncEvery=3&filter=properties/city eq 'Fuzhou'",
      );
      const kinds = [];
      for (let i = 0; i < 5; i += 1) kinds.push((await s.poll()).kind);
      expect(kinds).toEqual(['snapshot', 'unchanged', 'unchanged', 'snapshot', 'unchanged']);
      expect(s.urls.map((u) => u.searchParams.get('$filter'))).toEqual([
        "properties/city eq 'Fuzhou'",
        `(properties/city eq 'Fuzhou') and (${NEWER})`,
        `(properties/city eq 'Fuzhou') and (${NEWER})`,
        "properties/city eq 'Fuzhou'",
        `(properties/city eq 'Fuzhou') and (${NEWER})`,
      ]);
    });

    it('reads whole from then on when the server refuses the filter', async () => {
      const s = session((url) =>
        url.searchParams.has('$filter')
          ? new Response('{"code":400,"message":"Not a valid path"}', { status: 400 })
          : jsonResponse({ value: [airThing(1)] }),
      );
      expect((await s.poll()).kind).toBe('snapshot');
      expect((await s.poll()).kind).toBe('snapshot');
      expect((await s.poll()).kind).toBe('snapshot');
      // One refused increment, then whole reads only.
      expect(s.urls.map((u) => u.searchParams.has('$filter'))).toEqual([false, true, false, false]);
    });

    it('reads everything on the next poll when an increment is cut short by the request budget', async () => {
      const s = session(
        (url) =>
          url.searchParams.has('$filter')
            ? jsonResponse({
                value: [airThing(2)],
                // Pages of the same query without end.
                '@iot.nextLink': `Things?$filter=x&$skip=${url.href.length}`,
              })
            : jsonResponse({ value: [airThing(1), airThing(2)] }),
        '#maxRequests=2',
      );
      await s.poll();
      const second = await s.poll();
      expect(second.kind).toBe('delta');
      expect(second.kind === 'delta' && second.dropped).toEqual([
        expect.objectContaining({ rule: 'truncated' }),
      ]);
      const third = await s.poll();
      expect(third.kind === 'snapshot' && third.items).toHaveLength(2);
      expect(s.urls.map((u) => u.searchParams.get('$filter') === null)).toEqual([
        true,
        false,
        false,
        true,
      ]);
    });

    it('reads whole every poll with increments off, or without a cursor of its own', async () => {
      const off = session(() => jsonResponse({ value: [airThing(1)] }), '#increments=false');
      for (let i = 0; i < 3; i += 1) expect((await off.poll()).kind).toBe('snapshot');
      expect(off.urls.every((u) => !u.searchParams.has('$filter'))).toBe(true);
      const source = fakeSource(() => jsonResponse({ value: [airThing(1)] }));
      const adapter = createSensorThingsAdapter(feedConfig(), source.env);
      const ask = (since: FeedCursor | null) =>
        adapter.fetch({ feed: 'sensors', profile: 'desktop' }, { signal: signal(), since });
      const first = await ask(null);
      expect((await ask(null)).kind).toBe('snapshot');
      expect((await ask({ version: first.cursor.version + 7, etag: null })).kind).toBe('snapshot');
    });
  });
});
