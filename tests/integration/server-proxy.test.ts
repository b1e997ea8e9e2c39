// The production server's feed proxy against a scripted upstream: what reaches the upstream,
// what reaches the browser, and what never reaches either.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server';

const TOKEN = 'tk-3f9a0c2b7d41e8a6-upstream-only';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Reply {
  status?: number;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  delayMs?: number;
}
/** What the upstream does with a request, by path under /feeds/. */
type Script = (seen: Seen) => Reply;

let upstream: Server;
let upstreamOrigin: string;
const seen: Seen[] = [];
const scripts = new Map<string, Script>();
let server: RunningServer;
const logLines: string[] = [];
const warnings: string[] = [];
const work = mkdtempSync(join(tmpdir(), 'server-proxy-'));

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(entry);
      const path = (req.url ?? '').split('?')[0] ?? '';
      const script = scripts.get(path) ?? (() => ({ body: '{"ok":true}' }));
      const answer: Reply = script(entry);
      const send = () => {
        res.writeHead(answer.status ?? 200, {
          'Content-Type': 'application/json',
          ...answer.headers,
        });
        res.end(answer.body);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((done) => upstream.listen(0, '127.0.0.1', done));
  upstreamOrigin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;

  const dist = join(work, 'dist');
  mkdirSync(join(dist, 'geo'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(dist, 'geo', 'districts.geojson'), '{}');
  writeFileSync(join(dist, 'geo', 'divisions.json'), '{}');
  writeFileSync(
    join(work, 'config.json'),
    JSON.stringify({
      city: {
        name: 'Test',
        code: '350100',
        boundaries: 'geo/districts.geojson',
        divisions: 'geo/divisions.json',
        map: { center: [119.3, 26.0], zoom: 9 },
      },
      feeds: { tickets: { adapter: 'native-rest', baseUrl: '/api/v1', pollIntervalMs: 5000 } },
    }),
  );
  writeFileSync(
    join(work, 'server.json'),
    JSON.stringify({
      dist: 'dist',
      browserConfig: 'config.json',
      routes: [
        {
          prefix: '/api/v1/',
          upstream: `${upstreamOrigin}/feeds/`,
          headers: { Authorization: 'Bearer ${FEED_TOKEN}' },
          timeoutMs: 500,
          maxResponseBytes: 10_000,
        },
        {
          prefix: '/alarms/',
          upstream: `${upstreamOrigin}/feeds/alarms/`,
          methods: ['GET', 'POST'],
          passBrowserHeaders: ['Cookie'],
          maxRequestBytes: 100,
        },
        { prefix: '/down/', upstream: 'http://127.0.0.1:9/' },
      ],
    }),
  );
  server = await startServer({
    configPath: join(work, 'server.json'),
    port: 0,
    env: { FEED_TOKEN: TOKEN },
    log: (line) => logLines.push(line),
    warn: (line) => warnings.push(line),
  });
});

afterAll(async () => {
  await server?.close();
  await new Promise((done) => upstream?.close(done));
  rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
  seen.length = 0;
  scripts.clear();
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A request with the target exactly as given (no URL normalisation on the way). */
function raw(
  target: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const { port } = new URL(server.url);
  return new Promise((done, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: target,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', (error) =>
      fail(new Error(`${options.method ?? 'GET'} ${target}: ${error.message}`)),
    );
    req.end(options.body);
  });
}

describe('the feed proxy', () => {
  it('adds the configured credential upstream, and the browser never sees it', async () => {
    scripts.set('/feeds/tickets', () => ({
      body: '{"feed":"tickets"}',
      headers: {
        'X-Upstream-Debug': TOKEN,
        'WWW-Authenticate': 'Basic realm="x"',
        'Access-Control-Allow-Origin': '*',
      },
    }));
    const answer = await raw('/api/v1/tickets?since=5&view=wall');
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('{"feed":"tickets"}');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe('/feeds/tickets?since=5&view=wall');
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // Headers the upstream sends that are not about the body stay on the server.
    expect(JSON.stringify(answer.headers)).not.toContain(TOKEN);
    expect(answer.headers['www-authenticate']).toBeUndefined();
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(answer.headers['content-security-policy']).toContain("default-src 'self'");
    const config = await raw('/config.json');
    expect(config.body.toString()).not.toContain(TOKEN);
  });

  it('drops the Authorization and Cookie a browser sends, unless the route passes them', async () => {
    await raw('/api/v1/tickets', {
      headers: {
        Authorization: 'Basic dXNlcjpwYXNz',
        Cookie: 'session=abc',
        'X-Forwarded-Host': 'evil.example',
        Connection: 'keep-alive, X-Hop',
        'X-Hop': '1',
        'If-None-Match': '"v1"',
      },
    });
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]!.headers.cookie).toBeUndefined();
    expect(seen[0]!.headers['x-forwarded-host']).toBeUndefined();
    expect(seen[0]!.headers['x-hop']).toBeUndefined();
    expect(seen[0]!.headers['if-none-match']).toBe('"v1"');

    scripts.set('/feeds/alarms/ack', () => ({ headers: { 'Set-Cookie': 'seen=1' }, body: '{}' }));
    const passed = await raw('/alarms/ack', {
      headers: { Cookie: 'session=abc', Authorization: 'Basic x' },
    });
    expect(seen[1]!.headers.cookie).toBe('session=abc');
    expect(seen[1]!.headers.authorization).toBeUndefined();
    expect(passed.headers['set-cookie']).toEqual(['seen=1']);
  });

  it('passes ETag and 304, Retry-After, content encoding and status codes through', async () => {
    scripts.set('/feeds/tickets', (request): Reply =>
      request.headers['if-none-match'] === '"v7"'
        ? { status: 304, headers: { ETag: '"v7"' } }
        : { headers: { ETag: '"v7"', 'Cache-Control': 'no-cache' }, body: '{"version":7}' },
    );
    const first = await raw('/api/v1/tickets');
    expect(first.headers.etag).toBe('"v7"');
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await raw('/api/v1/tickets', { headers: { 'If-None-Match': '"v7"' } });
    expect(again.status).toBe(304);
    expect(again.headers.etag).toBe('"v7"');
    expect(again.body.length).toBe(0);

    scripts.set('/feeds/signals', () => ({
      status: 503,
      headers: { 'Retry-After': '30' },
      body: '{}',
    }));
    const busy = await raw('/api/v1/signals');
    expect(busy.status).toBe(503);
    expect(busy.headers['retry-after']).toBe('30');

    scripts.set('/feeds/sensors', () => ({ status: 410, body: '{"error":"gone"}' }));
    expect((await raw('/api/v1/sensors?since=1')).status).toBe(410);

    const zipped = gzipSync(Buffer.from(JSON.stringify({ items: Array(500).fill('sensor') })));
    scripts.set('/feeds/detections', () => ({
      headers: { 'Content-Encoding': 'gzip' },
      body: zipped,
    }));
    const encoded = await raw('/api/v1/detections', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(seen.at(-1)!.headers['accept-encoding']).toBe('gzip, br');
    expect(encoded.headers['content-encoding']).toBe('gzip');
    expect(encoded.body.equals(zipped)).toBe(true);
  });

  it('compresses an uncompressed feed answer for the browser', async () => {
    const body = JSON.stringify({
      items: Array.from({ length: 300 }, (_, i) => ({ id: `T-${i}` })),
    });
    scripts.set('/feeds/tickets', () => ({ body }));
    const answer = await raw('/api/v1/tickets', { headers: { 'Accept-Encoding': 'br' } });
    expect(answer.headers['content-encoding']).toBe('br');
    expect(answer.body.length).toBeLessThan(body.length / 4);
  });

  it('rejects traversal and anything that could leave the configured upstream', async () => {
    for (const target of [
      '/api/v1/../../etc/passwd',
      '/api/v1/./tickets',
      '/api/v1/%2e%2e/%2e%2e/etc/passwd',
      '/api/v1/%2E%2E/admin',
      '/api/v1/.%2e/admin',
      '/api/v1/tickets%2F..%2F..%2Fadmin',
      '/api/v1/..%2fadmin',
      '/api/v1/..%5cadmin',
      '/api/v1/%252e%252e/admin',
      '/api/v1//evil.example/x',
      '/api/v1/tickets%00',
      '/api/v1/%E0%A4%A',
      'http://evil.example/api/v1/tickets',
    ]) {
      const answer = await raw(target);
      expect(answer.status, target).toBe(400);
      expect(JSON.parse(answer.body.toString()), target).toEqual({
        error: 'bad_request',
        message: 'path not allowed',
      });
    }
    expect(seen).toEqual([]);

    // A segment that reads like a URL stays a segment of the configured upstream.
    await raw('/api/v1/https:evil.example');
    await raw('/api/v1/@evil.example');
    expect(seen.map((s) => s.url)).toEqual([
      '/feeds/https%3Aevil.example',
      '/feeds/%40evil.example',
    ]);
  });

  it('allows only the configured methods', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']) {
      // Bodies only where browsers send them (Node's client mangles a DELETE with a body).
      const withBody = ['POST', 'PUT', 'PATCH'].includes(method);
      const answer = await raw('/api/v1/tickets', { method, body: withBody ? '{}' : undefined });
      expect(answer.status, method).toBe(405);
      expect(answer.headers.allow).toBe('GET, HEAD');
    }
    expect(seen).toEqual([]);
    expect((await raw('/api/v1/tickets', { method: 'HEAD' })).status).toBe(200);

    const ack = await raw('/alarms/A-1/ack', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"by":"duty"}',
    });
    expect(ack.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/feeds/alarms/A-1/ack',
      body: '{"by":"duty"}',
    });
    const big = await raw('/alarms/A-1/ack', { method: 'POST', body: 'x'.repeat(101) });
    expect(big.status).toBe(413);
  });

  it('answers 502 when the upstream is down, 504 when it is slow, 502 when it answers too much', async () => {
    const down = await raw('/down/tickets');
    expect(down.status).toBe(502);
    expect(down.body.length).toBeLessThan(100);
    expect(JSON.parse(down.body.toString())).toEqual({
      error: 'bad_gateway',
      message: 'the feed is unreachable',
    });

    scripts.set('/feeds/slow', () => ({ delayMs: 1500, body: '{}' }));
    const started = performance.now();
    const slow = await raw('/api/v1/slow');
    expect(slow.status).toBe(504);
    expect(performance.now() - started).toBeLessThan(1400);
    expect(JSON.parse(slow.body.toString()).error).toBe('gateway_timeout');

    scripts.set('/feeds/huge', () => ({
      body: 'x'.repeat(20_000),
      headers: { 'Content-Length': '20000' },
    }));
    const huge = await raw('/api/v1/huge');
    expect(huge.status).toBe(502);
    // Without a declared length the answer is cut once it passes the cap.
    scripts.set('/feeds/huge', () => ({
      body: 'x'.repeat(20_000),
      headers: { 'Transfer-Encoding': 'chunked' },
    }));
    await expect(raw('/api/v1/huge')).rejects.toThrow(/aborted|hang up|ECONNRESET/);
    expect(warnings.join('\n')).toMatch(/over 10000 bytes/);
    // The upstream's own address and the credential are for the server's log only.
    expect(down.body.toString() + slow.body.toString()).not.toContain('127.0.0.1');
    expect(warnings.join('\n')).not.toContain(TOKEN);
  });

  it('keeps redirects on the route, drops those that leave it', async () => {
    scripts.set('/feeds/old', () => ({
      status: 301,
      headers: { Location: `${upstreamOrigin}/feeds/new?x=1` },
    }));
    scripts.set('/feeds/away', () => ({
      status: 302,
      headers: { Location: 'https://evil.example/' },
    }));
    expect((await raw('/api/v1/old')).headers.location).toBe('/api/v1/new?x=1');
    const away = await raw('/api/v1/away');
    expect(away.status).toBe(302);
    expect(away.headers.location).toBeUndefined();
  });

  it('logs each request without secret query values', async () => {
    await raw('/api/v1/tickets?since=3&access_token=abc123');
    expect(logLines.join('\n')).toMatch(
      /^\S+Z GET \/api\/v1\/tickets\?since=3&access_token=\*\*\* 200 \d+ms$/m,
    );
    expect(logLines.join('\n')).not.toContain('abc123');
  });
});
