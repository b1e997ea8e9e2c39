import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeltaPayload, SnapshotPayload } from '../../src/domain/feeds';
import { createFakeCity, manualTime } from '../handlers/fake-city';
import type { SimCity } from '../sim/types';
import { loadTicketCatalog, startSimServer, type ServedRequest, type SimServer } from './serve';

const T0 = Date.UTC(2026, 10, 22, 0, 0);
const time = manualTime();
let sim: SimServer;

beforeAll(async () => {
  sim = await startSimServer({
    port: 0,
    city: createFakeCity(),
    start: T0,
    speed: 1,
    realNow: time.realNow,
  });
});
afterAll(() => sim.close());

const admin = (path: string, body: unknown): Promise<Response> =>
  fetch(`${sim.origin}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('sim HTTP server', () => {
  it('listens on 127.0.0.1 and serves snapshots with CORS, ETag and 304', async () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/);
    const response = await fetch(`${sim.url}/tickets`, {
      headers: { Origin: 'http://127.0.0.1:4173' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(response.headers.get('Access-Control-Expose-Headers')).toMatch(/ETag/);
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
    const etag = response.headers.get('ETag') ?? '';
    expect(etag).toBe(`"tickets-42-${T0 / 5000}-desktop"`);
    const body = (await response.json()) as SnapshotPayload;
    expect(body).toMatchObject({ feed: 'tickets', version: T0 / 5000, generatedAt: T0 });
    const again = await fetch(`${sim.url}/tickets`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('Access-Control-Allow-Origin')).toBe('*');
  });

  it('answers the CORS preflight', async () => {
    const response = await fetch(`${sim.url}/tickets`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://127.0.0.1:4173',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'if-none-match, authorization',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(response.headers.get('Access-Control-Allow-Headers')).toMatch(/If-None-Match/);
    expect(response.headers.get('Access-Control-Allow-Headers')).toMatch(/Authorization/);
  });

  it('serves deltas, wall views and HEAD', async () => {
    const { version } = (await (
      await fetch(`${sim.url}/detections?view=wall`)
    ).json()) as SnapshotPayload;
    time.advance(10 * 60_000);
    const delta = (await (
      await fetch(`${sim.url}/detections?view=wall&since=${version}`)
    ).json()) as DeltaPayload;
    expect(delta).toMatchObject({ since: version, version: version + 120 });
    expect(delta.removed.length).toBeGreaterThan(0);
    expect((await fetch(`${sim.url}/detections?since=${version - 1}`)).status).toBe(410);
    const head = await fetch(`${sim.url}/signals`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers unknown paths and methods with JSON errors', async () => {
    expect((await fetch(`${sim.url}/parking`)).status).toBe(404);
    expect((await fetch(`${sim.origin}/nothing`)).status).toBe(404);
    expect((await fetch(`${sim.url}/tickets`, { method: 'POST' })).status).toBe(405);
  });

  it('injects and clears faults from /admin/faults', async () => {
    expect(
      (await admin('/admin/faults', { feed: 'tickets', fault: { kind: 'down' } })).status,
    ).toBe(200);
    expect((await fetch(`${sim.url}/tickets`)).status).toBe(503);
    const state = await admin('/admin/faults', { spec: 'sensors:empty,signals:garbage' });
    expect(await state.json()).toMatchObject({
      faults: {
        tickets: [{ kind: 'down' }],
        sensors: [{ kind: 'empty' }],
        signals: [{ kind: 'garbage' }],
      },
    });
    expect(((await (await fetch(`${sim.url}/sensors`)).json()) as SnapshotPayload).items).toEqual(
      [],
    );
    await expect((await fetch(`${sim.url}/signals`)).json()).rejects.toThrow();
    await admin('/admin/faults', { feed: 'all', fault: null });
    expect((await fetch(`${sim.url}/tickets`)).status).toBe(200);
    expect(
      (await admin('/admin/faults', { feed: 'tickets', fault: { kind: 'melt' } })).status,
    ).toBe(400);
    expect((await admin('/admin/faults', { spec: 'tickets:melt' })).status).toBe(400);
    const notJson = await fetch(`${sim.origin}/admin/faults`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ message: 'body is not JSON' });
  });

  it('drives the clock from /admin/clock', async () => {
    const paused = (await (await admin('/admin/clock', { speed: 600, paused: true })).json()) as {
      simNow: number;
      speed: number;
      paused: boolean;
    };
    expect(paused).toMatchObject({ speed: 600, paused: true });
    time.advance(1000);
    const state = (await (await fetch(`${sim.origin}/admin/state`)).json()) as { simNow: number };
    expect(state.simNow).toBe(paused.simNow);
    await admin('/admin/clock', { paused: false });
    time.advance(1000);
    const running = (await (await fetch(`${sim.origin}/admin/state`)).json()) as { simNow: number };
    expect(running.simNow).toBe(paused.simNow + 600_000);
    expect((await admin('/admin/clock', { speed: 0 })).status).toBe(400);
    await admin('/admin/clock', { speed: 1 });
  });

  it('starts incidents from /admin/incidents at the next version', async () => {
    const response = await admin('/admin/incidents', { kind: 'rainstorm', place: '350102' });
    const { incident, state } = (await response.json()) as {
      incident: { start: number };
      state: { version: number; tickMs: number };
    };
    expect(incident).toMatchObject({ kind: 'rainstorm', place: '350102' });
    expect(incident.start).toBe((state.version + 1) * state.tickMs);
    time.advance(5000);
    const after = (await (await fetch(`${sim.origin}/admin/state`)).json()) as {
      activeIncidents: unknown[];
    };
    expect(after.activeIncidents).toEqual([incident]);
    expect((await admin('/admin/incidents', { kind: 'earthquake', place: '350102' })).status).toBe(
      400,
    );
    expect((await admin('/admin/incidents', { kind: 'rainstorm', place: 'Gulou' })).status).toBe(
      400,
    );
  });
});

describe('answers asked again', () => {
  it('computes and gzips each version of a question once, and tells what it served', async () => {
    const served: ServedRequest[] = [];
    const clock = manualTime();
    const server = await startSimServer({
      port: 0,
      city: createFakeCity(),
      start: T0,
      speed: 1,
      realNow: clock.realNow,
      onServed: (request) => served.push(request),
    });
    try {
      const gzipped = { headers: { 'Accept-Encoding': 'gzip' } };
      const first = await fetch(`${server.url}/tickets`, gzipped);
      const firstBody = await first.text();
      const etag = first.headers.get('ETag') ?? '';
      const again = await fetch(`${server.url}/tickets`, gzipped);
      expect(again.headers.get('Content-Encoding')).toBe('gzip');
      expect(again.headers.get('ETag')).toBe(etag);
      expect(again.headers.get('Access-Control-Allow-Origin')).toBe('*');
      expect(await again.text()).toBe(firstBody);
      const unchanged = await fetch(`${server.url}/tickets`, {
        headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': etag },
      });
      expect(unchanged.status).toBe(304);
      // A fault that leaves the ETag as it is still reaches the client.
      await fetch(`${server.origin}/admin/faults`, {
        method: 'POST',
        body: JSON.stringify({ feed: 'tickets', fault: { kind: 'garbage' } }),
      });
      await expect((await fetch(`${server.url}/tickets`, gzipped)).json()).rejects.toThrow();
      await fetch(`${server.origin}/admin/faults`, {
        method: 'POST',
        body: JSON.stringify({ feed: 'tickets', fault: null }),
      });
      expect(await (await fetch(`${server.url}/tickets`, gzipped)).text()).toBe(firstBody);
      // The same ETag on a delta: its own answer, not the snapshot's.
      const { version } = JSON.parse(firstBody) as SnapshotPayload;
      clock.advance(60_000);
      const delta = (await (
        await fetch(`${server.url}/tickets?since=${version}`, gzipped)
      ).json()) as DeltaPayload;
      expect(delta).toMatchObject({ since: version, version: version + 12 });
      // A new version: a new answer, and a client holding it gets a 304.
      const next = await fetch(`${server.url}/tickets`, gzipped);
      expect(((await next.json()) as SnapshotPayload).version).toBe(version + 12);
      const nextTag = next.headers.get('ETag') ?? '';
      expect(nextTag).not.toBe(etag);
      const held = await fetch(`${server.url}/tickets`, {
        headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': nextTag },
      });
      expect(held.status).toBe(304);
      expect(
        served
          .filter(({ url }) => url.startsWith('/api'))
          .map(({ method, url, status }) => `${method} ${url} ${status}`),
      ).toEqual([
        'GET /api/v1/tickets 200',
        'GET /api/v1/tickets 200',
        'GET /api/v1/tickets 304',
        'GET /api/v1/tickets 200',
        'GET /api/v1/tickets 200',
        `GET /api/v1/tickets?since=${version} 200`,
        'GET /api/v1/tickets 200',
        'GET /api/v1/tickets 304',
      ]);
      expect(served.every(({ answerMs, ms }) => answerMs >= 0 && ms >= answerMs)).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('a still clock', () => {
  it('keeps the answers without an ETag while the clock stands still and no fault is set', async () => {
    const asked: number[] = [];
    const city: SimCity = {
      ...createFakeCity(),
      endpoints: {
        detections: (path, _params, t) => {
          asked.push(t);
          return path === 'cameras' ? { status: 200, body: { at: t } } : null;
        },
      },
    };
    const clock = manualTime();
    const server = await startSimServer({
      port: 0,
      city,
      start: T0,
      paused: true,
      realNow: clock.realNow,
    });
    const cameras = async () =>
      (await (await fetch(`${server.url}/detections/cameras`)).json()) as { at: number };
    try {
      expect(await cameras()).toEqual({ at: T0 });
      clock.advance(60_000);
      expect(await cameras()).toEqual({ at: T0 });
      expect(asked).toEqual([T0]);
      // A fault may slow or change any answer: asked anew.
      await fetch(`${server.origin}/admin/faults`, {
        method: 'POST',
        body: JSON.stringify({ feed: 'detections', fault: { kind: 'slow', ms: 1 } }),
      });
      await cameras();
      expect(asked).toEqual([T0, T0]);
      await fetch(`${server.origin}/admin/faults`, {
        method: 'POST',
        body: JSON.stringify({ feed: 'all', fault: null }),
      });
      // The clock runs again: each answer at its own time.
      await fetch(`${server.origin}/admin/clock`, {
        method: 'POST',
        body: JSON.stringify({ paused: false }),
      });
      clock.advance(1000);
      expect(await cameras()).toEqual({ at: T0 + 60_000 });
      clock.advance(1000);
      expect(await cameras()).toEqual({ at: T0 + 120_000 });
      expect(asked).toHaveLength(4);
    } finally {
      await server.close();
    }
  });
});

describe('sim server CLI', () => {
  it('refuses bad flags with the usage', async () => {
    const run = promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'mocks/server/serve.ts', '--speed', 'fast'],
      { cwd: new URL('../..', import.meta.url) },
    );
    await expect(run).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/--speed|speed=fast[\s\S]*usage/),
    });
  });
});

describe('--catalog', () => {
  it('reads a city’s catalogue, and names the file and the field when it is wrong', async () => {
    const catalog = await loadTicketCatalog('tests/fixtures/cities/zhangzhou/catalog.json');
    expect(catalog.categories.map((c) => c.id)).toContain('constructor');
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        categories: [{ id: 'a', names: { en: 'A' }, department: 'x', limit: { hours: 4 } }],
        departments: [{ id: 'd', names: { en: 'D' } }],
      }),
    );
    await expect(loadTicketCatalog(bad)).rejects.toThrow(
      `--catalog ${bad}: categories.0.department: "x" is not one of the departments`,
    );
    await expect(loadTicketCatalog(join(dir, 'missing.json'))).rejects.toThrow(
      /--catalog .*missing/,
    );
  });

  it('plays it: the city’s tickets carry its categories', async () => {
    const ticketCatalog = await loadTicketCatalog('tests/fixtures/cities/zhangzhou/catalog.json');
    const server = await startSimServer({
      port: 0,
      geoDir: 'public/geo/zhangzhou',
      scale: 0.05,
      incidents: false,
      ticketCatalog,
      start: T0,
      paused: true,
    });
    try {
      const body = (await (await fetch(`${server.url}/tickets`)).json()) as SnapshotPayload;
      const ids = new Set(ticketCatalog.categories.map((c) => c.id));
      expect(body.items.length).toBeGreaterThan(10);
      expect(body.items.every((x) => ids.has((x as { category: string }).category))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
