import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-schema';
import { CONFIG_FILE, loadConfig } from './load-config';

const shipped = readFileSync(new URL('../../public/config.json', import.meta.url), 'utf8');

/** A fetch that answers every request with `respond()` and records the requested URLs. */
function fakeFetch(respond: () => Response | Promise<Response>) {
  const urls: string[] = [];
  const impl = (async (input: RequestInfo | URL) => {
    urls.push(String(input));
    return respond();
  }) as typeof fetch;
  return { impl, urls };
}

async function rejection(promise: Promise<unknown>): Promise<ConfigError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('loadConfig resolved');
}

describe('loadConfig', () => {
  it('fetches config.json next to index.html and validates it', async () => {
    const { impl, urls } = fakeFetch(
      () => new Response(shipped, { headers: { 'Content-Type': 'application/json' } }),
    );
    const config = await loadConfig(impl);
    expect(urls).toEqual([`${import.meta.env.BASE_URL}${CONFIG_FILE}`]);
    expect(config.city.code).toBe('350100');
    expect(config.feeds.tickets?.freshness.staleAfterMs).toBe(15_000);
  });

  it('reports an HTTP error as a file problem', async () => {
    const { impl } = fakeFetch(() => new Response('not found', { status: 404 }));
    const error = await rejection(loadConfig(impl));
    expect(error.file).toBe('config.json');
    expect(error.field).toBe('(file)');
    expect(error.detail).toBe('HTTP 404');
  });

  it('reports a body that is not JSON as a file problem', async () => {
    const { impl } = fakeFetch(() => new Response('<!doctype html><title>SPA</title>'));
    const error = await rejection(loadConfig(impl));
    expect(error.field).toBe('(file)');
    expect(error.detail).toBe('is not valid JSON');
  });

  it('reports a network failure as a file problem', async () => {
    const { impl } = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = await rejection(loadConfig(impl));
    expect(error.field).toBe('(file)');
    expect(error.detail).toMatch(/could not be loaded: TypeError: Failed to fetch/);
  });

  it('names the offending field of a readable but invalid config', async () => {
    const raw = JSON.parse(shipped) as { language: string };
    raw.language = 'de';
    const { impl } = fakeFetch(() => new Response(JSON.stringify(raw)));
    const error = await rejection(loadConfig(impl));
    expect(error.file).toBe('config.json');
    expect(error.field).toBe('language');
  });
});
