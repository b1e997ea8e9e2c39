import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeColumnarRows,
  idOrderHash,
  sortIds,
  type ColumnarDeltaPayload,
} from '../../src/adapters/native-rest/columnar-delta';
import { FEED_NAMES } from '../../src/domain/common';
import { feedItemSchemas, type DeltaPayload, type SnapshotPayload } from '../../src/domain/feeds';
import { manualTime } from '../handlers/fake-city';
import { startSimServer, type SimServer } from './serve';

// Against the real simulated Fuzhou, geography loaded from public/geo/fuzhou.
const T0 = Date.UTC(2026, 10, 22, 1, 30);
const PHONE_LIKE = /(?<!\d)1\d{10}(?!\d)/;
type Item = { id: string } & Record<string, unknown>;

const time = manualTime();
let sim: SimServer;

beforeAll(async () => {
  sim = await startSimServer({ port: 0, seed: 42, speed: 1, start: T0, realNow: time.realNow });
}, 60_000);
afterAll(() => sim.close());

const getJson = async <T>(path: string): Promise<{ response: Response; body: T }> => {
  const response = await fetch(`${sim.url}/${path}`);
  return { response, body: (await response.json()) as T };
};

describe('sim server over the real city', () => {
  it.each(FEED_NAMES)('serves %s with only valid items', async (feed) => {
    const { response, body } = await getJson<SnapshotPayload>(feed);
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ feed, version: T0 / 5000, generatedAt: T0 });
    expect(body.items.length).toBeGreaterThan(0);
    const invalid = body.items.filter((item) => !feedItemSchemas[feed].safeParse(item).success);
    expect(invalid).toEqual([]);
  });

  it('keeps personal data off the wall view', async () => {
    const desktop = await (await fetch(`${sim.url}/tickets`)).text();
    expect(/"reporter"/.test(desktop)).toBe(true);
    const wall = await (await fetch(`${sim.url}/tickets?view=wall`)).text();
    expect(/"reporter"|"address"|"idNumber"/.test(wall)).toBe(false);
    expect(PHONE_LIKE.test(wall)).toBe(false);
  });

  it('answers 304 and turns an old snapshot into the new one with a delta', async () => {
    const first = await fetch(`${sim.url}/tickets`);
    const etag = first.headers.get('ETag') ?? '';
    const old = (await first.json()) as SnapshotPayload<Item>;
    expect((await fetch(`${sim.url}/tickets`, { headers: { 'If-None-Match': etag } })).status).toBe(
      304,
    );
    time.advance(10 * 60_000);
    const { body: delta } = await getJson<DeltaPayload<Item>>(`tickets?since=${old.version}`);
    const { body: now } = await getJson<SnapshotPayload<Item>>('tickets');
    expect(delta.version).toBe(now.version);
    expect(delta.upserts.length).toBeGreaterThan(0);
    const byId = new Map(old.items.map((item) => [item.id, item]));
    for (const id of delta.removed) byId.delete(id);
    for (const item of delta.upserts) byId.set(item.id, item);
    const applied = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    expect(applied.map((item) => item.id)).toEqual(now.items.map((item) => item.id));
    expect(JSON.stringify(applied)).toBe(JSON.stringify(now.items));
  });

  it.each(['sensors', 'tickets'] as const)(
    'answers delta=columns for %s with a delta that decodes to the new snapshot',
    async (feed) => {
      const { body: old } = await getJson<SnapshotPayload<Item>>(feed);
      time.advance(10 * 60_000);
      const plain = await (await fetch(`${sim.url}/${feed}?since=${old.version}`)).text();
      const response = await fetch(`${sim.url}/${feed}?since=${old.version}&delta=columns`);
      const text = await response.text();
      const delta = JSON.parse(text) as ColumnarDeltaPayload<Item>;
      const { body: now } = await getJson<SnapshotPayload<Item>>(feed);
      expect(delta).toMatchObject({ format: 'columns', since: old.version, version: now.version });
      // Sensors keep their shape; a ticket moving on gains a key in `stages`: sent whole.
      if (feed === 'sensors') expect(delta.rows.length).toBeGreaterThan(0);
      expect(delta.rows.length + delta.upserts.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThanOrEqual(plain.length * 1.01);

      const byId = new Map(old.items.map((item) => [item.id, item]));
      const sortedIds = sortIds(byId.keys());
      const rows = decodeColumnarRows(delta, {
        items: byId,
        sortedIds,
        hash: idOrderHash(sortedIds),
      });
      for (const id of delta.removed) byId.delete(id);
      for (const item of [...(rows.items as Item[]), ...delta.upserts]) byId.set(item.id, item);
      const applied = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      expect(applied).toEqual(now.items);
    },
  );

  it('starts an incident from the admin endpoint', async () => {
    const response = await fetch(`${sim.origin}/admin/incidents`, {
      method: 'POST',
      body: JSON.stringify({ kind: 'rainstorm', place: '350102' }),
    });
    const { incident } = (await response.json()) as { incident: { start: number } };
    time.advance(5000);
    const state = await fetch(`${sim.origin}/admin/state`);
    const body = (await state.json()) as { activeIncidents: unknown[] };
    expect(body.activeIncidents).toContainEqual({
      kind: 'rainstorm',
      place: '350102',
      start: incident.start,
    });
  });
});

describe('sim server CLI over the real city', () => {
  it('prints its URL, serves, and exits cleanly on SIGTERM', async () => {
    // node itself (not npx) so the signal reaches the server and not a wrapper.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'mocks/server/serve.ts',
        '--port',
        '0',
        '--seed',
        '7',
        '--fault',
        'sensors:down',
      ],
      { cwd: new URL('../..', import.meta.url), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = once(child, 'exit');
    let output = '';
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /sim server listening on (http:\/\/127\.0\.0\.1:\d+\/api\/v1)/.exec(output);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
      });
      const signals = await fetch(`${url}/signals`);
      expect(signals.status).toBe(200);
      expect(signals.headers.get('ETag')).toMatch(/^"signals-7-\d+-desktop"$/);
      expect((await fetch(`${url}/sensors`)).status).toBe(503);
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
