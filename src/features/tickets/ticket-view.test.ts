import { describe, expect, it } from 'vitest';
import { cellOf } from '@/geo/cells';
import type { Ticket } from '@/domain/ticket';
import {
  DAY_START,
  GUDONG,
  GULOU,
  GUXI,
  HOUR,
  HOUZHOU,
  JIANHAI,
  MENGSHAN,
  NOW,
  MIN,
  P,
  QINGCHENG,
  SNAPSHOT,
  TAIJIANG,
  TIANHUA,
  YINGZHOU,
  ZHONGSHAN,
  ticket,
  viewContext,
} from '../../../tests/integration/fixtures/ticket-snapshot';
import {
  buildTicketView,
  buildTicketViewOf,
  computeFunnel,
  computeKpis,
  LIST_LIMIT,
  median,
  type TicketView,
} from './ticket-view';
import { createCity } from '../../../mocks/sim/city';
import { loadGeo } from '../../../mocks/sim/load-geo-node';
import { cityTimeOf, DAY_MS as DAY } from '@/domain/city-time';
import { sanitizeTicket } from '@/domain/personal-data';
import { stageAt, ticketSla } from '@/domain/ticket-status';
import { tableOf } from '@/feeds/feed-table';
import { TICKET_TABLE } from './ticket-table';
import { loadGrid } from '@/feeds/area-filter';
import { pointIdAt, pointIndexOf } from '@/feeds/point-columns';

// Views of streets, communities and cells group by grid cell: H3 loads on demand.
await loadGrid();

const context = viewContext(NOW, {
  version: 7,
  revision: 3,
  generatedAt: NOW,
  droppedLast: 1,
  droppedTotal: 4,
});

const build = (area: string | null, items: Ticket[] = SNAPSHOT): TicketView =>
  buildTicketView(items, { area }, context);

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** 24 zeros with the given hours set. */
function hours(set: Record<number, number>): number[] {
  const out = new Array<number>(24).fill(0);
  for (const [hour, n] of Object.entries(set)) out[Number(hour)] = n;
  return out;
}

const positionOf = (id: string) => SNAPSHOT.find((t) => t.id === id)!.position;

describe('the fixture', () => {
  it('puts every community in its own H3 cell (a precondition of the cell tests)', () => {
    const cells = Object.values(P).map(cellOf);
    expect(new Set(cells).size).toBe(cells.length);
  });

  it('starts the city day at 00:00 UTC+8', () => {
    expect(NOW - DAY_START).toBe(10 * HOUR);
  });
});

describe('buildTicketView for the whole city', () => {
  const view = build(null);

  it('carries the context through', () => {
    expect(view).toMatchObject({
      area: null,
      version: 7,
      revision: 3,
      generatedAt: NOW,
      droppedLast: 1,
      droppedTotal: 4,
      rankingLevel: 'district',
    });
  });

  it('computes the KPIs as docs/metrics.md defines them', () => {
    // today: reported since D 00:00 → T01 T02 T03 T04 T09 T11 T12 = 7.
    // open: not closed → T01 T02 T06 T07 T09 T11 T13 = 7 (of 14; 7 closed).
    // overdue: T07 (deadline D-2 02:00), T09 (D 09:00) = 2.
    // due soon: T06 (80 % at D 09:12, deadline D 14:00), T13 (80 % at D-1 10:48, deadline D 11:00) = 2.
    // closure rate: today's closed T03 T04 T12 → 3/7.
    // closed today: T03 (on time), T04 (late), T05 (on time), T12 (late) → on time 2/4.
    // handling: T03 6 h, T04 4.5 h, T05 17 h, T12 3 h → 30.5/4 = 7.625 h.
    // ratings today: T04 satisfied, T05 basic, T12 unsatisfied → 2/3 (T08, T10 rated yesterday).
    // repeat: today's T01 and T11 (T10 repeats too, but was reported yesterday) = 2.
    expect(view.kpis).toEqual({
      today: 7,
      open: 7,
      dueSoon: 2,
      overdue: 2,
      closureRate: 3 / 7,
      onTimeRate: 0.5,
      avgHandlingHours: 7.625,
      satisfactionRate: 2 / 3,
      repeat: 2,
    });
  });

  it('recomputes the KPIs as of the same time yesterday from the stage times', () => {
    // At D-1 10:00 the tickets reported so far are T05 T07 T08 T10 T13 T14 (T06 came at 14:00).
    // "today" then: T05 (09:00), T10 (09:30), T14 (01:00) = 3; repeat: T10 = 1.
    // Closed by then: only T14 (closed 08:00) → closure 1/3; it was late (deadline 07:00) → 0/1;
    // handling 7 h; its rating (09:00, basic) is the only one of that day so far → 1/1.
    // Open then: T05 (dispatched), T07, T08 (closed only at 18:00), T10 (registered), T13 = 5.
    // Overdue then: T07 only; T13 was at 96 h of 121 h (< 80 %), so on track; no one due soon.
    expect(view.kpisYesterday).toEqual({
      today: 3,
      open: 5,
      dueSoon: 0,
      overdue: 1,
      closureRate: 1 / 3,
      onTimeRate: 0,
      avgHandlingHours: 7,
      satisfactionRate: 1,
      repeat: 1,
    });
  });

  it('counts the closed loop of today’s tickets with median minutes per stage', () => {
    // reported 7; → registered: T02 10, T03 20, T04 10, T09 5, T12 10 → median 10
    // registered 5; → dispatched: T02 20, T03 40, T04 20, T12 20 → 20
    // dispatched 4; → processing: T03 60, T04 60, T12 30 → 60
    // processing 3; → feedback: T03 180, T04 120, T12 60 → 120
    // feedback 3; → closed: 60, 60, 60 → 60
    // closed 3; → rated: T04 60, T12 180 → (60 + 180) / 2 = 120
    // rated 2; nothing after → null
    expect(view.funnel).toEqual([
      { stage: 'reported', count: 7, medianMinutes: 10 },
      { stage: 'registered', count: 5, medianMinutes: 20 },
      { stage: 'dispatched', count: 4, medianMinutes: 60 },
      { stage: 'processing', count: 3, medianMinutes: 120 },
      { stage: 'feedback', count: 3, medianMinutes: 60 },
      { stage: 'closed', count: 3, medianMinutes: 120 },
      { stage: 'rated', count: 2, medianMinutes: null },
    ]);
  });

  it('lists today’s categories, largest first (ties by id), with their hourly counts', () => {
    // drainage: T01 09:30, T02 08:00 · municipal: T03 01:00, T04 00:30 · traffic: T09 07:00,
    // T12 03:00 · sanitation: T11 09:45.
    // By this time yesterday (D-1 00:00 … D-1 10:00): drainage −25 h, traffic −24.5 h, greenery
    // −33 h (no ticket today, so not listed); sanitation's −20 h came after 10:00.
    expect(view.categories).toEqual([
      { category: 'drainage', count: 2, yesterday: 1, hourly: hours({ 8: 1, 9: 1 }) },
      { category: 'municipal', count: 2, yesterday: 0, hourly: hours({ 0: 1, 1: 1 }) },
      { category: 'traffic', count: 2, yesterday: 1, hourly: hours({ 3: 1, 7: 1 }) },
      { category: 'sanitation', count: 1, yesterday: 0, hourly: hours({ 9: 1 }) },
    ]);
  });

  it('ranks the districts by tickets today, open ones alongside', () => {
    // 鼓楼: T01 T02 T03 T04 today; open T01 T02 T07 T13; overdue T07.
    // 台江: T09 T11 T12 today; open T06 T09 T11; overdue T09.
    expect(view.ranking).toEqual([
      { key: GULOU, today: 4, open: 4, overdue: 1 },
      { key: TAIJIANG, today: 3, open: 3, overdue: 1 },
    ]);
    expect(sum(view.ranking.map((r) => r.today))).toBe(view.kpis.today);
    expect(sum(view.ranking.map((r) => r.open))).toBe(view.kpis.open);
    expect(sum(view.ranking.map((r) => r.overdue))).toBe(view.kpis.overdue);
    expect(view.cells).toEqual([]);
  });

  it('counts tickets per hour today and yesterday', () => {
    // Today: 00 T04, 01 T03, 03 T12, 07 T09, 08 T02, 09 T01 T11.
    expect(view.hourly.today).toEqual(hours({ 0: 1, 1: 1, 3: 1, 7: 1, 8: 1, 9: 2 }));
    // Yesterday (the whole day): 01 T14, 09 T05 T10, 14 T06.
    expect(view.hourly.yesterday).toEqual(hours({ 1: 1, 9: 2, 14: 1 }));
    expect(sum(view.hourly.today)).toBe(view.kpis.today);
  });

  it('lists departments with their on-time share, an open overdue ticket counting against it', () => {
    // On time = closed within the limit / (closed + open past the deadline).
    // urban_management: T03 (on time), T04 (late), T07 (open, overdue since D-2) → 3, closed 2,
    // 1 / (2 + 1). drainage_company: T02 (open, not due), T05 (on time) → 2, 1, 1/1.
    // street_office: T06 (open, not due), T08 (on time) → 2, 1, 1/1. traffic_police: T10 (on
    // time), T12 (late) → 2, 2, 1/2. housing_bureau: T13 (open, not due) → 1, 0, null.
    // landscaping: T14 (late) → 1, 1, 0. T01, T09, T11 were not dispatched.
    expect(view.departments).toEqual([
      { department: 'urban_management', count: 3, closed: 2, overdueOpen: 1, onTimeRate: 1 / 3 },
      { department: 'drainage_company', count: 2, closed: 1, overdueOpen: 0, onTimeRate: 1 },
      { department: 'street_office', count: 2, closed: 1, overdueOpen: 0, onTimeRate: 1 },
      { department: 'traffic_police', count: 2, closed: 2, overdueOpen: 0, onTimeRate: 0.5 },
      { department: 'housing_bureau', count: 1, closed: 0, overdueOpen: 0, onTimeRate: null },
      { department: 'landscaping', count: 1, closed: 1, overdueOpen: 0, onTimeRate: 0 },
    ]);
  });

  it('records when its figures change without new data: deadlines, the next minute, midnight', () => {
    const ctx = viewContext(NOW);
    buildTicketView(SNAPSHOT, { area: null }, ctx);
    const next = Math.min(...ctx.boundaries);
    // The next minute comes first (NOW is on the minute): "same time yesterday" moves on.
    expect(next).toBe(NOW + MIN);
    expect(ctx.boundaries).toContain(DAY_START + 24 * HOUR);
    // Every open ticket not yet overdue names its next crossing (due soon, or overdue).
    for (const t of SNAPSHOT) {
      if (t.stage === 'closed' || t.stage === 'rated' || t.deadline < NOW) continue;
      const dueSoon = t.stages.reported + (t.deadline - t.stages.reported) * 0.8;
      expect(ctx.boundaries).toContain(dueSoon > NOW ? Math.ceil(dueSoon) : t.deadline + 1);
    }
  });

  it('turns a ticket overdue exactly after its deadline, by the clock, with the same data', () => {
    const t = ticket('TX', ZHONGSHAN, {
      stages: { reported: -2 * HOUR },
      deadline: 30 * MIN,
      category: 'sanitation',
    });
    const at = (now: number) => buildTicketView([t], { area: null }, viewContext(now));
    expect(at(NOW + 30 * MIN).kpis).toMatchObject({ overdue: 0, dueSoon: 1 });
    expect(at(NOW + 30 * MIN + 1).kpis).toMatchObject({ overdue: 1, dueSoon: 0 });
    expect(at(NOW + 30 * MIN + 1).rows[0]?.sla).toBe('overdue');
  });

  it('rolls "today" over at midnight in the city’s time zone', () => {
    const midnight = DAY_START + 24 * HOUR;
    const before = buildTicketView(SNAPSHOT, { area: null }, viewContext(midnight - 1));
    const after = buildTicketView(SNAPSHOT, { area: null }, viewContext(midnight));
    expect(before.kpis.today).toBe(view.kpis.today);
    expect(after.kpis.today).toBe(0);
    // What was today is now yesterday's hourly curve.
    expect(sum(after.hourly.yesterday)).toBe(view.kpis.today);
    expect(after.hourly.currentHour).toBe(0);
  });

  it('puts each ticket in its local hour on a day with a daylight-saving change', () => {
    // A city in Berlin: 29 March 2026 has 23 hours (02:00 → 03:00); 25 October 2026 has 25.
    const berlin = cityTimeOf('Europe/Berlin');
    for (const noonUtc of [Date.UTC(2026, 2, 29, 21, 30), Date.UTC(2026, 9, 25, 22, 30)]) {
      const dayStart = berlin.dayStart(noonUtc);
      const yesterday = berlin.dayStart(dayStart - 1);
      // A ticket every 20 minutes since yesterday's start (reported relative to the fixture's NOW).
      const items: Ticket[] = [];
      for (let t = yesterday, i = 0; t <= noonUtc; t += 20 * MIN, i += 1)
        items.push(
          ticket(`DST${i}`, ZHONGSHAN, {
            stages: { reported: t - NOW },
            deadline: t - NOW + 4 * HOUR,
            category: 'sanitation',
          }),
        );
      const v = buildTicketView(items, { area: null }, { ...viewContext(noonUtc), time: berlin });
      const expected = (from: number, to: number) => {
        const hours = new Array<number>(24).fill(0);
        for (const t of items)
          if (t.stages.reported >= from && t.stages.reported < to)
            hours[berlin.hour(t.stages.reported)]! += 1;
        return hours;
      };
      expect(v.hourly.today).toEqual(expected(dayStart, noonUtc + 1));
      expect(v.hourly.yesterday).toEqual(expected(yesterday, dayStart));
    }
  });

  it('leaves out and counts tickets stamped after the city clock', () => {
    const ahead = ticket('TF', ZHONGSHAN, {
      stages: { reported: HOUR },
      deadline: 4 * HOUR,
      category: 'sanitation',
    });
    const v = buildTicketView([...SNAPSHOT, ahead], { area: null }, viewContext(NOW));
    expect(v.future).toBe(1);
    expect(v.kpis.today).toBe(view.kpis.today);
    expect(v.rows.some((r) => r.id === 'TF')).toBe(false);
  });

  it('lists the open tickets newest first, one row each', () => {
    // Open by report time: T11 09:45, T01 09:30, T02 08:00, T09 07:00, T06 D-1 14:00,
    // T07 D-3, T13 D-5.
    expect(view.rows.map((r) => [r.id, r.sla])).toEqual([
      ['T11', 'onTrack'],
      ['T01', 'onTrack'],
      ['T02', 'onTrack'],
      ['T09', 'overdue'],
      ['T06', 'dueSoon'],
      ['T07', 'overdue'],
      ['T13', 'dueSoon'],
    ]);
    expect(view.rows[3]).toEqual({
      id: 'T09',
      category: 'traffic',
      title: SNAPSHOT[8]!.title,
      stage: 'registered',
      sla: 'overdue',
      urgent: true,
      district: TAIJIANG,
      street: YINGZHOU,
      community: JIANHAI,
      reported: NOW - 3 * HOUR,
      deadline: NOW - HOUR,
    });
    // Nothing personal reaches a row.
    for (const row of view.rows) {
      expect(row).not.toHaveProperty('reporter');
      expect(row).not.toHaveProperty('address');
      expect(row).not.toHaveProperty('description');
    }
  });

  it('gives one map point per open ticket: Float32 positions, SLA codes and ids', () => {
    const { points, rows } = view;
    expect(points.positions).toBeInstanceOf(Float32Array);
    expect(points.sla).toBeInstanceOf(Uint8Array);
    expect(points.length).toBe(rows.length);
    expect(points.positions).toHaveLength(rows.length * 2);
    expect(points.sla).toHaveLength(rows.length);
    const CODE = { onTrack: 0, dueSoon: 1, overdue: 2 } as const;
    const ids = Array.from({ length: points.length }, (_, i) => pointIdAt(points.ids, i));
    expect([...ids].sort()).toEqual(rows.map((r) => r.id).sort());
    for (const row of rows) {
      const i = pointIndexOf(points.ids, row.id);
      expect([points.positions[i * 2], points.positions[i * 2 + 1]]).toEqual(
        positionOf(row.id).map(Math.fround),
      );
      expect(points.sla[i]).toBe(CODE[row.sla as keyof typeof CODE]);
    }
    // T11 sits in 天华, T09 in 建海.
    const t11 = pointIndexOf(points.ids, 'T11');
    expect([points.positions[t11 * 2], points.positions[t11 * 2 + 1]]).toEqual(
      P[TIANHUA]!.map(Math.fround),
    );
  });

  it('shows the same open count in the KPI, the list and the map', () => {
    expect(view.kpis.open).toBe(7);
    expect(view.rows).toHaveLength(view.kpis.open);
    expect(view.points.length).toBe(view.kpis.open);
  });

  it('treats the city’s own code like no area', () => {
    const byCode = build('350100');
    expect(byCode.kpis).toEqual(view.kpis);
    expect(byCode.ranking).toEqual(view.ranking);
    expect(byCode.rankingLevel).toBe('district');
  });
});

describe('buildTicketView for a district', () => {
  const view = build(GULOU);

  it('keeps only the district’s tickets', () => {
    // 鼓楼: T01 T02 T03 T04 T07 T10 T13 T14.
    // today T01 T02 T03 T04; open T01 T02 T07 T13; overdue T07; due soon T13;
    // closed of today's T03 T04 → 2/4; closed today T03 (on time) T04 (late) → 1/2;
    // handling (6 + 4.5) / 2; ratings today: T04 satisfied → 1; repeat T01.
    expect(view.kpis).toEqual({
      today: 4,
      open: 4,
      dueSoon: 1,
      overdue: 1,
      closureRate: 0.5,
      onTimeRate: 0.5,
      avgHandlingHours: 5.25,
      satisfactionRate: 1,
      repeat: 1,
    });
    expect(view.rows.map((r) => r.id)).toEqual(['T01', 'T02', 'T07', 'T13']);
    expect(view.rows.every((r) => r.district === GULOU)).toBe(true);
    expect(view.area).toBe(GULOU);
  });

  it('ranks its streets, and the streets add up to the district', () => {
    // 鼓东: T01 T02 T03 today, T01 T02 T13 open · 鼓西: T04 today, T07 open and overdue.
    expect(view.rankingLevel).toBe('street');
    expect(view.ranking).toEqual([
      { key: GUDONG, today: 3, open: 3, overdue: 0 },
      { key: GUXI, today: 1, open: 1, overdue: 1 },
    ]);
    expect(sum(view.ranking.map((r) => r.today))).toBe(view.kpis.today);
    expect(sum(view.ranking.map((r) => r.open))).toBe(view.kpis.open);
    expect(view.cells).toEqual([]);
  });

  it('matches the city view’s entry for the district', () => {
    const city = build(null);
    const entry = city.ranking.find((r) => r.key === GULOU)!;
    expect({ today: view.kpis.today, open: view.kpis.open, overdue: view.kpis.overdue }).toEqual({
      today: entry.today,
      open: entry.open,
      overdue: entry.overdue,
    });
  });

  it('shows the same open count in the KPI, the list and the map', () => {
    expect(view.rows).toHaveLength(view.kpis.open);
    expect(view.points.length).toBe(view.kpis.open);
    expect([...view.points.sla]).toEqual([0, 0, 2, 1]);
  });

  it('keeps yesterday’s comparison to the district too', () => {
    // At D-1 10:00 in 鼓楼: T07 T10 T13 T14 reported. today T10 T14; closed T14 (late, 7 h,
    // basic); open T07 T10 T13; overdue T07; repeat T10.
    expect(view.kpisYesterday).toEqual({
      today: 2,
      open: 3,
      dueSoon: 0,
      overdue: 1,
      closureRate: 0.5,
      onTimeRate: 0,
      avgHandlingHours: 7,
      satisfactionRate: 1,
      repeat: 1,
    });
  });

  it('counts only the district’s departments and hours', () => {
    expect(view.departments.map((d) => [d.department, d.count])).toEqual([
      ['urban_management', 3],
      ['drainage_company', 1],
      ['housing_bureau', 1],
      ['landscaping', 1],
      ['traffic_police', 1],
    ]);
    expect(view.hourly.today).toEqual(hours({ 0: 1, 1: 1, 8: 1, 9: 1 }));
    expect(view.hourly.yesterday).toEqual(hours({ 1: 1, 9: 1 }));
  });
});

describe('buildTicketView for the other district', () => {
  it('ranks 台江’s streets', () => {
    const view = build(TAIJIANG);
    // 瀛洲: T05 T06 T09 T12 → today T09 T12, open T06 T09, overdue T09 · 后洲: T08 T11 → T11.
    expect(view.ranking).toEqual([
      { key: YINGZHOU, today: 2, open: 2, overdue: 1 },
      { key: HOUZHOU, today: 1, open: 1, overdue: 0 },
    ]);
    expect(view.kpis.open).toBe(3);
    expect(view.rows.map((r) => r.id)).toEqual(['T11', 'T09', 'T06']);
  });
});

describe('buildTicketView for a street', () => {
  const view = build(GUDONG);

  it('keeps the street’s tickets and ranks its communities', () => {
    // 鼓东: T01 T02 T10 (中山), T03 T13 (庆城).
    expect(view.rankingLevel).toBe('community');
    expect(view.ranking).toEqual([
      { key: ZHONGSHAN, today: 2, open: 2, overdue: 0 },
      { key: QINGCHENG, today: 1, open: 1, overdue: 0 },
    ]);
    expect(view.kpis.today).toBe(3);
    expect(view.kpis.open).toBe(3);
    expect(view.rows.map((r) => r.id)).toEqual(['T01', 'T02', 'T13']);
  });

  it('lists its grid cells, each ticket in exactly one, adding up to the street', () => {
    expect(view.cells).toEqual([
      { key: cellOf(P[ZHONGSHAN]!), today: 2, open: 2, overdue: 0 },
      { key: cellOf(P[QINGCHENG]!), today: 1, open: 1, overdue: 0 },
    ]);
    expect(sum(view.cells.map((c) => c.today))).toBe(view.kpis.today);
    expect(sum(view.cells.map((c) => c.open))).toBe(view.kpis.open);
  });
});

describe('buildTicketView for a community', () => {
  it('keeps the community’s tickets and ranks its grid cells', () => {
    const view = build(MENGSHAN);
    // 梦山: T04 (today, closed), T07 (open, overdue), T14 (yesterday, closed).
    expect(view.rankingLevel).toBe('cell');
    const cell = cellOf(P[MENGSHAN]!);
    expect(view.ranking).toEqual([{ key: cell, today: 1, open: 1, overdue: 1 }]);
    expect(view.cells).toEqual([{ key: cell, today: 1, open: 1, overdue: 1 }]);
    expect(view.kpis).toMatchObject({ today: 1, open: 1, overdue: 1, dueSoon: 0 });
    expect(view.rows.map((r) => r.id)).toEqual(['T07']);
  });

  it('splits a community over several cells when its tickets are spread out', () => {
    // Move T02 about 1.4 km away (still filed under 中山): the community now spans two cells.
    const moved = SNAPSHOT.map((t) => (t.id === 'T02' ? { ...t, position: P[QINGCHENG]! } : t));
    const view = build(ZHONGSHAN, moved);
    // Equal open counts: ordered by cell id.
    const expected = [
      { key: cellOf(P[QINGCHENG]!), today: 1, open: 1, overdue: 0 },
      { key: cellOf(P[ZHONGSHAN]!), today: 1, open: 1, overdue: 0 },
    ].sort((a, b) => (a.key < b.key ? -1 : 1));
    expect(view.cells).toEqual(expected);
    expect(sum(view.cells.map((c) => c.today))).toBe(view.kpis.today);
    expect(sum(view.cells.map((c) => c.open))).toBe(view.kpis.open);
    expect(sum(view.ranking.map((c) => c.open))).toBe(view.kpis.open);
  });
});

describe('buildTicketView for a grid cell', () => {
  it('keeps the tickets whose position lies in the cell, whatever their community', () => {
    const cell = cellOf(P[ZHONGSHAN]!);
    const view = build(cell);
    // T01 T02 T10 lie at 中山's anchor.
    expect(view.area).toBe(cell);
    expect(view.rankingLevel).toBe('cell');
    expect(view.kpis).toMatchObject({ today: 2, open: 2, overdue: 0, dueSoon: 0, repeat: 1 });
    expect(view.ranking).toEqual([{ key: cell, today: 2, open: 2, overdue: 0 }]);
    expect(view.cells).toEqual([{ key: cell, today: 2, open: 2, overdue: 0 }]);
    expect(view.rows.map((r) => r.id)).toEqual(['T01', 'T02']);
    expect(view.points.length).toBe(2);
  });

  it('puts every ticket of the city in exactly one cell', () => {
    const city = build(null);
    const cells = [...new Set(SNAPSHOT.map((t) => cellOf(t.position)))];
    const views = cells.map((c) => build(c));
    expect(sum(views.map((v) => v.kpis.today))).toBe(city.kpis.today);
    expect(sum(views.map((v) => v.kpis.open))).toBe(city.kpis.open);
    expect(sum(views.map((v) => v.rows.length))).toBe(city.rows.length);
  });
});

describe('day boundaries', () => {
  const at = (id: string, reported: number, extra: Partial<Record<'closed', number>> = {}) =>
    ticket(id, JIANHAI, {
      stages: { reported, ...extra },
      deadline: reported + 72 * HOUR,
      category: 'traffic',
    });

  it('counts a ticket reported at 00:00 as today’s, hour 0, and one a millisecond earlier as yesterday’s, hour 23', () => {
    const midnight = DAY_START - NOW;
    const view = build(null, [at('TA', midnight), at('TB', midnight - 1)]);
    expect(view.kpis.today).toBe(1);
    expect(view.hourly.today).toEqual(hours({ 0: 1 }));
    expect(view.hourly.yesterday).toEqual(hours({ 23: 1 }));
    // TB (23:59:59.999 yesterday) came after this time yesterday: no trend count.
    expect(view.categories).toEqual([
      { category: 'traffic', count: 1, yesterday: 0, hourly: hours({ 0: 1 }) },
    ]);
    expect(view.ranking).toEqual([{ key: TAIJIANG, today: 1, open: 2, overdue: 0 }]);
  });

  it('compares with exactly 24 hours earlier', () => {
    // Reported D-1 09:00; closed at D-1 10:00 sharp in one copy, a second later in the other.
    const sharp = at('TS', -25 * HOUR, { closed: -24 * HOUR });
    const late = at('TL', -25 * HOUR, { closed: -24 * HOUR + 1000 });
    expect(build(null, [sharp]).kpisYesterday).toMatchObject({ open: 0, closureRate: 1 });
    expect(build(null, [late]).kpisYesterday).toMatchObject({ open: 1, closureRate: 0 });
  });
});

describe('computeKpis', () => {
  it('gives nulls, not zeros, for rates without a denominator', () => {
    expect(computeKpis([], NOW)).toEqual({
      today: 0,
      open: 0,
      dueSoon: 0,
      overdue: 0,
      closureRate: null,
      onTimeRate: null,
      avgHandlingHours: null,
      satisfactionRate: null,
      repeat: 0,
    });
  });

  it('ignores tickets reported after the moment asked for', () => {
    const future = ticket('TF', JIANHAI, {
      stages: { reported: HOUR },
      deadline: 10 * HOUR,
      category: 'traffic',
    });
    expect(computeKpis([future], NOW)).toMatchObject({ today: 0, open: 0 });
  });

  it('is due soon from exactly 80 % of the time limit, overdue only after the deadline', () => {
    const at = (reportedAgo: number, limit: number) =>
      ticket('TX', JIANHAI, {
        stages: { reported: -reportedAgo },
        deadline: -reportedAgo + limit,
        category: 'traffic',
      });
    expect(computeKpis([at(8 * HOUR, 10 * HOUR)], NOW)).toMatchObject({ dueSoon: 1, overdue: 0 });
    expect(computeKpis([at(8 * HOUR - 1, 10 * HOUR)], NOW)).toMatchObject({
      dueSoon: 0,
      overdue: 0,
    });
    expect(computeKpis([at(10 * HOUR, 10 * HOUR)], NOW)).toMatchObject({
      dueSoon: 1,
      overdue: 0,
    });
    expect(computeKpis([at(10 * HOUR + 1, 10 * HOUR)], NOW)).toMatchObject({
      dueSoon: 0,
      overdue: 1,
    });
  });
});

describe('median', () => {
  it('is the middle of the sorted values (the mean of the two middle ones for an even count)', () => {
    let seed = 3;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    expect(median(new Float64Array(0))).toBeNull();
    for (let round = 0; round < 300; round += 1) {
      const n = 1 + Math.floor(next() * 60);
      // Few distinct values in some rounds (ties), sorted or reversed runs in others.
      const spread = round % 3 === 0 ? 4 : 1000;
      const values = Array.from({ length: n }, () => Math.floor(next() * spread));
      if (round % 5 === 1) values.sort((a, b) => a - b);
      if (round % 5 === 2) values.sort((a, b) => b - a);
      const sorted = [...values].sort((a, b) => a - b);
      const mid = n >> 1;
      const expected = n % 2 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
      expect(median(Float64Array.from(values))).toBe(expected);
    }
  });
});

describe('computeFunnel', () => {
  it('counts a stage reached without a time for the next one, and ignores backwards times', () => {
    const odd = ticket('TO', JIANHAI, {
      stages: { reported: -HOUR, registered: -2 * HOUR },
      deadline: 10 * HOUR,
      category: 'traffic',
    });
    expect(computeFunnel([odd]).slice(0, 3)).toEqual([
      { stage: 'reported', count: 1, medianMinutes: null },
      { stage: 'registered', count: 1, medianMinutes: null },
      { stage: 'dispatched', count: 0, medianMinutes: null },
    ]);
  });
});

describe('extent', () => {
  it('bounds every ticket of the area, open or closed, and is null for an area without any', () => {
    const bbox = (ts: Ticket[]) => [
      Math.min(...ts.map((t) => t.position[0])),
      Math.min(...ts.map((t) => t.position[1])),
      Math.max(...ts.map((t) => t.position[0])),
      Math.max(...ts.map((t) => t.position[1])),
    ];
    const inPast = SNAPSHOT.filter((t) => t.stages.reported <= context.generatedAt);
    expect(build(null).extent).toEqual(bbox(inPast));
    expect(build(GULOU).extent).toEqual(bbox(inPast.filter((t) => t.district === GULOU)));
    expect(build('350105').extent).toBeNull();
  });
});

describe('buildTicketView over a city of simulated tickets', () => {
  // The simulated Fuzhou at ×1: about 10,800 tickets, more open than a list carries.
  const at = Date.UTC(2026, 10, 19, 2, 0); // a Thursday, 10:00 in Fuzhou
  const time = cityTimeOf('Asia/Shanghai');
  const recent: Ticket[] = createCity({ seed: 42, scale: 1, geo: loadGeo() }).snapshot(
    'tickets',
    at,
  );
  // The simulated feed holds two days and what is still open; a backend may send its history
  // too: the closed tickets again, a week earlier, settled long before yesterday.
  const earlier = (ms: number | undefined) => (ms === undefined ? undefined : ms - 7 * DAY);
  const history: Ticket[] = recent
    .filter((t) => t.stage === 'closed' || t.stage === 'rated')
    .map((t) => ({
      ...t,
      id: `H${t.id}`,
      deadline: t.deadline - 7 * DAY,
      stages: Object.fromEntries(
        Object.entries(t.stages).map(([k, v]) => [k, earlier(v)]),
      ) as Ticket['stages'],
    }));
  const tickets = [...recent, ...history].map((t) => sanitizeTicket(t, 'desktop'));
  const context = {
    now: at,
    time,
    changesAt: () => {},
    version: 1,
    revision: 1,
    generatedAt: at,
    droppedLast: 0,
    droppedTotal: 0,
  };
  const view = buildTicketView(tickets, { area: null }, context);
  const present = tickets.filter((t) => t.stages.reported <= at);
  const open = present.map((t) => ({ t, sla: ticketSla(t, at) })).filter((o) => o.sla !== 'closed');
  const byId = (a: { t: Ticket }, b: { t: Ticket }) => (a.t.id < b.t.id ? -1 : 1);

  it('holds more open tickets than a list carries', () => {
    expect(open.length).toBeGreaterThan(LIST_LIMIT);
    expect(view.openRows).toBe(open.length);
    expect(view.points.length).toBe(open.length);
  });

  it('lists the newest open tickets, as sorting them all would', () => {
    const expected = [...open]
      .sort((a, b) => b.t.stages.reported - a.t.stages.reported || byId(a, b))
      .slice(0, LIST_LIMIT)
      .map((o) => o.t.id);
    expect(view.rows.map((r) => r.id)).toEqual(expected);
  });

  it('lists the most urgent open tickets, as sorting them all would', () => {
    const rank = { overdue: 0, dueSoon: 1, onTrack: 2, closed: 3 };
    const expected = [...open]
      .sort(
        (a, b) =>
          rank[a.sla] - rank[b.sla] ||
          Number(b.t.urgent) - Number(a.t.urgent) ||
          a.t.deadline - b.t.deadline ||
          byId(a, b),
      )
      .slice(0, LIST_LIMIT)
      .map((o) => o.t.id);
    expect(view.urgentRows.map((r) => r.id)).toEqual(expected);
    expect(view.urgentRows[0]!.sla).toBe('overdue');
  });

  it('counts the settled history as the ticket-by-ticket KPIs and departments do', () => {
    expect(view.kpis).toEqual(computeKpis(present, at, time));
    expect(view.kpisYesterday).toEqual(computeKpis(present, at - DAY, time));
    const departments = new Map<string, { count: number; closed: number; overdueOpen: number }>();
    const onTime = new Map<string, number>();
    for (const t of present) {
      if (!t.department) continue;
      const d = departments.get(t.department) ?? { count: 0, closed: 0, overdueOpen: 0 };
      d.count += 1;
      if (t.stage === 'closed' || t.stage === 'rated') {
        d.closed += 1;
        if (t.stages.closed! <= t.deadline)
          onTime.set(t.department, (onTime.get(t.department) ?? 0) + 1);
      } else if (ticketSla(t, at) === 'overdue') d.overdueOpen += 1;
      departments.set(t.department, d);
    }
    expect(
      view.departments.map(({ department, count, closed, overdueOpen, onTimeRate }) => [
        department,
        { count, closed, overdueOpen, onTimeRate },
      ]),
    ).toEqual(
      [...departments]
        .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
        .map(([department, d]) => [
          department,
          { ...d, onTimeRate: (onTime.get(department) ?? 0) / (d.closed + d.overdueOpen) },
        ]),
    );
    const total = (key: 'today' | 'open') => view.ranking.reduce((n, r) => n + r[key], 0);
    expect(total('today')).toBe(view.kpis.today);
    expect(total('open')).toBe(open.length);
  });

  it('reads each ticket’s stage and SLA at a moment as stageAt and ticketSla do', () => {
    // The KPIs tally columns; here they are read again ticket by ticket with the domain's
    // functions, at four moments (now, yesterday at this time, the next morning, a week ago).
    for (const moment of [at, at - DAY, at + 20 * HOUR, at - 7 * DAY]) {
      const dayStart = time.dayStart(moment);
      let openCount = 0;
      let overdue = 0;
      let dueSoon = 0;
      let closedToday = 0;
      let today = 0;
      for (const t of tickets) {
        if (t.stages.reported > moment) continue;
        const stage = stageAt(t, moment)!;
        const closedByNow = (stage === 'closed' || stage === 'rated') && t.stages.closed! <= moment;
        if (t.stages.reported >= dayStart) today += 1;
        if (!closedByNow) {
          openCount += 1;
          if (stage !== 'closed' && stage !== 'rated') {
            const sla = ticketSla({ ...t, stage }, moment);
            if (sla === 'overdue') overdue += 1;
            else if (sla === 'dueSoon') dueSoon += 1;
          }
        } else if (t.stages.closed! >= dayStart) closedToday += 1;
      }
      const kpis = computeKpis(tickets, moment, time);
      expect(kpis).toMatchObject({ today, open: openCount, overdue, dueSoon });
      expect(kpis.onTimeRate === null).toBe(closedToday === 0);
    }
  });

  it('builds the same view from a table kept in step with deltas as from the tickets anew', () => {
    const table = tableOf(TICKET_TABLE, tickets);
    const held = new Map(tickets.map((t) => [t.id, t] as const));
    let seed = 11;
    const roll = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const ids = [...held.keys()];
    for (let revision = 2; revision <= 4; revision += 1) {
      const removed: string[] = [];
      const after: Ticket[] = [];
      for (const id of ids) {
        const r = roll();
        const old = held.get(id);
        if (old && r < 0.03) {
          held.delete(id);
          removed.push(id);
        } else if (r > 0.95) {
          // Changed (closed an hour ago, or moved to another area), or back after a removal.
          const base = old ?? tickets.find((t) => t.id === id)!;
          const next =
            roll() < 0.5
              ? sanitizeTicket(
                  {
                    ...base,
                    stage: 'closed',
                    stages: { ...base.stages, closed: at - HOUR },
                  },
                  'desktop',
                )
              : { ...base, district: GULOU, street: `${GULOU}001`, community: `${GULOU}001001` };
          held.set(id, next);
          after.push(next);
        }
      }
      table.apply(removed, after, revision);
      for (const area of [null, GULOU]) {
        const kept = buildTicketViewOf(table, { area }, context);
        const anew = buildTicketView(held.values(), { area }, context);
        // The map's points may lie in another order (rows freed and taken again): compare by id.
        const points = (v: TicketView) =>
          Array.from({ length: v.points.length }, (_, i) => [
            pointIdAt(v.points.ids, i),
            v.points.sla[i],
            v.points.positions[i * 2],
          ]).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
        expect(points(kept)).toEqual(points(anew));
        expect({ ...kept, points: null }).toEqual({ ...anew, points: null });
      }
    }
  });
});
