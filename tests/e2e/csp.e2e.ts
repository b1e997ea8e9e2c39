// The app under its Content-Security-Policy: the demo build (MSW's service worker included) as
// served by scripts/serve-static.mjs, and the production build behind the production server
// (src/server), which proxies the feeds to a sim server that wants a bearer token the browser
// never sees.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimServer, type SimServer } from '../../mocks/server/serve.ts';
import { startServer, type RunningServer } from '../../src/server/server.ts';
import {
  canvasPixelStats,
  closePage,
  createPage,
  expectClean,
  MAP_SELECTOR,
  pageLog,
  screenshot,
  waitForAppReady,
  waitForMap,
  watchFeedVersions,
} from './browser.ts';
import { distRoot, setupE2E } from './fixtures.ts';

const app = setupE2E();

interface Watched {
  page: Page;
  /** Every CSP violation seen: server reports, DOM events, console messages, DevTools issues. */
  violations(): Promise<string[]>;
}

/**
 * A page that records CSP violations from its very start: the reports its server received
 * (`reports`: the only view into workers and service workers), `securitypolicyviolation` events
 * (an init script, before any of the app's code), console messages about the policy and the
 * DevTools "issues" Chromium files for blocked content.
 */
async function openWatched(
  url: string,
  reports: () => string[],
  before?: (page: Page) => void,
): Promise<Watched> {
  const page = await createPage(app.browser, url);
  const reportsBefore = reports().length;
  before?.(page);
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(
        `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'} at ` +
          `${event.sourceFile}:${event.lineNumber} ${event.sample}`,
      );
    });
  });
  const issues: string[] = [];
  const cdp: CDPSession = await page.context().newCDPSession(page);
  cdp.on('Audits.issueAdded', ({ issue }) => {
    if (issue.code === 'ContentSecurityPolicyIssue') issues.push(JSON.stringify(issue.details));
  });
  await cdp.send('Audits.enable');
  const response = await page.goto(url, { waitUntil: 'load' });
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  return {
    page,
    async violations() {
      const events = await page.evaluate(
        () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
      );
      const consoled = pageLog(page)
        .console.filter((m) =>
          /Content.Security.Policy|unsafe-eval|unsafe-inline|Permissions-Policy/i.test(m.text),
        )
        .map((m) => `console.${m.type}: ${m.text} ${m.location}`);
      return [
        ...reports()
          .slice(reportsBefore)
          .map((r) => `report: ${r}`),
        ...events,
        ...consoled,
        ...issues,
      ];
    },
  };
}

/** Deck layers drawing something: `data-layer-counts` of the map host, by layer id. */
async function drawnLayers(page: Page): Promise<Record<string, number>> {
  const counts = await page.locator(MAP_SELECTOR).first().getAttribute('data-layer-counts');
  const parsed = JSON.parse(counts ?? '{}') as Record<string, number>;
  return Object.fromEntries(Object.entries(parsed).filter(([, n]) => n > 0));
}

describe('demo build under the Content-Security-Policy', () => {
  for (const path of ['/', '/tickets']) {
    it(`runs ${path} with no violation, data on the map`, async () => {
      const { page, violations } = await openWatched(app.url(path), () => app.server.cspReports());
      try {
        await waitForMap(page);
        await waitForAppReady(page);
        await expect.poll(() => drawnLayers(page), { timeout: 30_000 }).not.toEqual({});
        // The simulated feeds come through MSW's service worker, registered under the policy.
        expect(
          await page.evaluate(() =>
            navigator.serviceWorker.getRegistrations().then((r) => r.length),
          ),
        ).toBe(1);
        // Polls, chart redraws and the clock run a while: late violations count too.
        await page.waitForTimeout(3_000);
        const shot = await screenshot(page, `csp-demo${path === '/' ? '-home' : path}`);
        const box = await page.locator(MAP_SELECTOR).first().boundingBox();
        expect((await canvasPixelStats(shot, box ?? undefined)).distinctColors).toBeGreaterThan(8);
        expect(await violations()).toEqual([]);
        expectClean(page);
      } finally {
        await closePage(page);
      }
    });
  }
});

describe('production build behind the production server', () => {
  // The production build beside the demo build under test (dist/ beside dist-demo/).
  const dist = () => resolve(distRoot(), '../dist');
  const token = `sim-${randomBytes(18).toString('hex')}`;
  const tokenVar = 'E2E_SIM_TOKEN';
  const work = mkdtempSync(join(tmpdir(), 'city-brain-server-'));
  let sim: SimServer | undefined;
  let server: RunningServer | undefined;

  afterAll(async () => {
    await server?.close();
    await sim?.close();
    delete process.env[tokenVar];
    rmSync(work, { recursive: true, force: true });
  });

  it('shows live data through the proxy; the token reaches no response', async () => {
    if (!existsSync(join(dist(), 'index.html')))
      throw new Error('dist/ is missing: run `npm run build` first');
    sim = await startSimServer({ port: 0, seed: 7, speed: 120, requireToken: token });
    // Without the token the sim server refuses: the data on screen came through the proxy.
    expect((await fetch(`${sim.url}/tickets`)).status).toBe(401);

    const browserConfig = JSON.parse(
      readFileSync(new URL('../../public/config.json', import.meta.url), 'utf8'),
    ) as { feeds: Record<string, { baseUrl: string; pollIntervalMs: number }> };
    for (const feed of Object.values(browserConfig.feeds)) feed.pollIntervalMs = 2000;
    writeFileSync(join(work, 'config.json'), JSON.stringify(browserConfig));
    writeFileSync(
      join(work, 'server.json'),
      JSON.stringify({
        dist: dist(),
        browserConfig: 'config.json',
        routes: [
          {
            prefix: '/api/v1/',
            upstream: `${sim.url}/`,
            headers: { Authorization: `Bearer \${${tokenVar}}` },
          },
        ],
      }),
    );
    process.env[tokenVar] = token;
    const reports: string[] = [];
    server = await startServer({
      configPath: join(work, 'server.json'),
      port: 0,
      quiet: true,
      onCspReport: (summary) => reports.push(summary),
    });

    // Every response the page and its workers received: URL, headers and body.
    const seen: string[] = [];
    const { page, violations } = await openWatched(
      `${server.url}tickets`,
      () => reports,
      (blank) =>
        blank.context().on('response', (response) => {
          void response
            .allHeaders()
            .then(async (headers) => {
              const body = await response.body().catch(() => Buffer.alloc(0));
              seen.push(
                `${response.url()}\n${JSON.stringify(headers)}\n${body.toString('latin1')}`,
              );
            })
            .catch(() => undefined);
        }),
    );
    const polled = watchFeedVersions(page.context(), 'tickets');
    try {
      await waitForAppReady(page);
      const kpi = page.locator('[data-testid="kpi-today-value"]');
      await expect.poll(() => kpi.textContent(), { timeout: 30_000 }).toMatch(/^\d[\d,]*$/);
      // The sim clock runs at ×120: the source changes between polls and the page takes it
      // through the proxy (the KPI of today may not move at night: the simulated tickets are
      // ahead of the page's real clock).
      await expect.poll(() => new Set(polled).size, { timeout: 60_000 }).toBeGreaterThan(1);
      await expect
        .poll(() =>
          page.locator('[data-testid="freshness-tickets"]').first().getAttribute('data-state'),
        )
        .toBe('live');
      await screenshot(page, 'csp-production-proxy');

      expect(await violations()).toEqual([]);
      expectClean(page);
      expect(seen.length).toBeGreaterThan(5);
      expect(seen.some((entry) => entry.includes('/api/v1/tickets'))).toBe(true);
      for (const entry of seen) expect(entry).not.toContain(token);
      const config = await page.evaluate(() => fetch('/config.json').then((r) => r.text()));
      expect(config).not.toContain(token);
      expect(config).not.toMatch(/auth|Bearer/i);
    } finally {
      await closePage(page);
    }
  });
});

describe('the violation watch', () => {
  it('sees a violation inside a worker, which only the reports show', async () => {
    app.setOverride('/probe-worker.js', {
      body: "try { new Function(''); postMessage('allowed') } catch { postMessage('blocked') }",
      type: 'text/javascript',
    });
    const { page, violations } = await openWatched(app.url('/'), () => app.server.cspReports());
    try {
      const answer = await page.evaluate(
        () =>
          new Promise((done) => {
            new Worker('/probe-worker.js').onmessage = (event) => done(event.data);
          }),
      );
      expect(answer).toBe('blocked');
      await expect
        .poll(async () => (await violations()).join('\n'))
        .toMatch(/report: script-src blocked eval in \S+\/probe-worker\.js/);
    } finally {
      await closePage(page);
    }
  });
});
