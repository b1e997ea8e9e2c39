import { cityTimeOf, DAY_MS, HOUR_MS, MINUTE_MS, type CityTime } from '@/domain/city-time';
import { TICKET_STAGES, type Ticket, type TicketStage } from '@/domain/ticket';
import { DUE_SOON_SHARE, type TicketSla } from '@/domain/ticket-status';
import { defineView, type FeedFacts, type ViewContext } from '@/feeds/view-builder';
import { Codes, tableOf, type FeedTable } from '@/feeds/feed-table';
import { ticketSettingsOr } from './settings';
import { TICKETS_OVERVIEW, TICKETS_SUMMARY } from './views';
import type { IdColumn } from '@/feeds/point-columns';
import { ticketPointStyle } from './point-style';
import {
  areaLevelOf,
  cellOfItem,
  childKeyOf,
  loadGrid,
  needsGrid,
  type AreaParams,
} from '@/feeds/area-filter';
import {
  CLOSED,
  DEADLINE,
  HAS_RATING,
  ON_TIME,
  RATED,
  RATED_GOOD,
  REPEAT,
  REPORTED,
  TICKET_TABLE,
  TIMES,
  URGENT,
  codeColumn,
  type TicketColumns,
} from './ticket-table';

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

/**
 * How many open tickets each list of the view carries. A list of the city's 150,000 open tickets
 * (a megacity's) would cost the worker a row object each and the page their clone, and nobody
 * scrolls that far: past this, the list says how many more there are and a smaller area shows them.
 */
export const LIST_LIMIT = 2000;

/** The k-th smallest of `values` (reordered in place): quickselect, O(n) on average. */
function kth(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    // Median of three as the pivot: sorted or reversed input stays linear.
    const mid = (lo + hi) >> 1;
    const a = values[lo]!;
    const b = values[mid]!;
    const c = values[hi]!;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i += 1;
      while (values[j]! > pivot) j -= 1;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i += 1;
        j -= 1;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

/** The median of `values` (reordered in place), null without any. */
export function median(values: Float64Array): number | null {
  const n = values.length;
  if (!n) return null;
  // A day of a megacity is 80,000 values a stage: selected, not sorted.
  const upper = kth(values, n >> 1);
  if (n % 2) return upper;
  // The largest of the lower half, which the selection left below `n >> 1`.
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i += 1) if (values[i]! > lower) lower = values[i]!;
  return (lower + upper) / 2;
}

/**
 * `time.hour` for times of the local day starting at `dayStart`: arithmetic when the day has one
 * UTC offset throughout (a day with a daylight-saving change asks the calendar).
 */
function hourIn(time: CityTime, dayStart: number): (t: number) => number {
  const end = time.nextDayStart(dayStart);
  if (end - dayStart === DAY_MS && time.offsetMin(dayStart) === time.offsetMin(end - 1))
    return (t) => Math.floor((t - dayStart) / HOUR_MS);
  return (t) => time.hour(t);
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/** A ticket's SLA code at `now` from its columns (`ticketSla`): 0 on track, 1 due soon, 2 overdue, 3 closed. */
function slaCodeOf(c: TicketColumns, row: number, now: number, dueSoonShare: number): number {
  if (c.stage[row]! >= CLOSED) return 3;
  const at = row * TIMES;
  const deadline = c.times[at + DEADLINE]!;
  if (now > deadline) return 2;
  const reported = c.times[at + REPORTED]!;
  return now >= reported + (deadline - reported) * dueSoonShare ? 1 : 0;
}

const SLA_OF_CODE: readonly TicketSla[] = ['onTrack', 'dueSoon', 'overdue', 'closed'];

/** The KPIs of tickets as they stood at `now` (reconstructed from stage times), one row at a time. */
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

  add(c: TicketColumns, row: number): void {
    const { now, dayStart } = this;
    const times = c.times;
    const at = row * TIMES;
    const reported = times[at]!;
    if (reported > now) return;
    // `stageAt`: the last stage reached by `now` (a stage not reached is NaN: never ≤ now).
    let stage = 0;
    for (let i = 1; i < DEADLINE; i += 1) if (times[at + i]! <= now) stage = i;
    const isToday = reported >= dayStart;
    const closedAt = times[at + CLOSED]!;
    const closedByNow = stage >= CLOSED && closedAt <= now;
    const flags = c.flags[row]!;
    if (isToday) {
      this.today += 1;
      if (closedByNow) this.todayClosed += 1;
      if (flags & REPEAT) this.repeat += 1;
    }
    if (!closedByNow) {
      this.open += 1;
      if (stage < CLOSED) {
        const deadline = times[at + DEADLINE]!;
        if (now > deadline) this.overdue += 1;
        else if (now >= reported + (deadline - reported) * this.dueSoonShare) this.dueSoon += 1;
      }
    } else if (closedAt >= dayStart) {
      this.closedToday += 1;
      if (flags & ON_TIME) this.closedTodayOnTime += 1;
      this.handlingMs += closedAt - reported;
    }
    const ratedAt = times[at + RATED]!;
    if (flags & HAS_RATING && ratedAt >= dayStart && ratedAt <= now) {
      this.rated += 1;
      if (flags & RATED_GOOD) this.ratedGood += 1;
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

type TicketTable = FeedTable<Ticket, TicketColumns>;

/** KPIs of `tickets` as they stood at `now` (reconstructed from stage times). */
export function computeKpis(
  tickets: readonly Ticket[],
  now: number,
  time: CityTime = cityTimeOf(),
  dueSoonShare = DUE_SOON_SHARE,
): TicketKpis {
  const table = tableOf(TICKET_TABLE, tickets);
  const tally = new KpiTally(now, time, dueSoonShare);
  for (const row of table.rows()) tally.add(table.columns, row);
  return tally.result();
}

/** The funnel of today's tickets (their rows). */
function funnelOf(c: TicketColumns, todays: ArrayLike<number>): FunnelStep[] {
  const n = TICKET_STAGES.length;
  const counts = new Array<number>(n).fill(0);
  const durations = TICKET_STAGES.map(() => new Float64Array(todays.length));
  const moved = new Array<number>(n).fill(0);
  const times = c.times;
  for (let k = 0; k < todays.length; k += 1) {
    const at = todays[k]! * TIMES;
    for (let i = 0; i < n; i += 1) {
      const here = times[at + i]!;
      if (here !== here) continue; // NaN: not reached
      counts[i]! += 1;
      // The stage after the last (rated) has no time: the deadline that follows it is not one.
      if (i + 1 < n) {
        const next = times[at + i + 1]!;
        if (next >= here) durations[i]![moved[i]!++] = (next - here) / 60_000;
      }
    }
  }
  return TICKET_STAGES.map((stage, i) => ({
    stage,
    count: counts[i]!,
    medianMinutes: median(durations[i]!.subarray(0, moved[i]!)),
  }));
}

export function computeFunnel(todays: readonly Ticket[]): FunnelStep[] {
  const table = tableOf(TICKET_TABLE, todays);
  return funnelOf(table.columns, table.rows());
}

/**
 * The `limit` first rows by (first, second, id), ascending, without sorting them all: a binary
 * heap whose root is the last one kept. Offering n rows costs O(n log limit), and a row that does
 * not make it costs one comparison (the id is read only on a tie).
 */
class FirstRows {
  private readonly first: Float64Array;
  private readonly second: Float64Array;
  private readonly rows: Int32Array;
  private n = 0;

  constructor(
    private readonly limit: number,
    private readonly idOf: (row: number) => string,
  ) {
    this.first = new Float64Array(limit);
    this.second = new Float64Array(limit);
    this.rows = new Int32Array(limit);
  }

  /** Whether entry i comes after (a, b, row). */
  private after(i: number, a: number, b: number, row: number): boolean {
    const fa = this.first[i]!;
    if (fa !== a) return fa > a;
    const fb = this.second[i]!;
    if (fb !== b) return fb > b;
    return this.idOf(this.rows[i]!) > this.idOf(row);
  }

  private set(i: number, a: number, b: number, row: number): void {
    this.first[i] = a;
    this.second[i] = b;
    this.rows[i] = row;
  }

  offer(a: number, b: number, row: number): void {
    const n = this.n;
    if (n < this.limit) {
      // Sift up: the root is the entry that comes last.
      let i = n;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.after(parent, a, b, row)) break;
        this.set(i, this.first[parent]!, this.second[parent]!, this.rows[parent]!);
        i = parent;
      }
      this.set(i, a, b, row);
      this.n += 1;
      return;
    }
    if (n === 0 || !this.after(0, a, b, row)) return;
    // Replace the root and sift down.
    let i = 0;
    for (;;) {
      const left = i * 2 + 1;
      if (left >= n) break;
      const right = left + 1;
      const later =
        right < n && this.after(right, this.first[left]!, this.second[left]!, this.rows[left]!)
          ? right
          : left;
      if (!this.after(later, a, b, row)) break;
      this.set(i, this.first[later]!, this.second[later]!, this.rows[later]!);
      i = later;
    }
    this.set(i, a, b, row);
  }

  /** The rows kept, in order. */
  sorted(): number[] {
    const order = Array.from({ length: this.n }, (_, i) => i);
    order.sort((x, y) =>
      this.after(x, this.first[y]!, this.second[y]!, this.rows[y]!)
        ? 1
        : this.after(y, this.first[x]!, this.second[x]!, this.rows[x]!)
          ? -1
          : 0,
    );
    return order.map((i) => this.rows[i]!);
  }
}

/** What the tickets view is built with: the feed's facts, the city clock and its due-soon mark. */
export type TicketViewContext = Pick<ViewContext, 'now' | 'time' | 'changesAt'> &
  Pick<FeedFacts, 'version' | 'revision' | 'generatedAt' | 'droppedLast' | 'droppedTotal'> & {
    /** The city catalogue's due-soon share (0.8 when not given). */
    dueSoonShare?: number;
  };

/**
 * Records the next city time at which a figure of this row's ticket changes without new data (an
 * open ticket turning due soon or overdue, a ticket stamped ahead of the clock appearing); returns
 * whether the ticket is stamped ahead of the clock. (The next minute, when comparisons with the
 * same time yesterday move on, and midnight are the view's own.)
 */
function recordBoundary(
  c: TicketColumns,
  row: number,
  now: number,
  ctx: TicketViewContext,
  dueSoonShare: number,
): boolean {
  const at = row * TIMES;
  const reported = c.times[at]!;
  if (reported > now) {
    ctx.changesAt(reported);
    return true;
  }
  if (c.stage[row]! >= CLOSED) return false;
  const deadline = c.times[at + DEADLINE]!;
  const dueSoonAt = reported + (deadline - reported) * dueSoonShare;
  if (dueSoonAt > now) ctx.changesAt(Math.ceil(dueSoonAt));
  else if (deadline >= now) ctx.changesAt(deadline + 1);
  return false;
}

function recordClockBoundaries(now: number, ctx: TicketViewContext) {
  ctx.changesAt(Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
  ctx.changesAt(ctx.time.nextDayStart(now));
}

const rowOf = (t: Ticket, sla: TicketSla): TicketRow => ({
  id: t.id,
  category: t.category,
  title: t.title,
  stage: t.stage,
  sla,
  urgent: t.urgent,
  district: t.district,
  street: t.street,
  community: t.community,
  reported: t.stages.reported,
  deadline: t.deadline,
});

/** The rows of the table in the area asked for, in row order. */
function areaRows(table: TicketTable, params: AreaParams): Int32Array {
  const rows = table.rows();
  const level = areaLevelOf(params);
  if (level === 'city') return rows;
  const area = params.area!;
  if (level === 'cell') return rows.filter((row) => cellOfItem(table.items[row]!) === area);
  const c = table.columns;
  const column = codeColumn(c, level)!;
  const code = table.codes.find(area);
  return code < 0 ? new Int32Array(0) : rows.filter((row) => column[row] === code);
}

/**
 * Tallies by a code: the table's (area levels, categories, departments) or the build's own (grid
 * cells, small areas only). `seen` marks the codes that got an entry.
 */
class Tallies {
  readonly today: Int32Array;
  readonly open: Int32Array;
  readonly overdue: Int32Array;
  readonly seen: Uint8Array;

  constructor(size: number) {
    this.today = new Int32Array(size);
    this.open = new Int32Array(size);
    this.overdue = new Int32Array(size);
    this.seen = new Uint8Array(size);
  }

  entries(names: readonly string[]): RankingEntry[] {
    const out: RankingEntry[] = [];
    for (let code = 0; code < this.seen.length; code += 1)
      if (this.seen[code])
        out.push({
          key: names[code]!,
          today: this.today[code]!,
          open: this.open[code]!,
          overdue: this.overdue[code]!,
        });
    return out;
  }
}

/**
 * Builds the tickets view of one area from the feed's table (runs in the worker). One pass over
 * the area's rows does every figure, tallied in arrays by code; a city's hundreds of thousands of
 * tickets cost no sort and no object per ticket: the open ones go to the map as columns, and the
 * lists keep their first `LIST_LIMIT` as they pass.
 */
export function buildTicketViewOf(
  table: TicketTable,
  params: AreaParams,
  context: TicketViewContext,
): TicketView {
  const { now, time } = context;
  const dueSoonShare = context.dueSoonShare ?? DUE_SOON_SHARE;
  const dayStart = time.dayStart(now);
  const yesterdayStart = time.dayStart(dayStart - 1);
  const c = table.columns;
  const { times, position, stage, flags, category, department } = c;
  const { items, codes } = table;
  recordClockBoundaries(now, context);

  const rows = areaRows(table, params);
  const childKey = childKeyOf(params);
  const byCode = childKey.level !== 'cell';
  const childColumn = codeColumn(c, childKey.level);
  // Grid cells are the build's own codes; they are asked for in small areas only.
  const cellCodes = new Codes();
  const withCells = childKey.level === 'community' || childKey.level === 'cell';
  const children = new Tallies(byCode ? codes.size : rows.length);
  const cells = new Tallies(withCells ? rows.length : 0);

  const kpisNow = new KpiTally(now, time, dueSoonShare);
  const kpisYesterday = new KpiTally(now - DAY_MS, time, dueSoonShare);
  const todays: number[] = [];
  const hourToday = hourIn(time, dayStart);
  const hourYesterday = hourIn(time, yesterdayStart);
  const hourlyToday = new Array<number>(24).fill(0);
  const hourlyYesterday = new Array<number>(24).fill(0);
  const catCount = new Int32Array(codes.size);
  const catYesterday = new Int32Array(codes.size);
  const catHourly = new Int32Array(codes.size * 24);
  const deptCount = new Int32Array(codes.size);
  const deptClosed = new Int32Array(codes.size);
  const deptOnTime = new Int32Array(codes.size);
  const deptOverdueOpen = new Int32Array(codes.size);
  const open = new Int32Array(rows.length);
  const openSla = new Uint8Array(rows.length);
  let nOpen = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  // Tickets stamped after the city clock (a source's clock ahead) are left out everywhere, counted.
  let future = 0;

  for (let k = 0; k < rows.length; k += 1) {
    const row = rows[k]!;
    if (recordBoundary(c, row, now, context, dueSoonShare)) {
      future += 1;
      continue;
    }
    const at = row * TIMES;
    const reported = times[at]!;
    const x = position[row * 2]!;
    const y = position[row * 2 + 1]!;
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
    const child = childColumn ? childColumn[row]! : cellCodes.of(cellOfItem(items[row]!));
    children.seen[child] = 1;
    const cell = withCells ? cellCodes.of(cellOfItem(items[row]!)) : -1;
    if (withCells) cells.seen[cell] = 1;
    const closed = stage[row]! >= CLOSED;
    const dept = department[row]!;
    const f = flags[row]!;
    // Settled: closed, rated and reported before yesterday. Most of a city's history; it counts
    // for its area and its department only (no KPI of today or of yesterday at this time).
    if (
      closed &&
      reported < yesterdayStart &&
      times[at + CLOSED]! < yesterdayStart &&
      !(times[at + RATED]! >= yesterdayStart)
    ) {
      if (dept >= 0) {
        deptCount[dept]! += 1;
        deptClosed[dept]! += 1;
        if (f & ON_TIME) deptOnTime[dept]! += 1;
      }
      continue;
    }
    kpisNow.add(c, row);
    kpisYesterday.add(c, row);
    if (reported >= dayStart) {
      todays.push(row);
      const hour = hourToday(reported);
      hourlyToday[hour]! += 1;
      const cat = category[row]!;
      catCount[cat]! += 1;
      catHourly[cat * 24 + hour]! += 1;
      children.today[child]! += 1;
      if (withCells) cells.today[cell]! += 1;
    } else if (reported >= yesterdayStart) {
      hourlyYesterday[hourYesterday(reported)]! += 1;
      if (reported <= now - DAY_MS) catYesterday[category[row]!]! += 1;
    }
    const sla = slaCodeOf(c, row, now, dueSoonShare);
    if (dept >= 0) {
      deptCount[dept]! += 1;
      if (closed) {
        deptClosed[dept]! += 1;
        if (f & ON_TIME) deptOnTime[dept]! += 1;
      } else if (sla === 2) deptOverdueOpen[dept]! += 1;
    }
    if (!closed) {
      children.open[child]! += 1;
      if (sla === 2) children.overdue[child]! += 1;
      if (withCells) {
        cells.open[cell]! += 1;
        if (sla === 2) cells.overdue[cell]! += 1;
      }
      open[nOpen] = row;
      openSla[nOpen] = sla;
      nOpen += 1;
    }
  }

  // The lists: the newest (offered newest first, as rows mostly lie in report order, so that few
  // displace one kept) and the most urgent (overdue, due soon, on track; urgent first; by deadline).
  const idOf = (row: number) => items[row]!.id;
  const newest = new FirstRows(LIST_LIMIT, idOf);
  const urgent = new FirstRows(LIST_LIMIT, idOf);
  const positions = new Float32Array(nOpen * 2);
  for (let k = nOpen - 1; k >= 0; k -= 1) {
    const row = open[k]!;
    const at = row * TIMES;
    newest.offer(-times[at]!, 0, row);
    urgent.offer(
      (2 - openSla[k]!) * 2 + (flags[row]! & URGENT ? 0 : 1),
      times[at + DEADLINE]!,
      row,
    );
    positions[k * 2] = position[row * 2]!;
    positions[k * 2 + 1] = position[row * 2 + 1]!;
  }
  const sla = openSla.slice(0, nOpen);
  const listRow = (row: number) =>
    rowOf(items[row]!, SLA_OF_CODE[slaCodeOf(c, row, now, dueSoonShare)]!);

  const categories: TicketView['categories'] = [];
  for (let code = 0; code < catCount.length; code += 1)
    if (catCount[code]! > 0)
      categories.push({
        category: codes.names[code]!,
        count: catCount[code]!,
        yesterday: catYesterday[code]!,
        hourly: Array.from(catHourly.subarray(code * 24, code * 24 + 24)),
      });
  const departments: TicketView['departments'] = [];
  for (let code = 0; code < deptCount.length; code += 1)
    if (deptCount[code]! > 0)
      departments.push({
        department: codes.names[code]!,
        count: deptCount[code]!,
        closed: deptClosed[code]!,
        overdueOpen: deptOverdueOpen[code]!,
        onTimeRate: ratio(deptOnTime[code]!, deptClosed[code]! + deptOverdueOpen[code]!),
      });

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
    funnel: funnelOf(c, todays),
    categories: categories.sort(
      (a, b) => b.count - a.count || a.category.localeCompare(b.category),
    ),
    ranking: children
      .entries(byCode ? codes.names : cellCodes.names)
      .sort((a, b) => b.today - a.today || b.open - a.open || (a.key < b.key ? -1 : 1)),
    cells: cells
      .entries(cellCodes.names)
      .sort((a, b) => b.open - a.open || (a.key < b.key ? -1 : 1)),
    rankingLevel: childKey.level,
    hourly: { today: hourlyToday, yesterday: hourlyYesterday, currentHour: time.hour(now) },
    departments: departments.sort(
      (a, b) => b.count - a.count || a.department.localeCompare(b.department),
    ),
    rows: newest.sorted().map(listRow),
    urgentRows: urgent.sorted().map(listRow),
    openRows: nOpen,
    points: {
      length: nOpen,
      positions,
      sla,
      ids: table.ids(open, nOpen),
      ...ticketPointStyle(sla),
    },
    extent: minX <= maxX ? [minX, minY, maxX, maxY] : null,
  };
}

/** `buildTicketViewOf` over tickets given as objects (tests, callers outside the worker). */
export const buildTicketView = (
  items: Iterable<Ticket>,
  params: AreaParams,
  context: TicketViewContext,
): TicketView => buildTicketViewOf(tableOf(TICKET_TABLE, items), params, context);

/** The tickets view of an area: everything the tickets screen shows. */
export const ticketOverviewView = defineView<AreaParams, TicketView>({
  ...TICKETS_OVERVIEW,
  prepare: (params) => (needsGrid(params) ? loadGrid() : Promise.resolve()),
  build: (input, params, ctx) =>
    buildTicketViewOf(input.table('tickets', TICKET_TABLE), params, {
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

export function buildTicketSummaryOf(
  table: TicketTable,
  params: AreaParams,
  context: TicketViewContext,
): TicketSummary {
  const { now, time } = context;
  const dueSoonShare = context.dueSoonShare ?? DUE_SOON_SHARE;
  const c = table.columns;
  recordClockBoundaries(now, context);
  const kpisNow = new KpiTally(now, time, dueSoonShare);
  const kpisYesterday = new KpiTally(now - DAY_MS, time, dueSoonShare);
  const rows = areaRows(table, params);
  const late: number[] = [];
  const lateSla: number[] = [];
  for (let k = 0; k < rows.length; k += 1) {
    const row = rows[k]!;
    if (recordBoundary(c, row, now, context, dueSoonShare)) continue;
    kpisNow.add(c, row);
    kpisYesterday.add(c, row);
    const sla = slaCodeOf(c, row, now, dueSoonShare);
    if (sla === 1 || sla === 2) {
      late.push(row);
      lateSla.push(sla === 2 ? 1 : 0);
    }
  }
  const positions = new Float32Array(late.length * 2);
  late.forEach((row, i) => {
    positions[i * 2] = c.position[row * 2]!;
    positions[i * 2 + 1] = c.position[row * 2 + 1]!;
  });
  return {
    asOf: now,
    kpis: kpisNow.result(),
    kpisYesterday: kpisYesterday.result(),
    late: { length: late.length, positions, overdue: Uint8Array.from(lateSla) },
  };
}

/** `buildTicketSummaryOf` over tickets given as objects (tests, callers outside the worker). */
export const buildTicketSummary = (
  items: Iterable<Ticket>,
  params: AreaParams,
  context: TicketViewContext,
): TicketSummary => buildTicketSummaryOf(tableOf(TICKET_TABLE, items), params, context);

export const ticketSummaryView = defineView<AreaParams, TicketSummary>({
  ...TICKETS_SUMMARY,
  build: (input, params, ctx) =>
    buildTicketSummaryOf(input.table('tickets', TICKET_TABLE), params, {
      ...input.facts('tickets'),
      now: ctx.now,
      time: ctx.time,
      changesAt: ctx.changesAt,
      dueSoonShare: ticketSettingsOr(ctx.settings('tickets')).catalog.dueSoonShare,
    }),
  transferables: (view) => [view.late.positions.buffer, view.late.overdue.buffer],
});
