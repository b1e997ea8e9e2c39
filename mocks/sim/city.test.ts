// @vitest-environment node
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FEED_NAMES, type FeedName } from '../../src/domain/common';
import { feedItemSchemas, type FeedItems } from '../../src/domain/feeds';
import { computeAqi } from '../../src/domain/aqi';
import { classifyWater } from '../../src/domain/water-quality';
import { noiseLimit } from '../../src/domain/noise';
import { createGeoIndex } from '../../src/geo/geo-index';
import { createCity } from './city';
import { HOUR, TZ_OFFSET, localHour } from './clock';
import { loadGeo } from './load-geo-node';

const geo = loadGeo();
const index = createGeoIndex(geo);
// Thursday 20 November 2025, 00:00 in Fuzhou.
const DAY0 = Date.UTC(2025, 10, 20) - TZ_OFFSET;
const city = createCity({ seed: 20251120, scale: 1, geo, hostileText: true });
const samples = Array.from({ length: 12 }, (_, i) => DAY0 + i * 2 * HOUR + 17 * 60_000);

const digest = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex');

type AnyItem = FeedItems[FeedName];
const snap = new Map<string, AnyItem[]>();
const snapshot = (feed: FeedName, t: number): AnyItem[] => {
  const key = `${feed}@${t}`;
  let items = snap.get(key);
  if (!items) {
    items = city.snapshot(feed, t);
    snap.set(key, items);
  }
  return items;
};

describe('determinism', () => {
  it('gives byte-identical snapshots for the same seed and t, in any query order', () => {
    const t = DAY0 + 10 * HOUR;
    const a = createCity({ seed: 99, scale: 1, geo });
    const b = createCity({ seed: 99, scale: 1, geo });
    // b is asked about a later time first: snapshots must not depend on call history.
    for (const feed of FEED_NAMES) b.snapshot(feed, t + 7 * HOUR);
    for (const feed of FEED_NAMES) {
      expect(digest(b.snapshot(feed, t)), feed).toBe(digest(a.snapshot(feed, t)));
    }
  });

  it('gives the same snapshot after walking forward through days (compacted caches) as fresh', () => {
    const walker = createCity({ seed: 5, scale: 1, geo });
    const steps = [0, 1, 6, 30, 80, 101].map((h) => DAY0 + h * HOUR);
    for (const t of steps) walker.snapshot('tickets', t);
    const last = steps[steps.length - 1] as number;
    const fresh = createCity({ seed: 5, scale: 1, geo });
    for (const feed of ['tickets', 'detections'] as const) {
      expect(digest(walker.snapshot(feed, last)), feed).toBe(digest(fresh.snapshot(feed, last)));
    }
    // And back again: an earlier t recomputes what compaction dropped.
    expect(digest(walker.snapshot('tickets', DAY0 + 2 * HOUR))).toBe(
      digest(fresh.snapshot('tickets', DAY0 + 2 * HOUR)),
    );
  });

  it('differs with another seed', () => {
    const t = DAY0 + 10 * HOUR;
    const a = createCity({ seed: 1, scale: 1, geo });
    const b = createCity({ seed: 2, scale: 1, geo });
    for (const feed of FEED_NAMES) {
      expect(digest(b.snapshot(feed, t)), feed).not.toBe(digest(a.snapshot(feed, t)));
    }
  });

  it('sorts every feed by id, ids unique', () => {
    for (const feed of FEED_NAMES) {
      const ids = snapshot(feed, samples[5] as number).map((x) => x.id);
      expect(ids.length).toBeGreaterThan(0);
      expect([...ids].sort()).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});

describe('every item of every feed', () => {
  it('validates against the domain schemas over a day', () => {
    for (const t of samples)
      for (const feed of FEED_NAMES) {
        const schema = feedItemSchemas[feed];
        const bad = snapshot(feed, t).filter((item) => !schema.safeParse(item).success);
        expect(bad.slice(0, 1), `${feed} at ${new Date(t).toISOString()}`).toEqual([]);
      }
  });

  it('lies inside the polygon of its district, with codes nested by prefix', () => {
    const checked = new Set<string>();
    const bad: string[] = [];
    for (const t of [samples[0], samples[6], samples[11]] as number[])
      for (const feed of FEED_NAMES)
        for (const item of snapshot(feed, t)) {
          if (!item.street.startsWith(item.district) || !item.community.startsWith(item.street))
            bad.push(`${item.id}: codes`);
          if (index.area(item.community)?.parent !== item.street) bad.push(`${item.id}: unknown`);
          const key = `${item.id}:${item.position.join(',')}`;
          if (checked.has(key)) continue;
          checked.add(key);
          if (index.districtAt(item.position) !== item.district) bad.push(`${item.id}: outside`);
        }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(checked.size).toBeGreaterThan(10_000);
  });

  it('counts per area add up to the parent area', () => {
    for (const feed of FEED_NAMES) {
      const items = snapshot(feed, samples[6] as number);
      const by = (level: 'district' | 'street' | 'community') => {
        const m = new Map<string, number>();
        for (const x of items) m.set(x[level], (m.get(x[level]) ?? 0) + 1);
        return m;
      };
      const districts = by('district');
      const streets = by('street');
      const communities = by('community');
      const sum = (m: Map<string, number>, parent: string) =>
        [...m].filter(([code]) => code.startsWith(parent)).reduce((s, [, n]) => s + n, 0);
      for (const [code, n] of districts) expect(sum(streets, code), code).toBe(n);
      for (const [code, n] of streets) expect(sum(communities, code), code).toBe(n);
      expect([...districts.values()].reduce((a, b) => a + b, 0)).toBe(items.length);
    }
  });
});

describe('sensors', () => {
  it('report AQI, water class and noise limits that match their values', () => {
    for (const t of [samples[1], samples[7]] as number[]) {
      const bad: string[] = [];
      for (const s of city.snapshot('sensors', t)) {
        if (s.kind === 'air') {
          const { aqi, primary } = computeAqi(s.values);
          if (s.aqi !== aqi || s.primary !== primary) bad.push(`${s.id}: aqi`);
        } else if (s.kind === 'water') {
          if (s.waterClass !== classifyWater(s.values).waterClass) bad.push(`${s.id}: class`);
        } else if (s.kind === 'noise') {
          if (s.limit !== noiseLimit(s.zone, localHour(s.observedAt))) bad.push(`${s.id}: limit`);
        }
        if (s.observedAt > t || s.observedAt <= t - 8 * HOUR) bad.push(`${s.id}: observedAt`);
      }
      expect(bad).toEqual([]);
    }
  });

  it('has 1–2 % offline, and all six kinds', () => {
    const items = city.snapshot('sensors', samples[4] as number);
    const kinds = new Set(items.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(['air', 'noise', 'slope', 'water', 'waterlogging']);
    const offline = items.filter((s) => s.status === 'offline').length / items.length;
    expect(offline).toBeLessThan(0.04);
  });
});

describe('volumes at ×1 (ranges and reasons in docs/simulation.md)', () => {
  it('stay in plausible ranges', () => {
    const noon = DAY0 + 12 * HOUR;
    const tickets = snapshot('tickets', noon) as FeedItems['tickets'][];
    const yesterday = tickets.filter(
      (x) => x.stages.reported >= DAY0 - 24 * HOUR && x.stages.reported < DAY0,
    );
    expect(yesterday.length).toBeGreaterThan(3000);
    expect(yesterday.length).toBeLessThan(5500);
    const signals = snapshot('signals', noon);
    expect(signals.length).toBeGreaterThanOrEqual(1100);
    expect(signals.length).toBeLessThanOrEqual(1300);
    const sensors = snapshot('sensors', noon);
    expect(sensors.length).toBeGreaterThanOrEqual(500);
    expect(sensors.length).toBeLessThanOrEqual(800);
    const detections = snapshot('detections', noon) as FeedItems['detections'][];
    const dYesterday = detections.filter((d) => d.observedAt < DAY0);
    expect(dYesterday.length).toBeGreaterThan(1800);
    expect(dYesterday.length).toBeLessThan(3500);
  });
});

// Another city's geography, with nothing of Fuzhou's tables matching it: every feed still comes
// out plausible, and never from Fuzhou.
describe('a second city (Zhangzhou, public/geo/zhangzhou)', () => {
  const zGeo = loadGeo('zhangzhou');
  const zIndex = createGeoIndex(zGeo);
  const zCodes = new Set(zIndex.districts.map((d) => d.code));
  const zCity = createCity({ seed: 20251120, scale: 1, geo: zGeo, incidentLoop: true });
  const times = [DAY0 + 3 * HOUR, DAY0 + 10 * HOUR + 17 * 60_000, DAY0 + 19 * HOUR];
  const at = new Map<string, AnyItem[]>();
  const zSnap = (feed: FeedName, t: number): AnyItem[] => {
    const key = `${feed}@${t}`;
    let items = at.get(key);
    if (!items) {
      items = zCity.snapshot(feed, t);
      at.set(key, items);
    }
    return items;
  };

  it('fills every feed with valid items in its own districts, inside their polygons', () => {
    const bad: string[] = [];
    for (const t of times)
      for (const feed of FEED_NAMES) {
        const items = zSnap(feed, t);
        expect(items.length, feed).toBeGreaterThan(0);
        const ids = items.map((x) => x.id);
        expect(new Set(ids).size, feed).toBe(ids.length);
        for (const item of items) {
          if (!feedItemSchemas[feed].safeParse(item).success) bad.push(`${item.id}: schema`);
          if (!zCodes.has(item.district)) bad.push(`${item.id}: district ${item.district}`);
          if (zIndex.area(item.community)?.parent !== item.street) bad.push(`${item.id}: codes`);
          if (zIndex.districtAt(item.position) !== item.district) bad.push(`${item.id}: outside`);
        }
      }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('keeps the volumes of docs/simulation.md, spread over its districts', () => {
    const noon = DAY0 + 12 * HOUR;
    const tickets = zCity.snapshot('tickets', noon);
    const yesterday = tickets.filter(
      (x) => x.stages.reported >= DAY0 - 24 * HOUR && x.stages.reported < DAY0,
    );
    expect(yesterday.length).toBeGreaterThan(3000);
    expect(yesterday.length).toBeLessThan(5500);
    // Every district has its citizens' tickets; the urban core has more than a quiet county.
    const per = new Map<string, number>();
    for (const x of yesterday) per.set(x.district, (per.get(x.district) ?? 0) + 1);
    expect([...per.keys()].sort()).toEqual([...zCodes].sort());
    expect(per.get('350602')!).toBeGreaterThan(per.get('350626')!); // 芗城区 > 东山县
    const signals = zCity.snapshot('signals', noon);
    expect(signals.length).toBeGreaterThanOrEqual(1100);
    expect(signals.length).toBeLessThanOrEqual(1300);
    expect(new Set(signals.map((s) => s.district)).size).toBeGreaterThanOrEqual(6);
    const sensors = zCity.snapshot('sensors', noon);
    expect(sensors.length).toBeGreaterThanOrEqual(500);
    expect(sensors.length).toBeLessThanOrEqual(800);
    expect(new Set(sensors.map((s) => s.kind)).size).toBe(5);
    const detections = zCity.snapshot('detections', noon);
    expect(detections.filter((d) => d.observedAt < DAY0).length).toBeGreaterThan(1800);
  });

  it('names its roads, rivers and places after its own geography, never Fuzhou’s', () => {
    const text = FEED_NAMES.map((feed) => JSON.stringify(zSnap(feed, times[1]!))).join('\n');
    const fuzhou = [
      '福州',
      '鼓楼',
      '台江',
      '仓山',
      '晋安',
      '马尾',
      '闽侯',
      '福清',
      '五四路',
      '白马河',
    ];
    expect(fuzhou.filter((name) => text.includes(name))).toEqual([]);
    // Junctions of roads named after the district and its towns (芗城东路与东铺头路交叉口 …),
    // hardly ever the same name twice.
    const names = (zSnap('signals', times[1]!) as FeedItems['signals'][]).map((s) => s.name);
    expect(new Set(names).size / names.length).toBeGreaterThan(0.95);
    expect(names.some((n) => n.includes('芗城'))).toBe(true);
    const water = (zSnap('sensors', times[1]!) as FeedItems['sensors'][]).filter(
      (s) => s.kind === 'water',
    );
    expect(water.some((s) => /内河|溪|排洪渠/.test(s.name))).toBe(true);
    const tickets = zSnap('tickets', times[1]!) as FeedItems['tickets'][];
    expect(tickets.every((x) => !x.address || x.address.startsWith('漳州市'))).toBe(true);
  });

  it('plays incidents in its districts, old codes included', () => {
    const start = DAY0 + 14 * HOUR;
    const city = createCity({ seed: 3, scale: 1, geo: zGeo });
    city.trigger({ kind: 'rainstorm', start, place: '350602' });
    // 龙海市's code before it became 龙海区 (the boundary file's alias).
    city.trigger({ kind: 'signal-faults', start, place: '350681' });
    expect(
      city
        .activeIncidents(start + HOUR)
        .map((i) => i.place)
        .sort(),
    ).toEqual(['350602', '350604']);
    const later = start + 2 * HOUR;
    const flooded = (city.snapshot('sensors', later) as FeedItems['sensors'][]).filter(
      (s) => s.kind === 'waterlogging' && s.district === '350602' && s.status !== 'normal',
    );
    expect(flooded.length).toBeGreaterThan(0);
    const faulty = (city.snapshot('signals', start + HOUR) as FeedItems['signals'][]).filter(
      (s) => s.district === '350604' && (s.mode === 'fault' || s.mode === 'offline'),
    );
    expect(faulty.length).toBeGreaterThan(3);
    expect(() => city.trigger({ kind: 'rainstorm', start, place: '350102' })).toThrow(RangeError);
  });
});
