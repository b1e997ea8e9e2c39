// The production server's files, headers, compression, config.json and start-up checks.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server';

const work = mkdtempSync(join(tmpdir(), 'server-'));
const dist = join(work, 'dist');
const APP_JS = `export const app = ${JSON.stringify(Array.from({ length: 2000 }, (_, i) => `line ${i}`))};\n`;

const browserConfig = (
  feeds: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) => ({
  city: {
    name: { 'zh-CN': '福州市', en: 'Fuzhou' },
    code: '350100',
    boundaries: 'geo/districts.geojson',
    divisions: 'geo/divisions.json',
    map: { center: [119.35, 26.0], zoom: 8.6 },
  },
  feeds,
  ...extra,
});
const tickets = { tickets: { adapter: 'native-rest', baseUrl: '/api/v1', pollIntervalMs: 5000 } };

/** Writes a server config (and its browser config) into a fresh folder; returns its path. */
function writeConfigs(browser: unknown, routes: unknown[] = [], name = 'case'): string {
  const dir = mkdtempSync(join(work, `${name}-`));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(browser));
  writeFileSync(
    join(dir, 'server.json'),
    JSON.stringify({ dist: '../dist', browserConfig: 'config.json', routes }),
  );
  return join(dir, 'server.json');
}
const route = {
  prefix: '/api/v1/',
  upstream: 'http://127.0.0.1:9/api/v1/',
  headers: { Authorization: 'Bearer ${TICKETS_TOKEN}' },
};
const TOKEN = 'secret-token-0123456789';

let server: RunningServer;
const reports: string[] = [];

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'), { recursive: true });
  mkdirSync(join(dist, 'geo'), { recursive: true });
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><script type="module" src="/assets/app-Bx1.js"></script>',
  );
  writeFileSync(join(dist, 'assets', 'app-Bx1.js'), APP_JS);
  writeFileSync(join(dist, 'assets', 'app-Bx1.css'), 'body{color:red}');
  writeFileSync(join(dist, 'assets', 'font-Bx1.woff2'), Buffer.alloc(4000, 7));
  writeFileSync(join(dist, 'geo', 'districts.geojson'), JSON.stringify({ features: [] }));
  writeFileSync(join(dist, 'geo', 'divisions.json'), '{}');
  writeFileSync(join(dist, 'config.json'), '{"stale": "the build\'s own copy"}');
  writeFileSync(join(dist, '.env'), 'SECRET=1');
  server = await startServer({
    configPath: writeConfigs(browserConfig(tickets), [route], 'main'),
    port: 0,
    quiet: true,
    env: { TICKETS_TOKEN: TOKEN },
    log: () => undefined,
    warn: () => undefined,
    onCspReport: (summary) => reports.push(summary),
  });
});

afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function get(
  target: string,
  headers: Record<string, string> = {},
  method = 'GET',
  body?: string,
): Promise<Answer> {
  const { port } = new URL(server.url);
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path: target, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', fail);
    req.end(body);
  });
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
  "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; " +
  "base-uri 'self'; form-action 'self'; frame-ancestors 'self'; report-uri /csp-report";

describe('the production server: files and headers', () => {
  it('sends the CSP and the security headers with index.html, assets and errors', async () => {
    for (const target of ['/', '/tickets', '/assets/app-Bx1.js', '/config.json', '/nope.png']) {
      const { headers } = await get(target);
      expect(headers['content-security-policy'], target).toBe(CSP);
      expect(headers['x-content-type-options'], target).toBe('nosniff');
      expect(headers['referrer-policy'], target).toBe('no-referrer');
      expect(headers['cross-origin-opener-policy'], target).toBe('same-origin');
      expect(headers['permissions-policy'], target).toMatch(/^camera=\(\)|accelerometer=\(\)/);
      expect(headers['permissions-policy'], target).toContain('geolocation=()');
    }
  });

  it('serves the app for its routes, assets with their types, 404 for what is missing', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['cache-control']).toBe('no-cache');
    for (const route of ['/tickets', '/wall', '/tickets/T-1']) {
      const answer = await get(route);
      expect(answer.status, route).toBe(200);
      expect(answer.body.toString(), route).toBe(index.body.toString());
      expect(answer.headers['cache-control'], route).toBe('no-cache');
    }
    const js = await get('/assets/app-Bx1.js');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/app-Bx1.css')).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    );
    expect((await get('/assets/font-Bx1.woff2')).headers['content-type']).toBe('font/woff2');
    expect((await get('/geo/districts.geojson')).headers['content-type']).toMatch(/geo\+json/);
    for (const missing of ['/assets/gone-1.js', '/assets/gone', '/missing.png', '/.env']) {
      expect((await get(missing)).status, missing).toBe(404);
    }
    expect((await get('/', {}, 'POST', '{}')).status).toBe(405);
  });

  it('refuses traversal before anything is looked up', async () => {
    for (const target of [
      '/../package.json',
      '/assets/../../etc/passwd',
      '/%2e%2e/x',
      '/a%2Fb',
      '/a%5cb',
    ]) {
      expect((await get(target)).status, target).toBe(400);
    }
  });

  it('serves config.json from the server config, revalidated every time', async () => {
    const config = await get('/config.json');
    expect(config.status).toBe(200);
    expect(JSON.parse(config.body.toString())).toEqual(browserConfig(tickets));
    expect(config.headers['cache-control']).toBe('no-cache');
    expect(config.headers['content-type']).toBe('application/json; charset=utf-8');
    const etag = config.headers.etag!;
    expect((await get('/config.json', { 'If-None-Match': etag })).status).toBe(304);
  });

  it('compresses text with brotli or gzip as the browser accepts, not fonts', async () => {
    const plain = await get('/assets/app-Bx1.js');
    const br = await get('/assets/app-Bx1.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    const gzip = await get('/assets/app-Bx1.js', { 'Accept-Encoding': 'gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(brotliDecompressSync(br.body).toString()).toBe(APP_JS);
    expect(gunzipSync(gzip.body).toString()).toBe(APP_JS);
    expect(br.body.length).toBeLessThan(plain.body.length / 4);
    console.log(
      `app-Bx1.js: ${plain.body.length} bytes, gzip ${gzip.body.length}, brotli ${br.body.length}`,
    );
    const font = await get('/assets/font-Bx1.woff2', { 'Accept-Encoding': 'br' });
    expect(font.headers['content-encoding']).toBeUndefined();
  });

  it('answers the health check and takes CSP reports', async () => {
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body.toString())).toEqual({ status: 'ok' });
    const report = JSON.stringify({
      'csp-report': {
        'document-uri': 'http://127.0.0.1/tickets',
        'effective-directive': 'script-src',
        'blocked-uri': 'eval',
        'source-file': 'http://127.0.0.1/assets/app-Bx1.js',
        'line-number': 1,
        'column-number': 2,
      },
    });
    const answer = await get(
      '/csp-report',
      { 'Content-Type': 'application/csp-report' },
      'POST',
      report,
    );
    expect(answer.status).toBe(204);
    expect(reports).toEqual([
      'script-src blocked eval in http://127.0.0.1/tickets at http://127.0.0.1/assets/app-Bx1.js:1:2',
    ]);
  });
});

describe('the production server: the wall carousel shared by other machines', () => {
  it('keeps the last state posted and refuses anything that is not one', async () => {
    expect((await get('/api/wall/carousel')).status).toBe(204);
    const json = { 'content-type': 'application/json' };
    const paused = { epoch: 3, held: 1, pausedAt: 1_700_000_000_000, by: 'desk', extra: '<b>' };
    expect((await get('/api/wall/carousel', json, 'POST', JSON.stringify(paused))).status).toBe(
      204,
    );
    const answer = await get('/api/wall/carousel');
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    // Only the carousel's own fields are kept.
    expect(JSON.parse(answer.body.toString())).toEqual({
      epoch: 3,
      held: 1,
      pausedAt: 1_700_000_000_000,
      by: 'desk',
    });
    for (const bad of [
      '{"epoch":1,"held":2,"pausedAt":null,"by":null}',
      '{"epoch":"1","held":null,"pausedAt":null,"by":null}',
      '{"__proto__":{"epoch":1},"held":null,"pausedAt":null,"by":null}',
      'not json',
    ])
      expect((await get('/api/wall/carousel', json, 'POST', bad)).status, bad).toBe(400);
    expect((await get('/api/wall/carousel', {}, 'POST', '{}')).status).toBe(415);
    const big = JSON.stringify({ ...paused, by: 'x'.repeat(5000) });
    expect((await get('/api/wall/carousel', json, 'POST', big)).status).toBe(413);
    expect((await get('/api/wall/carousel', {}, 'DELETE')).status).toBe(405);
    // Refusals left the state as it was.
    expect(JSON.parse((await get('/api/wall/carousel')).body.toString()).epoch).toBe(3);
  });
});

describe('the production server: start-up checks', () => {
  const start = (configPath: string, env: NodeJS.ProcessEnv = { TICKETS_TOKEN: TOKEN }) =>
    startServer({
      configPath,
      port: 0,
      quiet: true,
      env,
      log: () => undefined,
      warn: () => undefined,
    });

  it('refuses a browser config with an auth field', async () => {
    const feeds = {
      tickets: { ...tickets.tickets, auth: { header: 'Authorization', value: 'Bearer abc' } },
    };
    await expect(start(writeConfigs(browserConfig(feeds), [route]))).rejects.toThrow(
      /browser config .*config\.json: every browser .* Remove feeds\.tickets\.auth: a credential field/,
    );
  });

  it('refuses a browser config with anything that looks like a credential', async () => {
    const cases: [unknown, RegExp][] = [
      [browserConfig(tickets, { apiKey: 'k' }), /apiKey: a credential field/],
      [browserConfig(tickets, { note: 'Bearer abcdef' }), /note: an Authorization header value/],
      [
        browserConfig({
          tickets: { ...tickets.tickets, baseUrl: 'https://u:p@feeds.example/api' },
        }),
        /feeds\.tickets\.baseUrl: a URL with a user name or password/,
      ],
      [
        browserConfig({
          tickets: { ...tickets.tickets, baseUrl: 'https://x.example/api?access_token=1' },
        }),
        /a URL with a credential in its query/,
      ],
      [
        browserConfig(tickets, { note: `see ${TOKEN}` }),
        /note: holds a secret of the server config/,
      ],
      [
        browserConfig(tickets, { note: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc' }),
        /a JSON Web Token/,
      ],
    ];
    for (const [config, message] of cases) {
      await expect(start(writeConfigs(config, [route]))).rejects.toThrow(message);
    }
  });

  it('refuses an adapter option the app would refuse, naming the field', async () => {
    const feeds = {
      tickets: { ...tickets.tickets, adapter: 'open311', options: { windowDays: 120 } },
    };
    await expect(start(writeConfigs(browserConfig(feeds), [route]))).rejects.toThrow(
      /feeds\.tickets\.options\.windowDays: /,
    );
  });

  it('refuses to start without the environment variable a header needs, naming it', async () => {
    await expect(start(writeConfigs(browserConfig(tickets), [route]), {})).rejects.toThrow(
      /environment variable not set: TICKETS_TOKEN \(routes\[0\]\.headers\.Authorization\)/,
    );
  });

  it('refuses a credential written into the server config itself', async () => {
    const literal = { ...route, headers: { Authorization: 'Bearer abc' } };
    await expect(start(writeConfigs(browserConfig(tickets), [literal]))).rejects.toThrow(
      /routes\[0\]\.headers\.Authorization: a credential belongs in an environment variable/,
    );
  });

  it('refuses routes that are not what the browser config needs or could leave their upstream', async () => {
    await expect(start(writeConfigs(browserConfig(tickets), []))).rejects.toThrow(
      /feeds\.tickets\.baseUrl: \/api\/v1\/tickets is under no route prefix/,
    );
    const bad: [unknown, RegExp][] = [
      [{ ...route, upstream: 'ftp://x/' }, /upstream: must be an http\(s\) URL/],
      [{ ...route, upstream: 'https://x.example/api?key=1' }, /no query or fragment/],
      [{ ...route, upstream: 'https://user:pw@x.example/' }, /no credentials in the URL/],
      [{ ...route, prefix: '/api/v1' }, /prefix: must be a path such as \/api\/v1\//],
      [{ ...route, prefix: '/' }, /prefix: must be a path/],
      [{ ...route, prefix: '/assets/' }, /would hide \/assets\//],
      [{ ...route, methods: ['CONNECT'] }, /routes\[0\]\.methods\[0\]/],
      [{ ...route, headers: { Host: 'evil' } }, /headers\.Host: this header cannot be set/],
      [{ ...route, extra: true }, /routes\[0\]\.extra/],
    ];
    for (const [candidate, message] of bad) {
      await expect(start(writeConfigs(browserConfig(tickets), [candidate]))).rejects.toThrow(
        message,
      );
    }
  });

  it('wants alarm acknowledgements on a route that takes POST, or their origin in connect-src', async () => {
    const acks = (ackBaseUrl: string) => browserConfig(tickets, { alarms: { ackBaseUrl } });
    await expect(start(writeConfigs(acks('/api/v1'), [route]))).rejects.toThrow(
      /alarms\.ackBaseUrl: \/api\/v1\/alarm-acks is sent POST requests: its route \/api\/v1\/ must allow POST/,
    );
    const writable = await start(
      writeConfigs(acks('/api/v1'), [{ ...route, methods: ['GET', 'HEAD', 'POST'] }]),
    );
    await writable.close();
    const direct = await start(writeConfigs(acks('https://acks.city.example/'), [route]));
    try {
      const { port } = new URL(direct.url);
      const csp = await new Promise<string>((done) =>
        request({ host: '127.0.0.1', port, path: '/' }, (res) => {
          res.resume();
          done(String(res.headers['content-security-policy']));
        }).end(),
      );
      expect(csp).toContain("connect-src 'self' https://acks.city.example;");
    } finally {
      await direct.close();
    }
  });

  it('adds the origin of a feed fetched directly to connect-src', async () => {
    const direct = browserConfig({
      ...tickets,
      sensors: {
        adapter: 'native-rest',
        baseUrl: 'https://iot.city.example/v1',
        pollIntervalMs: 10000,
      },
    });
    const warnings: string[] = [];
    const other = await startServer({
      configPath: writeConfigs(direct, [route]),
      port: 0,
      quiet: true,
      env: { TICKETS_TOKEN: TOKEN },
      log: () => undefined,
      warn: (line) => warnings.push(line),
    });
    try {
      const { port } = new URL(other.url);
      const csp = await new Promise<string>((done) =>
        request({ host: '127.0.0.1', port, path: '/' }, (res) => {
          res.resume();
          done(String(res.headers['content-security-policy']));
        }).end(),
      );
      expect(csp).toContain("connect-src 'self' https://iot.city.example;");
      expect(warnings.join('\n')).toMatch(
        /feeds\.sensors\.baseUrl: the browser fetches https:\/\/iot\.city\.example directly/,
      );
    } finally {
      await other.close();
    }
  });

  it('finishes a request in flight on close, then stops', async () => {
    const other = await start(writeConfigs(browserConfig(tickets), [route]));
    const { port } = new URL(other.url);
    const inFlight = new Promise<number>((done) =>
      request({ host: '127.0.0.1', port, path: '/assets/app-Bx1.js' }, (res) => {
        setTimeout(() => {
          res.resume();
          res.on('end', () => done(res.statusCode ?? 0));
        }, 100);
      }).end(),
    );
    await new Promise((done) => setTimeout(done, 20));
    await other.close();
    expect(await inFlight).toBe(200);
  });
});
