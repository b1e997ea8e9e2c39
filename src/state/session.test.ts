// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';

/** A fresh copy of the session and URL modules (both keep module state) at `path`. */
async function load(path: string) {
  vi.resetModules();
  window.history.replaceState(null, '', path);
  const session = await import('./session');
  const url = await import('./url-state');
  return { ...session, ...url };
}

const answer = (status: number, body: unknown, type = 'application/json') =>
  vi.fn(
    async () =>
      new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'Content-Type': type },
      }),
  );

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the session at start', () => {
  it('is open in the demo without asking anyone', async () => {
    const fetch = answer(200, {});
    vi.stubGlobal('fetch', fetch);
    const { startSession, getSession } = await load('/');
    expect(await startSession(true)).toBe('start');
    expect(fetch).not.toHaveBeenCalled();
    expect(getSession()).toEqual({ mode: 'open' });
  });

  it('is open behind a server without the endpoint (index.html, 404) or one in open mode', async () => {
    for (const fetch of [
      answer(200, '<!doctype html>', 'text/html'),
      answer(404, '{"error":"not_found"}', 'text/plain'),
      answer(200, { mode: 'open' }),
    ]) {
      vi.stubGlobal('fetch', fetch);
      const { startSession, getSession } = await load('/tickets');
      expect(await startSession(false)).toBe('start');
      expect(getSession()).toEqual({ mode: 'open' });
    }
  });

  it('sends the browser to the sign-in, coming back to the same page', async () => {
    vi.stubGlobal('fetch', answer(401, { mode: 'oidc', signedIn: false, loginUrl: '/auth/login' }));
    const replace = vi.fn();
    vi.stubGlobal('location', {
      ...window.location,
      pathname: '/tickets',
      search: '?area=350102',
      replace,
    });
    const { startSession } = await load('/tickets?area=350102');
    expect(await startSession(false)).toBe('away');
    expect(replace).toHaveBeenCalledWith('/auth/login?return=%2Ftickets%3Farea%3D350102');
  });

  it('starts a district user in their district; another area becomes theirs with a notice', async () => {
    vi.useFakeTimers();
    const user = {
      mode: 'oidc',
      signedIn: true,
      kind: 'user',
      name: '林芳',
      roles: ['district:350102'],
      areas: ['350102'],
      readOnly: false,
      canUnmask: false,
      canAudit: false,
      logoutUrl: '/auth/logout',
    };
    vi.stubGlobal('fetch', answer(200, user));
    let loaded = await load('/tickets');
    expect(await loaded.startSession(false)).toBe('start');
    expect(loaded.getUrlState().area).toBe('350102');
    expect(loaded.useAreaScope()).toEqual(['350102']);
    // Up from the district, or to another one: stays in the district.
    loaded.urlActions.areaSelected(null);
    expect(loaded.getUrlState().area).toBe('350102');
    loaded.urlActions.areaSelected('350103');
    expect(loaded.getUrlState().area).toBe('350102');
    loaded.urlActions.areaSelected('350102001');
    expect(loaded.getUrlState().area).toBe('350102001');

    loaded = await load('/tickets?area=350103001&select=tickets:T-1');
    await loaded.startSession(false);
    expect(loaded.getUrlState()).toMatchObject({ area: '350102', selected: null });
    expect(window.location.search).toBe('?area=350102');
  });

  it('a user without a role for the dashboard gets no app', async () => {
    vi.stubGlobal(
      'fetch',
      answer(200, {
        mode: 'oidc',
        signedIn: true,
        kind: 'user',
        name: '访客',
        roles: [],
        areas: [],
      }),
    );
    const { startSession } = await load('/');
    expect(await startSession(false)).toBe('no-access');
  });
});
