// A feed route: the browser asks its own origin (`/api/v1/tickets?since=5`), the server asks the
// route's fixed upstream (`https://feeds.city.example/api/v1/tickets?since=5`) with the headers
// the server config adds (the credential), and hands back what the feed answered. The browser
// supplies only the path under the prefix and the query: never a host, never a header of the
// upstream's choosing. Headers go through allow-lists in both directions.
import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Agent, type Dispatcher } from 'undici';
import { pathOf, sendJson, type Handler } from './handlers';
import type { Route } from './server-config';

/** Browser headers a feed may need; anything else (Cookie, Authorization …) is dropped. */
const REQUEST_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'pragma',
  'content-type',
  'content-encoding',
  'content-length',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'if-range',
  'range',
  'user-agent',
]);
/** Headers of the body and its caching that reach the browser; the rest stays here. */
const RESPONSE_HEADERS = new Set([
  'content-type',
  'content-encoding',
  'content-length',
  'content-language',
  'content-range',
  'content-disposition',
  'accept-ranges',
  'etag',
  'last-modified',
  'cache-control',
  'expires',
  'age',
  'vary',
  'retry-after',
]);
const BODY_HEADERS = ['content-type', 'content-encoding', 'content-length'];

class TooLarge extends Error {}

/** Passes bytes through until there are more than `limit`, then fails with TooLarge. */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) done(new TooLarge(`over ${limit} bytes`));
      else done(null, chunk);
    },
  });
}

/** Names a `Connection` header lists: hop-by-hop for this message, never forwarded. */
function connectionTokens(value: string | string[] | undefined): Set<string> {
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(
    text
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** A decoded path segment a feed path may hold: no dot segments, separators or escapes. */
function safeSegment(raw: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (decoded === '' || decoded === '.' || decoded === '..') return null;
  // `%` after decoding is a double encoding meant for a second decoder.
  if (/[/\\%\p{Cc}]/u.test(decoded)) return null;
  return decoded;
}

/**
 * The upstream URL for a request target under the route's prefix, or null when it is not one or
 * its path is anything but plain segments. Segments are decoded, checked and encoded again, and
 * the URL is built on the route's upstream by concatenation, then checked to lie under it.
 */
export function upstreamUrl(route: Route, target: string): URL | null {
  const mark = target.indexOf('?');
  const path = mark === -1 ? target : target.slice(0, mark);
  const query = mark === -1 ? '' : target.slice(mark);
  if (!path.startsWith(route.prefix)) return null;
  if (/[\s#\\\p{Cc}]/u.test(query)) return null;
  const segments = path.slice(route.prefix.length).split('/');
  const encoded: string[] = [];
  for (const [index, segment] of segments.entries()) {
    // `a/b/` keeps its trailing slash; an empty segment anywhere else is refused.
    if (segment === '' && index === segments.length - 1) {
      encoded.push('');
      continue;
    }
    const decoded = safeSegment(segment);
    if (decoded === null) return null;
    encoded.push(encodeURIComponent(decoded));
  }
  const url = new URL(route.upstream.href + encoded.join('/') + query);
  const { origin, pathname } = route.upstream;
  return url.origin === origin && url.pathname.startsWith(pathname) ? url : null;
}

/** A redirect to a place under the upstream, as the browser's path under the prefix; else null. */
function rewriteLocation(route: Route, location: string, from: URL): string | null {
  let url: URL;
  try {
    url = new URL(location, from);
  } catch {
    return null;
  }
  const { origin, pathname } = route.upstream;
  if (url.origin !== origin || !url.pathname.startsWith(pathname)) return null;
  return route.prefix + url.pathname.slice(pathname.length) + url.search;
}

function forwardedRequestHeaders(route: Route, req: IncomingMessage, hasBody: boolean) {
  const dropped = connectionTokens(req.headers.connection);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || dropped.has(name)) continue;
    if (REQUEST_HEADERS.has(name) || route.passBrowserHeaders.has(name)) headers[name] = value;
  }
  if (!hasBody) for (const name of BODY_HEADERS) delete headers[name];
  for (const [name, value] of Object.entries(route.headers)) headers[name.toLowerCase()] = value;
  return headers;
}

function forwardedResponseHeaders(route: Route, upstream: Dispatcher.ResponseData, from: URL) {
  const dropped = connectionTokens(upstream.headers.connection);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value === undefined || dropped.has(name)) continue;
    if (name === 'location') {
      const location = rewriteLocation(route, String(value), from);
      if (location !== null) headers.location = location;
    } else if (RESPONSE_HEADERS.has(name)) {
      headers[name] = value;
    } else if (name === 'set-cookie' && route.passBrowserHeaders.has('cookie')) {
      headers[name] = value;
    }
  }
  return headers;
}

/** The error code of an undici (or Node) error, if any. */
function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : '';
}

export interface ProxyRoute {
  route: Route;
  handler: Handler;
  /**
   * A request of the server's own to the upstream, for a target under the route's prefix (as a
   * browser would write it), with the route's headers and `headers`; null for a target that is
   * not one. The caller reads or discards the body.
   */
  fetch(
    target: string,
    init?: {
      method?: string;
      headers?: Record<string, string>;
      body?: string;
      signal?: AbortSignal;
    },
  ): Promise<Dispatcher.ResponseData> | null;
  /** Closes the connections kept to the upstream. */
  close(): Promise<void>;
}

/**
 * The handler of one route. `log` receives one line per upstream failure (no header values, no
 * query: nothing secret).
 */
export function proxyRoute(route: Route, log: (line: string) => void): ProxyRoute {
  const agent = new Agent({
    connectTimeout: route.timeoutMs,
    headersTimeout: route.timeoutMs,
    bodyTimeout: route.timeoutMs,
    maxResponseSize: route.maxResponseBytes,
  });
  const allow = [...route.methods].join(', ');

  const handler: Handler = async (req, res, next) => {
    const path = pathOf(req);
    if (!path.startsWith(route.prefix)) return next();
    const method = req.method ?? 'GET';
    if (!route.methods.has(method)) {
      sendJson(
        res,
        405,
        { error: 'method_not_allowed', message: `${method} is not allowed here` },
        { Allow: allow },
      );
      return;
    }
    const target = upstreamUrl(route, req.url ?? '/');
    if (target === null) {
      sendJson(res, 400, { error: 'bad_request', message: 'path not allowed' });
      return;
    }

    const hasBody = method !== 'GET' && method !== 'HEAD';
    if (hasBody && Number(req.headers['content-length'] ?? 0) > route.maxRequestBytes) {
      sendJson(res, 413, {
        error: 'too_large',
        message: `body over ${route.maxRequestBytes} bytes`,
      });
      return;
    }
    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const failed = (error: unknown) => {
      if (abort.signal.aborted) return; // the browser went away
      const code = codeOf(error);
      const what = `${method} ${path} → ${route.upstream.origin}`;
      if (error instanceof TooLarge) {
        sendJson(res, 413, {
          error: 'too_large',
          message: `body over ${route.maxRequestBytes} bytes`,
        });
      } else if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
        log(`proxy: ${what}: no answer within ${route.timeoutMs} ms`);
        sendJson(res, 504, {
          error: 'gateway_timeout',
          message: 'the feed did not answer in time',
        });
      } else if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
        log(`proxy: ${what}: answer over ${route.maxResponseBytes} bytes`);
        sendJson(res, 502, { error: 'bad_gateway', message: 'the feed answered too much' });
      } else {
        log(`proxy: ${what}: ${code || (error as Error).message}`);
        sendJson(res, 502, { error: 'bad_gateway', message: 'the feed is unreachable' });
      }
    };

    let upstream: Dispatcher.ResponseData;
    try {
      upstream = await agent.request({
        origin: target.origin,
        path: target.pathname + target.search,
        method: method as Dispatcher.HttpMethod,
        headers: forwardedRequestHeaders(route, req, hasBody),
        body: hasBody ? req.pipe(byteLimit(route.maxRequestBytes)) : null,
        signal: abort.signal,
      });
    } catch (error) {
      failed(error);
      return;
    }

    // A declared length over the cap is refused before anything is sent; a body that grows past
    // it without one (chunked) is cut short by the agent's maxResponseSize.
    if (Number(upstream.headers['content-length'] ?? 0) > route.maxResponseBytes) {
      upstream.body.destroy();
      log(
        `proxy: ${method} ${path} → ${route.upstream.origin}: answer over ${route.maxResponseBytes} bytes`,
      );
      sendJson(res, 502, { error: 'bad_gateway', message: 'the feed answered too much' });
      return;
    }
    res.writeHead(upstream.statusCode, forwardedResponseHeaders(route, upstream, target));
    if (method === 'HEAD' || upstream.statusCode === 204 || upstream.statusCode === 304) {
      upstream.body.resume();
      res.end();
      return;
    }
    try {
      await pipeline(upstream.body, res);
    } catch (error) {
      // Headers are sent: all that is left is to cut the answer short.
      if (!abort.signal.aborted) log(`proxy: ${method} ${path}: answer cut: ${codeOf(error)}`);
      res.destroy();
    }
  };

  const fetchUpstream: ProxyRoute['fetch'] = (target, init = {}) => {
    const url = upstreamUrl(route, target);
    if (url === null) return null;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(init.headers ?? {}))
      headers[name.toLowerCase()] = value;
    for (const [name, value] of Object.entries(route.headers)) headers[name.toLowerCase()] = value;
    return agent.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: (init.method ?? 'GET') as Dispatcher.HttpMethod,
      headers,
      body: init.body ?? null,
      signal: init.signal,
    });
  };

  return { route, handler, fetch: fetchUpstream, close: () => agent.close() };
}
