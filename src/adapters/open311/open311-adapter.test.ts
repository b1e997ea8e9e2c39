import { describe, expect, it } from 'vitest';
import { ticketSchema, type Ticket } from '@/domain/ticket';
import type { FeedConfig } from '@/config/config-schema';
import { FeedFetchError, type FeedFetchResult } from '../feed-adapter';
import {
  fakeSource,
  jsonResponse,
  signal,
  standardFixture,
  TEST_CODES,
  type Responder,
} from '../common/testing';
import { createOpen311Adapter } from './open311-adapter';
import { CITIZEN_FIELDS } from './open311-map';

const feed = (baseUrl: string): FeedConfig => ({
  adapter: 'open311',
  baseUrl,
  pollIntervalMs: 60_000,
  freshness: { ageingAfterMs: 90_000, staleAfterMs: 180_000, downAfterMs: 600_000 },
});

const XML = standardFixture('open311/cfa-service_requests.xml');
const SDM = JSON.parse(standardFixture('open311/sdm-service_requests.example.json')) as Record<
  string,
  unknown
>;

const xmlResponse = (text: string) =>
  new Response(text, { headers: { 'Content-Type': 'text/xml' } });

async function poll(baseUrl: string, respond: Responder, profile: 'desktop' | 'wall' = 'desktop') {
  const source = fakeSource(respond);
  const adapter = createOpen311Adapter(feed(baseUrl), source.env);
  const result = await adapter.fetch(
    { feed: 'tickets', profile },
    { signal: signal(), since: null },
  );
  return { result, urls: source.urls, adapter };
}

function snapshot(result: FeedFetchResult<'tickets'>) {
  if (result.kind !== 'snapshot') throw new Error(`expected a snapshot, got ${result.kind}`);
  return result;
}

describe('open311 adapter on the Code for America XML fixture', () => {
  it('maps both requests to tickets, times with their -08:00 offset', async () => {
    const { result, urls } = await poll('https://311.test/v2#format=xml', () => xmlResponse(XML));
    const { items, dropped } = snapshot(result);
    expect(dropped).toEqual([]);
    expect(items.map((t) => t.id).sort()).toEqual(['638344', '638349']);
    const closed = items.find((t) => t.id === '638344')!;
    expect(closed).toMatchObject({
      ...TEST_CODES,
      position: [-122.4651145, 37.762221815],
      category: '006',
      title: 'Sidewalk and Curb Issues',
      description: '',
      department: null,
      stage: 'closed',
      type: 'report',
      channel: 'web',
      address: '8TH AVE and JUDAH ST',
      photos: { before: true, after: false },
    });
    expect(closed.stages.reported).toBe(Date.parse('2010-04-14T14:37:38Z'));
    expect(closed.stages.closed).toBe(Date.parse('2010-04-14T14:37:38Z'));
    expect(closed.deadline).toBe(Date.parse('2010-04-15T14:37:38Z'));
    const open = items.find((t) => t.id === '638349')!;
    expect(open.stage).toBe('registered');
    expect(open.stages.closed).toBeUndefined();
    for (const item of items) expect(ticketSchema.safeParse(item).success).toBe(true);
    expect(urls[0]!.pathname).toBe('/v2/requests.xml');
    expect(urls[0]!.hash).toBe('');
  });

  it('leaves the address out of the wall projection', async () => {
    const { result } = await poll('https://311.test/v2#format=xml', () => xmlResponse(XML), 'wall');
    for (const item of snapshot(result).items) expect(item.address).toBeUndefined();
  });

  it('fails the poll, never throws otherwise, on XML that is not well-formed or has a DTD', async () => {
    for (const body of [
      XML.replace('</service_requests>', ''),
      '<!DOCTYPE x [<!ENTITY a "aaaa">]><service_requests/>',
      '<html><body>Service unavailable</body></html>',
    ]) {
      const error = await poll('https://311.test/v2#format=xml', () => xmlResponse(body)).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FeedFetchError);
    }
  });
});

describe('open311 adapter on the Smart Data Models JSON fixture', () => {
  it('reads the GeoJSON location and the address_string', async () => {
    const { result } = await poll('https://311.test/v2', () => jsonResponse([SDM]));
    const [ticket] = snapshot(result).items;
    expect(ticket).toMatchObject({
      id: '638344',
      position: [-3.164485591715449, 40.62785133667262],
      category: '234',
      title: 'Aceras',
      description: 'Acera en mal estado con bordillo partido en dos',
      // "Ayuntamiento de Ciudad" is a name, not a department id.
      department: null,
      address: 'Calle San Juan Bautista, 2',
      stage: 'closed',
    });
  });

  it('refuses a body that is one request rather than a list', async () => {
    const error = await poll('https://311.test/v2', () => jsonResponse(SDM)).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ reason: 'contract' });
  });

  it('drops the citizen fields', async () => {
    const citizen = {
      ...SDM,
      first_name: 'Zhang',
      last_name: 'Wei-PRIVATE',
      phone: '+86 138 0000 0000',
      email: 'private@example.org',
      device_id: 'DEVICE-PRIVATE-1',
    };
    const { result } = await poll('https://311.test/v2', () => jsonResponse([citizen]));
    const text = JSON.stringify(snapshot(result));
    expect(snapshot(result).items).toHaveLength(1);
    for (const field of CITIZEN_FIELDS) expect(text).not.toContain(String(citizen[field]));
    expect(text).not.toMatch(/PRIVATE|first_name|email/);
  });
});

describe('open311 time and place checks', () => {
  const request = (patch: Record<string, unknown>) => ({
    service_request_id: 'r1',
    status: 'open',
    service_code: 'potholes',
    service_name: 'Pothole',
    requested_datetime: '2026-03-01T08:00:00+08:00',
    lat: 40.4,
    long: -3.7,
    ...patch,
  });
  const one = async (patch: Record<string, unknown>, fragment = '') => {
    const { result } = await poll(`https://311.test/v2${fragment}`, () =>
      jsonResponse([request(patch)]),
    );
    return snapshot(result);
  };

  it('reads a time without an offset in the feed time zone', async () => {
    const local = await one({ requested_datetime: '2026-03-01T08:00:00' });
    expect(local.items[0]!.stages.reported).toBe(Date.parse('2026-03-01T00:00:00Z'));
    const madrid = await one(
      { requested_datetime: '2026-07-01T08:00:00' },
      '#timeZone=Europe/Madrid',
    );
    expect(madrid.items[0]!.stages.reported).toBe(Date.parse('2026-07-01T06:00:00Z'));
  });

  it('quarantines hybrids such as -08:00Z, naming the field', async () => {
    const { items, dropped } = await one({ expected_datetime: '2010-04-15T06:37:38-08:00Z' });
    expect(items).toEqual([]);
    expect(dropped).toEqual([
      expect.objectContaining({ id: 'r1', path: 'expected_datetime', rule: 'invalid_time' }),
    ]);
  });

  it('flags swapped coordinates, points outside the city and 0/0', async () => {
    expect((await one({ lat: -3.7, long: 40.4 })).dropped[0]!.rule).toBe('latlng_swapped');
    expect((await one({ lat: 31.2, long: 121.5 })).dropped[0]!.rule).toBe('outside_city');
    expect((await one({ lat: 0, long: 0 })).dropped[0]!.rule).toBe('null_island');
    expect((await one({ lat: 91, long: 0 })).dropped[0]!.rule).toBe('out_of_range');
    expect((await one({ lat: 'n/a' })).dropped[0]!.rule).toBe('invalid_type');
  });

  it('quarantines unknown statuses and ids no screen could key', async () => {
    expect((await one({ status: 'pending' })).dropped[0]!.rule).toBe('invalid_status');
    expect((await one({ service_request_id: 'a b' })).dropped[0]!.path).toBe('id');
    expect((await one({ service_request_id: undefined })).dropped[0]!.rule).toBe('missing_id');
  });

  it('keeps ids that are names of Object.prototype', async () => {
    for (const id of ['__proto__', 'constructor', 'toString']) {
      const { items } = await one({ service_request_id: id });
      expect(items.map((t: Ticket) => t.id)).toEqual([id]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('quarantines everything as unplaced when no geography was given', async () => {
    const source = fakeSource(() => jsonResponse([request({})]), { place: undefined });
    const adapter = createOpen311Adapter(feed('https://311.test/v2'), source.env);
    const result = await adapter.fetch(
      { feed: 'tickets', profile: 'desktop' },
      { signal: signal(), since: null },
    );
    expect(snapshot(result).dropped[0]!.rule).toBe('unplaced');
  });
});

describe('open311 windows, re-fetch and budget', () => {
  const DAY = 86_400_000;
  const params = (url: URL) => Object.fromEntries(url.searchParams);

  it('sweeps the look-back in windows of at most 90 days, newest first', async () => {
    const { urls } = await poll('https://311.test/v2#lookbackDays=200', () => jsonResponse([]));
    expect(urls).toHaveLength(3);
    const spans = urls.map(
      (u) => Date.parse(params(u).end_date!) - Date.parse(params(u).start_date!),
    );
    expect(spans.map((s) => Math.round(s / DAY))).toEqual([90, 90, 20]);
    expect(Date.parse(params(urls[0]!).start_date!)).toBe(Date.parse(params(urls[1]!).end_date!));
  });

  it('halves a window that comes back with a full page', async () => {
    let calls = 0;
    const { urls } = await poll('https://311.test/v2#lookbackDays=10&pageLimit=2', () => {
      calls += 1;
      return jsonResponse(calls === 1 ? [{}, {}] : []);
    });
    expect(urls).toHaveLength(3);
    const [all, newer, older] = urls.map(params);
    expect(newer!.end_date).toBe(all!.end_date);
    expect(older!.start_date).toBe(all!.start_date);
    expect(newer!.start_date).toBe(older!.end_date);
  });

  it('stops at the request budget', async () => {
    const { urls, result } = await poll('https://311.test/v2#lookbackDays=365&maxRequests=2', () =>
      jsonResponse([]),
    );
    expect(urls).toHaveLength(2);
    expect(snapshot(result).dropped).toEqual([
      expect.objectContaining({ id: null, rule: 'truncated' }),
    ]);
  });

  it('asks for new requests from the same point again when the budget cut a sweep short', async () => {
    const source = fakeSource((url) =>
      // Full pages until the windows are a minute wide: the budget runs out first.
      jsonResponse(url.searchParams.has('start_date') && source.urls.length > 1 ? [{}, {}] : []),
    );
    const adapter = createOpen311Adapter(
      feed('https://311.test/v2#lookbackDays=1&pageLimit=2&maxRequests=3'),
      source.env,
    );
    const q = { feed: 'tickets' as const, profile: 'desktop' as const };
    const first = await adapter.fetch(q, { signal: signal(), since: null });
    const second = await adapter.fetch(q, { signal: signal(), since: first.cursor });
    const third = await adapter.fetch(q, { signal: signal(), since: second.cursor });
    expect(second.kind).toBe('delta');
    const startOf = (i: number) => source.urls[i]!.searchParams.get('start_date');
    // The second poll's first request (index 1) and the third's (index 4) start at the same time.
    expect(third.kind).toBe('delta');
    expect(startOf(4)).toBe(startOf(1));
  });

  it('asks for what is new, re-fetches open requests by id, and forgets them once closed', async () => {
    const requests = [
      {
        service_request_id: 'open-1',
        status: 'open',
        service_code: 'potholes',
        requested_datetime: '2026-03-01T08:00:00Z',
        lat: 40.4,
        long: -3.7,
      },
      {
        service_request_id: 'closed-1',
        status: 'closed',
        service_code: 'potholes',
        requested_datetime: '2026-03-01T08:00:00Z',
        lat: 40.4,
        long: -3.7,
      },
    ];
    let byId: unknown[] = [];
    const source = fakeSource((url) =>
      url.searchParams.has('service_request_id')
        ? jsonResponse(byId)
        : url.searchParams.has('updated_after') || source.urls.length > 1
          ? jsonResponse([])
          : jsonResponse(requests),
    );
    const adapter = createOpen311Adapter(
      feed('https://311.test/v2#lookbackDays=30&updatedAfter=true'),
      source.env,
    );
    const q = { feed: 'tickets' as const, profile: 'desktop' as const };
    const first = await adapter.fetch(q, { signal: signal(), since: null });
    expect(snapshot(first).items).toHaveLength(2);

    byId = [{ ...requests[0], status: 'closed', updated_datetime: '2026-03-02T08:00:00Z' }];
    const second = await adapter.fetch(q, { signal: signal(), since: first.cursor });
    const asked = source.urls.slice(1).map(params);
    expect(asked[0]!.updated_after).toBeDefined();
    expect(asked[1]).toEqual({ service_request_id: 'open-1' });
    expect(second.kind).toBe('delta');
    if (second.kind !== 'delta') return;
    expect(second.upserts.map((t) => [t.id, t.stage])).toEqual([['open-1', 'closed']]);

    const third = await adapter.fetch(q, { signal: signal(), since: second.cursor });
    expect(third.kind).toBe('unchanged');
    expect(source.urls.slice(3).some((u) => u.searchParams.has('service_request_id'))).toBe(false);
  });

  it('starts over with a sweep when the cursor is not its own', async () => {
    const source = fakeSource(() => jsonResponse([]));
    const adapter = createOpen311Adapter(feed('https://311.test/v2'), source.env);
    const result = await adapter.fetch(
      { feed: 'tickets', profile: 'desktop' },
      { signal: signal(), since: { version: 99, etag: null } },
    );
    expect(result.kind).toBe('snapshot');
  });
});

describe('open311 failures', () => {
  it('reports refusal and throttling with Retry-After', async () => {
    const refused = await poll(
      'https://311.test/v2',
      () => new Response('', { status: 403 }),
    ).catch((e: unknown) => e);
    expect(refused).toMatchObject({ reason: 'refused', status: 403 });
    const throttled = await poll(
      'https://311.test/v2',
      () => new Response('', { status: 429, headers: { 'Retry-After': '30' } }),
    ).catch((e: unknown) => e);
    expect(throttled).toMatchObject({ reason: 'throttled', retryAfterMs: 30_000 });
  });

  it('names a wrong option of the baseUrl', async () => {
    const error = await poll('https://311.test/v2#windowDays=120', () => jsonResponse([])).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ reason: 'contract' });
    expect(String((error as Error).message)).toContain('#windowDays');
    const unknown = await poll('https://311.test/v2#pageSize=5', () => jsonResponse([])).catch(
      (e: unknown) => e,
    );
    expect(String((unknown as Error).message)).toContain('#pageSize');
  });

  it('serves the tickets feed only', async () => {
    const source = fakeSource(() => jsonResponse([]));
    const adapter = createOpen311Adapter(feed('https://311.test/v2'), source.env);
    await expect(
      adapter.fetch({ feed: 'sensors', profile: 'desktop' }, { signal: signal(), since: null }),
    ).rejects.toMatchObject({ reason: 'unconfigured' });
  });
});
