// Wall devices: one record per screen in a JSON file the server and `npm run devices` share.
// A device is enrolled by opening a one-time URL on it (`/auth/device?token=…`): the token is
// exchanged for a long-lived device session and can never be used again. The session is rotated
// on use (a new id once `rotateMs` has passed; the previous one stays good for a few minutes, for
// requests already in flight) and lapses only after `sessionMs` without a rotation, so a wall that
// runs never meets a login page; revoking the device ends it at its next request. Tokens and
// session ids are stored as SHA-256 hashes only.
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { hashId, randomId } from './cookies';
import { principalOf, type Principal } from './principal';

export interface DeviceRecord {
  id: string;
  name: string;
  /** The area the screen shows (a division code), or null for the whole city. */
  area: string | null;
  createdAt: number;
  revoked: boolean;
  revokedAt: number | null;
  /** The pending enrolment: hash of the one-time token and until when it may be used. */
  enrolment: { hash: string; expiresAt: number } | null;
  enrolledAt: number | null;
  session: {
    hash: string;
    /** The id before the last rotation, accepted until `previousUntil`. */
    previousHash: string | null;
    previousUntil: number;
    issuedAt: number;
    expiresAt: number;
  } | null;
}

interface DeviceFile {
  devices: DeviceRecord[];
}

/** The previous session id stays valid this long after a rotation (requests in flight). */
export const ROTATION_GRACE_MS = 10 * 60_000;
const LOCK_WAIT_MS = 5_000;
const LOCK_STALE_MS = 30_000;

export const deviceName = /^[\p{L}\p{N} ._:#()-]{1,60}$/u;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs `change` on the file's records under a lock file (the server and the CLI both write). */
export function updateDevices<T>(file: string, change: (records: DeviceRecord[]) => T): T {
  mkdirSync(dirname(file), { recursive: true });
  const lock = `${file}.lock`;
  const started = Date.now();
  let fd: number | null = null;
  while (fd === null) {
    try {
      fd = openSync(lock, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) unlinkSync(lock);
      } catch {
        // Gone in between: try again.
      }
      if (Date.now() - started > LOCK_WAIT_MS)
        throw new Error(`${lock} is held by another process`);
      sleep(20);
    }
  }
  try {
    const records = readDevices(file);
    const result = change(records);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify({ devices: records } satisfies DeviceFile, null, 1)}\n`, {
      mode: 0o600,
    });
    renameSync(temp, file);
    return result;
  } finally {
    closeSync(fd);
    unlinkSync(lock);
  }
}

export function readDevices(file: string): DeviceRecord[] {
  try {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Partial<DeviceFile>;
    return Array.isArray(raw.devices) ? raw.devices : [];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Adds a device (or gives an existing one a new enrolment token, ending its session). */
export function enrolDevice(
  file: string,
  name: string,
  area: string | null,
  enrolMs: number,
  now = Date.now(),
): { record: DeviceRecord; token: string } {
  const token = randomId();
  const record = updateDevices(file, (records) => {
    let record = records.find((r) => r.name === name);
    if (!record) {
      record = {
        id: `dev-${randomId().slice(0, 12)}`,
        name,
        area,
        createdAt: now,
        revoked: false,
        revokedAt: null,
        enrolment: null,
        enrolledAt: null,
        session: null,
      };
      records.push(record);
    }
    record.area = area;
    record.revoked = false;
    record.revokedAt = null;
    record.session = null;
    record.enrolment = { hash: hashId(token), expiresAt: now + enrolMs };
    return { ...record };
  });
  return { record, token };
}

export function revokeDevice(file: string, name: string, now = Date.now()): DeviceRecord | null {
  return updateDevices(file, (records) => {
    const record = records.find((r) => r.name === name || r.id === name);
    if (!record) return null;
    record.revoked = true;
    record.revokedAt = now;
    record.enrolment = null;
    record.session = null;
    return { ...record };
  });
}

export function devicePrincipal(record: DeviceRecord): Principal {
  const level = record.area
    ? ['district', 'street', 'community'][record.area.length / 3 - 2]
    : null;
  const roles = ['wall', ...(record.area && level ? [`${level}:${record.area}`] : ['city'])];
  return principalOf('device', record.id, record.name, roles);
}

export interface DeviceSessions {
  /** Exchanges a one-time token for a session id; null when the token is unknown or used. */
  enrol(token: string): { id: string; record: DeviceRecord } | null;
  /**
   * The device of a session id, or null (unknown, revoked, lapsed). With `rotate`, a session
   * older than the rotation period gets a new id (`rotated`), which the caller sets as the cookie.
   */
  get(id: string, rotate: boolean): { record: DeviceRecord; rotated: string | null } | null;
  end(id: string): DeviceRecord | null;
  sessionMs: number;
}

/**
 * The server's side of the registry. Reads the file again whenever it changed (the CLI revokes a
 * device while the server runs); writes only on enrolment, rotation and sign-out.
 */
export function deviceSessions(options: {
  file: string;
  sessionMs: number;
  rotateMs: number;
  now: () => number;
}): DeviceSessions {
  const { file, sessionMs, rotateMs, now } = options;
  let cached: { mtimeMs: number; size: number; records: DeviceRecord[] } | null = null;

  const records = (): DeviceRecord[] => {
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return [];
    }
    if (!cached || cached.mtimeMs !== stat.mtimeMs || cached.size !== stat.size)
      cached = { mtimeMs: stat.mtimeMs, size: stat.size, records: readDevices(file) };
    return cached.records;
  };
  const matches = (record: DeviceRecord, hash: string, t: number) =>
    !record.revoked &&
    record.session !== null &&
    t < record.session.expiresAt &&
    (record.session.hash === hash ||
      (record.session.previousHash === hash && t < record.session.previousUntil));

  return {
    sessionMs,
    enrol(token) {
      const hash = hashId(token);
      const t = now();
      if (!records().some((r) => r.enrolment?.hash === hash && !r.revoked)) return null;
      const id = randomId();
      const record = updateDevices(file, (all) => {
        const record = all.find((r) => r.enrolment?.hash === hash && !r.revoked);
        if (!record || !record.enrolment || t >= record.enrolment.expiresAt) return null;
        record.enrolment = null;
        record.enrolledAt = t;
        record.session = {
          hash: hashId(id),
          previousHash: null,
          previousUntil: 0,
          issuedAt: t,
          expiresAt: t + sessionMs,
        };
        return { ...record };
      });
      cached = null;
      return record ? { id, record } : null;
    },
    get(id, rotate) {
      const hash = hashId(id);
      const t = now();
      const record = records().find((r) => matches(r, hash, t));
      if (!record) return null;
      if (!rotate || record.session!.hash !== hash || t - record.session!.issuedAt < rotateMs)
        return { record, rotated: null };
      const next = randomId();
      const updated = updateDevices(file, (all) => {
        const current = all.find((r) => r.id === record.id);
        if (!current || !matches(current, hash, t) || current.session!.hash !== hash) return null;
        current.session = {
          hash: hashId(next),
          previousHash: hash,
          previousUntil: t + ROTATION_GRACE_MS,
          issuedAt: t,
          expiresAt: t + sessionMs,
        };
        return { ...current };
      });
      cached = null;
      return updated ? { record: updated, rotated: next } : { record, rotated: null };
    },
    end(id) {
      const hash = hashId(id);
      const t = now();
      const found = records().find((r) => matches(r, hash, t));
      if (!found) return null;
      cached = null;
      return updateDevices(file, (all) => {
        const record = all.find((r) => r.id === found.id);
        if (record) record.session = null;
        return record ? { ...record } : null;
      });
    },
  };
}
