// @vitest-environment node
import { latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { FUZHOU_DETECTION_TYPES } from '../../src/domain/detection';
import { DETECTION_CATEGORY } from './catalog';
import { createCity } from './city';
import { DAY, HOUR, TZ_OFFSET } from './clock';
import { createCameraStatus } from './detection-cameras';
import { createDetectionWorld } from './detections';
import { createIncidentBook } from './incidents';
import { loadGeo } from './load-geo-node';
import { createPlaces } from './places';

const geo = loadGeo();
// Thursday 20 November 2025, 15:00 in Fuzhou.
const DAY0 = Date.UTC(2025, 10, 20) - TZ_OFFSET;
const T = DAY0 + 15 * HOUR;
const city = createCity({ seed: 4242, scale: 1, geo });
const endpoint = city.endpoints?.detections;
const get = (path: string, query: string, t = T) => endpoint?.(path, new URLSearchParams(query), t);

interface Series {
  res: number;
  bin: number;
  from: number;
  to: number;
  cells: string[];
  communities: string[];
  counts: number[];
}

describe('detections/series', () => {
  it('counts exactly what the feed holds, per cell and bin', () => {
    const from = DAY0 - DAY;
    const answer = get('series', `res=9&bin=${6 * HOUR}&from=${from}&to=${DAY0}`);
    expect(answer?.status).toBe(200);
    const body = answer!.body as Series;
    expect(body).toMatchObject({ res: 9, bin: 6 * HOUR, from, to: DAY0 });
    expect(body.counts.length % 3).toBe(0);
    expect(body.communities).toHaveLength(body.cells.length);
    for (const c of body.communities) expect(c).toMatch(/^\d{12}$/);
    expect([...body.cells].sort()).toEqual(body.cells);
    const expected = new Map<string, number[]>();
    for (const d of city.snapshot('detections', T)) {
      if (d.observedAt < from || d.observedAt >= DAY0) continue;
      const cell = latLngToCell(d.position[1], d.position[0], 9);
      const row = expected.get(cell) ?? [0, 0, 0, 0];
      row[Math.floor((d.observedAt - from) / (6 * HOUR))]! += 1;
      expected.set(cell, row);
    }
    const served = new Map(body.cells.map((c) => [c, [0, 0, 0, 0]]));
    for (let k = 0; k < body.counts.length; k += 3)
      served.get(body.cells[body.counts[k]!]!)![body.counts[k + 1]!] = body.counts[k + 2]!;
    expect(served).toEqual(expected);
    expect(body.counts.reduce((a, b, i) => (i % 3 === 2 ? a + b : a), 0)).toBeGreaterThan(1800);
  });

  it('aggregates coarser resolutions from the same counts and leaves out bins not ended', () => {
    const from = DAY0 - 5 * DAY;
    const fine = get('series', `res=9&bin=${6 * HOUR}&from=${from}&to=${DAY0}`)!.body as Series;
    const coarse = get('series', `res=7&bin=${6 * HOUR}&from=${from}&to=${DAY0}`)!.body as Series;
    const total = (s: Series) => s.counts.reduce((a, b, i) => (i % 3 === 2 ? a + b : a), 0);
    expect(total(coarse)).toBe(total(fine));
    expect(coarse.cells.length).toBeLessThan(fine.cells.length);
    const running = get('series', `res=8&bin=${6 * HOUR}&from=${DAY0}&to=${DAY0 + DAY}`)!
      .body as Series;
    expect(running.to).toBe(DAY0 + 12 * HOUR); // 15:00: the 12–18 h bin is still running
    for (let k = 1; k < running.counts.length; k += 3) expect(running.counts[k]).toBeLessThan(2);
  });

  it('refuses bad parameters', () => {
    for (const q of [
      `res=6&from=${DAY0 - DAY}&to=${DAY0}`,
      `res=9&bin=1000&from=${DAY0 - DAY}&to=${DAY0}`,
      `res=9&from=${DAY0}&to=${DAY0 - DAY}`,
      `res=9&from=${DAY0 - 9 * DAY}&to=${DAY0}`,
      `res=9&bin=${6 * HOUR}&from=${DAY0 - DAY}&to=${DAY0 - HOUR}`,
      `res=9`,
    ])
      expect(get('series', q)?.status, q).toBe(400);
    expect(get('nothing', '')).toBeNull();
  });
});

describe('cameras', () => {
  const places = createPlaces(geo);
  const world = createDetectionWorld(places, 4242, 1, createIncidentBook(places, 4242, [], false));

  it('serves each camera with its status, about one in a hundred offline', () => {
    const body = get('cameras', '')!.body as {
      cameras: { id: string; status: string; since: number | null; street: string }[];
    };
    expect(body.cameras.length).toBe(800);
    const offline = body.cameras.filter((c) => c.status === 'offline');
    expect(offline.length).toBeLessThan(60);
    for (const c of offline) expect(c.since).toBeLessThanOrEqual(T);
    for (const c of body.cameras.filter((x) => x.status === 'online')) expect(c.since).toBeNull();
  });

  it('takes a street’s cameras down together a few times a day, and they detect nothing then', () => {
    const status = world.cameraStatus;
    const streets = new Set(world.cameras().map((c) => c.community.street));
    let outages = 0;
    for (let day = 0; day < 10; day += 1)
      for (const street of streets)
        for (let h = 0; h < 24; h += 2) {
          const outage = status.clusterAt(street, DAY0 + day * DAY + h * HOUR);
          if (outage && outage.start > DAY0 + day * DAY + h * HOUR - 2 * HOUR) outages += 1;
        }
    expect(outages / 10).toBeGreaterThan(1);
    expect(outages / 10).toBeLessThan(12);

    const cameras = new Map(world.cameras().map((c) => [c.id, c]));
    const items = city.snapshot('detections', T);
    for (const d of items) {
      if (!d.cameraId) continue;
      expect(status.offlineSince(cameras.get(d.cameraId)!, d.observedAt), d.id).toBeNull();
    }
  });

  it('is a pure function of the seed and the time', () => {
    const a = createCameraStatus(1, world.cameras);
    const b = createCameraStatus(1, world.cameras);
    for (const c of world.cameras().slice(0, 200))
      expect(a.offlineSince(c, T + c.index * HOUR)).toBe(b.offlineSince(c, T + c.index * HOUR));
  });
});

describe('detections', () => {
  it('carry a confidence for cameras only, and file their tickets as the default list says', () => {
    const items = city.snapshot('detections', T);
    for (const d of items) {
      if (d.source === 'camera') {
        expect(d.confidence).toBeGreaterThanOrEqual(0.62);
        expect(d.confidence).toBeLessThanOrEqual(0.99);
      } else expect(d.confidence).toBeNull();
    }
    for (const t of FUZHOU_DETECTION_TYPES) expect(DETECTION_CATEGORY[t.id]).toBe(t.category);
  });
});

describe('detections/frontage', () => {
  it('scores the urban communities’ street-front businesses, month to date', () => {
    const answer = get('frontage', '');
    const body = answer!.body as {
      month: string;
      areas: { community: string; businesses: number; score: number }[];
    };
    expect(body.month).toBe('2025-11');
    expect(body.areas.length).toBeGreaterThan(300);
    for (const a of body.areas) {
      expect(a.community).toMatch(/^\d{12}$/);
      expect(a.businesses).toBeGreaterThan(0);
      expect(a.score).toBeGreaterThanOrEqual(40);
      expect(a.score).toBeLessThanOrEqual(100);
    }
    expect(get('frontage', '', T + HOUR)!.body).toEqual(body);
  });
});
