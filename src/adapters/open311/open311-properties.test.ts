import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FeedConfig } from '@/config/config-schema';
import { ticketSchema } from '@/domain/ticket';
import { FeedFetchError } from '../feed-adapter';
import { fakeSource, jsonResponse, signal } from '../common/testing';
import { createOpen311Adapter } from './open311-adapter';

const config = (fragment: string): FeedConfig => ({
  adapter: 'open311',
  baseUrl: `https://311.test/v2${fragment}`,
  pollIntervalMs: 60_000,
  freshness: { ageingAfterMs: 90_000, staleAfterMs: 180_000, downAfterMs: 600_000 },
});

const hostile = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    '\u202Eevil',
    '<script>alert(1)</script>',
    '2010-04-15T06:37:38-08:00Z',
    '1e309',
    '-0',
  ),
);

const request = fc.record(
  {
    service_request_id: fc.oneof(hostile, fc.integer()),
    status: fc.oneof(fc.constantFrom('open', 'closed', 'OPEN '), hostile),
    service_code: hostile,
    service_name: hostile,
    description: fc.oneof(hostile, fc.string({ maxLength: 3000 })),
    agency_responsible: hostile,
    requested_datetime: fc.oneof(fc.constant('2026-03-01T08:00:00+08:00'), hostile),
    expected_datetime: fc.oneof(fc.constant('2026-03-02T08:00:00Z'), hostile),
    lat: fc.oneof(fc.double(), fc.constant(40.4), hostile),
    long: fc.oneof(fc.double(), fc.constant(-3.7), hostile),
    email: hostile,
  },
  { requiredKeys: [] },
);

const outcome = async (fragment: string, body: () => Response) => {
  const source = fakeSource(body);
  const adapter = createOpen311Adapter(config(fragment), source.env);
  try {
    return await adapter.fetch(
      { feed: 'tickets', profile: 'desktop' },
      { signal: signal(), since: null },
    );
  } catch (e) {
    expect(e).toBeInstanceOf(FeedFetchError);
    return null;
  }
};

describe('open311 on arbitrary payloads', () => {
  it('never throws on arbitrary JSON records, and keeps only valid tickets', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(request, fc.jsonValue()), { maxLength: 8 }),
        async (body) => {
          const result = await outcome('#lookbackDays=1', () => jsonResponse(body));
          expect(result).not.toBeNull();
          if (result?.kind !== 'snapshot') return;
          for (const item of result.items) expect(ticketSchema.safeParse(item).success).toBe(true);
          // Requests repeated under one id count once.
          expect(result.items.length + result.dropped.length).toBeLessThanOrEqual(body.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fails a poll on an arbitrary body only with a FeedFetchError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.string()), fc.boolean(), async (body, xml) => {
        await outcome(`#lookbackDays=1&format=${xml ? 'xml' : 'json'}`, () =>
          typeof body === 'string' ? new Response(body) : jsonResponse(body),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('reads XML with hostile text as text', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (text) => {
        const escaped = text
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
          .replace(/>/g, '&gt;')
          .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu, '');
        const xml = `<service_requests><request><service_request_id>r1</service_request_id><status>open</status><service_code>c1</service_code><service_name>${escaped}</service_name><requested_datetime>2026-03-01T08:00:00Z</requested_datetime><lat>40.4</lat><long>-3.7</long></request></service_requests>`;
        const result = await outcome('#lookbackDays=1&format=xml', () => new Response(xml));
        expect(result?.kind).toBe('snapshot');
        if (result?.kind !== 'snapshot') return;
        expect(result.items.length + result.dropped.length).toBe(1);
      }),
      { numRuns: 200 },
    );
  });
});
