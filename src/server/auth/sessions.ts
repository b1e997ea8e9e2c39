// People's sessions, kept on the server: the browser holds only a random id (in a cookie). A
// session ends after `idleMs` without a request or `maxMs` after sign-in, whichever comes first,
// on the server's clock (injectable, so that tests can live through a week). With a file, the
// sessions survive a restart; the file holds the ids' hashes, never the ids.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { hashId, randomId } from './cookies';
import type { Principal } from './principal';

export interface UserSession {
  /** SHA-256 of the id in the cookie. */
  hash: string;
  principal: Principal;
  createdAt: number;
  lastSeenAt: number;
  /** For RP-initiated logout (`id_token_hint`). */
  idToken: string | null;
}

export interface SessionStore {
  /** A new session; returns the id for the cookie. */
  create(principal: Principal, idToken: string | null): string;
  /** The live session of a cookie id (touched), or null. */
  get(id: string): UserSession | null;
  /** Ends a session. */
  end(id: string): UserSession | null;
  /** How long a cookie for a new session may live (the absolute limit). */
  maxMs: number;
  /** Writes pending changes now (on shutdown). */
  flush(): void;
}

/** A session's last use is written at most this often. */
const TOUCH_WRITE_MS = 60_000;

export function createSessionStore(options: {
  idleMs: number;
  maxMs: number;
  file: string | null;
  now: () => number;
  warn: (line: string) => void;
}): SessionStore {
  const { idleMs, maxMs, file, now, warn } = options;
  const sessions = new Map<string, UserSession>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  if (file) {
    try {
      const raw = JSON.parse(readFileSync(file, 'utf8')) as { sessions?: UserSession[] };
      for (const session of raw.sessions ?? []) sessions.set(session.hash, session);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        warn(
          `sessions: ${file} unreadable, starting without sessions: ${(error as Error).message}`,
        );
    }
  }

  const alive = (session: UserSession, t: number) =>
    t - session.lastSeenAt < idleMs && t - session.createdAt < maxMs;

  const write = () => {
    timer = null;
    if (!file) return;
    const t = now();
    for (const [hash, session] of sessions) if (!alive(session, t)) sessions.delete(hash);
    try {
      mkdirSync(dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify({ sessions: [...sessions.values()] }), { mode: 0o600 });
      renameSync(temp, file);
    } catch (error) {
      warn(`sessions: cannot write ${file}: ${(error as Error).message}`);
    }
  };
  const changed = () => {
    if (file && !timer) timer = setTimeout(write, 1000).unref();
  };

  return {
    maxMs,
    create(principal, idToken) {
      const id = randomId();
      const t = now();
      sessions.set(hashId(id), {
        hash: hashId(id),
        principal,
        createdAt: t,
        lastSeenAt: t,
        idToken,
      });
      // Expired sessions go when a new one comes: the map never outgrows the people signed in.
      for (const [hash, session] of sessions) if (!alive(session, t)) sessions.delete(hash);
      changed();
      return id;
    },
    get(id) {
      const hash = hashId(id);
      const session = sessions.get(hash);
      if (!session) return null;
      const t = now();
      if (!alive(session, t)) {
        sessions.delete(hash);
        changed();
        return null;
      }
      if (t - session.lastSeenAt > TOUCH_WRITE_MS) changed();
      session.lastSeenAt = Math.max(session.lastSeenAt, t);
      return session;
    },
    end(id) {
      const hash = hashId(id);
      const session = sessions.get(hash) ?? null;
      if (session) {
        sessions.delete(hash);
        changed();
      }
      return session;
    },
    flush() {
      if (timer) clearTimeout(timer);
      if (file) write();
    },
  };
}
