// Test support for the adapters of open standards: a recorded fake server and a test city.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AdapterEnv } from '../feed-adapter';
import type { AreaCodes, PlaceFn } from './placement';

/** A fixture of tests/fixtures/standards, as text. */
export const standardFixture = (path: string): string =>
  readFileSync(resolve(import.meta.dirname, '../../../tests/fixtures/standards', path), 'utf8');

export const TEST_CODES: AreaCodes = {
  district: '350102',
  street: '350102001',
  community: '350102001001',
};

/**
 * Places points inside the given boxes (`[minLng, minLat, maxLng, maxLat]`) in one test area:
 * the fixtures come from Madrid, San Francisco, Vitoria and Valladolid.
 */
export const boxPlacer =
  (...boxes: [number, number, number, number][]): PlaceFn =>
  ([lng, lat]) =>
    boxes.some(([x0, y0, x1, y1]) => lng >= x0 && lng <= x1 && lat >= y0 && lat <= y1)
      ? TEST_CODES
      : null;

/** Spain and the Bay Area. */
export const FIXTURE_PLACER = boxPlacer([-10, 35, 4, 44], [-123, 37, -121.5, 38.5]);

export type Responder = (url: URL) => Response | Promise<Response>;

/** A fetch that answers with `respond` and records the URLs asked for. */
export function fakeSource(respond: Responder, extra: Partial<AdapterEnv> = {}) {
  const urls: URL[] = [];
  const env: AdapterEnv = {
    origin: 'http://app.test',
    place: FIXTURE_PLACER,
    timeZone: 'Asia/Shanghai',
    ...extra,
    fetch: (async (input: RequestInfo | URL) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      urls.push(url);
      return respond(url);
    }) as typeof fetch,
  };
  return { env, urls };
}

export const jsonResponse = (body: unknown, init: ResponseInit = {}): Response =>
  new Response(JSON.stringify(body), {
    status: 200,
    ...init,
    headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });

export const signal = (): AbortSignal => new AbortController().signal;
