// The production build (no mock code) with feeds pointed at open-standard servers in config.json,
// no code changed: tickets at an Open311 GeoReport v2 endpoint, sensors at an NGSI-LD broker, then
// at an OGC SensorThings server. The servers here speak the standards from payloads shaped like the fixtures in
// tests/fixtures/standards (paging, the count header, citizen fields, real defects), over real
// HTTP from another origin. The other two feeds read the simulated city.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../scripts/serve-static.mjs';
import { startSimServer, type SimServer } from '../../mocks/server/serve.ts';
import { launchBrowser, openPage, pageLog, screenshot, waitForAppReady } from './browser.ts';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const readJson = <T>(path: string): T =>
  JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')) as T;
const config = readJson<{ feeds: Record<string, Record<string, unknown>> }>('public/config.json');

interface Division {
  code: string;
  anchor?: [number, number];
  streets?: Division[];
  communities?: Division[];
}
const divisions = readJson<{ districts: Division[] }>('public/geo/fuzhou/divisions.json');
/** Points inside Fuzhou: its communities' anchors, a few from every district. */
const anchors: [number, number][] = divisions.districts.flatMap((d) =>
  (d.streets ?? [])
    .flatMap((s) => s.communities ?? [])
    .slice(0, 6)
    .flatMap((c) => (c.anchor ? [c.anchor] : [])),
);

const PHONE = '13912345678';
const NAME = '林阿姨';
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** Open311 service requests: open and closed, one with the reporter's fields, three defects. */
const requests: Record<string, unknown>[] = [
  ...anchors.slice(0, 30).map((p, i) => ({
    service_request_id: i === 0 ? '__proto__' : i === 1 ? 'constructor' : `req-${i}`,
    status: i % 5 === 4 ? 'closed' : 'open',
    service_code: 'road',
    service_name: 'Pothole',
    description: `Pothole near stop ${i}`,
    agency_responsible: i % 2 === 0 ? 'roads' : undefined,
    requested_datetime: minutesAgo(30 + i * 7),
    updated_datetime: minutesAgo(10 + i),
    long: p[0],
    lat: p[1],
    ...(i === 3
      ? { first_name: NAME, last_name: NAME, phone: PHONE, email: 'lin@example.org' }
      : {}),
  })),
  // A published example's hybrid time, a point in Spain, coordinates exchanged.
  {
    service_request_id: 'bad-time',
    status: 'open',
    service_code: 'road',
    requested_datetime: '2010-04-15T06:37:38-08:00Z',
    long: anchors[0]![0],
    lat: anchors[0]![1],
  },
  {
    service_request_id: 'madrid',
    status: 'open',
    service_code: 'road',
    requested_datetime: minutesAgo(40),
    long: -3.7122,
    lat: 40.4238,
  },
  {
    service_request_id: 'swapped',
    status: 'open',
    service_code: 'road',
    requested_datetime: minutesAgo(50),
    long: anchors[1]![1],
    lat: anchors[1]![0],
  },
];
const VALID_REQUESTS = 30;
const OPEN_REQUESTS = requests.filter((r, i) => i < VALID_REQUESTS && r.status === 'open').length;

/** NGSI-LD AirQualityObserved entities (keyValues, as the fixture), one with lng/lat exchanged. */
const airEntities = anchors.slice(0, 25).map((p, i) => ({
  id: `urn:ngsi-ld:AirQualityObserved:fz-${i}`,
  type: 'AirQualityObserved',
  dateObserved: minutesAgo(5),
  location: { type: 'Point', coordinates: i === 24 ? [p[1], p[0]] : p },
  pm25: 20 + i * 6,
  pm10: 40 + i * 5,
  no2: 30,
  so2: 8,
  o3: 60,
  co: 0.6,
  address: { streetAddress: `Station ${i}` },
  '@context': [
    'https://raw.githubusercontent.com/smart-data-models/dataModel.Environment/master/context.jsonld',
  ],
}));
const VALID_SENSORS = 24;

/**
 * SensorThings noise stations (Things with a Location and a LAeq Datastream with its latest
 * Observation), one with a time that is not ISO 8601. The first one observes anew at every
 * request: the increments (`$filter` on the observation time) bring it, and only it.
 */
const noiseThing = (p: [number, number], i: number) => {
  const at = i === 0 ? new Date().toISOString() : minutesAgo(30);
  return {
    '@iot.id': i === 1 ? 'constructor' : i,
    name: `Noise ${i}`,
    Locations: [{ location: { type: 'Point', coordinates: p } }],
    Datastreams: [
      {
        name: 'LAeq',
        unitOfMeasurement: { symbol: 'dB(A)' },
        ObservedProperty: { name: 'LAeq' },
        Observations: [{ phenomenonTime: i === 11 ? '2026-12-02 10:00' : at, result: 50 + i }],
      },
    ],
  };
};
const NOISE_THINGS = 12;
const VALID_NOISE = 11;

interface Seen {
  open311: URL[];
  ngsi: URL[];
  sensorThings: URL[];
}

/** One server for both standards, on its own origin (CORS as a real deployment would set it). */
function startStandardsServer(): Promise<{ server: Server; origin: string; seen: Seen }> {
  const seen: Seen = { open311: [], ngsi: [], sensorThings: [] };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Allow-Headers', '*');
    res.setHeader('Access-Control-Expose-Headers', 'NGSILD-Results-Count');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    const json = (body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/open311/v2/services.json')
      return json([{ service_code: 'road', service_name: 'Pothole', type: 'realtime' }]);
    if (url.pathname === '/open311/v2/requests.json') {
      seen.open311.push(url);
      const ids = url.searchParams.get('service_request_id')?.split(',');
      const start = Date.parse(url.searchParams.get('start_date') ?? '');
      const end = Date.parse(url.searchParams.get('end_date') ?? '');
      return json(
        requests.filter((r) => {
          if (ids) return ids.includes(String(r.service_request_id));
          const t = Date.parse(String(r.requested_datetime));
          // An unreadable time is the server's to send: the adapter must quarantine it.
          if (Number.isNaN(t)) return true;
          return (Number.isNaN(start) || t >= start) && (Number.isNaN(end) || t < end);
        }),
      );
    }
    if (url.pathname === '/ngsi-ld/v1/entities') {
      seen.ngsi.push(url);
      const limit = Number(url.searchParams.get('limit'));
      // Orion-LD refuses a limit over 1,000.
      if (!(limit >= 1 && limit <= 1000)) return void res.writeHead(400).end();
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const types = (url.searchParams.get('type') ?? '').split(',');
      const all = types.includes('AirQualityObserved') ? airEntities : [];
      return json(all.slice(offset, offset + limit), {
        'NGSILD-Results-Count': String(all.length),
      });
    }
    if (url.pathname === '/frost/v1.1/Things') {
      seen.sensorThings.push(url);
      const top = Number(url.searchParams.get('$top') ?? 100);
      const skip = Number(url.searchParams.get('$skip') ?? 0);
      const after = /phenomenonTime ge (\S+?)\)?$/.exec(url.searchParams.get('$filter') ?? '')?.[1];
      const things = anchors
        .slice(40, 40 + NOISE_THINGS)
        .map(noiseThing)
        .filter(
          (t) =>
            !after ||
            Date.parse(t.Datastreams[0]!.Observations[0]!.phenomenonTime) >= Date.parse(after),
        );
      const next = new URLSearchParams(url.searchParams);
      next.set('$skip', String(skip + top));
      return json({
        // An estimate, as some servers send: the adapter must not rely on it.
        '@iot.count': 3,
        value: things.slice(skip, skip + top),
        ...(skip + top < things.length ? { '@iot.nextLink': `Things?${next}` } : {}),
      });
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, origin: `http://127.0.0.1:${port}`, seen });
    }),
  );
}

let standards: Awaited<ReturnType<typeof startStandardsServer>>;
let sim: SimServer;
let web: StaticServer;
let browser: Browser;
/** The feeds of the first two tests. */
let standardFeeds: Record<string, Record<string, unknown>>;

beforeAll(async () => {
  if (!existsSync(`${dist}index.html`))
    throw new Error('dist/ is missing: run `npm run build` first');
  standards = await startStandardsServer();
  sim = await startSimServer({ port: 0, seed: 7, speed: 60 });
  const feeds = structuredClone(config.feeds);
  for (const feed of Object.values(feeds)) {
    feed.baseUrl = sim.url;
    feed.pollIntervalMs = 3000;
  }
  feeds.tickets = {
    adapter: 'open311',
    baseUrl: `${standards.origin}/open311/v2`,
    // The options as an object here, in the URL's fragment for the broker below: both are read.
    options: { lookbackDays: 7, windowDays: 1 },
    pollIntervalMs: 3000,
  };
  // Ten entities a page: the 25 come in three pages.
  feeds.sensors = {
    adapter: 'ngsi-ld',
    baseUrl: `${standards.origin}/ngsi-ld/v1#type=AirQualityObserved&format=keyValues&limit=10`,
    pollIntervalMs: 3000,
  };
  standardFeeds = feeds;
  web = await startStaticServer({
    root: dist,
    overrides: { '/config.json': { body: { ...config, feeds } } },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await sim?.close();
  await new Promise((resolve) => standards?.server.close(resolve));
});

const layerCount = async (page: Page, id: string) => {
  const raw = await page.locator('[data-testid="map"]').first().getAttribute('data-layer-counts');
  return (JSON.parse(raw ?? '{}') as Record<string, number>)[id] ?? 0;
};

/** The quarantine dialog's rows: field → count. */
async function quarantined(page: Page, feed: string) {
  const flag = page.locator(`[data-testid="freshness-${feed}-dropped"]`).first();
  await flag.waitFor({ timeout: 60_000 });
  await flag.click();
  const dialog = page.locator('[data-testid="quarantine"]');
  await dialog.waitFor();
  const rows = await dialog
    .locator('[data-testid="quarantine-reason"]')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
  await page.keyboard.press('Escape');
  return rows;
}

describe('feeds at open-standard servers, set in config.json only', () => {
  it('shows Open311 requests as tickets, quarantines the defects and drops the reporter', async () => {
    const page = await openPage(browser, `${web.url}tickets`);
    await waitForAppReady(page);
    await expect
      .poll(() => layerCount(page, 'tickets-points'), { timeout: 60_000 })
      .toBeGreaterThan(0);
    const points = await layerCount(page, 'tickets-points');
    // Every valid request is on the map (the open ones, or all of them), none of the defects.
    expect([OPEN_REQUESTS, VALID_REQUESTS]).toContain(points);
    const rows = await quarantined(page, 'tickets');
    const fields = rows.map((r) => r[0]);
    expect(fields).toContain('requested_datetime');
    expect(fields).toContain('position');
    // The last poll's count (the total adds up over polls).
    const last = rows.reduce((sum, r) => sum + Number((r[2] ?? '').replace(/\D/g, '')), 0);
    expect(last, JSON.stringify(rows)).toBe(3);
    // The sweep asked for dated windows, then re-fetched open requests by id.
    expect(standards.seen.open311.some((u) => u.searchParams.has('start_date'))).toBe(true);
    await expect
      .poll(() => standards.seen.open311.some((u) => u.searchParams.has('service_request_id')), {
        timeout: 30_000,
      })
      .toBe(true);
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(NAME);
    expect(await page.content()).not.toContain(PHONE);
    await screenshot(page, 'standards-open311-tickets');

    const log = pageLog(page);
    expect(log.pageErrors).toEqual([]);
    for (const url of log.foreignRequests)
      expect(url.startsWith(standards.origin) || url.startsWith(sim.url)).toBe(true);
    await page.context().close();
  });

  it('shows NGSI-LD air stations on the environment map, paged, the swapped one quarantined', async () => {
    const page = await openPage(browser, `${web.url}environment`);
    await waitForAppReady(page);
    await expect
      .poll(() => layerCount(page, 'environment-sensors'), { timeout: 60_000 })
      .toBe(VALID_SENSORS);
    const rows = await quarantined(page, 'sensors');
    expect(rows.map((r) => r[0])).toContain('position');
    // Three pages of ten, within the broker's limit, with the count asked for.
    const offsets = standards.seen.ngsi.map((u) => u.searchParams.get('offset'));
    expect(offsets).toEqual(expect.arrayContaining(['0', '10', '20']));
    expect(standards.seen.ngsi.every((u) => u.searchParams.get('count') === 'true')).toBe(true);
    await screenshot(page, 'standards-ngsi-ld-environment');
    expect(pageLog(page).pageErrors).toEqual([]);
    await page.context().close();
  });

  it('shows SensorThings noise stations, paged by next links, then only what changed', async () => {
    const feeds = structuredClone(config.feeds);
    for (const feed of Object.values(feeds)) {
      feed.baseUrl = sim.url;
      feed.pollIntervalMs = 3000;
    }
    feeds.sensors = {
      adapter: 'sensorthings',
      baseUrl: `${standards.origin}/frost/v1.1`,
      options: { top: 5, overlapMinutes: 0 },
      pollIntervalMs: 3000,
    };
    web.setOverride('/config.json', { body: { ...config, feeds } });
    try {
      const page = await openPage(browser, `${web.url}environment`);
      await waitForAppReady(page);
      await expect
        .poll(() => layerCount(page, 'environment-sensors'), { timeout: 60_000 })
        .toBe(VALID_NOISE);
      const rows = await quarantined(page, 'sensors');
      expect(rows.map((r) => r[0]).join(' ')).toMatch(/Observations/);
      // The first read in pages of five (next links), then increments asking for newer ones.
      const skips = standards.seen.sensorThings.map((u) => u.searchParams.get('$skip'));
      expect(skips).toEqual(expect.arrayContaining([null, '5', '10']));
      await expect
        .poll(
          () =>
            standards.seen.sensorThings.some((u) =>
              u.searchParams
                .get('$filter')
                ?.startsWith('Datastreams/Observations/phenomenonTime ge '),
            ),
          { timeout: 30_000 },
        )
        .toBe(true);
      // The increments add to what is held: every station is still on the map.
      await page.waitForTimeout(7000);
      expect(await layerCount(page, 'environment-sensors')).toBe(VALID_NOISE);
      await screenshot(page, 'standards-sensorthings-environment');
      expect(pageLog(page).pageErrors).toEqual([]);
      await page.context().close();
    } finally {
      web.setOverride('/config.json', { body: { ...config, feeds: standardFeeds } });
    }
  });
});
