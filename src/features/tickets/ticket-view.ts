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
import { encodeIds, type IdColumn } from '@/feeds/point-columns';
import { ticketPointStyle } from './point-style';
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

/** Open tickets as columns for the map: index i is the same ticket in each column. */
export interface TicketPoints {
  length: number;
  /** lng, lat pairs. */
  positions: Float32Array;
  /** 0 on track, 1 due soon, 2 overdue. */
  sla: Uint8Array;
  /** The tickets' ids, to pick one from the map. */
  ids: IdColumn;
  /** RGBA per point, by its SLA code. */
  colors: Uint8Array;
  /** Radius per point, px, by its SLA code. */
  radii: Float32Array;
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
  /** The newest open tickets, newest first: at most `LIST_LIMIT`. */
  rows: TicketRow[];
  /** The most urgent open tickets (`compareUrgency`): at most `LIST_LIMIT`. */
  urgentRows: TicketRow[];
  /** Every open ticket of the area (the lists hold the first `LIST_LIMIT` of them). */
  openRows: number;
  /** Every open ticket of the area, for the map. */
  points: TicketPoints;
  /** [minLng, minLat, maxLng, maxLat] of the area's tickets, null without any. */
  extent: [number, number, number, number] | null;
}

const SLA_CODE: Record<TicketSla, number> = { onTrack: 0, dueSoon: 1, overdue: 2, closed: 0 };
const SLA_RANK: Record<TicketSla, number> = { overdue: 0, dueSoon: 1, onTrack: 2, closed: 3 };

/**
 * How many open tickets each list of the view carries. A list of the city's 150,000 open tickets
 * (a megacity's) would cost the worker a row object each and the page their clone, and nobody
 * scrolls that far: past this, the list says how many more there are and a smaller area shows them.
 */
export const LIST_LIMIT = 2000;

function median(values: number[]): number | null {
  if (!values.length) return null;
  // A typed array sorts numerically without a comparator (a day of a megacity: 80,000 values).
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** The KPIs of tickets as they stood at `now` (reconstructed from stage times), one at a time. */
class KpiTally {
  private readonly dayStart: number;
  private today = 0;
  private todayClosed = 0;
  private open = 0;
  private dueSoon = 0;
  private overdue = 0;
  private closedToday = 0;
  private closedTodayOnTime = 0;
  private handlingMs = 0;
  private rated = 0;
  private ratedGood = 0;
  private repeat = 0;

  constructor(
    private readonly now: number,
    time: CityTime,
    private readonly dueSoonShare: number,
  ) {
    this.dayStart = time.dayStart(now);
  }

  add(t: Ticket): void {
    const { now, dayStart } = this;
    const reported = t.stages.reported;
    if (reported > now) return;
    const stage = stageAt(t, now) ?? 'reported';
    const isToday = reported >= dayStart;
    const closedAt = t.stages.closed;
    const closedByNow = isClosedStage(stage) && closedAt !== undefined && closedAt <= now;
    if (isToday) {
      this.today += 1;
      if (closedByNow) this.todayClosed += 1;
      if (t.repeatOf !== null) this.repeat += 1;
    }
    if (!closedByNow) {
      this.open += 1;
      // `ticketSla` at `now`, inline: this runs for every ticket of the city, twice.
      if (!isClosedStage(stage)) {
        const deadline = t.deadline;
        if (now > deadline) this.overdue += 1;
        else if (now >= reported + (deadline - reported) * this.dueSoonShare) this.dueSoon += 1;
      }
    } else if (closedAt >= dayStart) {
      this.closedToday += 1;
      if (closedOnTime(t)) this.closedTodayOnTime += 1;
      this.handlingMs += closedAt - reported;
    }
    const ratedAt = t.stages.rated;
    if (t.rating && ratedAt !== undefined && ratedAt >= dayStart && ratedAt <= now) {
      this.rated += 1;
      if (t.rating !== 'unsatisfied') this.ratedGood += 1;
    }
  }

  result(): TicketKpis {
    return {
      today: this.today,
      open: this.open,
      dueSoon: this.dueSoon,
      overdue: this.overdue,
      closureRate: ratio(this.todayClosed, this.today),
      onTimeRate: ratio(this.closedTodayOnTime, this.closedToday),
      avgHandlingHours: this.closedToday ? this.handlingMs / this.closedToday / HOUR_MS : null,
      satisfactionRate: ratio(this.ratedGood, this.rated),
      repeat: this.repeat,
    };
  }
}

/** KPIs of `tickets` as they stood at `now` (reconstructed from stage times). */
export function computeKpis(
  tickets: readonly Ticket[],
  now: number,
  time: CityTime = cityTimeOf(),
  dueSoonShare = DUE_SOON_SHARE,
): TicketKpis {
  const tally = new KpiTally(now, time, dueSoonShare);
  for (const t of tickets) tally.add(t);
  return tally.result();
}

export function computeFunnel(todays: readonly Ticket[]): FunnelStep[] {
  const n = TICKET_STAGES.length;
  const counts = new Array<number>(n).fill(0);
  const durations: number[][] = TICKET_STAGES.map(() => []);
  const at = new Array<number | undefined>(n);
  for (const t of todays) {
    // The stage times written out, in `TICKET_STAGES` order: reading them with the stage name as
    // a key that changes at every step is several times slower (a day of a megacity: 80,000).
    const s = t.stages;
    at[0] = s.reported;
    at[1] = s.registered;
    at[2] = s.dispatched;
    at[3] = s.processing;
    at[4] = s.feedback;
    at[5] = s.closed;
    at[6] = s.rated;
    for (let i = 0; i < n; i += 1) {
      const here = at[i];
      if (here === undefined) continue;
      counts[i]! += 1;
      const next = i + 1 < n ? at[i + 1] : undefined;
      if (next !== undefined && next >= here) durations[i]!.push((next - here) / 60_000);
    }
  }
  return TICKET_STAGES.map((stage, i) => ({
    stage,
    count: counts[i]!,
    medianMinutes: median(durations[i]!),
  }));
}

/**
 * The `limit` first of a stream by (first, second, id), ascending, without sorting the stream: a
 * binary heap whose root is the last one kept. Offering n items costs O(n log limit), and an item
 * that does not make it costs one comparison.
 */
class FirstOf<T> {
  private readonly first: number[] = [];
  private readonly second: number[] = [];
  private readonly ids: string[] = [];
  private readonly values: T[] = [];

  constructor(private readonly limit: number) {}

  /** Whether entry i comes after (a, b, id). */
  private after(i: number, a: number, b: number, id: string): boolean {
    const fa = this.first[i]!;
    if (fa !== a) return fa > a;
    const fb = this.second[i]!;
    if (fb !== b) return fb > b;
    return this.ids[i]! > id;
  }

  private set(i: number, a: number, b: number, id: string, value: T): void {
    this.first[i] = a;
    this.second[i] = b;
    this.ids[i] = id;
    this.values[i] = value;
  }

  private move(to: number, from: number): void {
    this.set(to, this.first[from]!, this.second[from]!, this.ids[from]!, this.values[from]!);
  }

  offer(a: number, b: number, id: string, value: T): void {
    const n = this.ids.length;
    if (n < this.limit) {
      // Sift up: the root is the entry that comes last.
      let i = n;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.after(parent, a, b, id)) break;
        this.move(i, parent);
        i = parent;
      }
      this.set(i, a, b, id, value);
      return;
    }
    if (n === 0 || !this.after(0, a, b, id)) return;
    // Replace the root and sift down.
    let i = 0;
    for (;;) {
      const left = i * 2 + 1;
      if (left >= n) break;
      const right = left + 1;
      const later =
        right < n && this.after(right, this.first[left]!, this.second[left]!, this.ids[left]!)
          ? right
          : left;
      if (!this.after(later, a, b, id)) break;
      this.move(i, later);
      i = later;
    }
    this.set(i, a, b, id, value);
  }

  /** What was kept, in order. */
  sorted(): T[] {
    const order = this.ids.map((_, i) => i);
    order.sort((x, y) =>
      this.after(x, this.first[y]!, this.second[y]!, this.ids[y]!)
        ? 1
        : this.after(y, this.first[x]!, this.second[x]!, this.ids[x]!)
          ? -1
          : 0,
    );
    return order.map((i) => this.values[i]!);
  }
}

/** What the tickets view is built with: the feed's facts, the city clock and its due-soon mark. */
export type TicketViewContext = Pick<ViewContext, 'now' | 'time' | 'changesAt'> &
  Pick<FeedFacts, 'version' | 'revision' | 'generatedAt' | 'droppedLast' | 'droppedTotal'> & {
    /** The city catalogue's due-soon share (0.8 when not given). */
    dueSoonShare?: number;
  };

/**
 * The next city time at which a figure of this ticket changes without new data: an open ticket
 * turning due soon or overdue, a ticket stamped ahead of the clock appearing. (The next minute,
 * when comparisons with the same time yesterday move on, and midnight are the view's own.)
 */
function recordBoundary(t: Ticket, now: number, ctx: TicketViewContext, dueSoonShare: number) {
  const reported = t.stages.reported;
  if (reported > now) {
    ctx.changesAt(reported);
    return;
  }
  if (isClosedStage(t.stage)) return;
  const dueSoonAt = reported + (t.deadline - reported) * dueSoonShare;
  if (dueSoonAt > now) ctx.changesAt(Math.ceil(dueSoonAt));
  else if (t.deadline >= now) ctx.changesAt(t.deadline + 1);
}

function recordClockBoundaries(now: number, ctx: TicketViewContext) {
  ctx.changesAt(Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
  ctx.changesAt(ctx.time.nextDayStart(now));
}

const rowOf = (t: Ticket, now: number, dueSoonShare: number): TicketRow => ({
  id: t.id,
  category: t.category,
  title: t.title,
  stage: t.stage,
  sla: ticketSla(t, now, dueSoonShare),
  urgent: t.urgent,
  district: t.district,
  street: t.street,
  community: t.community,
  reported: t.stages.reported,
  deadline: t.deadline,
});

function openPoints(positions: number[], slaCodes: number[], ids: string[]): TicketPoints {
  const sla = Uint8Array.from(slaCodes);
  return {
    length: ids.length,
    positions: Float32Array.from(positions),
    sla,
    ids: encodeIds(ids),
    ...ticketPointStyle(sla),
  };
}

/**
 * Builds the tickets view of one area from the feed's items (runs in the worker). One pass over
 * the items does every figure; a city's hundreds of thousands of tickets cost no sort and no
 * object per ticket: the open ones go to the map as columns, and the lists keep their first
 * `LIST_LIMIT` as they pass.
 */
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
  recordClockBoundaries(now, context);

  const kpisNow = new KpiTally(now, time, dueSoonShare);
  const kpisYesterday = new KpiTally(now - DAY_MS, time, dueSoonShare);
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
  const newest = new FirstOf<Ticket>(LIST_LIMIT);
  const urgent = new FirstOf<Ticket>(LIST_LIMIT);
  const positions: number[] = [];
  const slaCodes: number[] = [];
  const ids: string[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  // Tickets stamped after the city clock (a source's clock ahead) are left out everywhere, counted.
  let future = 0;
  const departmentOf = (id: string) => {
    let dept = byDept.get(id);
    if (!dept) byDept.set(id, (dept = { count: 0, closed: 0, onTime: 0, overdueOpen: 0 }));
    return dept;
  };
  const childOf = (key: string) => {
    let child = byChild.get(key);
    if (!child) byChild.set(key, (child = { key, today: 0, open: 0, overdue: 0 }));
    return child;
  };
  const cellOf = (t: Ticket) => {
    const c = cellOfItem(t);
    let cell = byCell.get(c);
    if (!cell) byCell.set(c, (cell = { key: c, today: 0, open: 0, overdue: 0 }));
    return cell;
  };

  for (const t of items) {
    if (!matches(t)) continue;
    recordBoundary(t, now, context, dueSoonShare);
    const stages = t.stages;
    const reported = stages.reported;
    if (reported > now) {
      future += 1;
      continue;
    }
    const position = t.position;
    const x = position[0];
    const y = position[1];
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
    const child = childOf(childKey.key(t));
    // Settled: closed, rated and reported before yesterday. Most of a city's history; it counts
    // for its area and its department only (no KPI of today or of yesterday at this time).
    const closedAt = stages.closed;
    const ratedAt = stages.rated;
    if (
      reported < yesterdayStart &&
      closedAt !== undefined &&
      closedAt < yesterdayStart &&
      (ratedAt === undefined || ratedAt < yesterdayStart) &&
      isClosedStage(t.stage)
    ) {
      if (t.department) {
        const dept = departmentOf(t.department);
        dept.count += 1;
        dept.closed += 1;
        if (closedOnTime(t)) dept.onTime += 1;
      }
      if (withCells) cellOf(t);
      continue;
    }
    kpisNow.add(t);
    kpisYesterday.add(t);
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
      const dept = departmentOf(t.department);
      dept.count += 1;
      if (isClosedStage(t.stage)) {
        dept.closed += 1;
        if (closedOnTime(t)) dept.onTime += 1;
      } else if (sla === 'overdue') dept.overdueOpen += 1;
    }
    let cell: RankingEntry | undefined;
    if (withCells) {
      cell = cellOf(t);
      if (reported >= dayStart) cell.today += 1;
    }
    if (sla !== 'closed') {
      child.open += 1;
      if (sla === 'overdue') child.overdue += 1;
      if (cell) {
        cell.open += 1;
        if (sla === 'overdue') cell.overdue += 1;
      }
      positions.push(x, y);
      slaCodes.push(SLA_CODE[sla]);
      ids.push(t.id);
      newest.offer(-reported, 0, t.id, t);
      urgent.offer(SLA_RANK[sla] * 2 + (t.urgent ? 0 : 1), t.deadline, t.id, t);
    }
  }

  return {
    area: params.area,
    version: context.version,
    revision: context.revision,
    generatedAt: context.generatedAt,
    asOf: now,
    droppedLast: context.droppedLast,
    droppedTotal: context.droppedTotal,
    kpis: kpisNow.result(),
    kpisYesterday: kpisYesterday.result(),
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
    rows: newest.sorted().map((t) => rowOf(t, now, dueSoonShare)),
    urgentRows: urgent.sorted().map((t) => rowOf(t, now, dueSoonShare)),
    openRows: ids.length,
    points: openPoints(positions, slaCodes, ids),
    extent: minX <= maxX ? [minX, minY, maxX, maxY] : null,
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
  transferables: (view) => [
    view.points.positions.buffer,
    view.points.sla.buffer,
    view.points.ids.bytes.buffer,
    view.points.ids.offsets.buffer,
    view.points.colors.buffer,
    view.points.radii.buffer,
  ],
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
  recordClockBoundaries(now, context);
  const kpisNow = new KpiTally(now, time, dueSoonShare);
  const kpisYesterday = new KpiTally(now - DAY_MS, time, dueSoonShare);
  const late: Ticket[] = [];
  const lateSla: number[] = [];
  for (const t of items) {
    if (!matches(t)) continue;
    recordBoundary(t, now, context, dueSoonShare);
    if (t.stages.reported > now) continue;
    kpisNow.add(t);
    kpisYesterday.add(t);
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
    kpis: kpisNow.result(),
    kpisYesterday: kpisYesterday.result(),
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
