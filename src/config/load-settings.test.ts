import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-schema';
import { createSettingsLoader, loadScenarioSettings } from './load-settings';
import type { SettingsLoader } from '@/state/scenario';

function fakeFetch(files: Record<string, string>) {
  const urls: string[] = [];
  const impl = (async (input: RequestInfo | URL) => {
    const url = String(input);
    urls.push(url);
    const body = files[url];
    return body === undefined ? new Response('no', { status: 404 }) : new Response(body);
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
  throw new Error('resolved');
}

describe('createSettingsLoader', () => {
  it('fetches a path on this origin next to index.html, with or without a leading slash', async () => {
    const { impl, urls } = fakeFetch({ '/app/catalogs/a.json': '{"x":1}' });
    const loader = createSettingsLoader(impl, '/app/');
    await expect(loader.json('catalogs/a.json', 'scenarios.t.catalog')).resolves.toEqual({ x: 1 });
    await expect(loader.json('/catalogs/a.json', 'scenarios.t.catalog')).resolves.toEqual({ x: 1 });
    expect(urls).toEqual(['/app/catalogs/a.json', '/app/catalogs/a.json']);
  });

  it('names the config field when the file is missing, and the file when it is not JSON', async () => {
    const { impl } = fakeFetch({ '/bad.json': '{ nope' });
    const loader = createSettingsLoader(impl, '/');
    const missing = await rejection(loader.json('missing.json', 'scenarios.t.catalog'));
    expect([missing.file, missing.field]).toEqual(['config.json', 'scenarios.t.catalog']);
    expect(missing.detail).toMatch(/missing\.json: HTTP 404/);
    const bad = await rejection(loader.json('bad.json', 'scenarios.t.catalog'));
    expect([bad.file, bad.field]).toEqual(['bad.json', '(file)']);
  });

  it('refuses another origin', async () => {
    const { impl, urls } = fakeFetch({});
    const loader = createSettingsLoader(impl, '/');
    for (const path of ['https://evil.example/a.json', '//evil.example/a.json', 'data:,{}']) {
      const error = await rejection(loader.json(path, 'scenarios.t.catalog'));
      expect(error.field).toBe('scenarios.t.catalog');
    }
    expect(urls).toEqual([]);
  });
});

describe('loadScenarioSettings', () => {
  const loader: SettingsLoader = { json: async (path) => ({ path }) };

  it('runs every parser, synchronous or not, and keys the results by scenario id', async () => {
    const settings = await loadScenarioSettings(
      [
        { id: 'a', settings: (raw) => ({ sync: raw }) },
        { id: 'b', settings: async (raw, load) => ({ file: await load.json(String(raw), 'f') }) },
        { id: 'c' },
      ],
      { a: 1, b: 'x.json' },
      loader,
    );
    expect([...settings]).toEqual([
      ['a', { sync: 1 }],
      ['b', { file: { path: 'x.json' } }],
    ]);
  });

  it('rejects with the parser’s ConfigError', async () => {
    const error = new ConfigError('config.json', 'scenarios.b.x', 'wrong');
    await expect(
      loadScenarioSettings(
        [
          { id: 'a', settings: () => 1 },
          {
            id: 'b',
            settings: async () => {
              throw error;
            },
          },
        ],
        {},
        loader,
      ),
    ).rejects.toBe(error);
  });
});
