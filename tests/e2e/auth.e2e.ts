// Sign-in end to end: the production build behind the production server with an OpenID provider
// (oidc-provider, in-process, with a user per role) and the simulated city as the feeds' backend.
// People sign in on the provider's own page; a wall device signs in once with its URL and lives
// through a week of the server's clock; unmasking a reporter leaves an audit entry.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '../../mocks/server/serve.ts';
import { enrolDevice } from '../../src/server/auth/devices.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import {
  PASSWORD,
  startTestProvider,
  USERS,
  type TestProvider,
  type UserName,
} from '../fixtures/oidc/provider.ts';
import {
  closePage,
  createPage,
  pageLog,
  safeName,
  screenshot,
  waitForAppReady,
} from './browser.ts';
import { distRoot, setupE2E } from './fixtures.ts';

const app = setupE2E();
const TOKEN = `sim-${Date.now()}-e2e-0123456789abcdef`;
const DAY = 86_400_000;
const work = mkdtempSync(join(tmpdir(), 'city-brain-auth-'));
const auditFile = join(work, 'audit.jsonl');
const devicesFile = join(work, 'devices.json');

let sim: SimServer;
let provider: TestProvider;
let server: RunningServer;
let base: string;
/** Added to the server's clock: a week passes in a few seconds. */
let offset = 0;

function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

interface Ticket {
  id: string;
  district: string;
  reporter?: { name: string; phone: string; idNumber: string | null };
}

/** The backend's own tickets (with the token): what the server keeps from the browser. */
async function upstreamTickets(): Promise<Ticket[]> {
  const response = await fetch(`${sim.url}/tickets`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  return ((await response.json()) as { items: Ticket[] }).items;
}

const readAudit = () =>
  existsSync(auditFile)
    ? readFileSync(auditFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>)
    : [];

beforeAll(async () => {
  const dist = resolve(distRoot(), '../dist');
  if (!existsSync(join(dist, 'index.html')))
    throw new Error('dist/ is missing: run `npm run build` first');
  sim = await startSimServer({ port: 0, seed: 5, speed: 60, requireToken: TOKEN });
  const port = await freePort();
  base = `http://127.0.0.1:${port}/`;
  provider = await startTestProvider(base);

  const browserConfig = JSON.parse(
    readFileSync(new URL('../../public/config.json', import.meta.url), 'utf8'),
  ) as { feeds: Record<string, { pollIntervalMs: number }> };
  for (const feed of Object.values(browserConfig.feeds)) feed.pollIntervalMs = 3000;
  writeFileSync(join(work, 'config.json'), JSON.stringify(browserConfig));
  writeFileSync(
    join(work, 'server.json'),
    JSON.stringify({
      dist,
      browserConfig: 'config.json',
      routes: [
        {
          prefix: '/api/v1/',
          upstream: `${sim.url}/`,
          headers: { Authorization: 'Bearer ${E2E_SIM_TOKEN}' },
          methods: ['GET', 'HEAD', 'POST'],
        },
      ],
      auth: {
        publicUrl: base,
        sessionSecret: '${E2E_SESSION_SECRET}',
        oidc: {
          issuer: provider.issuer,
          clientId: provider.clientId,
          clientSecret: '${E2E_OIDC_SECRET}',
          scopes: ['openid', 'profile', 'roles'],
        },
        sessions: { idleMinutes: 120, maxHours: 12 },
        devices: { file: devicesFile },
        audit: { file: auditFile },
      },
    }),
  );
  server = await startServer({
    configPath: join(work, 'server.json'),
    port,
    quiet: true,
    env: {
      E2E_SIM_TOKEN: TOKEN,
      E2E_SESSION_SECRET: 'e2e-session-secret-0123456789abcdefghij',
      E2E_OIDC_SECRET: provider.clientSecret,
    },
    now: () => Date.now() + offset,
  });
});

afterAll(async () => {
  await server?.close();
  await provider?.close();
  await sim?.close();
  rmSync(work, { recursive: true, force: true });
});

const url = (path = '/') => new URL(path.replace(/^\//, ''), base).href;

async function newPage(): Promise<Page> {
  return createPage(app.browser, base, { viewport: { width: 1600, height: 900 } });
}

/** Signs `user` in on the provider's page (after the app sent the browser there). */
async function signInAt(page: Page, path: string, user: UserName, shot?: string): Promise<void> {
  await page.goto(url(path));
  await page.getByTestId('idp-login').waitFor();
  expect(new URL(page.url()).origin).toBe(provider.issuer);
  await page.getByTestId('idp-login').fill(user);
  await page.getByTestId('idp-password').fill(PASSWORD);
  if (shot) await screenshot(page, shot);
  await page.getByTestId('idp-submit').click();
  await page.waitForURL(
    (u) => u.origin === new URL(base).origin && !u.pathname.startsWith('/auth/'),
  );
  await waitForAppReady(page);
}

/** On failure: a screenshot and the log of each page, as the harness does for its own pages. */
async function capture(name: string, pages: Page[]): Promise<void> {
  for (const [index, page] of pages.entries()) {
    if (page.isClosed()) continue;
    await screenshot(page, safeName(`FAILED-auth-${name}-${index + 1}`)).catch(() => undefined);
    const log = pageLog(page);
    console.log(
      [
        `e2e failure: ${name} — page ${page.url()}`,
        ...log.console.map((m) => `  console.${m.type}: ${m.text} ${m.location}`),
        ...log.pageErrors.map((e) => `  page error: ${e}`),
        ...log.httpErrors.map((e) => `  http error: ${e}`),
      ].join('\n'),
    );
  }
}

/** Same-origin fetch from the page, as any script on it could: status and body text. */
const fetchFromPage = (page: Page, path: string, init?: RequestInit) =>
  page.evaluate(
    async ([target, options]) => {
      const response = await fetch(target, options);
      return { status: response.status, text: await response.text() };
    },
    [path, init ?? {}] as const,
  );

describe('sign-in with the city identity provider', { timeout: 240_000 }, () => {
  it('signs in on the provider page and out again', async () => {
    const page = await newPage();
    try {
      await signInAt(page, '/tickets', 'city', 'auth-provider-login');
      expect(new URL(page.url()).pathname).toBe('/tickets');
      await expect
        .poll(() => page.getByTestId('session-user').textContent())
        .toContain(USERS.city.name);
      await expect
        .poll(() => page.locator('[data-testid="kpi-today-value"]').textContent(), {
          timeout: 30_000,
        })
        .toMatch(/^\d[\d,]*$/);
      await screenshot(page, 'auth-city-signed-in');
      expect(pageLog(page).pageErrors).toEqual([]);

      await page.getByTestId('sign-out').click();
      // The provider asks to end its session too, then sends the browser back.
      await page.getByTestId('idp-logout').click();
      await page.waitForURL(url('/auth/signed-out'));
      await screenshot(page, 'auth-signed-out');
      expect((await fetchFromPage(page, '/api/session')).status).toBe(401);
      // Back to the dashboard: the provider asks for the password again.
      await page.getByTestId('sign-in-again').click();
      await page.getByTestId('idp-login').waitFor();
    } catch (error) {
      await capture(expect.getState().currentTestName ?? 'test', [page]);
      throw error;
    } finally {
      await closePage(page);
    }
  });

  it('shows a district user their district only; another district asked directly is 403', async () => {
    const page = await newPage();
    try {
      await signInAt(page, '/tickets', 'gulou');
      await expect.poll(() => new URL(page.url()).searchParams.get('area')).toBe('350102');
      await expect.poll(() => page.getByTestId('crumb-current').textContent()).toBe('鼓楼区');
      expect(await page.getByTestId('crumb-above').textContent()).toBe('福州市');
      await expect
        .poll(() => page.locator('[data-testid="kpi-today-value"]').textContent(), {
          timeout: 30_000,
        })
        .toMatch(/^\d[\d,]*$/);
      // Escape goes up no further than the district.
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
      expect(new URL(page.url()).searchParams.get('area')).toBe('350102');
      await screenshot(page, 'auth-district-user');

      const tickets = JSON.parse((await fetchFromPage(page, '/api/v1/tickets')).text) as {
        items: Ticket[];
      };
      expect(tickets.items.length).toBeGreaterThan(0);
      expect(new Set(tickets.items.map((t) => t.district))).toEqual(new Set(['350102']));
      const t = sim.clock.now();
      const other = await fetchFromPage(
        page,
        `/api/v1/signals/series?metric=congestion&level=street&area=350103&from=${t - 3_600_000}&to=${t}`,
      );
      expect(other.status).toBe(403);
      const foreign = (await upstreamTickets()).find((x) => x.district === '350103' && x.reporter)!;
      const unmask = await fetchFromPage(page, `/api/pii/tickets/${foreign.id}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ reason: '核实其他区的工单' }),
      });
      expect(unmask.status).toBe(403);

      // A link to another district shows theirs, and says so.
      await page.goto(url('/tickets?area=350103'));
      await waitForAppReady(page);
      await page.getByTestId('scope-notice').waitFor();
      expect(await page.getByTestId('scope-notice').textContent()).toContain('350103');
      expect(new URL(page.url()).searchParams.get('area')).toBe('350102');
      await screenshot(page, 'auth-district-link-elsewhere');
      expect(pageLog(page).pageErrors).toEqual([]);
    } catch (error) {
      await capture(expect.getState().currentTestName ?? 'test', [page]);
      throw error;
    } finally {
      await closePage(page);
    }
  });
});

describe('a wall device', { timeout: 240_000 }, () => {
  it('stays signed in across a simulated week, while a person’s session ends overnight', async () => {
    const { token } = enrolDevice(devicesFile, '指挥大厅 1 号屏', null, DAY);
    const wall = await newPage();
    const person = await newPage();
    const start = offset;
    try {
      await signInAt(person, '/', 'city');
      const personCookie = (await person.context().cookies(base))
        .map((c) => `${c.name}=${c.value}`)
        .join('; ');
      const cityLogins = () =>
        readAudit().filter(
          (e) => e.action === 'auth.login' && (e.who as { id: string }).id === 'city',
        ).length;
      const loginsBefore = cityLogins();
      await wall.goto(url(`/auth/device?token=${token}`));
      await wall.waitForURL(url('/'));
      await waitForAppReady(wall);
      await expect
        .poll(() => wall.getByTestId('session-user').getAttribute('data-kind'))
        .toBe('device');
      const config = JSON.parse((await fetchFromPage(wall, '/config.json')).text) as {
        display: { profile: string };
      };
      expect(config.display.profile).toBe('wall');
      expect(await wall.locator('[data-profile]').first().getAttribute('data-profile')).toBe(
        'wall',
      );
      await screenshot(wall, 'auth-wall-day-0');

      for (let half = 1; half <= 14; half += 1) {
        offset = start + (half * DAY) / 2;
        // What the page's minute check does: it keeps (and renews) the device's session.
        expect((await fetchFromPage(wall, '/api/session')).status, `day ${half / 2}`).toBe(200);
        expect((await fetchFromPage(wall, '/api/v1/signals')).status).toBe(200);
      }
      await wall.reload();
      await waitForAppReady(wall);
      expect(new URL(wall.url()).origin).toBe(new URL(base).origin);
      await expect
        .poll(() => wall.getByTestId('session-user').getAttribute('data-kind'))
        .toBe('device');
      // Every feed on the wall, tickets (without personal data) included.
      await expect
        .poll(() => wall.evaluate(() => document.body.innerText.includes('今日受理')), {
          timeout: 90_000,
        })
        .toBe(true);
      await screenshot(wall, 'auth-wall-day-7');
      const record = JSON.parse(readFileSync(devicesFile, 'utf8')) as {
        devices: { name: string; session: { issuedAt: number } }[];
      };
      expect(
        record.devices.find((d) => d.name === '指挥大厅 1 号屏')!.session.issuedAt,
      ).toBeGreaterThan(Date.now() + 6 * DAY);

      // The person's session ended the first night: the cookie they held is nobody now, and the
      // page had to go through the provider again (which, its own session alive, signed them in
      // anew: a new sign-in is recorded).
      const old = await fetch(url('/api/session'), { headers: { cookie: personCookie } });
      expect(old.status).toBe(401);
      await person.reload();
      await waitForAppReady(person);
      expect(cityLogins()).toBeGreaterThan(loginsBefore);
      expect(pageLog(wall).pageErrors).toEqual([]);
    } catch (error) {
      await capture('wall', [wall, person]);
      throw error;
    } finally {
      offset = start;
      await closePage(wall);
      await closePage(person);
    }
  });
});

describe('personal data on purpose', { timeout: 240_000 }, () => {
  it('unmasks one ticket with a reason, writes the audit entry, shows it for that ticket only', async () => {
    const tickets = (await upstreamTickets()).filter((t) => t.reporter?.idNumber);
    const [first, second] = tickets;
    const page = await newPage();
    try {
      await signInAt(page, `/tickets?select=tickets:${first!.id}`, 'privacy');
      await page.getByTestId('ticket-drawer').waitFor();
      const masked = await page.getByTestId('drawer-phone').textContent();
      expect(masked).toMatch(/\*/);
      expect(masked).not.toBe(first!.reporter!.phone);
      await page.getByTestId('unmask-open').click();
      await page.getByTestId('unmask-submit').click();
      await expect.poll(() => page.getByTestId('unmask-error').textContent()).toMatch(/5/);
      await page.getByTestId('unmask-reason').fill('回访市民核实诉求办理情况');
      await page.getByTestId('unmask-submit').click();
      await page.getByTestId('unmask-shown').waitFor();
      expect(await page.getByTestId('unmask-phone').textContent()).toBe(first!.reporter!.phone);
      expect(await page.getByTestId('unmask-name').textContent()).toBe(first!.reporter!.name);
      await screenshot(page, 'auth-unmasked');
      const entry = readAudit().findLast((e) => e.action === 'pii.view');
      expect(entry).toMatchObject({
        who: { kind: 'user', id: 'privacy', name: USERS.privacy.name },
        target: first!.id,
        reason: '回访市民核实诉求办理情况',
      });

      // Another ticket: masked again, and the first one's data is gone from the page.
      await page.goto(url(`/tickets?select=tickets:${second!.id}`));
      await waitForAppReady(page);
      await page.getByTestId('ticket-drawer').waitFor();
      await expect.poll(() => page.getByTestId('drawer-phone').textContent()).toMatch(/\*/);
      expect(await page.getByTestId('unmask-shown').count()).toBe(0);
      const text = await page.evaluate(() => document.body.innerText);
      expect(text).not.toContain(first!.reporter!.phone);
      expect(text).not.toContain(second!.reporter!.phone);
    } catch (error) {
      await capture(expect.getState().currentTestName ?? 'test', [page]);
      throw error;
    } finally {
      await closePage(page);
    }
  });

  it('gives a user without pii no way to unmask: no button, 403 from every URL', async () => {
    const target = (await upstreamTickets()).find((t) => t.reporter)!;
    const page = await newPage();
    const seen: string[] = [];
    page.context().on('response', (response) => {
      void response
        .text()
        .then((body) => seen.push(body))
        .catch(() => undefined);
    });
    try {
      await signInAt(page, `/tickets?select=tickets:${target.id}`, 'city');
      await page.getByTestId('ticket-drawer').waitFor();
      await expect.poll(() => page.getByTestId('drawer-phone').textContent()).toMatch(/\*/);
      expect(await page.getByTestId('unmask-open').count()).toBe(0);
      const post = (path: string) =>
        fetchFromPage(page, path, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ reason: '回访市民核实诉求办理情况' }),
        });
      for (const path of [
        `/api/pii/tickets/${target.id}`,
        `/api/pii/tickets/${encodeURIComponent(target.id)}?reason=x`,
        `/api/pii/tickets/${target.id.replace('T', '%54')}`,
      ])
        expect((await post(path)).status, path).toBe(403);
      for (const path of [`/api/pii/tickets/${target.id}/`, `/api/pii/tickets/`, '/api/pii/'])
        expect([400, 403, 404, 405], path).toContain((await post(path)).status);
      expect((await fetchFromPage(page, `/api/pii/tickets/${target.id}`)).status).toBe(405);
      for (const path of [`/api/v1/tickets/${target.id}`, '/api/v1/tickets?since=0']) {
        const answer = await fetchFromPage(page, path);
        expect(answer.text).not.toContain(target.reporter!.phone);
      }
      await page.waitForTimeout(2000);
      expect(seen.length).toBeGreaterThan(3);
      for (const body of seen) expect(body).not.toContain(target.reporter!.phone);
      await screenshot(page, 'auth-no-pii-drawer');
    } catch (error) {
      await capture(expect.getState().currentTestName ?? 'test', [page]);
      throw error;
    } finally {
      await closePage(page);
    }
  });
});
