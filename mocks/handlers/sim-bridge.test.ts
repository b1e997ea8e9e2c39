import { afterEach, describe, expect, it } from 'vitest';
import type { DeltaPayload, SnapshotPayload } from '../../src/domain/feeds';
import { createSyncedClock, type ClockAnchor } from './clock-sync';
import { createFakeCity, FAKE_GEO, manualTime } from './fake-city';
import { connectSim, createSimFeedHandlers, type SimConnection } from './sim-bridge';
import { hostSim, type SimHostOptions } from './sim-host';
import { createTestServer } from './node';
import type { FromSim, SimInit, SimPort, SimResponse, ToSim } from './sim-protocol';
import { FUZHOU_TICKET_CATALOG } from '../../src/domain/ticket-catalog';
import type { CityOptions } from '../sim/types';

const T0 = Date.UTC(2026, 10, 22, 0, 0, 2);
const channels: MessageChannel[] = [];

afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

/** The page and the sim host on the two ends of a MessageChannel (as with a real worker). */
function setup(host: SimHostOptions = {}, init: Partial<SimInit> = {}) {
  const time = manualTime(1_000_000);
  const channel = new MessageChannel();
  channels.push(channel);
  const anchor: ClockAnchor = { start: T0, speed: 1, paused: false, at: time.realNow() };
  hostSim(channel.port2 as SimPort<ToSim, FromSim>, {
    createCity: (options) => createFakeCity(options),
    realNow: time.realNow,
    ...host,
  });
  const sim = connectSim(channel.port1 as SimPort<FromSim, ToSim>, {
    geo: FAKE_GEO,
    seed: 42,
    scale: 1,
    incidents: false,
    hostile: false,
    faults: [],
    clock: anchor,
    ...init,
  });
  channel.port1.start();
  channel.port2.start();
  const mirror = createSyncedClock(anchor, time.realNow);
  const get = (feed: string, search = '', ifNoneMatch: string | null = null, head = false) =>
    sim.request({ feed, search, ifNoneMatch, head });
  return { time, sim, mirror, get };
}

function text(response: SimResponse): string {
  return response.body === null ? '' : new TextDecoder().decode(response.body);
}

describe('sim bridge', () => {
  it('answers snapshots with the body as transferred UTF-8, ETags and 304', async () => {
    const { sim, get } = setup();
    await sim.ready;
    const first = await get('tickets', '?view=wall');
    expect(first.status).toBe(200);
    expect(first.body).toBeInstanceOf(ArrayBuffer);
    expect(first.headers['Content-Type']).toMatch(/^application\/json/);
    const etag = first.headers.ETag ?? '';
    expect(etag).toMatch(/^"tickets-42-\d+-wall"$/);
    const body = JSON.parse(text(first)) as SnapshotPayload;
    expect(body.feed).toBe('tickets');
    expect(body.items.length).toBeGreaterThan(0);
    // The wall projection carries no citizen text.
    expect((body.items as { title: string }[]).every((t) => t.title === '')).toBe(true);
    // Non-ASCII text survives the UTF-8 round trip (the desktop view has it).
    expect(text(await get('tickets', ''))).toMatch(/[\u4e00-\u9fff]/);

    const again = await get('tickets', '?view=wall', etag);
    expect(again).toMatchObject({ status: 304, body: null });
    expect(again.headers.ETag).toBe(etag);
  });

  it('answers HEAD without a body, deltas, and unknown feeds with 404', async () => {
    const { time, get } = setup();
    const head = await get('signals', '', null, true);
    expect(head).toMatchObject({ status: 200, body: null });
    const { version } = JSON.parse(text(await get('signals'))) as SnapshotPayload;
    time.advance(60_000);
    const delta = JSON.parse(text(await get('signals', `?since=${version}`))) as DeltaPayload;
    expect(delta).toMatchObject({ since: version, version: version + 12 });
    const missing = await get('parking');
    expect(missing.status).toBe(404);
    expect(JSON.parse(text(missing))).toMatchObject({ error: 'unknown_feed' });
  });

  it('applies faults from the init message and from the page, in order with requests', async () => {
    const { sim, get } = setup({}, { faults: [{ target: 'sensors', fault: { kind: 'down' } }] });
    expect((await get('sensors')).status).toBe(503);
    sim.setFault('sensors', null);
    expect((await get('sensors')).status).toBe(200);
    sim.setFault('all', { kind: 'slow', ms: 60 });
    const started = performance.now();
    expect((await get('tickets')).status).toBe(200);
    // The worker waits (real time: the slow fault is not a sim-time delay).
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
  });

  it('keeps the page’s mirror clock and the worker’s clock on the same version', async () => {
    const { time, sim, mirror, get } = setup();
    const version = async () =>
      (JSON.parse(text(await get('detections'))) as SnapshotPayload).version;
    const mirrorVersion = () => Math.floor(mirror.clock.now() / 5000);
    time.advance(12_000);
    expect(await version()).toBe(mirrorVersion());

    // The page changes speed at real time `at`; the worker applies it as of `at`, even later.
    const change = { op: 'setSpeed', speed: 600, at: time.realNow() } as const;
    mirror.apply(change);
    time.advance(3);
    sim.changeClock(change);
    time.advance(1000);
    expect(mirror.clock.speed).toBe(600);
    expect(await version()).toBe(mirrorVersion());

    const pause = { op: 'pause', at: time.realNow() } as const;
    mirror.apply(pause);
    time.advance(7);
    sim.changeClock(pause);
    time.advance(60_000);
    expect(await version()).toBe(mirrorVersion());
    expect(mirror.clock.paused).toBe(true);
  });

  it('starts incidents at the worker’s next version', async () => {
    const { sim, mirror } = setup();
    const spec = await sim.trigger('rainstorm', '350102');
    expect(spec).toEqual({
      kind: 'rainstorm',
      place: '350102',
      start: (Math.floor(mirror.clock.now() / 5000) + 1) * 5000,
    });
  });

  it('builds the city with the page’s 12345 catalogue', async () => {
    const seen: CityOptions[] = [];
    const catalog = structuredClone(FUZHOU_TICKET_CATALOG);
    catalog.categories[0]!.id = 'constructor';
    const { sim } = setup(
      {
        createCity: (options) => {
          seen.push(options);
          return createFakeCity(options);
        },
      },
      { ticketCatalog: catalog },
    );
    await sim.ready;
    expect(seen[0]?.ticketCatalog).toEqual(catalog);
    const { sim: plain } = setup({
      createCity: (options) => {
        seen.push(options);
        return createFakeCity(options);
      },
    });
    await plain.ready;
    expect(seen[1]?.ticketCatalog).toBeUndefined();
  });

  it('fails requests with the reason when the city cannot be built, or once closed', async () => {
    const broken = setup({
      createCity: () => {
        throw new Error('no districts');
      },
    });
    await expect(broken.sim.ready).rejects.toThrow(/no districts/);
    await expect(broken.get('tickets')).rejects.toThrow(/did not start: no districts/);
    await expect(broken.sim.trigger('pollution', '350102')).rejects.toThrow(/no districts/);

    const { sim, get } = setup();
    const pending = get('tickets');
    sim.close('the demo stopped');
    await expect(pending).rejects.toThrow('the demo stopped');
    await expect(get('tickets')).rejects.toThrow('the demo stopped');
  });
});

describe('MSW handlers over the bridge', () => {
  const BASE = 'http://city.test/api/v1';

  async function withHandlers(sim: Pick<SimConnection, 'request'>, run: () => Promise<void>) {
    const server = createTestServer(createSimFeedHandlers({ baseUrl: `${BASE}/`, sim }));
    server.listen();
    try {
      await run();
    } finally {
      server.close();
    }
  }

  it('forward the feed, query and If-None-Match, and build the response from the answer', async () => {
    const { sim } = setup();
    await withHandlers(sim, async () => {
      const response = await fetch(`${BASE}/tickets?view=wall`);
      expect(response.status).toBe(200);
      expect(response.headers.get('Cache-Control')).toBe('no-cache');
      const etag = response.headers.get('ETag') ?? '';
      expect(etag).toMatch(/-wall"$/);
      expect(((await response.json()) as SnapshotPayload).feed).toBe('tickets');
      const again = await fetch(`${BASE}/tickets?view=wall`, {
        headers: { 'If-None-Match': etag },
      });
      expect(again.status).toBe(304);
      const head = await fetch(`${BASE}/tickets`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
    });
  });

  it('answer 500 with the reason when the sim worker fails', async () => {
    const sim = { request: () => Promise.reject(new Error('the sim worker failed: boom')) };
    await withHandlers(sim, async () => {
      const response = await fetch(`${BASE}/tickets`);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        error: 'internal',
        message: 'the sim worker failed: boom',
      });
    });
  });
});
