import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cookieJar } from './cookies';
import { deviceSessions, enrolDevice, revokeDevice, ROTATION_GRACE_MS } from './devices';
import { principalOf } from './principal';
import { createSessionStore } from './sessions';

const work = mkdtempSync(join(tmpdir(), 'auth-units-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const HOUR = 3_600_000;
const person = principalOf('user', 'u1', '林芳', ['district:350102']);

describe('people’s sessions', () => {
  it('end when idle or too old, whichever comes first', () => {
    let now = 0;
    const store = createSessionStore({
      idleMs: 2 * HOUR,
      maxMs: 12 * HOUR,
      file: null,
      now: () => now,
      warn: () => {},
    });
    const id = store.create(person, null);
    for (now = HOUR; now < 12 * HOUR; now += HOUR)
      expect(store.get(id)?.principal.name).toBe('林芳');
    now = 12 * HOUR;
    expect(store.get(id)).toBeNull();
    const idle = store.create(person, null);
    now += 2 * HOUR;
    expect(store.get(idle)).toBeNull();
  });

  it('survive a restart in the file, which holds no session id', () => {
    const file = join(work, 'sessions.json');
    const options = { idleMs: HOUR, maxMs: 12 * HOUR, file, now: () => 1000, warn: () => {} };
    const first = createSessionStore(options);
    const id = first.create(person, 'id-token');
    first.flush();
    expect(readFileSync(file, 'utf8')).not.toContain(id);
    const second = createSessionStore(options);
    expect(second.get(id)?.idToken).toBe('id-token');
    expect(second.end(id)).not.toBeNull();
    expect(second.get(id)).toBeNull();
  });

  it('sign cookies: another secret or a changed id is nobody', () => {
    const jar = cookieJar('a'.repeat(32), true);
    const sealed = jar.seal('u', 'x'.repeat(43));
    expect(jar.open(sealed)).toEqual({ kind: 'u', id: 'x'.repeat(43) });
    expect(cookieJar('b'.repeat(32), true).open(sealed)).toBeNull();
    expect(jar.open(sealed.replace('u.x', 'u.y'))).toBeNull();
    expect(jar.name).toBe('__Host-city-brain-session');
    expect(jar.serialise(jar.name, sealed, { maxAgeMs: null })).toMatch(
      /; HttpOnly; SameSite=Lax; Secure$/,
    );
  });
});

describe('wall devices', () => {
  it('enrol once, rotate on use with a grace for the old id, lapse unused, end on revocation', () => {
    const file = join(work, 'devices.json');
    let now = 1_000_000;
    const devices = deviceSessions({
      file,
      sessionMs: 30 * 24 * HOUR,
      rotateMs: 24 * HOUR,
      now: () => now,
    });
    const { token } = enrolDevice(file, 'Hall 1', '350102', 72 * HOUR, now);
    const enrolled = devices.enrol(token)!;
    expect(enrolled.record.area).toBe('350102');
    expect(devices.enrol(token)).toBeNull();

    now += 25 * HOUR;
    expect(devices.get(enrolled.id, false)?.rotated).toBeNull();
    const rotated = devices.get(enrolled.id, true)!.rotated!;
    expect(rotated).toMatch(/^[\w-]{43}$/);
    expect(devices.get(enrolled.id, false)).not.toBeNull();
    now += ROTATION_GRACE_MS;
    expect(devices.get(enrolled.id, false)).toBeNull();
    expect(devices.get(rotated, false)).not.toBeNull();

    now += 31 * 24 * HOUR;
    expect(devices.get(rotated, true)).toBeNull();

    const again = enrolDevice(file, 'Hall 1', null, 72 * HOUR, now);
    const next = devices.enrol(again.token)!;
    expect(devices.get(next.id, false)?.record.area).toBeNull();
    revokeDevice(file, 'Hall 1', now);
    expect(devices.get(next.id, false)).toBeNull();
    expect(readFileSync(file, 'utf8')).not.toContain(next.id);
  });

  it('an enrolment URL expires', () => {
    const file = join(work, 'expiring.json');
    let now = 0;
    const devices = deviceSessions({ file, sessionMs: HOUR, rotateMs: HOUR, now: () => now });
    const { token } = enrolDevice(file, 'Lobby', null, HOUR, now);
    now = HOUR;
    expect(devices.enrol(token)).toBeNull();
  });
});
