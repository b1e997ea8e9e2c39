import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, parseScenarioSettings } from './config-schema';

const publicConfig = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('../../public/config.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

type Json = Record<string, unknown>;
const at = (obj: Json, key: string): Json => obj[key] as Json;

/** Runs parseConfig on a mutated copy of the shipped config and returns the ConfigError it throws. */
function errorFor(mutate: (config: Json) => unknown): ConfigError {
  const config = publicConfig();
  const replaced = mutate(config);
  try {
    parseConfig(replaced === undefined ? config : replaced, 'test.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('parseConfig accepted an invalid config');
}

describe('parseConfig', () => {
  it('accepts the shipped public/config.json as it is', () => {
    const raw = publicConfig();
    const config = parseConfig(raw);
    expect(config.city.code).toBe('350100');
    expect(config.city.map.minZoom).toBe(6);
    expect(config.language).toBe('zh-CN');
    expect(config.display.profile).toBe('desktop');
    expect(Object.keys(config.feeds).sort()).toEqual(
      ['detections', 'sensors', 'signals', 'tickets'].sort(),
    );
  });

  it('derives freshness thresholds from each feed’s poll interval', () => {
    const config = parseConfig(publicConfig());
    for (const feed of Object.values(config.feeds)) {
      const poll = feed.pollIntervalMs;
      expect(feed.freshness).toEqual({
        ageingAfterMs: Math.round(poll * 1.5),
        staleAfterMs: poll * 3,
        downAfterMs: poll * 10,
      });
    }
    expect(config.feeds.tickets?.freshness).toEqual({
      ageingAfterMs: 7_500,
      staleAfterMs: 15_000,
      downAfterMs: 50_000,
    });
    expect(config.feeds.sensors?.freshness.downAfterMs).toBe(100_000);
  });

  it('keeps explicit freshness thresholds', () => {
    const raw = publicConfig();
    const freshness = { ageingAfterMs: 1_000, staleAfterMs: 2_000, downAfterMs: 3_000 };
    at(at(raw, 'feeds'), 'tickets').freshness = freshness;
    expect(parseConfig(raw).feeds.tickets?.freshness).toEqual(freshness);
  });

  it('fills language, display profile and zoom limits when absent', () => {
    const raw = publicConfig();
    delete raw.language;
    delete raw.display;
    const map = at(at(raw, 'city'), 'map');
    delete map.minZoom;
    delete map.maxZoom;
    const config = parseConfig(raw);
    expect(config.language).toBe('zh-CN');
    expect(config.display).toEqual({ profile: 'desktop' });
    expect(config.city.map.minZoom).toBe(5);
    expect(config.city.map.maxZoom).toBe(18);
  });

  it('fills the profile of an empty display object and accepts wall and en', () => {
    const raw = publicConfig();
    raw.display = {};
    expect(parseConfig(raw).display.profile).toBe('desktop');
    raw.display = { profile: 'wall' };
    raw.language = 'en';
    const config = parseConfig(raw);
    expect(config.display.profile).toBe('wall');
    expect(config.language).toBe('en');
  });

  it('accepts a subset of feeds, a plain string city name and http base URLs', () => {
    const raw = publicConfig();
    at(raw, 'city').name = '福州市';
    raw.feeds = {
      tickets: {
        adapter: 'native-rest',
        baseUrl: 'https://city.example/api/',
        pollIntervalMs: 500,
      },
    };
    const config = parseConfig(raw);
    expect(config.city.name).toBe('福州市');
    expect(Object.keys(config.feeds)).toEqual(['tickets']);
    expect(config.feeds.tickets?.freshness.ageingAfterMs).toBe(750);
  });

  it('names the missing city code', () => {
    const error = errorFor((c) => {
      delete at(c, 'city').code;
    });
    expect(error.field).toBe('city.code');
    expect(error.file).toBe('test.json');
    expect(error.message).toMatch(/^test\.json: city\.code: /);
  });

  it.each(['3501', '35010A', '3501000', 350100])('rejects the city code %j', (code) => {
    const error = errorFor((c) => {
      at(c, 'city').code = code;
    });
    expect(error.field).toBe('city.code');
    if (typeof code === 'string') expect(error.detail).toBe('must be a 6-digit division code');
  });

  it.each([499, 3_600_001, 1000.5, '5000'])('rejects a poll interval of %j', (poll) => {
    const error = errorFor((c) => {
      at(at(c, 'feeds'), 'tickets').pollIntervalMs = poll;
    });
    expect(error.field).toBe('feeds.tickets.pollIntervalMs');
  });

  it('accepts the poll interval bounds', () => {
    for (const poll of [500, 3_600_000]) {
      const raw = publicConfig();
      at(at(raw, 'feeds'), 'tickets').pollIntervalMs = poll;
      expect(parseConfig(raw).feeds.tickets?.pollIntervalMs).toBe(poll);
    }
  });

  it.each(['api/v1', 'ftp://city.example/api', 'httpx://a', ''])(
    'rejects the base URL %j',
    (baseUrl) => {
      const error = errorFor((c) => {
        at(at(c, 'feeds'), 'signals').baseUrl = baseUrl;
      });
      expect(error.field).toBe('feeds.signals.baseUrl');
    },
  );

  it.each([
    [{ ageingAfterMs: 2_000, staleAfterMs: 1_000, downAfterMs: 3_000 }],
    [{ ageingAfterMs: 1_000, staleAfterMs: 3_000, downAfterMs: 3_000 }],
    [{ ageingAfterMs: 1_000, staleAfterMs: 1_000, downAfterMs: 3_000 }],
  ])('rejects out-of-order freshness thresholds %j', (freshness) => {
    const error = errorFor((c) => {
      at(at(c, 'feeds'), 'tickets').freshness = freshness;
    });
    expect(error.field).toBe('feeds.tickets.freshness');
    expect(error.detail).toMatch(/ageingAfterMs < staleAfterMs < downAfterMs/);
  });

  it('names a non-positive freshness threshold', () => {
    const error = errorFor((c) => {
      at(at(c, 'feeds'), 'tickets').freshness = {
        ageingAfterMs: 0,
        staleAfterMs: 1_000,
        downAfterMs: 3_000,
      };
    });
    expect(error.field).toBe('feeds.tickets.freshness.ageingAfterMs');
  });

  it('rejects an unknown feed name', () => {
    const error = errorFor((c) => {
      at(c, 'feeds').parking = {
        adapter: 'native-rest',
        baseUrl: '/api/v1',
        pollIntervalMs: 5_000,
      };
    });
    // zod reports an unrecognised record key on the record itself; the key is in the detail.
    expect(error.field).toMatch(/^feeds(\.parking)?$/);
    expect(`${error.field} ${error.detail}`).toContain('parking');
  });

  it('refuses credentials in config.json, which every browser can read', () => {
    const error = errorFor((c) => {
      at(at(c, 'feeds'), 'tickets').auth = { header: 'Authorization', value: 'Bearer x' };
    });
    expect(error.field).toBe('feeds.tickets.auth');
    expect(error.detail).toMatch(/docs\/deploy\.md/);
  });

  it('takes the city’s time zone, Asia/Shanghai by default, and refuses an unknown one', () => {
    expect(parseConfig(publicConfig()).city.timeZone).toBe('Asia/Shanghai');
    const raw = publicConfig();
    at(raw, 'city').timeZone = 'America/Chicago';
    expect(parseConfig(raw).city.timeZone).toBe('America/Chicago');
    const error = errorFor((c) => {
      at(c, 'city').timeZone = 'Mars/Olympus';
    });
    expect(error.field).toBe('city.timeZone');
  });

  it('takes the delta form per feed, absent by default', () => {
    const raw = publicConfig();
    at(at(raw, 'feeds'), 'sensors').delta = 'items';
    at(at(raw, 'feeds'), 'signals').delta = 'columns';
    const config = parseConfig(raw);
    expect(config.feeds.sensors?.delta).toBe('items');
    expect(config.feeds.signals?.delta).toBe('columns');
    expect(config.feeds.tickets?.delta).toBeUndefined();
    const error = errorFor((c) => {
      at(at(c, 'feeds'), 'sensors').delta = 'patch';
    });
    expect(error.field).toBe('feeds.sensors.delta');
  });

  it('rejects an unknown language', () => {
    const error = errorFor((c) => {
      c.language = 'fr';
    });
    expect(error.field).toBe('language');
  });

  it('rejects an unknown display profile', () => {
    const error = errorFor((c) => {
      c.display = { profile: 'kiosk' };
    });
    expect(error.field).toBe('display.profile');
  });

  it('names the map centre coordinate that is out of range', () => {
    const error = errorFor((c) => {
      at(at(c, 'city'), 'map').center = [119.35, 260];
    });
    expect(error.field).toBe('city.map.center.1');
  });

  it.each([null, 'config', 42, [1, 2]])('rejects a root of %j with field (root)', (root) => {
    const error = errorFor(() => root);
    expect(error.field).toBe('(root)');
    expect(error.name).toBe('ConfigError');
  });

  it('uses config.json as the default file name', () => {
    expect(() => parseConfig({})).toThrow(/^config\.json: city: /);
  });
});

describe('a scenario’s settings', () => {
  it('are validated by the scenario’s schema, naming the field under scenarios.<id>', async () => {
    const z = await import('zod/mini');
    const schema = z.object({
      aqi: z._default(z.object({ edition: z._default(z.enum(['A', 'B']), 'A') }), { edition: 'A' }),
    });
    expect(parseScenarioSettings('environment', schema, undefined)).toEqual({
      aqi: { edition: 'A' },
    });
    expect(parseScenarioSettings('environment', schema, { aqi: { edition: 'B' } })).toEqual({
      aqi: { edition: 'B' },
    });
    let error: unknown;
    try {
      parseScenarioSettings('environment', schema, { aqi: { edition: 'C' } });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ field: 'scenarios.environment.aqi.edition' });
  });
});
