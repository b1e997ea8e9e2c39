import { timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { districtCode } from '../../src/domain/common';
import type { GeoBundle } from '../../src/geo/geo-data';
import { parseTicketCatalog, type TicketCatalog } from '../../src/domain/ticket-catalog';
import type { IncidentKind, SimCity } from '../sim/types';
import { parseDemoParams } from '../handlers/demo-params';
import {
  createFeedServer,
  type FeedResponse,
  type FeedServer,
  type WallProjection,
} from '../handlers/feed-server';
import {
  faultSchema,
  faultTargetSchema,
  parseFaultList,
  type FaultAssignment,
  type FaultState,
} from '../handlers/faults';
import { createSimClock, MAX_SPEED, MIN_SPEED, type SimClock } from '../handlers/sim-clock';

export const API_PATH = '/api/v1';
const gzip = promisify(gzipCallback);
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_GEO_DIR = resolve(REPO_ROOT, 'public/geo/fuzhou');
const MAX_BODY_BYTES = 64 * 1024;

const INCIDENT_KINDS = [
  'rainstorm',
  'pollution',
  'signal-faults',
  'hotspot-surge',
  'crash',
] as const satisfies readonly IncidentKind[];

export interface SimServerOptions {
  /** 0 picks a free port. Default 8787. */
  port?: number;
  host?: string;
  seed?: number;
  /** Sim ms per real ms, 1…600. Default 60. */
  speed?: number;
  scale?: number;
  /** Sim time at start, epoch ms. Default: now, to the minute. */
  start?: number;
  paused?: boolean;
  faults?: readonly FaultAssignment[];
  hostile?: boolean;
  /** Play the incident script on a loop. Default true. */
  incidents?: boolean;
  /** Directory with districts.geojson and divisions.json. Default public/geo/fuzhou. */
  geoDir?: string;
  geo?: GeoBundle;
  /** The city's 12345 catalogue (`--catalog <file>`, docs/config.md). Default Fuzhou's. */
  ticketCatalog?: TicketCatalog;
  /** A ready city (tests); seed, scale, hostile, incidents and geo are then ignored. */
  city?: SimCity;
  tickMs?: number;
  realNow?: () => number;
  /**
   * Feeds and admin endpoints answer 401 unless the request carries `Authorization: Bearer
   * <requireToken>` (a backend that only the production server's proxy may ask).
   */
  requireToken?: string;
  /** Called once per request when its answer is sent (benches: what the backend took). */
  onServed?: (served: ServedRequest) => void;
}

/** One request the server answered, timed from its arrival. */
export interface ServedRequest {
  method: string;
  /** Path and query, as asked. */
  url: string;
  status: number;
  /** → the answer was ready and given to the response (the server's own work). */
  answerMs: number;
  /** → its last byte was handed to the OS (sending paced by how fast the client reads). */
  ms: number;
}

export interface SimServer {
  /** Base URL of the feeds, e.g. `http://127.0.0.1:8787/api/v1`. */
  url: string;
  /** `http://127.0.0.1:8787`, for the admin endpoints. */
  origin: string;
  feeds: FeedServer;
  clock: SimClock;
  close(): Promise<void>;
}

export async function loadGeo(dir: string): Promise<GeoBundle> {
  const [boundaries, divisions] = await Promise.all(
    ['districts.geojson', 'divisions.json'].map(
      async (name) => JSON.parse(await readFile(resolve(dir, name), 'utf8')) as unknown,
    ),
  );
  // Loaded lazily: geo-data.ts imports through the '@/' alias, which only tsx and Vite resolve.
  const { parseGeoBundle } = await import('../../src/geo/geo-data');
  return parseGeoBundle(boundaries, divisions);
}

async function makeCity(
  options: SimServerOptions,
  seed: number,
): Promise<{ city: SimCity; toWall?: WallProjection }> {
  if (options.city) return { city: options.city };
  const geo = options.geo ?? (await loadGeo(options.geoDir ?? DEFAULT_GEO_DIR));
  const [{ createCity }, { toWall }] = await Promise.all([
    import('../sim/city'),
    import('../sim/wall'),
  ]);
  const city = createCity({
    seed,
    scale: options.scale ?? 1,
    geo,
    incidentLoop: options.incidents ?? true,
    hostileText: options.hostile ?? false,
    ...(options.ticketCatalog ? { ticketCatalog: options.ticketCatalog } : {}),
  });
  return { city, toWall };
}

export async function startSimServer(options: SimServerOptions = {}): Promise<SimServer> {
  const seed = options.city?.options.seed ?? options.seed ?? 42;
  const { city, toWall } = await makeCity(options, seed);
  const realNow = options.realNow ?? Date.now;
  const clock = createSimClock({
    start: options.start ?? Math.floor(realNow() / 60_000) * 60_000,
    speed: options.speed ?? 60,
    paused: options.paused ?? false,
    realNow,
  });
  const feeds = createFeedServer({
    city,
    clock,
    toWall,
    tickMs: options.tickMs,
    faults: options.faults,
  });
  const route = createRouter(feeds, clock, options.requireToken);
  const onServed = options.onServed;

  const server = createServer((req, res) => {
    if (onServed) {
      const t0 = performance.now();
      let answerMs = Number.NaN;
      const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
      res.end = ((...args: unknown[]) => {
        answerMs = performance.now() - t0;
        return end(...args);
      }) as ServerResponse['end'];
      res.once('finish', () =>
        onServed({
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          status: res.statusCode,
          answerMs,
          ms: performance.now() - t0,
        }),
      );
    }
    route(req, res).catch((cause: unknown) => {
      if (!res.headersSent) send(res, 500, { error: 'internal', message: String(cause) });
      else res.destroy();
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8787, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  return {
    url: `${origin}${API_PATH}`,
    origin,
    feeds,
    clock,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => (error ? fail(error) : done()));
        server.closeAllConnections();
      }),
  };
}

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag',
};

const adminFaultBody = z.union([
  z.object({ feed: faultTargetSchema, fault: faultSchema.nullable() }),
  z.object({ spec: z.string().max(1000) }),
]);
const adminClockBody = z.object({
  speed: z.number().min(MIN_SPEED).max(MAX_SPEED).optional(),
  paused: z.boolean().optional(),
});
const adminIncidentBody = z.object({ kind: z.enum(INCIDENT_KINDS), place: districtCode });

/** Whether an Authorization header is `Bearer <token>` (compared in constant time). */
function hasBearer(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header ?? '');
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Whether an If-None-Match header names `etag` (or `*`). */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const tag = candidate.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

function hasFaults(faults: FaultState): boolean {
  return Object.values(faults).some((list) => list.length > 0);
}

interface CachedAnswer {
  etag: string;
  headers: Record<string, string>;
  zipped: Buffer;
}

/**
 * Gzipped answers that carry an ETag, by the request's URL and the faults in force: the same
 * version of the same question asked again (every client's first snapshot, a page opened twice)
 * is computed and compressed once, as a backend's cache would serve it. Whether the version is
 * still current the feed server tells by answering 304 to the cached ETag. Bounded by entries
 * and bytes, least recently used first out.
 */
function createAnswerCache(maxEntries = 32, maxBytes = 512 * 1024 * 1024) {
  const entries = new Map<string, CachedAnswer>();
  let bytes = 0;
  return {
    get(key: string): CachedAnswer | undefined {
      const hit = entries.get(key);
      if (hit) {
        entries.delete(key);
        entries.set(key, hit);
      }
      return hit;
    },
    set(key: string, answer: CachedAnswer): void {
      const old = entries.get(key);
      if (old) bytes -= old.zipped.length;
      entries.delete(key);
      entries.set(key, answer);
      bytes += answer.zipped.length;
      for (const [oldest, entry] of entries) {
        if (entries.size <= maxEntries && bytes <= maxBytes) break;
        entries.delete(oldest);
        bytes -= entry.zipped.length;
      }
    },
  };
}

function createRouter(feeds: FeedServer, clock: SimClock, requireToken?: string) {
  const answers = createAnswerCache();
  const stillAnswers = new Map<string, FeedResponse>();
  const state = () => {
    const { now, speed, paused } = clock.state();
    return {
      seed: feeds.city.options.seed,
      scale: feeds.city.options.scale,
      simNow: now,
      simTime: new Date(now).toISOString(),
      speed,
      paused,
      tickMs: feeds.tickMs,
      version: feeds.version(),
      faults: feeds.faults,
      activeIncidents: feeds.city.activeIncidents(now),
    };
  };

  return async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        ...CORS,
        'Access-Control-Allow-Methods': 'GET, HEAD, POST, OPTIONS',
        'Access-Control-Allow-Headers': 'If-None-Match, Authorization, Content-Type, Accept',
        'Access-Control-Max-Age': '600',
      });
      res.end();
      return;
    }
    if (requireToken !== undefined && !hasBearer(req.headers.authorization, requireToken)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return send(res, 401, { error: 'unauthorized', message: 'a bearer token is required' });
    }

    const feed = url.pathname.startsWith(`${API_PATH}/`)
      ? url.pathname.slice(API_PATH.length + 1)
      : null;
    if (feed !== null) {
      const post = method === 'POST' && feed === 'alarm-acks';
      if (method !== 'GET' && method !== 'HEAD' && !post)
        return send(res, 405, { error: 'method_not_allowed' });
      let path: string;
      try {
        path = decodeURIComponent(feed);
      } catch {
        return send(res, 404, { error: 'not_found', message: 'the path is not valid UTF-8' });
      }
      let body: string | undefined;
      if (post) {
        body = '';
        for await (const chunk of req) {
          body += String(chunk);
          if (body.length > MAX_BODY_BYTES) return send(res, 413, { error: 'too_large' });
        }
      }
      const accepts = String(req.headers['accept-encoding'] ?? '');
      const zips = /\bgzip\b/.test(accepts) && method === 'GET';
      const clientTag = req.headers['if-none-match'];
      const cacheKey = `${JSON.stringify(feeds.faults)}\n${req.url ?? ''}`;
      const cached = zips ? answers.get(cacheKey) : undefined;
      // While the clock stands still and no fault is injected, the answers without an ETag (the
      // city's endpoints, counts, series) are the same for the same question: kept too.
      const stillKey =
        method === 'GET' && path !== 'alarm-acks' && clock.paused && !hasFaults(feeds.faults)
          ? `${clock.now()}\n${req.url ?? ''}`
          : null;
      const kept = stillKey === null ? undefined : stillAnswers.get(stillKey);
      if (stillKey !== null && kept !== undefined) {
        stillAnswers.delete(stillKey);
        stillAnswers.set(stillKey, kept);
      }
      const answer =
        kept ??
        (await feeds.handle({
          feed: path,
          params: url.searchParams,
          // With an answer cached, ask whether its version is still current (a 304 costs nothing).
          headers: { ifNoneMatch: cached ? cached.etag : clientTag },
          method,
          ...(body !== undefined ? { body } : {}),
        }));
      if (stillKey !== null && kept === undefined && answer.headers.ETag === undefined) {
        stillAnswers.set(stillKey, answer);
        while (stillAnswers.size > 256)
          stillAnswers.delete(stillAnswers.keys().next().value as string);
      }
      const etag = answer.headers.ETag;
      if (cached && answer.status === 304 && etag === cached.etag) {
        if (etagMatches(clientTag, etag)) {
          res.writeHead(304, { ...answer.headers, ...CORS });
          res.end();
          return;
        }
        res.writeHead(200, {
          ...cached.headers,
          ...CORS,
          'Content-Encoding': 'gzip',
          Vary: 'Accept-Encoding',
          'Content-Length': String(cached.zipped.length),
        });
        res.end(cached.zipped);
        return;
      }
      // Asked with the cached ETag, the feed server answered in full: the client's own may match.
      if (cached && answer.status === 200 && etag !== undefined && etagMatches(clientTag, etag)) {
        res.writeHead(304, { ETag: etag, 'Cache-Control': 'no-cache', ...CORS });
        res.end();
        return;
      }
      // Snapshots are megabytes of repetitive JSON: gzip them when the client takes it.
      if (answer.body && answer.body.length > 1024 && zips) {
        const zipped = await gzip(answer.body, { level: 4 });
        if (answer.status === 200 && etag !== undefined)
          answers.set(cacheKey, { etag, headers: answer.headers, zipped });
        res.writeHead(answer.status, {
          ...answer.headers,
          ...CORS,
          'Content-Encoding': 'gzip',
          Vary: 'Accept-Encoding',
          'Content-Length': String(zipped.length),
        });
        res.end(zipped);
        return;
      }
      res.writeHead(answer.status, { ...answer.headers, ...CORS });
      res.end(method === 'HEAD' ? undefined : answer.body);
      return;
    }

    switch (`${method} ${url.pathname}`) {
      case 'GET /admin/state':
        return send(res, 200, state());
      case 'POST /admin/faults': {
        const body = await readBody(req, res, adminFaultBody);
        if (!body) return;
        if ('spec' in body) {
          let assignments: FaultAssignment[];
          try {
            assignments = parseFaultList(body.spec);
          } catch (error) {
            return badRequest(res, error instanceof Error ? error.message : String(error));
          }
          for (const { target, fault } of assignments) feeds.setFault(target, fault);
        } else {
          feeds.setFault(body.feed, body.fault);
        }
        return send(res, 200, state());
      }
      case 'POST /admin/clock': {
        const body = await readBody(req, res, adminClockBody);
        if (!body) return;
        if (body.speed !== undefined) clock.setSpeed(body.speed);
        if (body.paused === true) clock.pause();
        if (body.paused === false) clock.resume();
        return send(res, 200, state());
      }
      case 'POST /admin/incidents': {
        const body = await readBody(req, res, adminIncidentBody);
        if (!body) return;
        const incident = feeds.trigger(body.kind, body.place);
        return send(res, 200, { incident, state: state() });
      }
      default:
        return send(res, 404, { error: 'not_found', message: `${method} ${url.pathname}` });
    }
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-cache',
    ...CORS,
  });
  res.end(JSON.stringify(body));
}

function badRequest(res: ServerResponse, message: string): void {
  send(res, 400, { error: 'bad_request', message });
}

/** The JSON body checked against `schema`, or null after answering 400. */
async function readBody<T>(
  req: IncomingMessage,
  res: ServerResponse,
  schema: z.ZodType<T>,
): Promise<T | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      send(res, 413, { error: 'too_large', message: `body over ${MAX_BODY_BYTES} bytes` });
      return null;
    }
    chunks.push(buffer);
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    badRequest(res, 'body is not JSON');
    return null;
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  badRequest(
    res,
    parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; '),
  );
  return null;
}

const USAGE = `usage: tsx mocks/server/serve.ts [--port 8787] [--host 127.0.0.1] [--seed 42] [--speed 60]
  [--scale 1] [--start 2026-11-22T08:00+08:00] [--paused] [--fault tickets:down,sensors:slow:3000]
  [--hostile] [--incidents 0|1] [--geo public/geo/fuzhou] [--catalog public/catalogs/fuzhou-12345.json]
  [--require-token]
  --catalog: the city's 12345 catalogue (the file config.json's scenarios.tickets.catalog names)
  --require-token: answer 401 unless a request has Authorization: Bearer $SIM_SERVER_TOKEN`;

/** Reads and validates a catalogue file; an error names the file and the field. */
export async function loadTicketCatalog(file: string): Promise<TicketCatalog> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`--catalog ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = parseTicketCatalog(raw);
  if (result.ok) return result.catalog;
  const field = result.problem.path.join('.') || '(root)';
  throw new Error(`--catalog ${file}: ${field}: ${result.problem.message}`);
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      scale: { type: 'string' },
      start: { type: 'string' },
      paused: { type: 'boolean', default: false },
      fault: { type: 'string', multiple: true, default: [] },
      hostile: { type: 'boolean', default: false },
      incidents: { type: 'string' },
      geo: { type: 'string' },
      catalog: { type: 'string' },
      'require-token': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const search = new URLSearchParams();
  for (const name of ['seed', 'speed', 'scale', 'start', 'incidents'] as const) {
    const value = values[name];
    if (value !== undefined) search.set(name, value);
  }
  for (const spec of values.fault) search.append('fault', spec);
  const { params, warnings } = parseDemoParams(search);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    warnings.push(`--port ${values.port} is not a port`);
  const token = values['require-token'] ? process.env.SIM_SERVER_TOKEN : undefined;
  if (values['require-token'] && !token)
    warnings.push('--require-token: set the token in the environment variable SIM_SERVER_TOKEN');
  if (warnings.length > 0) throw new Error(`${warnings.join('\n')}\n${USAGE}`);
  const ticketCatalog =
    values.catalog === undefined ? undefined : await loadTicketCatalog(resolve(values.catalog));

  const server = await startSimServer({
    ...params,
    port,
    host: values.host,
    paused: values.paused,
    hostile: values.hostile,
    geoDir: values.geo === undefined ? undefined : resolve(values.geo),
    ticketCatalog,
    requireToken: token,
  });
  console.log(`sim server listening on ${server.url}`);
  console.log(
    `seed ${params.seed} · ×${params.speed} · scale ${params.scale} · sim ${new Date(server.clock.now()).toISOString()}` +
      (params.faults.length ? ` · faults ${values.fault.join(',')}` : '') +
      (values.catalog ? ` · catalogue ${values.catalog}` : '') +
      (token ? ' · bearer token required' : ''),
  );
  const stop = (signal: string) => {
    console.log(`${signal}: closing`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
