// Who is signed in, asked of the same-origin server once at start (`GET /api/session`) and every
// minute after. Without sign-in configured (the demo, a static server, a server without `auth`)
// the app is open, as it always was, and says so in the title bar. The browser never holds a
// token: the session is an httpOnly cookie the page cannot read.
import { useSyncExternalStore } from 'react';
import { setAreaScope } from '@/state/url-state';

export interface SignedIn {
  mode: 'oidc';
  kind: 'user' | 'device';
  name: string;
  roles: readonly string[];
  /** Division codes the user may see (each with what lies under it); null: the whole city. */
  areas: readonly string[] | null;
  readOnly: boolean;
  canUnmask: boolean;
  canAudit: boolean;
  logoutUrl: string;
}
export type Session = { mode: 'open' } | SignedIn;

const OPEN: Session = { mode: 'open' };
const CHECK_EVERY_MS = 60_000;

let current: Session = OPEN;
const listeners = new Set<() => void>();

/** The session of the page (open until `startSession` learned otherwise). */
export const getSession = (): Session => current;

export function useSession(): Session {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSession,
    getSession,
  );
}

/** The signed-in user's session, or null in open mode. */
export const signedIn = (session: Session): SignedIn | null =>
  session.mode === 'oidc' ? session : null;

/** The sign-in URL that brings the user back here. */
export const signInUrl = (): string =>
  `/auth/login?return=${encodeURIComponent(window.location.pathname + window.location.search)}`;

type Answer = { session: Session } | { signIn: true };

function parse(status: number, body: unknown): Answer {
  const value = body as Partial<SignedIn> & { signedIn?: boolean; mode?: string };
  if (value?.mode !== 'oidc') return { session: OPEN };
  if (status === 401 || value.signedIn === false) return { signIn: true };
  return {
    session: {
      mode: 'oidc',
      kind: value.kind === 'device' ? 'device' : 'user',
      name: String(value.name ?? ''),
      roles: Array.isArray(value.roles) ? value.roles.map(String) : [],
      areas: Array.isArray(value.areas) ? value.areas.map(String) : null,
      readOnly: value.readOnly === true,
      canUnmask: value.canUnmask === true,
      canAudit: value.canAudit === true,
      logoutUrl: typeof value.logoutUrl === 'string' ? value.logoutUrl : '/auth/logout',
    },
  };
}

async function ask(): Promise<Answer | null> {
  let response: Response;
  try {
    response = await fetch('/api/session', {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
    });
  } catch {
    return null;
  }
  // A server without the endpoint (a static server answers index.html or 404): open mode.
  if (!(response.headers.get('Content-Type') ?? '').includes('json')) return { session: OPEN };
  try {
    return parse(response.status, await response.json());
  } catch {
    return { session: OPEN };
  }
}

/**
 * Learns the session before the app starts: `start`; `away` when the page is on its way to the
 * sign-in; `no-access` when the account has no role here. The URL is then limited to the user's
 * areas. In the demo there is no server to ask: open mode.
 */
export async function startSession(demo: boolean): Promise<'start' | 'away' | 'no-access'> {
  if (demo) return 'start';
  const answer = (await ask()) ?? { session: OPEN };
  if ('signIn' in answer) {
    window.location.replace(signInUrl());
    return 'away';
  }
  current = answer.session;
  if (current.mode === 'oidc') {
    if (current.areas !== null && current.areas.length === 0) return 'no-access';
    setAreaScope(current.areas);
    // A session that ended (expired, signed out elsewhere, a device revoked) goes to the sign-in
    // rather than leaving panels ageing to "down"; for a wall device this check also renews it.
    setInterval(() => {
      void ask().then((next) => {
        if (next && 'signIn' in next) window.location.replace(signInUrl());
      });
    }, CHECK_EVERY_MS);
  }
  for (const listener of listeners) listener();
  return 'start';
}

/**
 * The wall carousel's control, recorded with who did it (`POST /api/actions/carousel`). The
 * carousel calls it for every pause, resume, next, previous or chosen scenario; in open mode it
 * does nothing (there is nobody to record).
 */
export async function recordCarouselAction(
  action: 'pause' | 'resume' | 'next' | 'previous' | 'show',
  scenario?: string,
): Promise<void> {
  if (current.mode !== 'oidc') return;
  await fetch('/api/actions/carousel', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ action, ...(scenario ? { scenario } : {}) }),
  }).catch(() => undefined);
}
