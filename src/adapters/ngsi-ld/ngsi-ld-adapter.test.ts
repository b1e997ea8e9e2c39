import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeedConfig } from '@/config/config-schema';
import type { FeedName } from '@/domain/common';
import { feedItemSchemas } from '@/domain/feeds';
import type { FeedFetchResult } from '../feed-adapter';
import {
  fakeSource,
  jsonResponse,
  signal,
  standardFixture,
  TEST_CODES,
  type Responder,
} from '../common/testing';
import { createNgsiLdAdapter } from './ngsi-ld-adapter';
import { shortId } from './ngsi-ld-read';

const feedConfig = (baseUrl: string): FeedConfig => ({
  adapter: 'ngsi-ld',
  baseUrl,
  pollIntervalMs: 60_000,
  freshness: { ageingAfterMs: 90_000, staleAfterMs: 180_000, downAfterMs: 600_000 },
});

const fixture = (name: string) =>
  JSON.parse(standardFixture(`ngsi-ld/${name}.jsonld`)) as Record<string, unknown>;
const AIR = fixture('AirQualityObserved.example-normalized');
const AIR_KV = fixture('AirQualityObserved.example-keyvalues');
const NOISE = fixture('NoiseLevelObserved.example-normalized');
const TRAFFIC = fixture('TrafficFlowObserved.example-normalized');
const SR = fixture('Open311-service_requests.example-normalized');

async function poll<F extends FeedName>(
  feed: F,
  respond: Responder,
  fragment = '',
): Promise<{ result: Extract<FeedFetchResult<F>, { kind: 'snapshot' }>; urls: URL[] }> {
  const source = fakeSource(respond);
  const adapter = createNgsiLdAdapter(
    feedConfig(`https://broker.test/ngsi-ld/v1${fragment}`),
    source.env,
  );
  const result = await adapter.fetch(
    { feed, profile: 'desktop' },
    { signal: signal(), since: null },
  );
  if (result.kind !== 'snapshot') throw new Error('expected a snapshot');
  return { result: result as Extract<FeedFetchResult<F>, { kind: 'snapshot' }>, urls: source.urls };
}

describe('ngsi-ld adapter on the Smart Data Models fixtures', () => {
  it('asks the broker for the feed types with limit, offset and count', async () => {
    const { urls } = await poll('sensors', () => jsonResponse([]));
    expect(urls).toHaveLength(1);
    expect(urls[0]!.pathname).toBe('/ngsi-ld/v1/entities');
    expect(Object.fromEntries(urls[0]!.searchParams)).toEqual({
      type: 'AirQualityObserved,NoiseLevelObserved,WaterQualityObserved',
      limit: '1000',
      offset: '0',
      count: 'true',
    });
  });

  it('maps AirQualityObserved in normalized form, reading GP as mg/m³ and a time without offset in the feed zone', async () => {
    const { result } = await poll('sensors', () => jsonResponse([AIR]), '#timeZone=Europe/Madrid');
    expect(result.dropped).toEqual([]);
    const [air] = result.items;
    expect(air).toMatchObject({
      ...TEST_CODES,
      id: 'air:Madrid-AmbientObserved-28079004-2016-03-15T11:00:00',
      kind: 'air',
      name: 'Plaza de España',
      position: [-3.712247222222222, 40.423852777777775],
      status: 'normal',
      // The fixture's CO of 500 GP is 500 mg/m³: implausible, and left for the plausibility check.
      values: { pm25: null, pm10: null, o3: null, no2: 69, so2: 11, co: 500 },
    });
    expect(air!.observedAt).toBe(Date.parse('2016-03-15T10:00:00Z'));
  });

  it('maps the keyValues form alike, with the default µg/m³ for CO', async () => {
    const { result, urls } = await poll(
      'sensors',
      () => jsonResponse([AIR_KV]),
      '#format=keyValues',
    );
    expect(urls[0]!.searchParams.get('options')).toBe('keyValues');
    expect(result.items[0]).toMatchObject({
      kind: 'air',
      values: { no2: 69, so2: 11, co: 0.5 },
    });
    // Without an offset and a zone in the options, the city's zone (Asia/Shanghai).
    expect(result.items[0]!.observedAt).toBe(Date.parse('2016-03-15T03:00:00Z'));
  });

  it('maps NoiseLevelObserved with its window and the configured zone', async () => {
    const { result } = await poll('sensors', () => jsonResponse([NOISE]), '#noiseZone=4a');
    expect(result.items[0]).toMatchObject({
      kind: 'noise',
      values: { laeq: 67.8 },
      zone: '4a',
      observedAt: Date.parse('2016-12-28T12:00:00Z'),
      averagingMs: 3_600_000,
    });
    // 19:00–20:00 in Shanghai is day: the 4a day limit.
    expect(result.items[0]!.kind === 'noise' && result.items[0]!.limit).toBe(70);
  });

  it('quarantines the Open311 request whose expected_datetime is "-08:00Z"', async () => {
    const { result } = await poll('tickets', () => jsonResponse([SR]));
    expect(result.items).toEqual([]);
    expect(result.dropped).toEqual([
      expect.objectContaining({ path: 'expected_datetime', rule: 'invalid_time' }),
    ]);
  });

  it('maps the Open311 request once its time is valid', async () => {
    const fixed = structuredClone(SR);
    (fixed.expected_datetime as { value: Record<string, string> }).value['@value'] =
      '2010-04-15T06:37:38-08:00';
    const { result } = await poll('tickets', () => jsonResponse([fixed]));
    expect(result.items[0]).toMatchObject({
      id: '638344',
      category: '234',
      title: 'Aceras',
      stage: 'closed',
      deadline: Date.parse('2010-04-15T14:37:38Z'),
      position: [-3.164485591715449, 40.62785133667262],
    });
  });

  it('does not map TrafficFlowObserved to signal controllers', async () => {
    const { result } = await poll('signals', () => jsonResponse([TRAFFIC]));
    expect(result.items).toEqual([]);
    expect(result.dropped[0]).toMatchObject({ rule: 'unsupported_type' });
  });

  it('reads attributes expanded against a context the broker did not know', async () => {
    const expanded: Record<string, unknown> = { id: AIR.id, type: AIR.type };
    for (const [k, v] of Object.entries(AIR))
      if (k !== 'id' && k !== 'type' && k !== '@context')
        expanded[k === 'location' ? k : `https://smartdatamodels.org/dataModel.Environment/${k}`] =
          v;
    const { result } = await poll('sensors', () => jsonResponse([expanded]));
    expect(result.items[0]).toMatchObject({ values: { no2: 69 } });
  });
});

describe('ngsi-ld paging', () => {
  const entity = (n: number) => ({
    ...structuredClone(AIR_KV),
    id: `urn:ngsi-ld:AirQualityObserved:s${n}`,
  });

  it('pages by offset up to the count, de-duplicating by id', async () => {
    const all = Array.from({ length: 7 }, (_, i) => entity(i));
    const { result, urls } = await poll(
      'sensors',
      (url) => {
        const offset = Number(url.searchParams.get('offset'));
        // The second page repeats an entity of the first (it moved while we paged).
        const page = offset === 3 ? [all[2]!, all[3]!, all[4]!] : all.slice(offset, offset + 3);
        return jsonResponse(page, { headers: { 'NGSILD-Results-Count': '7' } });
      },
      '#limit=3&format=keyValues',
    );
    expect(urls.map((u) => u.searchParams.get('offset'))).toEqual(['0', '3', '6']);
    expect(result.items.map((i) => i.id).sort()).toEqual(
      ['s0', 's1', 's2', 's3', 's4', 's6'].map((s) => `air:${s}`),
    );
    expect(result.dropped).toEqual([]);
  });

  it('takes its options from the feed’s options object as from the fragment', async () => {
    const all = Array.from({ length: 4 }, (_, i) => entity(i));
    const source = fakeSource((url) => {
      const offset = Number(url.searchParams.get('offset'));
      return jsonResponse(all.slice(offset, offset + 2), {
        headers: { 'NGSILD-Results-Count': '4' },
      });
    });
    const adapter = createNgsiLdAdapter(
      {
        ...feedConfig('https://broker.test/ngsi-ld/v1'),
        options: { limit: 2, format: 'keyValues' },
      },
      source.env,
    );
    const result = await adapter.fetch(
      { feed: 'sensors', profile: 'desktop' },
      { signal: signal(), since: null },
    );
    expect(source.urls.map((u) => u.searchParams.get('limit'))).toEqual(['2', '2']);
    expect(source.urls[0]?.searchParams.get('options')).toBe('keyValues');
    expect(result.kind === 'snapshot' && result.items).toHaveLength(4);
  });

  it('stops at the request budget and says the snapshot is partial', async () => {
    const { result, urls } = await poll(
      'sensors',
      (url) =>
        jsonResponse([entity(Number(url.searchParams.get('offset')))], {
          headers: { 'NGSILD-Results-Count': 'many' },
        }),
      '#limit=1&maxRequests=4&format=keyValues',
    );
    expect(urls).toHaveLength(4);
    expect(result.items).toHaveLength(4);
    expect(result.dropped).toEqual([expect.objectContaining({ rule: 'truncated', id: null })]);
  });

  it('refuses a limit above 1,000 and reports a body that is not a list', async () => {
    const source = fakeSource(() => jsonResponse([]));
    const adapter = createNgsiLdAdapter(
      feedConfig('https://broker.test/ngsi-ld/v1#limit=5000'),
      source.env,
    );
    await expect(
      adapter.fetch({ feed: 'sensors', profile: 'desktop' }, { signal: signal(), since: null }),
    ).rejects.toMatchObject({ reason: 'contract', message: expect.stringContaining('#limit') });
    await expect(poll('sensors', () => jsonResponse({ error: 'x' }))).rejects.toMatchObject({
      reason: 'contract',
    });
    await expect(poll('sensors', () => new Response('', { status: 401 }))).rejects.toMatchObject({
      reason: 'refused',
    });
  });

  it('sends the context in a Link header and the tenant', async () => {
    let headers: Headers | null = null;
    const source = fakeSource(() => jsonResponse([]));
    const wrapped = source.env.fetch;
    source.env.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      headers = new Headers(init?.headers);
      return wrapped(input, init);
    }) as typeof fetch;
    const adapter = createNgsiLdAdapter(
      feedConfig(
        'https://broker.test/ngsi-ld/v1#context=https://example.org/ctx.jsonld&tenant=city1',
      ),
      source.env,
    );
    await adapter.fetch({ feed: 'sensors', profile: 'desktop' }, { signal: signal(), since: null });
    expect(headers!.get('Link')).toContain('<https://example.org/ctx.jsonld>');
    expect(headers!.get('NGSILD-Tenant')).toBe('city1');
  });
});

describe('ngsi-ld ids', () => {
  it('keeps ids short, distinct per type and stable', () => {
    expect(shortId('urn:ngsi-ld:AirQualityObserved:A1', 'AirQualityObserved', 'air')).toBe(
      'air:A1',
    );
    const long = `urn:ngsi-ld:AirQualityObserved:${'x'.repeat(80)}`;
    expect(shortId(long, 'AirQualityObserved', 'air')).toMatch(/^air\.[0-9a-z]+$/);
    expect(shortId(long, 'AirQualityObserved', 'air')).toBe(
      shortId(long, 'AirQualityObserved', 'air'),
    );
    expect(shortId('urn:ngsi-ld:X:a b', 'X', 't')).not.toBe(shortId('urn:ngsi-ld:X:a c', 'X', 't'));
  });

  it('keeps entities whose ids are names of Object.prototype', async () => {
    const ids = ['__proto__', 'constructor', 'toString'];
    const { result } = await poll(
      'sensors',
      () => jsonResponse(ids.map((id) => ({ ...structuredClone(AIR_KV), id }))),
      '#format=keyValues',
    );
    expect(result.items.map((i) => i.id).sort()).toEqual(ids.map((id) => `air:${id}`).sort());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('ngsi-ld on arbitrary payloads', () => {
  it('never throws but FeedFetchError, and what it keeps is valid', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<FeedName>('sensors', 'tickets', 'detections', 'signals'),
        fc.array(
          fc.oneof(
            fc.jsonValue(),
            fc.record({
              id: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor')),
              type: fc.constantFrom(
                'AirQualityObserved',
                'NoiseLevelObserved',
                'Alert',
                'ServiceRequest',
                'TrafficSignalController',
              ),
              location: fc.oneof(
                fc.jsonValue(),
                fc.constant({ type: 'Point', coordinates: [-3.7, 40.4] }),
              ),
              dateObserved: fc.oneof(fc.string(), fc.constant('2026-01-01T00:00:00Z')),
              LAeq: fc.jsonValue(),
              no2: fc.jsonValue(),
              category: fc.string(),
            }),
          ),
          { maxLength: 8 },
        ),
        async (feed, body) => {
          const { result } = await poll(feed, () => jsonResponse(body));
          for (const item of result.items)
            expect(feedItemSchemas[feed].safeParse(item).success).toBe(true);
          expect(result.items.length + result.dropped.length).toBeLessThanOrEqual(body.length);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('ngsi-ld paging, as a property', () => {
  it('keeps each id once, whatever the pages repeat or skip, and reads no further than the count', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', 'b', 'c', '__proto__', 'constructor', 'toString', 'd', 'e'), {
          maxLength: 30,
        }),
        fc.integer({ min: 1, max: 7 }),
        async (served, limit) => {
          const { result, urls } = await poll(
            'sensors',
            (url) => {
              const offset = Number(url.searchParams.get('offset'));
              const page = served.slice(offset, offset + limit).map((id) => ({
                ...structuredClone(AIR_KV),
                id: `urn:ngsi-ld:AirQualityObserved:${id}`,
              }));
              return jsonResponse(page, {
                headers: { 'NGSILD-Results-Count': String(served.length) },
              });
            },
            `#limit=${limit}&format=keyValues&maxRequests=1000`,
          );
          const ids = result.items.map((i) => i.id);
          expect(new Set(ids).size).toBe(ids.length);
          expect(new Set(ids)).toEqual(new Set(served.map((id) => `air:${id}`)));
          expect(urls.length).toBe(Math.max(1, Math.ceil(served.length / limit)));
        },
      ),
      { numRuns: 150 },
    );
  });
});
