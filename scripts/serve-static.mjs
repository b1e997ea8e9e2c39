// Static file server for built bundles (dist/, dist-demo/): used by `npm start` and the e2e tests.
//
//   import { startStaticServer } from './serve-static.mjs';
//   const server = await startStaticServer({ root: 'dist-demo', port: 0 });
//   server.setOverride('/config.json', { status: 200, body: '{ not json' });
//   server.setOverride('/api/v1/sensors?delta=columns', { body: columnar }); // only with that query
//   await server.close();
//
// CLI: node scripts/serve-static.mjs [root=dist-demo] [port=4173] [host=127.0.0.1]
//
// Unknown paths without a file extension (client-side routes such as /tickets) get index.html;
// unknown paths with an extension (assets) get a 404.
//
// Every response carries the app's Content-Security-Policy and security headers
// (src/server/security-headers.mjs); connect-src also allows the origins of the feeds that the
// served config.json (the file, or its override) sends the browser to directly. Violation reports
// (POST /csp-report, from pages, workers and service workers) are kept: `server.cspReports()`.
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CSP_REPORT_PATH,
  feedOrigins,
  securityHeaders,
  summariseCspReport,
} from '../src/server/security-headers.mjs';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pbf': 'application/x-protobuf',
  '.bin': 'application/octet-stream',
};

/** @param {string} filePath */
export function mimeType(filePath) {
  return MIME_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * @typedef {{ status?: number, body: unknown, type?: string }} Override
 * @param {Override} override
 */
function encodeOverride(override) {
  const { body } = override;
  if (typeof body === 'string') {
    return { data: Buffer.from(body), type: override.type ?? 'text/plain; charset=utf-8' };
  }
  if (body instanceof Uint8Array) {
    return { data: Buffer.from(body), type: override.type ?? 'application/octet-stream' };
  }
  return {
    data: Buffer.from(JSON.stringify(body)),
    type: override.type ?? 'application/json; charset=utf-8',
  };
}

/**
 * The key of the override answering a request: keys may carry a query
 * (`/api/v1/sensors?delta=columns`) and then answer only requests to that path whose query has
 * each of those parameters with that value; the key naming the most parameters wins, and a key
 * without a query answers whatever query.
 * @param {Map<string, Override>} overrides @param {string} pathname @param {URLSearchParams} search
 */
function findOverride(overrides, pathname, search) {
  /** @type {string | null} */
  let best = null;
  let bestCount = -1;
  for (const key of overrides.keys()) {
    const mark = key.indexOf('?');
    if ((mark === -1 ? key : key.slice(0, mark)) !== pathname) continue;
    const wanted = mark === -1 ? [] : [...new URLSearchParams(key.slice(mark + 1))];
    if (!wanted.every(([name, value]) => search.getAll(name).includes(value))) continue;
    if (wanted.length > bestCount) [best, bestCount] = [key, wanted.length];
  }
  return best;
}

/** @param {string} root @param {string} urlPath */
function resolveInside(root, urlPath) {
  const filePath = resolve(join(root, urlPath));
  const rel = relative(root, filePath);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return filePath;
}

/**
 * The browser config served as /config.json: its override's body, else the file, else null.
 * @param {Override | undefined} override @param {string} filePath
 */
function servedConfig(override, filePath) {
  try {
    if (override) {
      const { body } = override;
      return typeof body === 'string' || body instanceof Uint8Array
        ? JSON.parse(Buffer.from(body).toString('utf8'))
        : body;
    }
    return JSON.parse(readFileSync(filePath, 'utf8'));
  } catch {
    return null;
  }
}

/** @param {string} filePath */
async function fileStat(filePath) {
  try {
    const info = await stat(filePath);
    return info.isFile() ? info : null;
  } catch {
    return null;
  }
}

/**
 * `csp: false` serves without the security headers (the harness's own test page, which needs
 * inline styles and off-origin requests to test the harness).
 * @param {{ root: string, port?: number, host?: string, overrides?: Record<string, Override>,
 *   onCspReport?: (summary: string) => void, csp?: boolean }} options
 * @returns {Promise<{ url: string, origin: string, port: number, root: string,
 *   close(): Promise<void>, setOverride(path: string, value: Override | null): void,
 *   overrideHits(path: string): number, cspReports(): string[] }>}
 */
export async function startStaticServer({
  root,
  port = 0,
  host = '127.0.0.1',
  overrides = {},
  onCspReport,
  csp = true,
}) {
  const rootDir = resolve(root);
  const indexPath = join(rootDir, 'index.html');
  if (!(await fileStat(indexPath))) {
    throw new Error(`serve-static: ${indexPath} does not exist (build the bundle first)`);
  }
  /** @type {Map<string, Override>} */
  const overrideMap = new Map(Object.entries(overrides));
  /** @type {Map<string, number>} */
  const hits = new Map();
  // Read once: config.json changes while serving only through setOverride.
  const configFile = servedConfig(undefined, join(rootDir, 'config.json'));
  const headersFor = () =>
    securityHeaders({
      connectSrc: feedOrigins(
        overrideMap.has('/config.json')
          ? servedConfig(overrideMap.get('/config.json'), '')
          : configFile,
      ),
      reportUri: CSP_REPORT_PATH,
    });
  /** @type {string[]} */
  const cspReports = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`500 ${error instanceof Error ? error.message : String(error)}`);
    });
  });

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  async function handle(req, res) {
    if (csp) for (const [name, value] of Object.entries(headersFor())) res.setHeader(name, value);
    if (req.method === 'POST' && req.url?.split('?')[0] === CSP_REPORT_PATH) {
      let body = '';
      for await (const chunk of req) if (body.length < 16_384) body += String(chunk);
      const summary = summariseCspReport(body) ?? `unreadable report: ${body.slice(0, 200)}`;
      cspReports.push(summary);
      onCspReport?.(summary);
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('405 method not allowed');
      return;
    }
    let pathname;
    let search;
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      pathname = decodeURIComponent(url.pathname);
      search = url.searchParams;
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('400 bad request');
      return;
    }

    const overrideKey = overrideMap.size ? findOverride(overrideMap, pathname, search) : null;
    const override = overrideKey === null ? undefined : overrideMap.get(overrideKey);
    if (overrideKey !== null && override) {
      hits.set(overrideKey, (hits.get(overrideKey) ?? 0) + 1);
      const { data, type } = encodeOverride(override);
      res.writeHead(override.status ?? 200, {
        'Content-Type': type,
        'Content-Length': data.length,
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : data);
      return;
    }

    let filePath = resolveInside(rootDir, pathname);
    if (!filePath) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('403 forbidden');
      return;
    }
    if (pathname.endsWith('/')) filePath = join(filePath, 'index.html');
    let info = await fileStat(filePath);
    if (!info && !pathname.endsWith('/')) {
      const dirIndex = join(filePath, 'index.html');
      const dirInfo = await fileStat(dirIndex);
      if (dirInfo) [filePath, info] = [dirIndex, dirInfo];
    }
    if (!info) {
      const lastSegment = pathname.slice(pathname.lastIndexOf('/') + 1);
      if (lastSegment.includes('.')) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`404 not found: ${pathname}`);
        return;
      }
      // Client-side route: the SPA decides.
      filePath = indexPath;
      info = await fileStat(indexPath);
      if (!info) throw new Error('index.html disappeared');
    }

    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    // Vite's hashed assets never change; everything else is revalidated every time.
    const hashed = filePath.startsWith(join(rootDir, 'assets') + sep);
    const headers = {
      'Content-Type': mimeType(filePath),
      'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      ETag: etag,
      'Service-Worker-Allowed': '/',
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Length': info.size });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(filePath);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  await new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, () => {
      server.off('error', rejectListen);
      resolveListen(undefined);
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('serve-static: no TCP address');
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${urlHost}:${address.port}`;

  return {
    url: `${origin}/`,
    origin,
    port: address.port,
    root: rootDir,
    setOverride(path, value) {
      if (value === null) overrideMap.delete(path);
      else overrideMap.set(path, value);
    },
    overrideHits(path) {
      return hits.get(path) ?? 0;
    },
    cspReports() {
      return [...cspReports];
    },
    close() {
      return new Promise((resolveClose) => {
        server.close(() => resolveClose(undefined));
        server.closeAllConnections();
      });
    },
  };
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;

if (invokedDirectly) {
  const [root = 'dist-demo', portArg = '4173', host = '127.0.0.1'] = process.argv.slice(2);
  const server = await startStaticServer({
    root,
    port: Number(portArg),
    host,
    onCspReport: (summary) => console.warn(`CSP violation: ${summary}`),
  });
  console.log(`Serving ${server.root} at ${server.url}`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
