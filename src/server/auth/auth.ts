// Sign-in, sessions and the endpoints that need them, as handlers of the server's list:
//
//   identify      every request: the session cookie → who is asking (a person or a wall device)
//   routes        /auth/login, /auth/callback, /auth/logout, /auth/device, /auth/signed-out
//   api           /api/session, /api/pii/tickets/{id}, /api/audit, /api/actions/carousel
//   pages         the app's pages (index.html) → the sign-in when nobody is signed in
//   configJson    /config.json for the signed-in: a wall's with the wall profile
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppConfig } from '@/config/config-schema';
import { pathOf, sendJson, type Handler } from '../handlers';
import type { AuthConfig } from './auth-config';
import { auditCsv, auditLog, type AuditAction, type AuditLog } from './audit';
import { appendCookie, cookieJar, readCookies } from './cookies';
import { devicePrincipal, deviceSessions, type DeviceSessions } from './devices';
import { relyingParty, safeReturnPath, SignInError } from './oidc';
import { describe, type Principal } from './principal';
import { createSessionStore } from './sessions';
import type { FeedPath, SnapshotCache } from './upstream';
import { itemInAreas } from './feed-guard';

const LOGIN_COOKIE = 'city-brain-login';
const REASON_MIN = 5;
const REASON_MAX = 500;
const AUDIT_JSON_LIMIT = 10_000;
const AUDIT_CSV_LIMIT = 200_000;
const DAY = 86_400_000;
const CAROUSEL_ACTIONS = new Set(['pause', 'resume', 'next', 'previous', 'show']);

export interface AuthOptions {
  config: AuthConfig;
  now: () => number;
  warn: (line: string) => void;
  log: (line: string) => void;
}

export interface Auth {
  identify: Handler;
  routes: Handler;
  api: Handler;
  pages: Handler;
  principal(req: IncomingMessage): Principal | null;
  clientOf(req: IncomingMessage): string;
  audit: AuditLog;
  /** Wires the unmasking to the tickets feed (once the feed routes exist). */
  connectTickets(tickets: FeedPath | null, snapshots: SnapshotCache): void;
  /** /config.json per principal: the file as it is, or with `display.profile: "wall"`. */
  configJson(bytes: Buffer, etag: string, config: AppConfig): Handler;
  close(): void;
}

/**
 * Unsafe methods only from pages of this origin (on top of SameSite=Lax). Browsers say where a
 * request comes from in Sec-Fetch-Site; an `Origin` is `null` for a form posted under
 * `Referrer-Policy: no-referrer`, so it counts only when it names another origin.
 */
export function fromThisOrigin(req: IncomingMessage, publicUrl: URL): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return true;
  return origin === publicUrl.origin || origin === `http://${req.headers.host ?? ''}`;
}

/** A small HTML page of the server's own (sign-in errors, signed out). No inline script or style. */
function page(res: ServerResponse, status: number, title: string, body: string): void {
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(title)}</title><h1>${escape(title)}</h1>${body}</html>`;
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > limit) return null;
  }
  return text;
}

/** Epoch ms from `2026-11-22`, `2026-11-22T08:00:00+08:00` or a number; null when neither. */
function timeParam(value: string | null): number | null {
  if (value === null || value === '') return null;
  if (/^\d{1,15}$/.test(value)) return Number(value);
  const t = Date.parse(value);
  return Number.isFinite(t) ? t : null;
}

export function createAuth(options: AuthOptions): Auth {
  const { config, now, warn } = options;
  const jar = cookieJar(config.sessionSecret, config.secureCookies);
  const sessions = createSessionStore({ ...config.sessions, now, warn });
  const devices: DeviceSessions | null = config.devices
    ? deviceSessions({ ...config.devices, now })
    : null;
  const rp = relyingParty(config, now);
  const audit = auditLog(config.audit.file);
  const who = new WeakMap<IncomingMessage, Principal>();
  let tickets: FeedPath | null = null;
  let snapshots: SnapshotCache | null = null;

  const clientOf = (req: IncomingMessage): string => {
    if (config.trustProxy) {
      const forwarded = String(req.headers['x-forwarded-for'] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (forwarded.length) return forwarded.at(-1)!.slice(0, 64);
    }
    return req.socket.remoteAddress ?? '';
  };
  const record = (
    req: IncomingMessage,
    p: Principal,
    action: AuditAction,
    extra: { target?: string; reason?: string; detail?: string } = {},
  ) =>
    audit.write({
      at: now(),
      action,
      who: { kind: p.kind, id: p.id, name: p.name },
      client: clientOf(req),
      ...extra,
    });
  const recordQuietly = (...args: Parameters<typeof record>) =>
    record(...args).catch((error: unknown) => warn(`audit: ${(error as Error).message}`));

  const setSession = (res: ServerResponse, kind: 'u' | 'd', id: string, maxAgeMs: number | null) =>
    appendCookie(res, jar.serialise(jar.name, jar.seal(kind, id), { maxAgeMs }));
  const clearSession = (res: ServerResponse) =>
    appendCookie(res, jar.serialise(jar.name, '', { maxAgeMs: 0 }));

  const sameOrigin = (req: IncomingMessage) => fromThisOrigin(req, config.publicUrl);

  const identify: Handler = (req, res, next) => {
    const sealed = jar.open(readCookies(req).get(jar.name));
    if (sealed?.kind === 'u') {
      const session = sessions.get(sealed.id);
      if (session) who.set(req, session.principal);
    } else if (sealed?.kind === 'd' && devices) {
      // A device's session is rotated when the page checks it (at start and every minute), never
      // on a feed poll: the cookie changes on one kind of request only.
      const found = devices.get(sealed.id, pathOf(req) === '/api/session');
      if (found) {
        who.set(req, devicePrincipal(found.record));
        if (found.rotated) setSession(res, 'd', found.rotated, devices.sessionMs);
      }
    }
    next();
  };

  const routes: Handler = async (req, res, next) => {
    const path = pathOf(req);
    if (!path.startsWith('/auth/')) return next();
    const url = new URL(req.url ?? '/', config.publicUrl);

    if (path === '/auth/login' && req.method === 'GET') {
      const returnTo = safeReturnPath(url.searchParams.get('return'));
      let begun;
      try {
        begun = await rp.begin(returnTo);
      } catch (error) {
        warn(`sign-in: the identity provider is unreachable: ${(error as Error).message}`);
        return page(
          res,
          503,
          '无法登录 · Sign-in unavailable',
          '<p>身份认证服务暂时无法访问，请稍后重试。</p><p>The identity provider cannot be reached. Try again in a minute.</p><p><a href="/auth/login">重试 · Retry</a></p>',
        );
      }
      appendCookie(
        res,
        jar.serialise(LOGIN_COOKIE, begun.state, { maxAgeMs: 10 * 60_000, path: '/auth/' }),
      );
      res.writeHead(302, { Location: begun.url.href, 'Cache-Control': 'no-store' }).end();
      return;
    }

    if (path === '/auth/callback' && req.method === 'GET') {
      const bound = readCookies(req).get(LOGIN_COOKIE);
      appendCookie(res, jar.serialise(LOGIN_COOKIE, '', { maxAgeMs: 0, path: '/auth/' }));
      let done;
      try {
        done = await rp.complete(url.search, bound);
      } catch (error) {
        const reason =
          error instanceof SignInError ? error.message : 'the sign-in could not be completed';
        if (!(error instanceof SignInError)) warn(`sign-in: ${(error as Error).message}`);
        return page(
          res,
          400,
          '登录失败 · Sign-in failed',
          `<p>${reason.replace(/[&<>"']/g, '')}</p><p><a href="/auth/login">重新登录 · Sign in again</a></p>`,
        );
      }
      const id = sessions.create(done.principal, done.idToken);
      setSession(res, 'u', id, null);
      await recordQuietly(req, done.principal, 'auth.login', {
        detail: done.principal.roles.join(' '),
      });
      res.writeHead(303, { Location: done.returnTo, 'Cache-Control': 'no-store' }).end();
      return;
    }

    if (path === '/auth/logout') {
      if (req.method === 'GET')
        return page(
          res,
          200,
          '退出登录 · Sign out',
          '<form method="post" action="/auth/logout"><button type="submit">退出登录 · Sign out</button></form>',
        );
      if (req.method !== 'POST')
        return sendJson(res, 405, { error: 'method_not_allowed' }, { Allow: 'GET, POST' });
      if (!sameOrigin(req))
        return sendJson(res, 403, { error: 'forbidden', message: 'cross-origin' });
      const sealed = jar.open(readCookies(req).get(jar.name));
      let idToken: string | null = null;
      if (sealed?.kind === 'u') {
        const ended = sessions.end(sealed.id);
        if (ended) {
          idToken = ended.idToken;
          await recordQuietly(req, ended.principal, 'auth.logout');
        }
      } else if (sealed?.kind === 'd' && devices) {
        const ended = devices.end(sealed.id);
        if (ended) await recordQuietly(req, devicePrincipal(ended), 'auth.logout');
      }
      clearSession(res);
      const after = new URL('auth/signed-out', config.publicUrl);
      const location = (sealed?.kind === 'u' && (await rp.logoutUrl(idToken, after))) || after;
      res.writeHead(303, { Location: location.href, 'Cache-Control': 'no-store' }).end();
      return;
    }

    if (path === '/auth/signed-out' && req.method === 'GET')
      return page(
        res,
        200,
        '已退出登录 · Signed out',
        '<p>您已退出城市运行管理中心。You have signed out of the city operations dashboard.</p><p><a href="/" data-testid="sign-in-again">重新登录 · Sign in again</a></p>',
      );

    if (path === '/auth/device' && req.method === 'GET') {
      const token = url.searchParams.get('token') ?? '';
      const enrolled = devices && /^[\w-]{43}$/.test(token) ? devices.enrol(token) : null;
      if (!enrolled)
        return page(
          res,
          400,
          '设备登录失败 · Device sign-in failed',
          '<p>此链接无效、已使用或已过期，请向管理员索取新链接。</p><p>This link is unknown, used or expired: ask for a new one (npm run devices -- token).</p>',
        );
      setSession(res, 'd', enrolled.id, devices!.sessionMs);
      await recordQuietly(req, devicePrincipal(enrolled.record), 'device.enrol');
      res.writeHead(303, { Location: '/', 'Cache-Control': 'no-store' }).end();
      return;
    }
    return sendJson(res, 404, { error: 'not_found', message: 'not found' });
  };

  async function unmask(
    req: IncomingMessage,
    res: ServerResponse,
    p: Principal | null,
    id: string,
  ) {
    if (req.method !== 'POST')
      return sendJson(res, 405, { error: 'method_not_allowed' }, { Allow: 'POST' });
    if (!p) return sendJson(res, 401, { error: 'unauthorized', message: 'sign in first' });
    if (!sameOrigin(req))
      return sendJson(res, 403, { error: 'forbidden', message: 'cross-origin' });
    if (!/^[\w.:-]{1,64}$/.test(id))
      return sendJson(res, 400, { error: 'bad_request', message: 'not a ticket id' });
    if (!p.pii) {
      await recordQuietly(req, p, 'pii.denied', { target: id, detail: 'no pii role' });
      return sendJson(res, 403, { error: 'forbidden', message: 'the pii role is required' });
    }
    const text = await readBody(req, 4096);
    let reason = '';
    try {
      const body = JSON.parse(text ?? '') as { reason?: unknown };
      if (typeof body.reason === 'string') reason = body.reason.replace(/\p{Cc}/gu, ' ').trim();
    } catch {
      // Answered below.
    }
    const length = [...reason].length;
    if (length < REASON_MIN || length > REASON_MAX)
      return sendJson(res, 400, {
        error: 'reason_required',
        message: `give a reason of ${REASON_MIN} to ${REASON_MAX} characters`,
      });
    if (!tickets || !snapshots)
      return sendJson(res, 404, { error: 'not_found', message: 'no tickets feed' });
    const snapshot = await snapshots.get(tickets, 'desktop');
    const item = snapshot.byId.get(id);
    if (!item) return sendJson(res, 404, { error: 'not_found', message: 'no such ticket' });
    if (!itemInAreas(item, p.areas)) {
      await recordQuietly(req, p, 'pii.denied', { target: id, reason, detail: 'outside area' });
      return sendJson(res, 403, {
        error: 'forbidden',
        message: 'this ticket is outside your area',
      });
    }
    const reporter = snapshot.reporters.get(id) as
      { name?: unknown; phone?: unknown; idNumber?: unknown } | undefined;
    if (!reporter) return sendJson(res, 404, { error: 'not_found', message: 'no reporter' });
    const out = {
      name: typeof reporter.name === 'string' ? reporter.name : '',
      phone: typeof reporter.phone === 'string' ? reporter.phone : '',
      idNumber: typeof reporter.idNumber === 'string' ? reporter.idNumber : null,
    };
    // Written before the data leaves: no entry, no data.
    try {
      await record(req, p, 'pii.view', {
        target: id,
        reason,
        detail: 'reporter.name reporter.phone reporter.idNumber',
      });
    } catch (error) {
      warn(`audit: cannot write ${audit.file}: ${(error as Error).message}`);
      return sendJson(res, 503, {
        error: 'audit_unavailable',
        message: 'the audit log cannot be written',
      });
    }
    sendJson(res, 200, { ticket: id, reporter: out, at: now() }, { Pragma: 'no-cache' });
  }

  async function listAudit(
    req: IncomingMessage,
    res: ServerResponse,
    p: Principal | null,
    csv: boolean,
  ) {
    if (req.method !== 'GET')
      return sendJson(res, 405, { error: 'method_not_allowed' }, { Allow: 'GET' });
    if (!p) return sendJson(res, 401, { error: 'unauthorized', message: 'sign in first' });
    if (!p.audit)
      return sendJson(res, 403, { error: 'forbidden', message: 'the audit role is required' });
    const url = new URL(req.url ?? '/', 'http://server');
    const to = timeParam(url.searchParams.get('to')) ?? now() + 1;
    const from = timeParam(url.searchParams.get('from')) ?? to - DAY;
    const action = url.searchParams.get('action') ?? undefined;
    if (from >= to || (action !== undefined && !/^[a-z.]{1,40}$/.test(action)))
      return sendJson(res, 400, { error: 'bad_request', message: 'from < to, action a name' });
    const format = csv || url.searchParams.get('format') === 'csv';
    const { entries, truncated } = await audit.list({
      from,
      to,
      action,
      limit: format ? AUDIT_CSV_LIMIT : AUDIT_JSON_LIMIT,
    });
    if (format) {
      const day = (t: number) => new Date(t).toISOString().slice(0, 10);
      const body = Buffer.from(auditCsv(entries));
      res.writeHead(200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="audit-${day(from)}-${day(to - 1)}.csv"`,
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
        ...(truncated ? { 'X-Truncated': 'true' } : {}),
      });
      res.end(body);
      return;
    }
    sendJson(res, 200, { from, to, entries, truncated });
  }

  const api: Handler = async (req, res, next) => {
    const path = pathOf(req);
    if (!path.startsWith('/api/')) return next();
    const p = who.get(req) ?? null;
    if (path === '/api/session') {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendJson(res, 405, { error: 'method_not_allowed' }, { Allow: 'GET' });
      if (!p)
        return sendJson(res, 401, {
          mode: 'oidc',
          signedIn: false,
          loginUrl: '/auth/login',
        });
      return sendJson(res, 200, {
        mode: 'oidc',
        signedIn: true,
        ...describe(p),
        logoutUrl: '/auth/logout',
      });
    }
    const pii = /^\/api\/pii\/tickets\/([^/]+)$/.exec(path);
    if (pii) {
      let id = '';
      try {
        id = decodeURIComponent(pii[1]!);
      } catch {
        // Answered as not an id.
      }
      return unmask(req, res, p, id);
    }
    if (path === '/api/audit') return listAudit(req, res, p, false);
    if (path === '/api/audit.csv') return listAudit(req, res, p, true);
    if (path === '/api/actions/carousel') {
      // The wall carousel's control (to come): who paused, resumed or moved it is recorded.
      if (req.method !== 'POST')
        return sendJson(res, 405, { error: 'method_not_allowed' }, { Allow: 'POST' });
      if (!p) return sendJson(res, 401, { error: 'unauthorized', message: 'sign in first' });
      if (!sameOrigin(req))
        return sendJson(res, 403, { error: 'forbidden', message: 'cross-origin' });
      if (p.wall || (p.areas !== null && p.areas.length === 0))
        return sendJson(res, 403, {
          error: 'forbidden',
          message: 'not allowed to control the wall',
        });
      let action = '';
      let target = '';
      try {
        const body = JSON.parse((await readBody(req, 2048)) ?? '') as {
          action?: unknown;
          scenario?: unknown;
        };
        action = typeof body.action === 'string' ? body.action : '';
        target = typeof body.scenario === 'string' ? body.scenario.slice(0, 40) : '';
      } catch {
        // Answered below.
      }
      if (!CAROUSEL_ACTIONS.has(action))
        return sendJson(res, 400, {
          error: 'bad_request',
          message: `action: ${[...CAROUSEL_ACTIONS].join(', ')}`,
        });
      await recordQuietly(req, p, 'carousel.control', { target: target || action, detail: action });
      res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
      return;
    }
    return next();
  };

  const pages: Handler = (req, res, next) => {
    const path = pathOf(req);
    const isPage =
      (req.method === 'GET' || req.method === 'HEAD') &&
      !path.startsWith('/assets/') &&
      (path === '/index.html' || !/\.[A-Za-z0-9]+$/.test(path));
    if (!isPage || who.has(req)) return next();
    const target = safeReturnPath(req.url);
    res
      .writeHead(302, {
        Location: `/auth/login?return=${encodeURIComponent(target)}`,
        'Cache-Control': 'no-store',
      })
      .end();
  };

  const configJson = (bytes: Buffer, etag: string, appConfig: AppConfig): Handler => {
    const wall = Buffer.from(
      JSON.stringify({
        ...(JSON.parse(bytes.toString('utf8')) as object),
        display: { ...appConfig.display, profile: 'wall' },
      }),
    );
    const wallEtag = `${etag.slice(0, -1)}-wall"`;
    return (req, res, next) => {
      if (pathOf(req) !== '/config.json') return next();
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendJson(res, 405, { error: 'method_not_allowed' }, { Allow: 'GET, HEAD' });
      const p = who.get(req);
      if (!p) return sendJson(res, 401, { error: 'unauthorized', message: 'sign in first' });
      const [body, tag] = p.wall ? [wall, wallEtag] : [bytes, etag];
      const headers = {
        'Content-Type': 'application/json; charset=utf-8',
        'Cache-Control': 'no-cache',
        Vary: 'Cookie',
        ETag: tag,
      };
      if (req.headers['if-none-match'] === tag) return void res.writeHead(304, headers).end();
      res
        .writeHead(200, { ...headers, 'Content-Length': body.length })
        .end(req.method === 'HEAD' ? undefined : body);
    };
  };

  return {
    identify,
    routes,
    api,
    pages,
    principal: (req) => who.get(req) ?? null,
    clientOf,
    audit,
    connectTickets(feed, cache) {
      tickets = feed;
      snapshots = cache;
    },
    configJson,
    close: () => sessions.flush(),
  };
}
