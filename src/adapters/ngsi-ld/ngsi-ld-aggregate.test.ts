// A broker asked for counts per area (a city past its entity budget): `count=true&limit=0` with a
// geo-query on each area's ring, so the counting runs where the data is; one area read alone with
// the same geo-query, and what lies past its own codes left out.
import { describe, expect, it } from 'vitest';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { polygon, point } from '@turf/helpers';
import { loadGeo } from '../../../mocks/sim/load-geo-node';
import type { FeedConfig } from '@/config/config-schema';
import { createGeoIndex } from '@/geo/geo-index';
import { createAreaShapes } from '../common/area-shapes';
import { createPlacer } from '../common/placement';
import { fakeSource, jsonResponse, signal } from '../common/testing';
import { createNgsiLdAdapter } from './ngsi-ld-adapter';

const geo = createGeoIndex(loadGeo());
const areas = createAreaShapes(geo);
const config = (fragment = ''): FeedConfig => ({
  adapter: 'ngsi-ld',
  baseUrl: `https://broker.test/ngsi-ld/v1${fragment}`,
  pollIntervalMs: 60_000,
  freshness: { ageingAfterMs: 90_000, staleAfterMs: 180_000, downAfterMs: 600_000 },
});

/** Air stations at each district's label point and a few around it, keyValues. */
const stations = geo.districts.flatMap((d, i) =>
  [0, 1, 2].slice(0, 1 + (i % 3)).map((k) => ({
    id: `urn:ngsi-ld:AirQualityObserved:${d.code}-${k}`,
    type: 'AirQualityObserved',
    dateObserved: '2026-12-03T07:00:00Z',
    location: { type: 'Point', coordinates: [d.anchor[0] + k * 0.001, d.anchor[1]] },
    pm25: 30,
  })),
);

/** A broker that answers entities and counts, applying `georel=within` on a Polygon. */
function broker() {
  return fakeSource(
    (url) => {
      const p = url.searchParams;
      let hits = stations;
      if (p.get('georel') === 'within' && p.get('geometry') === 'Polygon') {
        const ring = polygon(JSON.parse(p.get('coordinates')!) as number[][][]);
        hits = hits.filter((s) => booleanPointInPolygon(point(s.location.coordinates), ring));
      }
      const limit = Number(p.get('limit'));
      const headers = { 'NGSILD-Results-Count': String(hits.length) };
      return jsonResponse(limit === 0 ? [] : hits.slice(0, limit), { headers });
    },
    { areas, place: createPlacer(geo) },
  );
}

describe('ngsi-ld counts per area', () => {
  it('counts the city and each district at the broker, with limit=0 and a geo-query each', async () => {
    const { env, urls } = broker();
    const adapter = createNgsiLdAdapter(config('#format=keyValues'), env);
    const counts = await adapter.aggregate!(
      'sensors',
      { within: null, level: 'district', profile: 'desktop' },
      { signal: signal() },
    );
    expect(counts).toMatchObject({ within: null, level: 'district', total: stations.length });
    const expected = new Map<string, number>();
    for (const s of stations) {
      const code = s.id.split(':').pop()!.split('-')[0]!;
      expected.set(code, (expected.get(code) ?? 0) + 1);
    }
    expect(new Map(counts!.groups.map((g) => [g.key, g.count]))).toEqual(expected);
    expect(urls).toHaveLength(1 + geo.districts.length);
    for (const url of urls) {
      expect(url.searchParams.get('count')).toBe('true');
      expect(url.searchParams.get('limit')).toBe('0');
    }
    expect(urls[0]!.searchParams.has('georel')).toBe(false);
    for (const url of urls.slice(1)) {
      expect(url.searchParams.get('georel')).toBe('within');
      const ring = JSON.parse(url.searchParams.get('coordinates')!) as number[][][];
      // A simplified boundary: a geo-query that fits in a URL.
      expect(ring[0]!.length).toBeLessThanOrEqual(81);
      expect(url.href.length).toBeLessThan(8000);
    }
  });

  it('reads one district alone with the same geo-query, keeping only what its codes say is in it', async () => {
    const { env, urls } = broker();
    const adapter = createNgsiLdAdapter(config('#format=keyValues'), env);
    const district = geo.districts[0]!.code;
    const result = await adapter.fetch(
      { feed: 'sensors', profile: 'desktop', area: district },
      { signal: signal(), since: null },
    );
    if (result.kind !== 'snapshot') throw new Error('expected a snapshot');
    expect(urls[0]!.searchParams.get('georel')).toBe('within');
    expect(result.items.length).toBeGreaterThan(0);
    for (const item of result.items) expect(item.district).toBe(district);
  });

  it('offers no counts when the feed options hold their own geo-query, or the city is unknown', async () => {
    const own = createNgsiLdAdapter(
      config('#georel=near%3BmaxDistance%3D2000&geometry=Point&coordinates=%5B119.3%2C26.08%5D'),
      broker().env,
    );
    const query = { within: null, level: 'district' as const, profile: 'desktop' as const };
    expect(await own.aggregate!('sensors', query, { signal: signal() })).toBeNull();
    const { env } = fakeSource(() => jsonResponse([]));
    const blind = createNgsiLdAdapter(config(), env);
    expect(await blind.aggregate!('sensors', query, { signal: signal() })).toBeNull();
  });

  it('names a broker that sends no count', async () => {
    const { env } = fakeSource(() => jsonResponse([]), { areas });
    const adapter = createNgsiLdAdapter(config(), env);
    await expect(
      adapter.aggregate!(
        'sensors',
        { within: null, level: 'district', profile: 'desktop' },
        { signal: signal() },
      ),
    ).rejects.toMatchObject({ reason: 'contract' });
  });
});
