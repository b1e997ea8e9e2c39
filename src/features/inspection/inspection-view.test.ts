// @vitest-environment node
// The inspection views on the simulated city: figures that add up across levels, the join of
// both feeds agreeing both ways, hot-spot classes that do not change with the area chosen, and
// the 7-day window from the source's history.
import { describe, expect, it } from 'vitest';
import { cityTimeOf } from '@/domain/city-time';
import type { Detection } from '@/domain/detection';
import type { Ticket } from '@/domain/ticket';
import { contextAt } from '@/feeds/view-builder';
import { createCity } from '../../../mocks/sim/city';
import { loadGeo } from '../../../mocks/sim/load-geo-node';
import { cameraClusterRule, emergingHotspotRule } from './alarm-rules';
import { buildDetectionDetail } from './detail-view';
import { isHotClass } from './hotspot-classes';
import { analysisFor, hotspotGrid, loadHotspotGrid, weekHistoryQuery } from './hotspot-service';
import { buildHotspotView } from './hotspot-view';
import { buildInspectionView, type InspectionView } from './inspection-view';
import { DEFAULT_SETTINGS } from './settings';
import { inAreaOf, simInput } from './sim-input';
import { buildInspectionSummary } from './summary-view';

await loadHotspotGrid();
const HOUR = 3_600_000;
const time = cityTimeOf('Asia/Shanghai');
// Thursday 19 November 2026, 15:00 in Fuzhou; a pop-up site in 台江区 since 13:00.
const T = Date.UTC(2026, 10, 19, 7);
const geo = loadGeo();
const city = createCity({
  seed: 42,
  scale: 1,
  geo,
  incidents: [{ kind: 'hotspot-surge', start: T - 2 * HOUR, place: '350103' }],
});
const input = simInput(city, T);
await input.loader.load('detections', 'cameras', {}, 0);
await input.loader.load('detections', 'frontage', {}, 0);
const ctx = {
  ...contextAt(T, time),
  version: 1,
  revision: 1,
  generatedAt: T,
  droppedLast: 0,
  droppedTotal: 0,
};
const overview = (area: string | null, at = ctx) =>
  buildInspectionView(inAreaOf(input, area), { area }, { ...at, settings: DEFAULT_SETTINGS });
const hotspots = (area: string | null, window: 'today' | '1h' | '7d' = 'today') =>
  buildHotspotView(inAreaOf(input, area), { area, window }, ctx);

const detections = [...input.all('detections').values()] as Detection[];
const tickets = input.all('tickets') as ReadonlyMap<string, Ticket>;
const dayStart = time.dayStart(T);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('the inspection view', () => {
  const city = overview(null);

  it("counts today's detections the same way in every figure", () => {
    const today = detections.filter((d) => d.observedAt >= dayStart && d.observedAt <= T);
    expect(city.kpis.today).toBe(today.length);
    expect(sum(city.types.map((t) => t.count))).toBe(today.length);
    expect(sum(city.hourly.today)).toBe(today.length);
    expect(sum(city.matrix.rows.map((r) => r.total)) + (city.matrix.rest?.total ?? 0)).toBe(
      today.length,
    );
    expect(city.points.length).toBe(today.length);
    expect(city.kpis.autoReported).toBe(
      today.filter((d) => d.source === 'camera' && d.ticketId !== null).length,
    );
    // Hours still to come are empty; the types follow the city's list.
    expect(city.hourly.today.slice(16).every((n) => n === 0)).toBe(true);
    expect(city.types.slice(0, 8).map((t) => t.type)).toEqual(
      DEFAULT_SETTINGS.types.map((t) => t.id),
    );
  });

  it("adds up across the districts: each district's figures sum to the city's", () => {
    const districts = geo.divisions.districts.map((d) => overview(d.code));
    for (const key of ['today', 'autoReported', 'cases'] as const)
      expect(sum(districts.map((v) => v.kpis[key])), key).toBe(city.kpis[key]);
    const cameras = (v: InspectionView) => (v.cameras.state === 'ok' ? v.cameras.value.total : -1);
    expect(sum(districts.map(cameras))).toBe(cameras(city));
    // A district's matrix rows are its streets, adding up to its own count.
    for (const v of districts)
      expect(sum(v.matrix.rows.map((r) => r.total)) + (v.matrix.rest?.total ?? 0)).toBe(
        v.kpis.today,
      );
  });

  it('joins each case to its ticket, and the ticket names the detection back', () => {
    expect(city.join.tickets).toBe(true);
    expect(Object.values(city.join.issues)).toEqual([0, 0, 0, 0]);
    expect(city.cases.length).toBeGreaterThan(10);
    for (const row of city.cases) {
      const ticket = tickets.get(row.ticket)!;
      expect(ticket.sourceRef).toBe(row.detection);
      expect(detections.find((d) => d.id === row.detection)!.ticketId).toBe(ticket.id);
    }
    // Every ticket raised from a detection the feed holds is that detection's case.
    const byDetection = new Map(detections.map((d) => [d.id, d]));
    for (const t of tickets.values())
      if (t.sourceRef !== null && byDetection.has(t.sourceRef))
        expect(byDetection.get(t.sourceRef)!.ticketId).toBe(t.id);
    expect(sum(city.join.stages.map((s) => s.count))).toBe(city.kpis.cases);
    expect(city.join.share).toBeCloseTo(city.kpis.cases / city.kpis.today, 12);
    expect(city.join.closeMedianHours).toBeGreaterThan(0);
  });

  it('counts links that disagree as a data-quality figure', () => {
    const broken = simInput(cityOf(), T, ['detections', 'tickets'], 2);
    const held = broken.all('detections');
    const victim = [...broken.all('tickets').values()].find(
      (t) => t.sourceRef !== null && held.has(t.sourceRef),
    )!;
    (broken.all('tickets') as Map<string, Ticket>).delete(victim.id);
    const v = buildInspectionView(
      broken,
      { area: null },
      { ...ctx, revision: 2, settings: DEFAULT_SETTINGS },
    );
    expect(v.join.issues['ticket-missing']).toBe(1);
  });

  it('computes every figure at the city clock: later detections are left out and counted', () => {
    const earlier = {
      ...contextAt(T - HOUR, time),
      version: 1,
      revision: 1,
      generatedAt: T,
      droppedLast: 0,
      droppedTotal: 0,
    };
    const v = overview(null, earlier);
    expect(v.future).toBe(detections.filter((d) => d.observedAt > T - HOUR).length);
    expect(v.kpis.today).toBe(city.kpis.today - v.future);
    expect(earlier.boundaries.length).toBeGreaterThan(0);
  });

  it("reads cameras and 门前三包 scores from the source's endpoints", () => {
    expect(city.cameras.state).toBe('ok');
    if (city.cameras.state === 'ok') {
      expect(city.cameras.value.total).toBe(800);
      expect(city.cameras.value.online + city.cameras.value.offline).toBe(800);
    }
    expect(city.frontage.state === 'ok' && city.frontage.value.score).toBeGreaterThan(60);
    const bare = simInput(cityOf(), T, ['detections']);
    const v = buildInspectionView(bare, { area: null }, { ...ctx, settings: DEFAULT_SETTINGS });
    expect(v.cameras.state).toBe('loading');
    expect(v.join.tickets).toBe(false);
  });
});

function cityOf() {
  return createCity({ seed: 42, scale: 1, geo });
}

describe('hot spots by area', () => {
  it('cuts the same city-wide analysis for every area of a level', () => {
    const analysis = analysisFor(input, 'today', 8, time, T);
    if (typeof analysis === 'string') throw new Error(analysis);
    const seen = new Map<string, number>();
    for (const d of geo.divisions.districts) {
      const v = hotspots(d.code);
      expect(v.resolution).toBe(8);
      for (let k = 0; k < v.cells.length; k++) {
        const i = analysis.indexOf.get(v.cells.ids[k]!)!;
        expect(v.cells.classes[k]).toBe(analysis.analysis.classes[i]);
        seen.set(v.cells.ids[k]!, v.cells.classes[k]!);
      }
    }
    // Every cell with a detection today belongs to some district's view.
    for (let i = 0; i < analysis.cube.detected; i++)
      expect(seen.has(analysis.cube.cells[i]!)).toBe(true);
  });

  it("gives a grid cell the same class in its street's, its community's and its own view", () => {
    const street = '350103007';
    const v = hotspots(street);
    expect(v.resolution).toBe(9);
    expect(v.cells.length).toBeGreaterThan(3);
    const communities = new Set(
      detections.filter((d) => d.street === street).map((d) => d.community),
    );
    const classOf = new Map(v.cells.ids.map((c, k) => [c, v.cells.classes[k]]));
    for (const community of communities) {
      const c = hotspots(community);
      for (let k = 0; k < c.cells.length; k++)
        expect(c.cells.classes[k], c.cells.ids[k]).toBe(classOf.get(c.cells.ids[k]!));
    }
    const cell = v.cells.ids[0]!;
    const own = hotspots(cell);
    expect(own.cells.ids).toEqual([cell]);
    expect(own.cells.classes[0]).toBe(classOf.get(cell));
  });

  it('ranks eligible cells hot now, strongest first, then classified ones quiet now', () => {
    const v = hotspots(null);
    expect(v.ranked.length).toBeGreaterThan(0);
    const now = v.ranked.filter((r) => r.hotNow);
    expect(v.ranked.slice(0, now.length)).toEqual(now);
    for (let k = 1; k < now.length; k++)
      expect(now[k]!.lastZ).toBeLessThanOrEqual(now[k - 1]!.lastZ);
    for (const r of v.ranked) {
      expect(r.total).toBeGreaterThanOrEqual(5);
      expect(r.series).toHaveLength(v.steps!.count);
      expect(sum(r.series)).toBe(r.total);
      expect(r.drill).toMatch(/^\d{6}$/);
      if (!r.hotNow) expect(isHotClass(r.klass)).toBe(true);
    }
    // A lone detection is never ranked or classified.
    for (let k = 0; k < v.cells.length; k++)
      if (v.cells.totals[k]! < 5) expect(v.cells.eligible[k]).toBe(0);
  });

  it('shows the pop-up site as an emerging hot spot and raises the alarm for it', () => {
    const v = hotspots('350103');
    const emerging = v.classCounts[3]! + v.classCounts[2]!; // consecutive, new
    expect(emerging).toBeGreaterThan(0);
    const alarms = emergingHotspotRule.evaluate(input, ctx);
    const mine = alarms.filter((a) => a.area?.startsWith('350103'));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.message.key).toBe('inspection.alarms.newHotspot');
    // Since the run of hot steps began: the surge's first half-hours (13:00–13:30).
    expect(mine[0]!.since).toBeGreaterThanOrEqual(T - 2 * HOUR - 30 * 60_000);
    expect(mine[0]!.since).toBeLessThanOrEqual(T - HOUR);
  });

  it('offers the 7-day window from the source history, counting every detection once', async () => {
    const before = hotspots(null, '7d');
    expect(before.state).toBe('history-loading');
    const query = weekHistoryQuery(7, T, time);
    await input.loader.load('detections', 'series', query, 0);
    const v = hotspots(null, '7d');
    expect(v.state).toBe('ok');
    expect(v.steps!.count).toBe(28);
    expect(v.week).toBe('ok');
    const analysis = analysisFor(input, '7d', 7, time, T);
    if (typeof analysis === 'string') throw new Error(analysis);
    // The feed's own detections from yesterday 00:00, the history before: never both.
    const fromFeed = detections.filter(
      (d) => d.observedAt >= analysis.itemsFrom && d.observedAt <= T,
    ).length;
    expect(analysis.cube.used).toBe(
      fromFeed +
        analysis.history!.bins.reduce(
          (n, b) => (b.at >= analysis.steps.start ? n + b.count : n),
          0,
        ),
    );
    expect(v.fromHistory).toBeGreaterThan(0);
    const districtWeek = buildHotspotView(
      inAreaOf(input, '350102'),
      { area: '350102', window: '7d' },
      ctx,
    );
    expect(districtWeek.state).toBe('history-loading'); // its resolution's history is not loaded
  });

  it('says the 7-day window is not offered when the source has no history', () => {
    const bare = simInput(cityOf(), T, ['detections'], 9);
    const noHistory = { ...bare, resource: () => null };
    const v = buildHotspotView(noHistory, { area: null, window: '7d' }, ctx);
    expect(v.state).toBe('no-history');
    expect(v.week).toBe('no-history');
    expect(v.cells.length).toBe(0);
  });
});

describe('the overview summary and the drawer', () => {
  it('sums the same figures as the screen, and lists the hot cells for the map', () => {
    const s = buildInspectionSummary(input, { area: null }, ctx);
    const v = overview(null);
    expect(s.kpis).toEqual(v.kpis);
    expect(s.hot.length).toBe(sum(s.hotClasses));
    for (let k = 0; k < s.hot.length; k++) expect(isHotClass(s.hot.classes[k]!)).toBe(true);
    expect(s.cameras?.total).toBe(800);
  });

  it('opens a detection with the case it became, its stage at the city clock', () => {
    const d = detections.find((x) => x.ticketId !== null && x.observedAt < T - 3 * HOUR)!;
    const detail = buildDetectionDetail(input, { id: d.id }, ctx);
    expect(detail.detection?.id).toBe(d.id);
    expect(detail.link).toBe('agrees');
    expect(detail.ticket?.id).toBe(d.ticketId);
    for (const at of Object.values(detail.ticket!.stages)) expect(at).toBeLessThanOrEqual(T);
    // Nothing personal of the ticket crosses in this view.
    expect(JSON.stringify(detail)).not.toMatch(/reporter|address|title|description/);
    expect(buildDetectionDetail(input, { id: 'D-none' }, ctx).detection).toBeNull();
  });
});

describe('the camera cluster alarm', () => {
  it('raises a street whose cameras went offline together, since the first went', () => {
    const outage = findOutage();
    const at = { ...contextAt(outage.t, time) };
    const cams = createCity({ seed: 42, scale: 1, geo }).endpoints!.detections!(
      'cameras',
      new URLSearchParams(),
      outage.t,
    )!.body;
    const alarms = cameraClusterRule.evaluate({ ...input, resource: () => cams }, at);
    const mine = alarms.find((a) => a.place === outage.street);
    expect(mine, JSON.stringify(alarms)).toBeDefined();
    expect(mine!.since).toBeLessThanOrEqual(outage.t);
    expect(mine!.message.params.offline).toBeGreaterThanOrEqual(3);
    // A stale list raises nothing.
    expect(
      cameraClusterRule.evaluate(
        { ...input, resource: () => cams },
        contextAt(outage.t + HOUR, time),
      ),
    ).toEqual([]);
  });
});

/** The first street cluster outage after T in the simulated city (seed 42). */
function findOutage(): { t: number; street: string } {
  const endpoint = createCity({ seed: 42, scale: 1, geo }).endpoints!.detections!;
  for (let t = T; t < T + 4 * 24 * HOUR; t += 20 * 60_000) {
    const body = endpoint('cameras', new URLSearchParams(), t)!.body as {
      cameras: { street: string; status: string }[];
    };
    const offline = new Map<string, number>();
    for (const c of body.cameras)
      if (c.status === 'offline') offline.set(c.street, (offline.get(c.street) ?? 0) + 1);
    for (const [street, n] of offline) if (n >= 3) return { t, street };
  }
  throw new Error('no outage in four days');
}

// The grid's cells of an item are memoised per object: a sanity check that the test used it.
it('placed the items through the shared grid', () => {
  expect(hotspotGrid()!.cellOf(detections[0]!, 9)).toMatch(/^89/);
});
