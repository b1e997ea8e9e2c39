// The production server with sign-in configured, against a real OpenID provider (oidc-provider,
// in-process) and the simulated city over HTTP (which wants the server's bearer token): who may
// see what, on every request; personal data only on purpose, with an audit entry; wall devices.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '../../mocks/server/serve';
import { enrolDevice, revokeDevice } from '../../src/server/auth/devices';
import { startServer, type RunningServer } from '../../src/server/server';
import { startTestProvider, USERS, type TestProvider } from '../fixtures/oidc/provider';
import { CookieJar, signIn } from '../fixtures/oidc/sign-in';

const TOKEN = `sim-token-${Date.now()}-0123456789abcdef`;
const SESSION_SECRET = 'session-secret-for-tests-0123456789abcdef';
const work = mkdtempSync(join(tmpdir(), 'server-auth-'));
const auditFile = join(work, 'audit', 'audit.jsonl');
const devicesFile = join(work, 'devices.json');

let sim: SimServer;
let provider: TestProvider;
let server: RunningServer;
let base: string;
/** The server's clock: real time plus what a test added. */
let offset = 0;
const warnings: string[] = [];

function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

beforeAll(async () => {
  // A fixed midday: at ×60 a start near the city's midnight rolls "yesterday" over within seconds,
  // and the tickets closed then leave the snapshot between two requests of a test.
  sim = await startSimServer({
    port: 0,
    seed: 11,
    speed: 60,
    start: Date.parse('2026-11-19T10:00:00+08:00'),
    requireToken: TOKEN,
  });
  const port = await freePort();
  base = `http://127.0.0.1:${port}/`;
  provider = await startTestProvider(base);

  const dist = join(work, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>city brain</title>');
  writeFileSync(join(dist, 'assets', 'app-1.js'), 'export {}');
  const geo = join(process.cwd(), 'public', 'geo', 'fuzhou');
  mkdirSync(join(dist, 'geo', 'fuzhou'), { recursive: true });
  for (const file of ['districts.geojson', 'divisions.json'])
    writeFileSync(join(dist, 'geo', 'fuzhou', file), readFileSync(join(geo, file)));
  const feed = (pollIntervalMs: number) => ({
    adapter: 'native-rest',
    baseUrl: '/api/v1',
    pollIntervalMs,
  });
  writeFileSync(
    join(work, 'config.json'),
    JSON.stringify({
      city: {
        name: { 'zh-CN': '福州市', en: 'Fuzhou' },
        code: '350100',
        boundaries: 'geo/fuzhou/districts.geojson',
        divisions: 'geo/fuzhou/divisions.json',
        map: { center: [119.35, 26.0], zoom: 8.6 },
      },
      feeds: {
        tickets: feed(5000),
        signals: feed(10000),
        sensors: feed(10000),
        detections: feed(10000),
      },
      alarms: { ackBaseUrl: '/api/v1' },
    }),
  );
  writeFileSync(
    join(work, 'server.json'),
    JSON.stringify({
      dist: 'dist',
      browserConfig: 'config.json',
      routes: [
        {
          prefix: '/api/v1/',
          upstream: `${sim.url}/`,
          headers: { Authorization: 'Bearer ${SIM_TOKEN}' },
          methods: ['GET', 'HEAD', 'POST'],
        },
      ],
      auth: {
        publicUrl: base,
        sessionSecret: '${SESSION_SECRET}',
        oidc: {
          issuer: provider.issuer,
          clientId: provider.clientId,
          clientSecret: '${OIDC_CLIENT_SECRET}',
          scopes: ['openid', 'profile', 'roles'],
        },
        sessions: { idleMinutes: 120, maxHours: 12 },
        devices: { file: 'devices.json' },
        audit: { file: 'audit/audit.jsonl' },
      },
    }),
  );
  server = await startServer({
    configPath: join(work, 'server.json'),
    port,
    quiet: true,
    env: {
      SIM_TOKEN: TOKEN,
      SESSION_SECRET,
      OIDC_CLIENT_SECRET: provider.clientSecret,
    },
    log: () => undefined,
    warn: (line) => warnings.push(line),
    now: () => Date.now() + offset,
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await provider?.close();
  await sim?.close();
  rmSync(work, { recursive: true, force: true });
});

const url = (path: string) => new URL(path.replace(/^\//, ''), base).href;

/** The upstream's own answer (with the token), to compare with what a user gets. */
async function upstream(path: string): Promise<unknown> {
  const response = await fetch(`${sim.url}/${path}`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  return response.json();
}

interface Item {
  id: string;
  district: string;
  street: string;
  community: string;
  reporter?: { name: string; phone: string; idNumber: string | null };
  title?: string;
  address?: string;
}
interface Snapshot {
  version: number;
  items: Item[];
}

async function json<T>(jar: CookieJar, path: string, init?: RequestInit): Promise<T> {
  const response = await jar.fetch(url(path), init);
  expect(response.status, `${path}: ${response.status}`).toBe(200);
  return (await response.json()) as T;
}

const readAudit = () =>
  readFileSync(auditFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('without a session', { timeout: 120_000 }, () => {
  it('sends the app to the sign-in and refuses data, config and the session', async () => {
    const anonymous = new CookieJar();
    const page = await anonymous.fetch(url('/tickets?area=350102'));
    expect(page.status).toBe(302);
    expect(page.headers.get('location')).toBe(
      `/auth/login?return=${encodeURIComponent('/tickets?area=350102')}`,
    );
    for (const path of ['/api/v1/tickets', '/api/v1/signals?since=1', '/config.json'])
      expect((await anonymous.fetch(url(path))).status, path).toBe(401);
    const session = await anonymous.fetch(url('/api/session'));
    expect(session.status).toBe(401);
    expect(await session.json()).toEqual({
      mode: 'oidc',
      signedIn: false,
      loginUrl: '/auth/login',
    });
    // The app's own files are no secret: they load, and the app then signs in.
    expect((await anonymous.fetch(url('/assets/app-1.js'))).status).toBe(200);
    // A forged cookie is nobody.
    const forged = await fetch(url('/api/session'), {
      headers: { cookie: `city-brain-session=u.${'a'.repeat(43)}.${'b'.repeat(43)}` },
    });
    expect(forged.status).toBe(401);
  });

  it('refuses a callback this browser did not start (login CSRF)', async () => {
    const response = await new CookieJar().fetch(url('/auth/callback?code=x&state=y'));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/not started here/);
  });

  it('refuses a wrong password at the provider', async () => {
    await expect(signIn(base, 'city', { password: 'wrong' })).rejects.toThrow(/login refused/);
  });
});

describe('a city-wide user', { timeout: 120_000 }, () => {
  it('signs in through the provider and gets the whole city, personal data masked', async () => {
    const { jar, landed } = await signIn(base, 'city', { returnTo: '/tickets?lang=en' });
    expect(landed).toBe(url('/tickets?lang=en'));
    const session = await json<Record<string, unknown>>(jar, '/api/session');
    expect(session).toMatchObject({
      mode: 'oidc',
      signedIn: true,
      kind: 'user',
      name: USERS.city.name,
      roles: ['city'],
      areas: null,
      canUnmask: false,
      readOnly: false,
    });
    const mine = await json<Snapshot>(jar, '/api/v1/tickets');
    const raw = (await upstream('tickets')) as Snapshot;
    expect(mine.items.length).toBeGreaterThan(1000);
    expect(Math.abs(mine.items.length - raw.items.length)).toBeLessThan(raw.items.length / 10);
    const rawPhones = new Set(raw.items.flatMap((t) => (t.reporter ? [t.reporter.phone] : [])));
    expect(rawPhones.size).toBeGreaterThan(100);
    for (const ticket of mine.items) {
      if (!ticket.reporter) continue;
      expect(ticket.reporter.phone).toMatch(/\*/);
      expect(rawPhones.has(ticket.reporter.phone)).toBe(false);
      expect(ticket.reporter.name).toMatch(/^.\*+$/u);
    }
    // A delta is masked too, and a columnar delta is never forwarded for tickets.
    const delta = await json<{ upserts?: Item[]; format?: string; items?: Item[] }>(
      jar,
      `/api/v1/tickets?since=${mine.version - 1}&delta=columns`,
    );
    expect(delta.format).toBeUndefined();
    for (const ticket of [...(delta.upserts ?? []), ...(delta.items ?? [])])
      if (ticket.reporter) expect(ticket.reporter.phone).toMatch(/\*/);
    // Other feeds of a city-wide user pass through as the upstream sends them.
    const signals = await json<Snapshot>(jar, '/api/v1/signals');
    expect(new Set(signals.items.map((s) => s.district)).size).toBeGreaterThan(5);
  });

  it('cannot unmask without the pii role, by any URL or request', async () => {
    const { jar } = await signIn(base, 'city');
    const { items } = await json<Snapshot>(jar, '/api/v1/tickets');
    const ticket = items.find((t) => t.reporter)!;
    const post = (path: string, body: unknown) =>
      jar.fetch(url(path), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(
      (await post(`/api/pii/tickets/${ticket.id}`, { reason: '回访市民核实诉求' })).status,
    ).toBe(403);
    expect((await jar.fetch(url(`/api/pii/tickets/${ticket.id}`))).status).toBe(405);
    expect((await post(`/api/pii/tickets/${encodeURIComponent(ticket.id)}`, {})).status).toBe(403);
    // Nothing else on the server hands out the reporter.
    const raw = ((await upstream('tickets')) as Snapshot).items.find((t) => t.id === ticket.id);
    for (const path of [
      `/api/v1/tickets/${ticket.id}`,
      `/api/v1/tickets?view=desktop&unmask=1`,
      `/api/v1/tickets?since=0`,
    ]) {
      const response = await jar.fetch(url(path));
      const text = await response.text();
      if (raw?.reporter) expect(text, path).not.toContain(raw.reporter.phone);
    }
    const denied = readAudit().filter((e) => e.action === 'pii.denied' && e.target === ticket.id);
    expect(denied.length).toBeGreaterThan(0);
    expect(denied[0]).toMatchObject({ who: { kind: 'user', id: 'city', name: USERS.city.name } });
  });

  it('signs out at the provider too', async () => {
    const { jar } = await signIn(base, 'city');
    const cross = await jar.fetch(url('/auth/logout'), {
      method: 'POST',
      headers: { origin: 'https://elsewhere.example' },
    });
    expect(cross.status).toBe(403);
    const crossSite = await jar.fetch(url('/auth/logout'), {
      method: 'POST',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    // A form posted under Referrer-Policy: no-referrer says `Origin: null`.
    const out = await jar.fetch(url('/auth/logout'), {
      method: 'POST',
      headers: { origin: 'null', 'sec-fetch-site': 'same-origin' },
    });
    expect(out.status).toBe(303);
    const location = new URL(out.headers.get('location')!);
    expect(location.origin).toBe(provider.issuer);
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(url('/auth/signed-out'));
    expect(location.searchParams.get('id_token_hint')).toMatch(/^eyJ/);
    expect((await jar.fetch(url('/api/session'))).status).toBe(401);
    expect((await jar.fetch(url('/api/v1/tickets'))).status).toBe(401);
    expect(readAudit().some((e) => e.action === 'auth.logout' && e.target === undefined)).toBe(
      true,
    );
  });
});

describe('a city past its budget, for a city-wide user', { timeout: 120_000 }, () => {
  it("passes the upstream's counts through, and one area's tickets read alone, masked", async () => {
    const { jar } = await signIn(base, 'city');
    const counts = await json<{ total: number; groups: { key: string; count: number }[] }>(
      jar,
      '/api/v1/tickets/aggregate?within=city&level=district',
    );
    expect(counts.groups.reduce((n, g) => n + g.count, 0)).toBe(counts.total);
    expect(counts.groups.length).toBeGreaterThan(5);
    const [first] = counts.groups;
    const area = await json<Snapshot>(jar, `/api/v1/tickets?area=${first!.key}`);
    for (const item of area.items) expect(item.district).toBe(first!.key);
    expect(area.items.length).toBeGreaterThan(0);
    // Its deltas stay in the area: the filtered snapshot or an empty delta, never the city's.
    const delta = await json<{ items?: Item[]; upserts?: Item[] }>(
      jar,
      `/api/v1/tickets?area=${first!.key}&since=${area.version - 1}`,
    );
    for (const item of [...(delta.items ?? []), ...(delta.upserts ?? [])])
      expect(item.district).toBe(first!.key);
    expect((await jar.fetch(url('/api/v1/tickets?area=__proto__'))).status).toBe(400);
  });
});

describe('an area-scoped user', { timeout: 120_000 }, () => {
  it('gets only their district, through snapshots, deltas and ETags', async () => {
    const { jar } = await signIn(base, 'gulou');
    const session = await json<Record<string, unknown>>(jar, '/api/session');
    expect(session).toMatchObject({ areas: ['350102'], roles: ['district:350102'] });
    for (const feed of ['tickets', 'signals', 'sensors', 'detections']) {
      const response = await jar.fetch(url(`/api/v1/${feed}`));
      expect(response.status, feed).toBe(200);
      const snapshot = (await response.json()) as Snapshot;
      expect(snapshot.items.length, feed).toBeGreaterThan(0);
      for (const item of snapshot.items) expect(item.district, `${feed} ${item.id}`).toBe('350102');
      const etag = response.headers.get('etag')!;
      expect(etag).toMatch(/^"a-/);
      const again = await jar.fetch(url(`/api/v1/${feed}`), { headers: { 'if-none-match': etag } });
      expect([200, 304], feed).toContain(again.status);
      // A delta is the filtered snapshot, or an empty delta: never another district's item, never
      // the columnar form.
      for (let poll = 0; poll < 3; poll += 1) {
        const delta = (await json<Record<string, unknown>>(
          jar,
          `/api/v1/${feed}?since=${snapshot.version - 1}&delta=columns`,
        )) as { format?: string; items?: Item[]; upserts?: Item[]; removed?: string[] };
        expect(delta.format, feed).toBeUndefined();
        for (const item of [...(delta.items ?? []), ...(delta.upserts ?? [])])
          expect(item.district, `${feed} delta ${item.id}`).toBe('350102');
        expect(delta.removed ?? [], feed).toEqual([]);
        await new Promise((done) => setTimeout(done, 400));
      }
    }
    // Nothing of their district changed since the version they hold: an empty delta.
    const now = await json<Snapshot>(jar, '/api/v1/signals');
    const empty = await json<Record<string, unknown>>(jar, `/api/v1/signals?since=${now.version}`);
    expect(empty).toMatchObject({ upserts: [], removed: [] });
  });

  it('counts only their areas for a city past its budget, and reads one area of theirs alone', async () => {
    const { jar } = await signIn(base, 'gulou');
    type Counts = {
      total: number;
      within: string | null;
      groups: { key: string; count: number }[];
    };
    const city = await json<Counts>(jar, '/api/v1/tickets/aggregate?within=city&level=district');
    const own = await json<Snapshot>(jar, '/api/v1/tickets');
    expect(city).toMatchObject({ within: null, total: own.items.length });
    expect(city.groups).toEqual([{ key: '350102', count: own.items.length }]);
    const streets = await json<Counts>(jar, '/api/v1/tickets/aggregate?within=350102&level=street');
    expect(streets.groups.reduce((n, g) => n + g.count, 0)).toBe(own.items.length);
    for (const g of streets.groups) expect(g.key.startsWith('350102')).toBe(true);
    expect(
      (await jar.fetch(url('/api/v1/tickets/aggregate?within=350103&level=street'))).status,
    ).toBe(403);
    const cells = await json<Counts>(jar, '/api/v1/tickets/aggregate?within=350102&level=cell');
    expect(cells.groups.reduce((n, g) => n + g.count, 0)).toBe(own.items.length);
    for (const g of cells.groups) expect(g.key).toMatch(/^8[0-9a-f]{14}$/);
    // One street of theirs, read alone: that street's tickets only, personal data masked.
    const street = streets.groups[0]!.key;
    const alone = await json<Snapshot>(jar, `/api/v1/tickets?area=${street}`);
    expect(alone.items.length).toBe(streets.groups[0]!.count);
    for (const item of alone.items) expect(item.street).toBe(street);
    expect(JSON.stringify(alone.items)).not.toMatch(/(?<!\d)1\d{10}(?!\d)/);
  });

  it('a street user gets only their street', async () => {
    const { jar } = await signIn(base, 'gudong');
    const tickets = await json<Snapshot>(jar, '/api/v1/tickets');
    expect(tickets.items.length).toBeGreaterThan(0);
    for (const item of tickets.items) expect(item.street).toBe('350102001');
  });

  it('gets 403 for another area asked directly, and lists cut to their area', async () => {
    const { jar } = await signIn(base, 'gulou');
    const t = sim.clock.now();
    const window = `from=${t - 3_600_000}&to=${t}`;
    const series = (area: string) =>
      jar.fetch(
        url(`/api/v1/signals/series?metric=congestion&level=street&area=${area}&${window}`),
      );
    expect((await series('350103')).status).toBe(403);
    expect((await jar.fetch(url('/api/v1/tickets?area=350103'))).status).toBe(403);
    expect((await jar.fetch(url('/api/v1/alarm-acks?since=0&district=350104'))).status).toBe(403);
    expect((await series('350100')).status).toBe(403);
    expect(
      (await jar.fetch(url(`/api/v1/signals/series?metric=congestion&level=district&${window}`)))
        .status,
    ).toBe(200);
    const own = (await (await series('350102')).json()) as { series: { area: string }[] };
    expect(own.series.length).toBeGreaterThan(0);
    for (const entry of own.series) expect(entry.area.startsWith('350102')).toBe(true);
    // Without an area the list is cut to theirs.
    const city = (
      await json<{ series: { area: string }[] }>(
        jar,
        `/api/v1/signals/series?metric=congestion&level=district&${window}`,
      )
    ).series;
    expect(city.map((s) => s.area)).toEqual(['350102']);

    const signals = (await upstream('signals')) as Snapshot;
    const other = signals.items.find((s) => s.district === '350103')!;
    const mine = signals.items.find((s) => s.district === '350102')!;
    const events = (id: string) =>
      jar.fetch(url(`/api/v1/signals/${id}/events?from=${t - 600_000}&to=${t}`));
    expect((await events(other.id)).status).toBe(403);
    expect((await events('SIG-unknown')).status).toBe(403);
    expect((await events(mine.id)).status).toBe(200);

    const cameras = await json<{ cameras: Item[] }>(jar, '/api/v1/detections/cameras');
    expect(cameras.cameras.length).toBeGreaterThan(0);
    for (const camera of cameras.cameras) expect(camera.district).toBe('350102');
    // Columns of every district side by side cannot be cut: refused.
    expect(
      (
        await jar.fetch(
          url(
            `/api/v1/detections/series?res=9&bin=3600000&from=${t - 86_400_000}&to=${t - 3_600_000}`,
          ),
        )
      ).status,
    ).toBe(403);
    // Anything else on the route that is no feed of the app.
    expect((await jar.fetch(url('/api/v1/admin-thing'))).status).toBe(403);
  });

  it('acknowledges only their alarms, recorded with their name', async () => {
    const { jar } = await signIn(base, 'gulou');
    const ack = (key: string, by = 'someone else') =>
      jar.fetch(url('/api/v1/alarm-acks'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: new URL(base).origin },
        body: JSON.stringify({ key, firstAt: 1, at: Date.now(), by }),
      });
    expect((await ack('tickets.overdue-surge|350103')).status).toBe(403);
    expect((await ack('tickets.overdue-surge|350102')).status).toBe(204);
    const acks = (await upstream('alarm-acks?since=0')) as { acks: { key: string; by: string }[] };
    expect(acks.acks.find((a) => a.key === 'tickets.overdue-surge|350102')?.by).toBe(
      USERS.gulou.name,
    );
    const { jar: city } = await signIn(base, 'city');
    await city.fetch(url('/api/v1/alarm-acks'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'tickets.overdue-surge|350104', firstAt: 1, at: 2, by: 'x' }),
    });
    const seen = await json<{ acks: { key: string }[] }>(jar, '/api/v1/alarm-acks?since=0');
    expect(seen.acks.map((a) => a.key)).toContain('tickets.overdue-surge|350102');
    expect(seen.acks.map((a) => a.key)).not.toContain('tickets.overdue-surge|350104');
    expect(
      readAudit().some(
        (e) => e.action === 'alarm.ack' && e.target === 'tickets.overdue-surge|350102',
      ),
    ).toBe(true);
  });
});

describe('personal data on purpose', { timeout: 120_000 }, () => {
  it('unmasks one ticket for a pii user with a reason, after writing the audit entry', async () => {
    const { jar } = await signIn(base, 'privacy');
    const { items } = await json<Snapshot>(jar, '/api/v1/tickets');
    const ticket = items.find((t) => t.reporter)!;
    const raw = ((await upstream('tickets')) as Snapshot).items.find((t) => t.id === ticket.id)!;
    const unmask = (id: string, body: unknown, headers: Record<string, string> = {}) =>
      jar.fetch(url(`/api/pii/tickets/${id}`), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    expect((await unmask(ticket.id, {})).status).toBe(400);
    expect((await unmask(ticket.id, { reason: 'ok' })).status).toBe(400);
    expect((await unmask(ticket.id, { reason: 'x'.repeat(501) })).status).toBe(400);
    expect(
      (await unmask(ticket.id, { reason: '回访市民核实诉求' }, { origin: 'https://evil.example' }))
        .status,
    ).toBe(403);
    expect((await unmask('T-no-such', { reason: '回访市民核实诉求' })).status).toBe(404);
    const before = Date.now();
    const response = await unmask(ticket.id, { reason: '回访市民核实诉求' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ ticket: ticket.id, reporter: raw.reporter });
    expect(Object.keys(body).sort()).toEqual(['at', 'reporter', 'ticket']);
    const entry = readAudit().findLast((e) => e.action === 'pii.view')!;
    expect(entry).toMatchObject({
      action: 'pii.view',
      who: { kind: 'user', id: 'privacy', name: USERS.privacy.name },
      target: ticket.id,
      reason: '回访市民核实诉求',
      client: '127.0.0.1',
    });
    expect(entry.at as number).toBeGreaterThanOrEqual(before);

    // The audit log: listed and exported by the audit role only.
    const listed = await json<{ entries: Record<string, unknown>[] }>(
      jar,
      `/api/audit?from=${before}&action=pii.view`,
    );
    expect(listed.entries.map((e) => e.target)).toEqual([ticket.id]);
    const csv = await jar.fetch(url(`/api/audit.csv?from=${before}`));
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="audit-/);
    const text = await csv.text();
    expect(text).toContain('time,action,kind,who,name,client,target,reason,detail');
    expect(text).toContain(
      `pii.view,user,privacy,${USERS.privacy.name},127.0.0.1,${ticket.id},回访市民核实诉求`,
    );
    const { jar: city } = await signIn(base, 'city');
    expect((await city.fetch(url('/api/audit'))).status).toBe(403);
  });

  it('a district pii user unmasks only tickets of their district', async () => {
    const { jar } = await signIn(base, 'gulouPii');
    const raw = (await upstream('tickets')) as Snapshot;
    const other = raw.items.find((t) => t.district === '350103' && t.reporter)!;
    const mine = raw.items.find((t) => t.district === '350102' && t.reporter)!;
    const unmask = (id: string) =>
      jar.fetch(url(`/api/pii/tickets/${id}`), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ reason: '核实上报人联系方式' }),
      });
    expect((await unmask(other.id)).status).toBe(403);
    expect((await unmask(mine.id)).status).toBe(200);
  });

  it('a user with no role for the dashboard sees nothing', async () => {
    const { jar } = await signIn(base, 'nobody');
    expect(await json(jar, '/api/session')).toMatchObject({ areas: [], roles: [] });
    expect((await jar.fetch(url('/api/v1/tickets'))).status).toBe(403);
  });
});

describe('wall devices', { timeout: 120_000 }, () => {
  it('enrol once, stay signed in for a week of rotations, read-only and without personal data', async () => {
    const { token } = enrolDevice(devicesFile, '指挥大厅主屏', null, 72 * 3_600_000);
    const wall = new CookieJar();
    const enrolled = await wall.fetch(url(`/auth/device?token=${token}`));
    expect(enrolled.status).toBe(303);
    expect(enrolled.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax; Max-Age=2592000/);
    // The link works once.
    expect((await new CookieJar().fetch(url(`/auth/device?token=${token}`))).status).toBe(400);
    expect(readFileSync(devicesFile, 'utf8')).not.toContain(token);

    const session = await json<Record<string, unknown>>(wall, '/api/session');
    expect(session).toMatchObject({
      kind: 'device',
      profile: 'wall',
      readOnly: true,
      canUnmask: false,
    });
    const config = await json<{ display: { profile: string } }>(wall, '/config.json');
    expect(config.display.profile).toBe('wall');
    const tickets = await json<Snapshot>(wall, '/api/v1/tickets');
    for (const t of tickets.items) {
      expect(t.reporter).toBeUndefined();
      expect(t.address).toBeUndefined();
      expect(t.title).toBe('');
    }
    const ack = await wall.fetch(url('/api/v1/alarm-acks'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'a|350102', firstAt: 1, at: 2, by: 'wall' }),
    });
    expect(ack.status).toBe(403);

    // The carousel's shared state: the wall reads it, may not change it; a person may.
    const paused = { epoch: 1, held: 2, pausedAt: 1_000, by: 'desk' };
    const post = (jar: CookieJar, body: unknown) =>
      jar.fetch(url('/api/wall/carousel'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
        body: JSON.stringify(body),
      });
    expect((await post(wall, paused)).status).toBe(403);
    expect((await new CookieJar().fetch(url('/api/wall/carousel'))).status).toBe(401);
    const { jar: desk } = await signIn(base, 'city');
    expect((await post(desk, paused)).status).toBe(204);
    expect(await json<unknown>(wall, '/api/wall/carousel')).toEqual(paused);

    // A person's session on the same clock ends overnight; the wall's goes on.
    const { jar: person } = await signIn(base, 'city');
    const start = offset;
    try {
      for (let half = 1; half <= 14; half += 1) {
        offset = start + half * 12 * 3_600_000;
        expect((await wall.fetch(url('/api/session'))).status, `day ${half / 2}`).toBe(200);
        expect((await wall.fetch(url('/api/v1/signals'))).status).toBe(200);
        if (half === 1) expect((await person.fetch(url('/api/session'))).status).toBe(401);
      }
      const record = JSON.parse(readFileSync(devicesFile, 'utf8')) as {
        devices: { name: string; session: { issuedAt: number } }[];
      };
      const device = record.devices.find((d) => d.name === '指挥大厅主屏')!;
      expect(device.session.issuedAt).toBeGreaterThan(Date.now() + start + 6 * 86_400_000);

      revokeDevice(devicesFile, '指挥大厅主屏');
      expect((await wall.fetch(url('/api/session'))).status).toBe(401);
      expect((await wall.fetch(url('/api/v1/tickets'))).status).toBe(401);
    } finally {
      offset = start;
    }
  });

  it('a device for one district shows that district only', async () => {
    const { token } = enrolDevice(devicesFile, '鼓楼区分屏', '350102', 3_600_000);
    const wall = new CookieJar();
    expect((await wall.fetch(url(`/auth/device?token=${token}`))).status).toBe(303);
    const tickets = await json<Snapshot>(wall, '/api/v1/tickets');
    for (const t of tickets.items) expect(t.district).toBe('350102');
  });
});

describe('open mode', { timeout: 120_000 }, () => {
  it('says so at /api/session', async () => {
    const open = await startServer({
      config: { ...server.config, auth: null },
      port: 0,
      quiet: true,
      log: () => undefined,
      warn: () => undefined,
    });
    try {
      const response = await fetch(`${open.url}api/session`);
      expect(await response.json()).toEqual({ mode: 'open' });
    } finally {
      await open.close();
    }
  });
});
