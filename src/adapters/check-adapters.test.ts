import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@/config/config-schema';
import { checkAdapters } from './check-adapters';

type Json = Record<string, unknown>;

/** The shipped config with one feed replaced. */
function withFeed(feed: string, value: Json) {
  const raw = JSON.parse(
    readFileSync(new URL('../../public/config.json', import.meta.url), 'utf8'),
  ) as { feeds: Json };
  raw.feeds[feed] = { pollIntervalMs: 60_000, ...value };
  return parseConfig(raw);
}

function fieldOf(run: () => void): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).field;
  }
  throw new Error('accepted');
}

describe('checkAdapters', () => {
  it('accepts the shipped config and a standard adapter with valid options', () => {
    expect(() =>
      checkAdapters(withFeed('tickets', { adapter: 'native-rest', baseUrl: '/api/v1' })),
    ).not.toThrow();
    expect(() =>
      checkAdapters(
        withFeed('sensors', {
          adapter: 'ngsi-ld',
          baseUrl: '/broker/ngsi-ld/v1#type=AirQualityObserved',
          options: { limit: 500, format: 'keyValues', noiseZone: '1' },
        }),
      ),
    ).not.toThrow();
  });

  it('names the field of a wrong option at start-up, wherever it was written', () => {
    expect(
      fieldOf(() =>
        checkAdapters(
          withFeed('sensors', { adapter: 'ngsi-ld', baseUrl: '/b', options: { limit: 5000 } }),
        ),
      ),
    ).toBe('feeds.sensors.options.limit');
    expect(
      fieldOf(() =>
        checkAdapters(withFeed('sensors', { adapter: 'sensorthings', baseUrl: '/st#top=0' })),
      ),
    ).toBe('feeds.sensors.baseUrl');
    expect(
      fieldOf(() =>
        checkAdapters(
          withFeed('tickets', { adapter: 'open311', baseUrl: '/o', options: { __lookback: 3 } }),
        ),
      ),
    ).toBe('feeds.tickets.options.__lookback');
  });

  it('refuses options for an adapter that takes none, and an unknown kind', () => {
    expect(
      fieldOf(() =>
        checkAdapters(
          withFeed('tickets', { adapter: 'native-rest', baseUrl: '/api/v1', options: { a: 1 } }),
        ),
      ),
    ).toBe('feeds.tickets.options.a');
    for (const kind of ['constructor', 'toString', 'rest'])
      expect(
        fieldOf(() => checkAdapters(withFeed('tickets', { adapter: kind, baseUrl: '/api/v1' }))),
      ).toBe('feeds.tickets.adapter');
  });
});
