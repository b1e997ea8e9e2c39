import { cityTimeOf, DAY_MS, HOUR_MS, MINUTE_MS, type CityTime } from '@/domain/city-time';
import { isClosedStage, TICKET_STAGES, type Ticket, type TicketStage } from '@/domain/ticket';
import {
  closedOnTime,
  DUE_SOON_SHARE,
  stageAt,
  ticketSla,
  type TicketSla,
} from '@/domain/ticket-status';
import { defineView, type FeedFacts, type ViewContext } from '@/feeds/view-builder';
import { ticketSettingsOr } from './settings';
import { TICKETS_OVERVIEW, TICKETS_SUMMARY } from './views';
import {
  areaMatcher,
  cellOfItem,
  childKeyOf,
  loadGrid,
  needsGrid,
  type AreaParams,
} from '@/feeds/area-filter';

/** The figures of the KPI strip, for one moment. */
export interface TicketKpis {
  today: number;
  open: number;
  dueSoon: number;
  overdue: number;
  /** Share of today's tickets already closed, 0–1, null without tickets. */
  closureRate: number | null;
  /** Share of tickets closed today that closed within their time limit. */
  onTimeRate: number | null;
  /** Mean hours from report to closure of tickets closed today. */
  avgHandlingHours: number | null;
  /** Share of today's ratings that are 满意 or 基本满意. */
  satisfactionRate: number | null;
  /** Today's tickets that repeat an earlier complaint. */
  repeat: number;
}

export interface FunnelStep {
  stage: TicketStage;
  /** Today's tickets that reached this stage. */
  count: number;
  /** Median minutes spent in this stage before the next, null when none moved on. */
  medianMinutes: number | null;
}

export interface RankingEntry {
  /** Child area code (district, street, community) or H3 cell. */
  key: string;
  today: number;
  open: number;
  overdue: number;
}

/** One open ticket in the live list: what a row shows, nothing personal. */
export interface TicketRow {
  id: string;
  category: string;
  title: string;
  stage: TicketStage;
  sla: TicketSla;
  urgent: boolean;
  district: string;
  street: string;
  community: string;
  reported: number;
  deadline: number;
}

/** Open tickets as columns for the map: index i is row i of `rows`. */
export interface TicketPoints {
  length: number;
  /** lng, lat pairs. */
  positions: Float32Array;
  /** 0 on track, 1 due soon, 2 overdue. */
  sla: Uint8Array;
}

export interface TicketView {
  area: string | null;
  version: number;
  revision: number;
  /** The source's own time for this data. */
  generatedAt: number;
  /** The city clock every figure of the view was computed against. */
  asOf: number;
  droppedLast: number;
  droppedTotal: number;
  kpis: TicketKpis;
  /** The same figures at the same time yesterday. */
  kpisYesterday: TicketKpis;
  /** Tickets stamped after the city clock (a source whose clock runs ahead): left out, counted. */
  future: number;
  funnel: FunnelStep[];
  /** Today's tickets per category, largest first. */
  /** `yesterday`: the category's tickets by this time yesterday (the trend). */
  categories: { category: string; count: number; yesterday: number; hourly: number[] }[];
  ranking: RankingEntry[];
  /** Grid cells (H3) of the area, at street level and below; empty above. */
  cells: RankingEntry[];
  /** Which level the ranking's keys are. */
  rankingLevel: 'district' | 'street' | 'community' | 'cell';
  /** Tickets reported per hour; `currentHour` is still running (a partial count). */
  hourly: { today: number[]; yesterday: number[]; currentHour: number };
  /**
   * Departments by tickets dispatched to them. On time: closed within the limit, out of those
   * closed plus those still open past their deadline (an overdue open ticket counts against it).
   */
  departments: {
    department: string;
    count: number;
    closed: number;
    overdueOpen: number;
    onTimeRate: number | null;
  }[];
  /** Open tickets, newest first. */
  rows: TicketRow[];
  points: TicketPoints;
  /** [minLng, minLat, maxLng, maxLat] of the area's tickets, null without any. */
  extent: [number, number, number, number] | null;
}

const SLA_CODE: Record<TicketSla, number> = { onTrack: 0, dueSoon: 1, overdue: 2, closed: 0 };

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** KPIs of `tickets` as they stood at `now` (reconstructed from stage times). */
export function computeKpis(
  tickets: readonly Ticket[],
  now: number,
  time: CityTime = cityTimeOf(),
  dueSoonShare = DUE_SOON_SHARE,
): TicketKpis {
  const dayStart = time.dayStart(now);
  let today = 0;
  let todayClosed = 0;
  let open = 0;
  let dueSoon = 0;
  let overdue = 0;
  let closedToday = 0;
  let closedTodayOnTime = 0;
  let handlingMs = 0;
  let rated = 0;
  let ratedGood = 0;
  let repeat = 0;
  for (const t of tickets) {
    const reported = t.stages.reported;
    if (reported > now) continue;
    const stage = stageAt(t, now) ?? 'reported';
    const isToday = reported >= dayStart;
    const closedAt = t.stages.closed;
    const closedByNow = isClosedStage(stage) && closedAt !== undefined && closedAt <= now;
    if (isToday) {
      today += 1;
      if (closedByNow) todayClosed += 1;
      if (t.repeatOf !== null) repeat += 1;
    }
    if (!closedByNow) {
      open += 1;
      const sla = ticketSla({ stage, stages: t.stages, deadline: t.deadline }, now, dueSoonShare);
      if (sla === 'overdue') overdue += 1;
      else if (sla === 'dueSoon') dueSoon += 1;
    } else if (closedAt >= dayStart) {
      closedToday += 1;
      if (closedOnTime(t)) closedTodayOnTime += 1;
      handlingMs += closedAt - reported;
    }
    const ratedAt = t.stages.rated;
    if (t.rating && ratedAt !== undefined && ratedAt >= dayStart && ratedAt <= now) {
      rated += 1;
      if (t.rating !== 'unsatisfied') ratedGood += 1;
    }
  }
  return {
    today,
    open,
    dueSoon,
    overdue,
    closureRate: ratio(todayClosed, today),
    onTimeRate: ratio(closedTodayOnTime, closedToday),
    avgHandlingHours: closedToday ? handlingMs / closedToday / HOUR_MS : null,
    satisfactionRate: ratio(ratedGood, rated),
    repeat,
  };
}

export function computeFunnel(todays: readonly Ticket[]): FunnelStep[] {
  return TICKET_STAGES.map((stage, i) => {
    const next = TICKET_STAGES[i + 1];
    const durations: number[] = [];
    let count = 0;
    for (const t of todays) {
      const at = t.stages[stage];
      if (at === undefined) continue;
      count += 1;
      const nextAt = next ? t.stages[next] : undefined;
      if (nextAt !== undefined && nextAt >= at) durations.push((nextAt - at) / 60_000);
    }
    return { stage, count, medianMinutes: median(durations) };
  });
}

/** What the tickets view is built with: the feed's facts, the city clock and its due-soon mark. */
export type TicketViewContext = Pick<ViewContext, 'now' | 'time' | 'changesAt'> &
  Pick<FeedFacts, 'version' | 'revision' | 'generatedAt' | 'droppedLast' | 'droppedTotal'> & {
    /** The city catalogue's due-soon share (0.8 when not given). */
    dueSoonShare?: number;
  };

/**
 * The next city time at which a figure of these tickets changes without new data: an open ticket
 * turning due soon or overdue, a ticket stamped ahead of the clock appearing, the next minute
 * (comparisons with the same time yesterday move on) — and midnight, which the minute covers.
 */
function recordBoundaries(tickets: readonly Ticket[], now: number, ctx: TicketViewContext) {
  ctx.changesAt(Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
  ctx.changesAt(ctx.time.nextDayStart(now));
  for (const t of tickets) {
    const reported = t.stages.reported;
    if (reported > now) {
      ctx.changesAt(reported);
      continue;
    }
    if (isClosedStage(t.stage)) continue;
    const dueSoonAt = reported + (t.deadline - reported) * (ctx.dueSoonShare ?? DUE_SOON_SHARE);
    if (dueSoonAt > now) ctx.changesAt(Math.ceil(dueSoonAt));
    else if (t.deadline >= now) ctx.changesAt(t.deadline + 1);
  }
}

/** Builds the tickets view of one area from the feed's items (runs in the worker). */
export function buildTicketView(
  items: Iterable<Ticket>,
  params: AreaParams,
  context: TicketViewContext,
): TicketView {
  const { now, time } = context;
  const dueSoonShare = context.dueSoonShare ?? DUE_SOON_SHARE;
  const dayStart = time.dayStart(now);
  const yesterdayStart = time.dayStart(dayStart - 1);
  const matches = areaMatcher(params);
  const childKey = childKeyOf(params);

  // Tickets stamped after the city clock (a source's clock ahead) are left out everywhere, counted.
  const inArea: Ticket[] = [];
  const areaAll: Ticket[] = [];
  let future = 0;
  for (const t of items) {
    if (!matches(t)) continue;
    areaAll.push(t);
    if (t.stages.reported <= now) inArea.push(t);
    else future += 1;
  }
  recordBoundaries(areaAll, now, context);

  const todays: Ticket[] = [];
  const hourlyToday = new Array<number>(24).fill(0);
  const hourlyYesterday = new Array<number>(24).fill(0);
  const byCategory = new Map<string, { count: number; yesterday: number; hourly: number[] }>();
  const categoryOf = (id: string) => {
    let cat = byCategory.get(id);
    if (!cat)
      byCategory.set(id, (cat = { count: 0, yesterday: 0, hourly: new Array<number>(24).fill(0) }));
    return cat;
  };
  const byChild = new Map<string, RankingEntry>();
  const withCells = childKey.level === 'community' || childKey.level === 'cell';
  const byCell = new Map<string, RankingEntry>();
  const byDept = new Map<
    string,
    { count: number; closed: number; onTime: number; overdueOpen: number }
  >();
  const rows: TicketRow[] = [];

  for (const t of inArea) {
    const reported = t.stages.reported;
    const key = childKey.key(t);
    let child = byChild.get(key);
    if (!child) byChild.set(key, (child = { key, today: 0, open: 0, overdue: 0 }));
    if (reported >= dayStart) {
      todays.push(t);
      const hour = time.hour(reported);
      hourlyToday[hour]! += 1;
      const cat = categoryOf(t.category);
      cat.count += 1;
      cat.hourly[hour]! += 1;
      child.today += 1;
    } else if (reported >= yesterdayStart) {
      hourlyYesterday[time.hour(reported)]! += 1;
      if (reported <= now - DAY_MS) categoryOf(t.category).yesterday += 1;
    }
    const sla = ticketSla(t, now, dueSoonShare);
    if (t.department) {
      let dept = byDept.get(t.department);
      if (!dept)
        byDept.set(t.department, (dept = { count: 0, closed: 0, onTime: 0, overdueOpen: 0 }));
      dept.count += 1;
      if (isClosedStage(t.stage)) {
        dept.closed += 1;
        if (closedOnTime(t)) dept.onTime += 1;
      } else if (sla === 'overdue') dept.overdueOpen += 1;
    }
    let cell: RankingEntry | undefined;
    if (withCells) {
      const c = cellOfItem(t);
      cell = byCell.get(c);
      if (!cell) byCell.set(c, (cell = { key: c, today: 0, open: 0, overdue: 0 }));
      if (reported >= dayStart) cell.today += 1;
    }
    if (sla !== 'closed') {
      child.open += 1;
      if (sla === 'overdue') child.overdue += 1;
      if (cell) {
        cell.open += 1;
        if (sla === 'overdue') cell.overdue += 1;
      }
      rows.push({
        id: t.id,
        category: t.category,
        title: t.title,
        stage: t.stage,
        sla,
        urgent: t.urgent,
        district: t.district,
        street: t.street,
        community: t.community,
        reported,
        deadline: t.deadline,
      });
    }
  }

  let extent: TicketView['extent'] = null;
  for (const t of inArea) {
    const [x, y] = t.position;
    if (!extent) extent = [x, y, x, y];
    else {
      if (x < extent[0]) extent[0] = x;
      if (y < extent[1]) extent[1] = y;
      if (x > extent[2]) extent[2] = x;
      if (y > extent[3]) extent[3] = y;
    }
  }

  rows.sort((a, b) => b.reported - a.reported || (a.id < b.id ? -1 : 1));
  const positions = new Float32Array(rows.length * 2);
  const slaCodes = new Uint8Array(rows.length);
  const byId = new Map(inArea.map((t) => [t.id, t]));
  rows.forEach((row, i) => {
    const t = byId.get(row.id)!;
    positions[i * 2] = t.position[0];
    positions[i * 2 + 1] = t.position[1];
    slaCodes[i] = SLA_CODE[row.sla];
  });

  return {
    area: params.area,
    version: context.version,
    revision: context.revision,
    generatedAt: context.generatedAt,
    asOf: now,
    droppedLast: context.droppedLast,
    droppedTotal: context.droppedTotal,
    kpis: computeKpis(inArea, now, time, dueSoonShare),
    kpisYesterday: computeKpis(inArea, now - DAY_MS, time, dueSoonShare),
    future,
    funnel: computeFunnel(todays),
    categories: [...byCategory.entries()]
      .filter(([, v]) => v.count > 0)
      .map(([category, v]) => ({ category, ...v }))
      .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
    ranking: [...byChild.values()].sort(
      (a, b) => b.today - a.today || b.open - a.open || (a.key < b.key ? -1 : 1),
    ),
    cells: [...byCell.values()].sort((a, b) => b.open - a.open || (a.key < b.key ? -1 : 1)),
    rankingLevel: childKey.level,
    hourly: { today: hourlyToday, yesterday: hourlyYesterday, currentHour: time.hour(now) },
    departments: [...byDept.entries()]
      .map(([department, d]) => ({
        department,
        count: d.count,
        closed: d.closed,
        overdueOpen: d.overdueOpen,
        onTimeRate: ratio(d.onTime, d.closed + d.overdueOpen),
      }))
      .sort((a, b) => b.count - a.count || a.department.localeCompare(b.department)),
    rows,
    points: { length: rows.length, positions, sla: slaCodes },
    extent,
  };
}

/** The tickets view of an area: everything the tickets screen shows. */
export const ticketOverviewView = defineView<AreaParams, TicketView>({
  ...TICKETS_OVERVIEW,
  prepare: (params) => (needsGrid(params) ? loadGrid() : Promise.resolve()),
  build: (input, params, ctx) =>
    buildTicketView(input.inArea('tickets').values(), params, {
      ...input.facts('tickets'),
      now: ctx.now,
      time: ctx.time,
      changesAt: ctx.changesAt,
      dueSoonShare: ticketSettingsOr(ctx.settings('tickets')).catalog.dueSoonShare,
    }),
  transferables: (view) => [view.points.positions.buffer, view.points.sla.buffer],
});

/** What the overview shows of the tickets: the headline figures and the late tickets' points. */
export interface TicketSummary {
  asOf: number;
  kpis: TicketKpis;
  kpisYesterday: TicketKpis;
  /** Open tickets due soon or overdue, as points (0 due soon, 1 overdue). */
  late: { length: number; positions: Float32Array; overdue: Uint8Array };
}

export function buildTicketSummary(
  items: Iterable<Ticket>,
  params: AreaParams,
  context: TicketViewContext,
): TicketSummary {
  const { now, time } = context;
  const dueSoonShare = context.dueSoonShare ?? DUE_SOON_SHARE;
  const matches = areaMatcher(params);
  const inArea: Ticket[] = [];
  for (const t of items) if (matches(t)) inArea.push(t);
  recordBoundaries(inArea, now, context);
  const present = inArea.filter((t) => t.stages.reported <= now);
  const late: Ticket[] = [];
  const lateSla: number[] = [];
  for (const t of present) {
    const sla = ticketSla(t, now, dueSoonShare);
    if (sla === 'overdue' || sla === 'dueSoon') {
      late.push(t);
      lateSla.push(sla === 'overdue' ? 1 : 0);
    }
  }
  const positions = new Float32Array(late.length * 2);
  late.forEach((t, i) => {
    positions[i * 2] = t.position[0];
    positions[i * 2 + 1] = t.position[1];
  });
  return {
    asOf: now,
    kpis: computeKpis(present, now, time, dueSoonShare),
    kpisYesterday: computeKpis(present, now - DAY_MS, time, dueSoonShare),
    late: { length: late.length, positions, overdue: Uint8Array.from(lateSla) },
  };
}

export const ticketSummaryView = defineView<AreaParams, TicketSummary>({
  ...TICKETS_SUMMARY,
  build: (input, params, ctx) =>
    buildTicketSummary(input.inArea('tickets').values(), params, {
      ...input.facts('tickets'),
      now: ctx.now,
      time: ctx.time,
      changesAt: ctx.changesAt,
      dueSoonShare: ticketSettingsOr(ctx.settings('tickets')).catalog.dueSoonShare,
    }),
  transferables: (view) => [view.late.positions.buffer, view.late.overdue.buffer],
});
