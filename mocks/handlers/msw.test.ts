import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotPayload } from '../../src/domain/feeds';
import { createFakeCity, manualTime } from './fake-city';
import { createFeedServer } from './feed-server';
import { createFeedHandlers } from './msw';
import { createTestServer } from './node';
import { createSimClock } from './sim-clock';

const BASE = 'http://city.test/api/v1';
const time = manualTime();
const clock = createSimClock({ start: Date.UTC(2026, 10, 22), realNow: time.realNow });
const feeds = createFeedServer({ city: createFakeCity(), clock });
const server = createTestServer(createFeedHandlers({ baseUrl: `${BASE}/`, server: feeds }));

beforeAll(() => server.listen());
afterEach(() => {
  server.resetHandlers();
  feeds.setFault('all', null);
});
afterAll(() => server.close());

describe('MSW feed handlers', () => {
  it('serve snapshots with ETag and 304', async () => {
    const response = await fetch(`${BASE}/tickets?view=wall`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(response.headers.get('Cache-Control')).toBe('no-cache');
    const etag = response.headers.get('ETag') ?? '';
    expect(etag).toMatch(/^"tickets-42-\d+-wall"$/);
    const body = (await response.json()) as SnapshotPayload;
    expect(body.feed).toBe('tickets');
    const again = await fetch(`${BASE}/tickets?view=wall`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('serve deltas and 410', async () => {
    const { version } = (await (await fetch(`${BASE}/signals`)).json()) as SnapshotPayload;
    time.advance(60_000);
    const delta = await fetch(`${BASE}/signals?since=${version}`);
    expect(delta.status).toBe(200);
    expect(await delta.json()).toMatchObject({ since: version, version: version + 12 });
    expect((await fetch(`${BASE}/signals?since=${version + 999}`)).status).toBe(410);
  });

  it('answer HEAD without a body, and unknown feeds with 404', async () => {
    const head = await fetch(`${BASE}/tickets`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const missing = await fetch(`${BASE}/parking`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'unknown_feed' });
  });

  it('apply faults', async () => {
    feeds.setFault('sensors', { kind: 'down' });
    expect((await fetch(`${BASE}/sensors`)).status).toBe(503);
    feeds.setFault('sensors', null);
    feeds.setFault('sensors', { kind: 'garbage' });
    const garbage = await fetch(`${BASE}/sensors`);
    expect(garbage.status).toBe(200);
    await expect(garbage.json()).rejects.toThrow();
    feeds.setFault('sensors', { kind: 'slow', ms: 50 });
    const started = performance.now();
    expect((await fetch(`${BASE}/sensors`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(49);
  });

  it('let a test override one response', async () => {
    server.use(http.get(`${BASE}/tickets`, () => HttpResponse.error(), { once: true }));
    await expect(fetch(`${BASE}/tickets`)).rejects.toThrow();
    expect((await fetch(`${BASE}/tickets`)).status).toBe(200);
  });
});
