// The production build and the browser's config.json. Hashed files under /assets/ are cached for a
// year; everything else (index.html, config.json, the geography) is revalidated on every use.
import sirv from 'sirv';
import type { ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { pathOf, sendJson, type Handler } from './handlers';

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Types with a charset sirv leaves out, and types it does not know. */
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.pbf': 'application/x-protobuf',
  '.bin': 'application/octet-stream',
};

function methodNotAllowed(res: ServerResponse): void {
  sendJson(
    res,
    405,
    { error: 'method_not_allowed', message: 'GET or HEAD only' },
    { Allow: 'GET, HEAD' },
  );
}

/**
 * Files of `dist` (listed once at start-up: nothing outside it can be named). Extension-less paths
 * that are no file get index.html (the app's routes); missing files under /assets/ or with an
 * extension pass on (to the 404).
 */
export function staticFiles(dist: string): Handler {
  const serve = sirv(dist, {
    etag: true,
    single: true,
    dotfiles: false,
    // Missing files under /assets/ and dot files are 404s, not the app.
    ignores: ['^/assets/', '/\\.'],
    setHeaders(res, pathname) {
      res.setHeader('Cache-Control', pathname.startsWith('/assets/') ? IMMUTABLE : 'no-cache');
      const type = TYPES[extname(pathname).toLowerCase()];
      if (type) res.setHeader('Content-Type', type);
    },
  });
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res);
    serve(req, res, () => next());
  };
}

/** `/config.json` from memory: the browser config checked at start-up. */
export function configJson(bytes: Buffer, etag: string): Handler {
  return (req, res, next) => {
    if (pathOf(req) !== '/config.json') return next();
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res);
    const headers = {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-cache',
      ETag: etag,
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Length': bytes.length }).end(bytes);
  };
}
