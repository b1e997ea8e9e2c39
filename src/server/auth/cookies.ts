// The session cookie: a random id and its HMAC, httpOnly, SameSite=Lax, Secure with a `__Host-`
// name when the dashboard is served over https. The id itself is never stored: the stores keep
// its SHA-256, so a copy of a store's file signs nobody in.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const hashId = (id: string): string => createHash('sha256').update(id).digest('base64url');

export const randomId = (): string => randomBytes(32).toString('base64url');

/** Cookies of a request by name (the first of each name). */
export function readCookies(req: IncomingMessage): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    if (name && !cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

/** Appends a Set-Cookie header (keeping those already set on the response). */
export function appendCookie(res: ServerResponse, cookie: string): void {
  const current = res.getHeader('Set-Cookie');
  const list = Array.isArray(current) ? current : current ? [String(current)] : [];
  res.setHeader('Set-Cookie', [...list, cookie]);
}

export interface CookieJar {
  /** The session cookie's name. */
  name: string;
  /** `<kind>.<id>.<mac>` for a new session id. */
  seal(kind: 'u' | 'd', id: string): string;
  /** The kind and id of a session cookie whose MAC holds, or null. */
  open(value: string | undefined): { kind: 'u' | 'd'; id: string } | null;
  /** A Set-Cookie value; `maxAgeMs` null: until the browser closes; 0: deleted. */
  serialise(
    name: string,
    value: string,
    options: { maxAgeMs: number | null; path?: string },
  ): string;
}

export function cookieJar(secret: string, secure: boolean): CookieJar {
  const mac = (text: string) => createHmac('sha256', secret).update(text).digest('base64url');
  return {
    name: secure ? '__Host-city-brain-session' : 'city-brain-session',
    seal: (kind, id) => `${kind}.${id}.${mac(`${kind}.${id}`)}`,
    open(value) {
      const match = /^([ud])\.([\w-]{43})\.([\w-]{43})$/.exec(value ?? '');
      if (!match) return null;
      const [, kind, id, given] = match;
      const wanted = Buffer.from(mac(`${kind}.${id}`));
      const got = Buffer.from(given!);
      if (got.length !== wanted.length || !timingSafeEqual(got, wanted)) return null;
      return { kind: kind as 'u' | 'd', id: id! };
    },
    serialise(name, value, { maxAgeMs, path = '/' }) {
      return [
        `${name}=${value}`,
        `Path=${path}`,
        'HttpOnly',
        'SameSite=Lax',
        ...(secure ? ['Secure'] : []),
        ...(maxAgeMs === null ? [] : [`Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}`]),
      ].join('; ');
    },
  };
}
