// The production server: one origin for the app, its config.json and its feeds. What it does is
// the list of handlers in `startServer`, in order. With `auth` in the server config, sign-in,
// roles, per-area filtering, unmasking and the audit trail are handlers of that list too.
import compression from 'compression';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { constants as zlib } from 'node:zlib';
import { accessLog } from './access-log';
import { createAuth, fromThisOrigin, type Auth } from './auth/auth';
import { feedGuard, feedPaths } from './auth/feed-guard';
import { loadBrowserConfig } from './browser-config';
import { compose, pathOf, sendJson, type Handler } from './handlers';
import { wallControl } from './wall-control';
import { proxyRoute, type ProxyRoute } from './proxy';
import { CSP_REPORT_PATH, securityHeaders, summariseCspReport } from './security-headers.mjs';
import { loadServerConfig, ServerConfigError, type ServerConfig } from './server-config';
import { configJson, staticFiles } from './static-files';

export interface ServerOptions {
  /** The server config file (or `config`, already loaded). */
  configPath?: string;
  config?: ServerConfig;
  /** 0 picks a free port. Default 8080. */
  port?: number;
  /** Default 127.0.0.1 (behind a reverse proxy); 0.0.0.0 to listen on every interface. */
  host?: string;
  /** No access log. */
  quiet?: boolean;
  /** Access log and start-up lines. Default: stdout. */
  log?: (line: string) => void;
  /** Failures worth an operator's eye (upstream errors, CSP violations). Default: stderr. */
  warn?: (line: string) => void;
  /** Each CSP violation a browser reported, summarised (also given to `warn`). */
  onCspReport?: (summary: string) => void;
  /** Where `${NAME}` in the server config is looked up. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** How long requests in flight may finish after close() before their connections are cut. */
  shutdownGraceMs?: number;
  /** The clock of sessions and audit entries (tests live through a week). Default Date.now. */
  now?: () => number;
}

export interface RunningServer {
  /** `http://127.0.0.1:8080/` */
  url: string;
  port: number;
  config: ServerConfig;
  /** Stops accepting, lets requests in flight finish (up to the grace period), then resolves. */
  close(): Promise<void>;
}

const REPORT_BODY_LIMIT = 16 * 1024;
const REPORTS_PER_MINUTE = 60;

/**
 * Refuses request targets that are not a plain origin-relative path: absolute-form targets (an
 * open proxy's), dot segments raw or encoded, encoded slashes or backslashes, NUL.
 */
export const checkTarget: Handler = (req, res, next) => {
  const path = pathOf(req);
  const bad =
    !path.startsWith('/') ||
    /%2f|%5c|%00|\\/i.test(path) ||
    path.split('/').some((segment) => {
      try {
        const decoded = decodeURIComponent(segment);
        return decoded === '.' || decoded === '..';
      } catch {
        return true;
      }
    });
  if (bad) sendJson(res, 400, { error: 'bad_request', message: 'path not allowed' });
  else next();
};

/** Violation reports (`report-uri`): logged, at most REPORTS_PER_MINUTE a minute. */
function cspReports(report: (summary: string) => void): Handler {
  let minute = 0;
  let count = 0;
  return async (req, res, next) => {
    if (pathOf(req) !== CSP_REPORT_PATH || req.method !== 'POST') return next();
    let body = '';
    for await (const chunk of req) {
      if (body.length < REPORT_BODY_LIMIT) body += String(chunk);
    }
    res.writeHead(204).end();
    const now = Math.floor(Date.now() / 60_000);
    if (now !== minute) [minute, count] = [now, 0];
    count += 1;
    if (count <= REPORTS_PER_MINUTE) {
      report(summariseCspReport(body.slice(0, REPORT_BODY_LIMIT)) ?? 'an unreadable report');
    }
  };
}

/** Without sign-in configured, the app is told so (and shows it in its title bar). */
const openSession: Handler = (req, res, next) =>
  pathOf(req) === '/api/session' ? sendJson(res, 200, { mode: 'open' }) : next();

/** `…/alarm-acks` of the browser config, when it goes through a route. */
function acksPath(raw: unknown, routes: readonly ProxyRoute[]) {
  const base = (raw as { alarms?: { ackBaseUrl?: unknown } } | null)?.alarms?.ackBaseUrl;
  if (typeof base !== 'string' || !base.startsWith('/')) return null;
  const path = `${base.replace(/\/+$/, '')}/alarm-acks`;
  const proxy = routes.find((r) => path.startsWith(r.route.prefix));
  return proxy ? { path, proxy } : null;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const warn = options.warn ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (!options.config && !options.configPath)
    throw new ServerConfigError('no server config given (--config <file>)');
  const config = options.config ?? loadServerConfig(options.configPath!, options.env);
  if (!existsSync(join(config.dist, 'index.html')))
    throw new ServerConfigError(`dist ${config.dist} has no index.html: run \`npm run build\``);
  if (existsSync(join(config.dist, 'mockServiceWorker.js')))
    throw new ServerConfigError(`dist ${config.dist} is a demo build: run \`npm run build\``);
  const browser = loadBrowserConfig(config);
  for (const warning of browser.warnings) warn(`browser config ${browser.file}: ${warning}`);

  const headers = Object.entries(
    securityHeaders({
      connectSrc: browser.connectSrc,
      // The sign-out form is answered with a redirect to the provider's end-session endpoint.
      formAction: config.auth?.oidc.logout ? [config.auth.oidc.issuer.origin] : [],
      reportUri: CSP_REPORT_PATH,
    }),
  );
  const routes = config.routes.map((route) => proxyRoute(route, warn));
  let stopping = false;
  const now = options.now ?? Date.now;
  const auth: Auth | null = config.auth
    ? createAuth({ config: config.auth, now, warn, log })
    : null;
  const guard = auth
    ? feedGuard({
        feeds: feedPaths(browser.config.feeds, routes),
        acks: acksPath(browser.raw, routes),
        proxies: routes,
        principal: (req) => auth.principal(req),
        audit: auth.audit,
        clientOf: (req) => auth.clientOf(req),
        now,
        warn,
      })
    : null;
  if (auth && guard)
    auth.connectTickets(
      feedPaths(browser.config.feeds, routes).find((f) => f.feed === 'tickets') ?? null,
      guard.snapshots,
    );

  const handlers: Handler[] = [
    ...(options.quiet ? [] : [accessLog(log)]),
    (_req, res, next) => {
      for (const [name, value] of headers) res.setHeader(name, value);
      if (stopping) res.setHeader('Connection', 'close');
      next();
    },
    checkTarget,
    (req, res, next) =>
      pathOf(req) === '/healthz'
        ? sendJson(res, stopping ? 503 : 200, { status: stopping ? 'stopping' : 'ok' })
        : next(),
    cspReports((summary) => {
      warn(`csp-violation: ${summary}`);
      options.onCspReport?.(summary);
    }),
    // gzip, or brotli when the browser takes it, for compressible types over 1 KB; feed answers
    // the upstream already encoded pass as they are.
    compression({ brotli: { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } } }) as unknown as Handler,
    ...(auth
      ? [
          auth.identify,
          auth.routes,
          auth.api,
          auth.configJson(browser.bytes, browser.etag, browser.config),
          guard!.handler,
        ]
      : [openSession, configJson(browser.bytes, browser.etag)]),
    // The wall carousel shared by desktops of other machines (`wall.controlUrl: "/api/wall"`):
    // with sign-in, read by anyone signed in, changed by people who may see an area (not walls).
    wallControl(
      auth
        ? {
            mayRead: (req) =>
              auth.principal(req) ? null : { status: 401, message: 'sign in first' },
            mayWrite: (req) => {
              const p = auth.principal(req);
              if (!p) return { status: 401, message: 'sign in first' };
              if (!fromThisOrigin(req, config.auth!.publicUrl))
                return { status: 403, message: 'cross-origin' };
              if (p.wall || (p.areas !== null && p.areas.length === 0))
                return { status: 403, message: 'not allowed to control the wall' };
              return null;
            },
          }
        : {},
    ),
    ...routes.map((route) => route.handler),
    ...(auth ? [auth.pages] : []),
    staticFiles(config.dist),
  ];

  const server = createServer(
    compose(handlers, (error, req) =>
      warn(`error: ${req.method} ${pathOf(req)}: ${error instanceof Error ? error.stack : error}`),
    ),
  );
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });
  const { address, port, family } = server.address() as AddressInfo;
  const url = `http://${family === 'IPv6' ? `[${address}]` : address}:${port}/`;

  log(`serving ${config.dist} at ${url}`);
  log(
    config.auth
      ? `  sign-in: ${config.auth.oidc.issuer.href} (client ${config.auth.oidc.clientId}); audit log ${config.auth.audit.file}` +
          (config.auth.devices ? `; devices ${config.auth.devices.file}` : '')
      : '  open mode: no sign-in configured, anyone who reaches this server sees everything',
  );
  for (const route of config.routes) {
    const added = Object.keys(route.headers);
    log(
      `  ${route.prefix} → ${route.upstream.href} (${[...route.methods].join(', ')}` +
        `${added.length ? `; adds ${added.join(', ')}` : ''})`,
    );
  }

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((done) => {
      stopping = true;
      const cut = setTimeout(() => server.closeAllConnections(), options.shutdownGraceMs ?? 10_000);
      server.close(() => {
        clearTimeout(cut);
        auth?.close();
        void Promise.all(routes.map((route) => route.close())).then(() => done());
      });
      server.closeIdleConnections();
    }));

  return { url, port, config, close };
}
