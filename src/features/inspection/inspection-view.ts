// The inspection screen's view of an area (worker): today's detections by type, hour and child
// area, the cases they became (joined with the tickets feed), the KPIs against the same time
// yesterday, cameras and 门前三包 scores from the source's endpoints, and the map's columns.
import { DAY_MS, MINUTE_MS, type CityTime } from '@/domain/city-time';
import type { Detection } from '@/domain/detection';
import { TICKET_STAGES, type Ticket, type TicketStage } from '@/domain/ticket';
import { areaMatcher, type AreaParams } from '@/feeds/area-filter';
import type { FeedFacts, ViewInput } from '@/feeds/view-builder';
import { looksLikeCell } from '@/geo/grid';
import { issuesIn, joinFor, JOIN_ISSUES, type JoinIndex, type JoinIssue } from './detection-join';
import type { HotspotGrid } from './hotspot-cube';
import { hotspotGrid } from './hotspot-service';
import {
  detectionColumns,
  joinColumns,
  nextStageTime,
  stageIndexAt,
  type DetectionColumns,
  type JoinColumns,
} from './detection-columns';
import { camerasOf, frontageOf, type Held } from './resources';
import { typeCatalog, typeRank, type InspectionSettings } from './settings';

/** The same type at the same grid cell this many times today makes a repeat location. */
export const REPEAT_MIN = 3;
/** Rows of the type × area matrix, and its type columns (the rest summed). */
export const MATRIX_ROWS = 10;
export const MATRIX_TYPES = 5;
/** Cases listed. */
export const CASE_ROWS = 40;

export interface InspectionKpis {
  /** Detections observed since 00:00. */
  today: number;
  /** Today's camera (video-AI) detections that became cases. */
  autoReported: number;
  /** Today's detections that became cases, cameras and patrols. */
  cases: number;
  /** Today's detections handled by now ÷ today's detections (null without any). */
  handledRate: number | null;
  /** Grid cells where one type was detected at least REPEAT_MIN times today (null: grid not loaded). */
  repeatLocations: number | null;
}

export interface TypeCount {
  type: string;
  count: number;
  /** By this time yesterday. */
  yesterday: number;
  /** Per hour of today. */
  hourly: number[];
}

/** Where a case stands now: its ticket's stage, or `missing` when the tickets feed lacks it. */
export type CaseStage = TicketStage | 'missing';

export interface CaseRow {
  detection: string;
  type: string;
  source: Detection['source'];
  observedAt: number;
  community: string;
  ticket: string;
  stage: CaseStage;
  /** When its ticket closed (核实结案), if it has by now. */
  closedAt: number | null;
}

export interface JoinFigures {
  /** Whether the tickets feed is configured and has data (else stages are unknown). */
  tickets: boolean;
  /** Today's detections that became cases ÷ today's detections. */
  share: number | null;
  /** Today's cases per stage of their ticket now (`missing`: not in the tickets feed). */
  stages: { stage: CaseStage; count: number }[];
  /** Cases since yesterday 00:00 closed by now ÷ those whose ticket is held. */
  closedShare: number | null;
  /** Median hours from detection to the ticket's closure, over cases since yesterday closed by now. */
  closeMedianHours: number | null;
  /** Link disagreements in the area, by kind (data quality). */
  issues: Record<JoinIssue, number>;
  /** Tickets naming a detection older than the feed holds (not an issue). */
  beforeHeld: number;
}

export interface DetectionPoints {
  length: number;
  /** lng, lat pairs. */
  positions: Float32Array;
  /** 0 new, 1 a case still open, 2 handled. */
  status: Uint8Array;
  /** Ids for picking (areas below the city only; empty at the city level). */
  ids: string[];
}

export interface CameraFigures {
  total: number;
  online: number;
  offline: number;
  /** Entries the source sent that were invalid. */
  dropped: number;
  /** Cameras of the area: lng, lat pairs and 0 online / 1 offline. */
  positions: Float32Array;
  offlineFlags: Uint8Array;
}

export interface FrontageFigures {
  month: string;
  /** Business-weighted mean of the area's communities, 0–100. */
  score: number | null;
  businesses: number;
  communities: number;
}

export interface InspectionView {
  area: string | null;
  version: number;
  revision: number;
  generatedAt: number;
  asOf: number;
  droppedLast: number;
  droppedTotal: number;
  /** Detections stamped after the city clock: left out, counted. */
  future: number;
  kpis: InspectionKpis;
  kpisYesterday: InspectionKpis;
  /** Today's detections per type, the city's list first in its order, then others by count. */
  types: TypeCount[];
  hourly: { today: number[]; yesterday: number[]; currentHour: number };
  /** Today's detections per child area and type. */
  matrix: {
    level: 'district' | 'street' | 'community' | 'cell';
    types: string[];
    rows: { key: string; counts: number[]; others: number; total: number }[];
    /** Child areas beyond the rows, summed. */
    rest: { areas: number; counts: number[]; others: number; total: number } | null;
  };
  join: JoinFigures;
  cases: CaseRow[];
  points: DetectionPoints;
  cameras: Held<CameraFigures>;
  frontage: Held<FrontageFigures>;
  extent: [number, number, number, number] | null;
}

export type InspectionContext = Pick<
  FeedFacts,
  'version' | 'revision' | 'generatedAt' | 'droppedLast' | 'droppedTotal'
> & {
  now: number;
  time: CityTime;
  changesAt(t: number): void;
  settings: InspectionSettings;
};

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

function median(list: number[]): number | null {
  if (list.length === 0) return null;
  const values = Float64Array.from(list).sort();
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/** Index in the case stages of "ticket missing" (after TICKET_STAGES). */
const STAGE_MISSING = TICKET_STAGES.length;

/** The `k` rows with the latest times, latest first (ties: the earlier row), without a full sort. */
function latest(rows: readonly number[], at: Float64Array, k: number): number[] {
  const later = (a: number, b: number) =>
    (at[a] as number) > (at[b] as number) || ((at[a] as number) === (at[b] as number) && a < b);
  const top: number[] = [];
  for (const i of rows) {
    if (top.length === k && !later(i, top[k - 1]!)) continue;
    let p = Math.min(top.length, k - 1);
    if (top.length < k) top.push(i);
    while (p > 0 && later(i, top[p - 1]!)) {
      top[p] = top[p - 1]!;
      p--;
    }
    top[p] = i;
  }
  return top;
}

const STATUS_NEW = 0;
const STATUS_OPEN_CASE = 1;
const STATUS_HANDLED = 2;

const EMPTY_JOIN: JoinIndex = {
  ticketFor: () => undefined,
  forward: [],
  issues: [],
  issueOf: new Map(),
  beforeHeld: 0,
};

/**
 * The join of both feeds for this revision pair (empty without tickets). With the rows' columns,
 * only the detections that name a ticket are visited.
 */
export function joinOf(
  input: ViewInput,
  heldFrom: number,
  cols?: DetectionColumns,
): { index: JoinIndex; tickets: boolean } {
  if (!input.has('tickets')) return { index: EMPTY_JOIN, tickets: false };
  const index = joinFor(
    { detections: input.facts('detections').revision, tickets: input.facts('tickets').revision },
    heldFrom,
    () => ({
      detections: input.all('detections') as ReadonlyMap<string, Detection>,
      tickets: input.all('tickets') as ReadonlyMap<string, Ticket>,
      ...(cols ? { named: Array.from(cols.named, (i) => cols.items[i] as Detection) } : {}),
    }),
  );
  return { index, tickets: true };
}

/** What every view of a revision shares: the rows as columns, joined with the tickets. */
export interface Prepared {
  cols: DetectionColumns;
  join: JoinColumns;
  index: JoinIndex;
  tickets: boolean;
  grid: HotspotGrid;
}

/** The detections' columns alone (what the hot-spot cut needs); null until the grid is loaded. */
export function columnsOf(input: ViewInput): { cols: DetectionColumns; grid: HotspotGrid } | null {
  const grid = hotspotGrid();
  if (!grid) return null;
  const cols = detectionColumns(
    input.facts('detections').revision,
    input.all('detections') as ReadonlyMap<string, Detection>,
    grid,
  );
  return { cols, grid };
}

/** The columns of this revision of both feeds (null until the grid is loaded). */
export function prepared(input: ViewInput, heldFrom: number): Prepared | null {
  const held = columnsOf(input);
  if (!held) return null;
  const { cols, grid } = held;
  const { index, tickets } = joinOf(input, heldFrom, cols);
  const join = joinColumns(cols, index, tickets ? input.facts('tickets').revision : -1);
  return { cols, join, index, tickets, grid };
}

const isCityCode = (area: string | null) => !area || /^\d{4}00$/.test(area);

/** Which rows lie in the area: a division code by its level, a grid cell by the base cell. */
export function areaTest(
  p: Pick<Prepared, 'cols' | 'grid'>,
  area: string | null,
): ((i: number) => boolean) | null {
  const { cols } = p;
  if (isCityCode(area)) return null;
  if (looksLikeCell(area!)) {
    const b = p.grid.baseIndexOfCell(area!);
    return (i) => cols.base[i] === b;
  }
  if (area!.length === 6) {
    const k = cols.districts.find(area!);
    return (i) => cols.district[i] === k;
  }
  if (area!.length === 9) {
    const k = cols.streets.find(area!);
    return (i) => cols.street[i] === k;
  }
  const k = cols.communities.find(area!);
  return (i) => cols.community[i] === k;
}

/** The next level down, to group by: its key per row and the key's code. */
function childOf(p: Prepared, area: string | null) {
  const { cols, grid } = p;
  if (isCityCode(area))
    return {
      level: 'district' as const,
      key: (i: number) => cols.district[i] as number,
      code: (k: number) => cols.districts.codes[k] ?? '',
    };
  if (area!.length === 6)
    return {
      level: 'street' as const,
      key: (i: number) => cols.street[i] as number,
      code: (k: number) => cols.streets.codes[k] ?? '',
    };
  if (area!.length === 9)
    return {
      level: 'community' as const,
      key: (i: number) => cols.community[i] as number,
      code: (k: number) => cols.communities.codes[k] ?? '',
    };
  return {
    level: 'cell' as const,
    key: (i: number) => cols.base[i] as number,
    code: (k: number) => grid.baseCell(k) ?? '',
  };
}

/** Whether row i was a case at `t`: its ticket reported by then (or it names one not held). */
const caseAt = (p: Prepared, i: number, t: number): boolean =>
  p.join.ticket[i]! >= 0
    ? (p.join.reported[i] as number) <= t
    : (p.cols.items[i] as Detection).ticketId !== null;

/** Whether row i was handled at `t`: its case closed by then, or the source says handled. */
const handledAt = (p: Prepared, i: number, t: number): boolean =>
  p.join.ticket[i]! >= 0 ? (p.join.closed[i] as number) <= t : p.cols.handled[i] === 1;

/** Running KPI counts for one moment (today's, or yesterday's at the same time). */
class KpiTally {
  today = 0;
  cases = 0;
  autoReported = 0;
  handled = 0;
  /** (base cell, type) → detections; cells where some type reached REPEAT_MIN. */
  private readonly repeats = new Map<number, number>();
  private readonly repeatCells = new Set<number>();

  constructor(
    private readonly p: Prepared,
    private readonly at: number,
  ) {}

  add(i: number): void {
    const { cols } = this.p;
    this.today += 1;
    if (caseAt(this.p, i, this.at)) {
      this.cases += 1;
      if (cols.camera[i] === 1) this.autoReported += 1;
    }
    if (handledAt(this.p, i, this.at)) this.handled += 1;
    const b = cols.base[i] as number;
    if (b < 0) return;
    // Small-integer keys hash fast (types beyond the 63rd share a slot: a city lists far fewer).
    const key = b * 64 + Math.min(cols.type[i] as number, 63);
    const n = (this.repeats.get(key) ?? 0) + 1;
    this.repeats.set(key, n);
    if (n >= REPEAT_MIN) this.repeatCells.add(b);
  }

  kpis(): InspectionKpis {
    return {
      today: this.today,
      autoReported: this.autoReported,
      cases: this.cases,
      handledRate: ratio(this.handled, this.today),
      repeatLocations: this.repeatCells.size,
    };
  }
}

const emptyKpis = (): InspectionKpis => ({
  today: 0,
  autoReported: 0,
  cases: 0,
  handledRate: null,
  repeatLocations: null,
});

/** The KPIs now and at the same time yesterday, in one pass over the area's rows. */
export function computeKpis(
  p: Prepared | null,
  area: string | null,
  now: number,
  time: CityTime,
): { kpis: InspectionKpis; kpisYesterday: InspectionKpis } {
  if (!p) return { kpis: emptyKpis(), kpisYesterday: emptyKpis() };
  const dayStart = time.dayStart(now);
  const yesterdayStart = time.dayStart(dayStart - 1);
  const then = now - DAY_MS;
  const today = new KpiTally(p, now);
  const yesterday = new KpiTally(p, then);
  const inArea = areaTest(p, area);
  const { at } = p.cols;
  for (let i = 0; i < p.cols.n; i++) {
    const t = at[i] as number;
    if (t > now || t < yesterdayStart || (t < dayStart && t > then)) continue;
    if (inArea && !inArea(i)) continue;
    (t >= dayStart ? today : yesterday).add(i);
  }
  return { kpis: today.kpis(), kpisYesterday: yesterday.kpis() };
}

/** Division codes of an area, to match issues by prefix (a grid cell: none, the city: all). */
const issueArea = (area: string | null): string | null =>
  isCityCode(area) ? null : looksLikeCell(area!) ? '\u0000' : area;

const emptyView = (
  params: AreaParams,
  ctx: InspectionContext,
  input: ViewInput,
): InspectionView => ({
  area: params.area,
  version: ctx.version,
  revision: ctx.revision,
  generatedAt: ctx.generatedAt,
  asOf: ctx.now,
  droppedLast: ctx.droppedLast,
  droppedTotal: ctx.droppedTotal,
  future: 0,
  kpis: emptyKpis(),
  kpisYesterday: emptyKpis(),
  types: [],
  hourly: { today: [], yesterday: [], currentHour: ctx.time.hour(ctx.now) },
  matrix: { level: 'district', types: [], rows: [], rest: null },
  join: {
    tickets: input.has('tickets'),
    share: null,
    stages: [],
    closedShare: null,
    closeMedianHours: null,
    issues: Object.fromEntries(JOIN_ISSUES.map((k) => [k, 0])) as Record<JoinIssue, number>,
    beforeHeld: 0,
  },
  cases: [],
  points: { length: 0, positions: new Float32Array(0), status: new Uint8Array(0), ids: [] },
  cameras: { state: 'loading' },
  frontage: { state: 'loading' },
  extent: null,
});

export function buildInspectionView(
  input: ViewInput,
  params: AreaParams,
  ctx: InspectionContext,
): InspectionView {
  const { now, time } = ctx;
  const area = params.area;
  const dayStart = time.dayStart(now);
  const yesterdayStart = time.dayStart(dayStart - 1);
  const then = now - DAY_MS;
  ctx.changesAt(Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
  ctx.changesAt(time.nextDayStart(now));
  const p = prepared(input, yesterdayStart);
  if (!p) return emptyView(params, ctx, input);
  const { cols, join, index } = p;
  const catalog = typeCatalog(ctx.settings);
  const inArea = areaTest(p, area);
  const child = childOf(p, area);
  const kpiNow = new KpiTally(p, now);
  const kpiThen = new KpiTally(p, then);
  // Hours of a day of 24 hours by arithmetic; the calendar only on days that change the clock.
  const hourIn = (start: number) =>
    time.nextDayStart(start) - start === DAY_MS
      ? (t: number) => Math.floor((t - start) / 3_600_000)
      : (t: number) => time.hour(t);
  const hourToday = hourIn(dayStart);
  const hourYesterday = hourIn(yesterdayStart);

  const nt = cols.types.codes.length;
  const typeToday = new Uint32Array(nt);
  const typeYesterday = new Uint32Array(nt);
  const typeHourly = new Uint32Array(nt * 24);
  const hourlyToday = new Array<number>(24).fill(0);
  const hourlyYesterday = new Array<number>(24).fill(0);
  const matrixRows = new Map<number, Uint32Array>();
  const todays: number[] = [];
  const todayCases: number[] = [];
  const closeHours: number[] = [];
  let heldCases = 0;
  let closedCases = 0;
  const stageTally = new Uint32Array(STAGE_MISSING + 1);
  let future = 0;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;

  for (let i = 0; i < cols.n; i++) {
    const t = cols.at[i] as number;
    if (t < yesterdayStart) continue;
    if (inArea && !inArea(i)) continue;
    if (t > now) {
      future += 1;
      ctx.changesAt(t);
      continue;
    }
    const type = cols.type[i] as number;
    if (t >= dayStart) {
      kpiNow.add(i);
      todays.push(i);
      const hour = hourToday(t);
      hourlyToday[hour]! += 1;
      typeToday[type]! += 1;
      typeHourly[type * 24 + hour]! += 1;
      const key = child.key(i);
      let row = matrixRows.get(key);
      if (!row) matrixRows.set(key, (row = new Uint32Array(nt)));
      row[type]! += 1;
      const x = cols.positions[i * 2] as number;
      const y = cols.positions[i * 2 + 1] as number;
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
    } else {
      hourlyYesterday[hourYesterday(t)]! += 1;
      if (t <= then) {
        typeYesterday[type]! += 1;
        kpiThen.add(i);
      }
    }
    // Cases: the ticket's stage now, and how fast cases since yesterday closed.
    if (!caseAt(p, i, now)) continue;
    const k = join.ticket[i] as number;
    if (k >= 0) {
      heldCases += 1;
      // Closed by now: the stage is 核实结案 or 评价 (the stage times hold the latest of each).
      const closed = join.closed[i] as number;
      if (closed <= now) {
        closedCases += 1;
        closeHours.push((closed - t) / 3_600_000);
      } else if (closed > now) ctx.changesAt(closed);
    }
    if (t < dayStart) continue;
    let stage: number = STAGE_MISSING;
    if (k >= 0) {
      stage = Math.max(0, stageIndexAt(join, k, now));
      // The stage moves on at the ticket's next stage time (a time in its plan after now).
      const next = nextStageTime(join, k, now);
      if (next < Infinity) ctx.changesAt(next);
    }
    stageTally[stage]! += 1;
    todayCases.push(i);
  }

  const kpis = kpiNow.kpis();
  const kpisYesterday = kpiThen.kpis();

  // Types: the city's list in order, then types it does not list, by count.
  const typeIds = cols.types.codes;
  const byType = new Map<string, TypeCount>();
  for (const id of catalog.order)
    byType.set(id, { type: id, count: 0, yesterday: 0, hourly: new Array<number>(24).fill(0) });
  for (let k = 0; k < nt; k++) {
    if (typeToday[k] === 0 && typeYesterday[k] === 0 && !byType.has(typeIds[k]!)) continue;
    byType.set(typeIds[k]!, {
      type: typeIds[k]!,
      count: typeToday[k] as number,
      yesterday: typeYesterday[k] as number,
      hourly: Array.from(typeHourly.subarray(k * 24, k * 24 + 24)),
    });
  }
  const types = [...byType.values()].sort(
    (a, b) =>
      typeRank(catalog, a.type) - typeRank(catalog, b.type) ||
      b.count - a.count ||
      (a.type < b.type ? -1 : 1),
  );

  // The matrix: the busiest types as columns, the busiest child areas as rows.
  const columnIx = [...Array(nt).keys()]
    .filter((k) => (typeToday[k] as number) > 0)
    .sort(
      (a, b) =>
        (typeToday[b] as number) - (typeToday[a] as number) ||
        typeRank(catalog, typeIds[a]!) - typeRank(catalog, typeIds[b]!),
    )
    .slice(0, MATRIX_TYPES);
  const allRows = [...matrixRows].map(([key, counts]) => {
    let total = 0;
    for (const n of counts) total += n;
    const shown = columnIx.map((k) => counts[k] as number);
    return {
      key: child.code(key),
      counts: shown,
      others: total - shown.reduce((a, b) => a + b, 0),
      total,
    };
  });
  allRows.sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : 1));
  const shownRows = allRows.length > MATRIX_ROWS ? allRows.slice(0, MATRIX_ROWS - 1) : allRows;
  const restRows = allRows.slice(shownRows.length);
  const rest =
    restRows.length === 0
      ? null
      : {
          areas: restRows.length,
          counts: columnIx.map((_, c) => restRows.reduce((n, r) => n + (r.counts[c] ?? 0), 0)),
          others: restRows.reduce((n, r) => n + r.others, 0),
          total: restRows.reduce((n, r) => n + r.total, 0),
        };

  // The latest cases, with their ticket's stage now.
  const cases: CaseRow[] = latest(todayCases, cols.at, CASE_ROWS).map((i) => {
    const d = cols.items[i] as Detection;
    const k = join.ticket[i] as number;
    const ticket = k >= 0 ? join.tickets[k] : undefined;
    const closed = join.closed[i] as number;
    return {
      detection: d.id,
      type: d.type,
      source: d.source,
      observedAt: d.observedAt,
      community: d.community,
      ticket: ticket ? ticket.id : (d.ticketId ?? ''),
      stage: ticket
        ? (TICKET_STAGES[Math.max(0, stageIndexAt(join, k, now))] ?? 'reported')
        : 'missing',
      closedAt: closed <= now ? closed : null,
    };
  });

  const stageOrder: CaseStage[] = [...TICKET_STAGES, 'missing'];
  const join_: JoinFigures = {
    tickets: p.tickets,
    share: ratio(kpis.cases, kpis.today),
    stages: stageOrder
      .map((stage, s) => ({ stage, count: stageTally[s] ?? 0 }))
      .filter((s) => s.stage !== 'missing' || s.count > 0),
    closedShare: ratio(closedCases, heldCases),
    closeMedianHours: median(closeHours),
    issues: p.tickets
      ? issuesIn(index, issueArea(area))
      : (Object.fromEntries(JOIN_ISSUES.map((k) => [k, 0])) as Record<JoinIssue, number>),
    beforeHeld: index.beforeHeld,
  };

  // Map points: today's detections (in the store's order), by where they stand now.
  const positions = new Float32Array(todays.length * 2);
  const status = new Uint8Array(todays.length);
  todays.forEach((i, j) => {
    positions[j * 2] = cols.positions[i * 2] as number;
    positions[j * 2 + 1] = cols.positions[i * 2 + 1] as number;
    status[j] = handledAt(p, i, now)
      ? STATUS_HANDLED
      : caseAt(p, i, now)
        ? STATUS_OPEN_CASE
        : STATUS_NEW;
  });

  const matches = (d: Detection) =>
    area !== null && looksLikeCell(area) ? p.grid.cellOf(d, 9) === area : areaMatcher(params)(d);
  return {
    area,
    version: ctx.version,
    revision: ctx.revision,
    generatedAt: ctx.generatedAt,
    asOf: now,
    droppedLast: ctx.droppedLast,
    droppedTotal: ctx.droppedTotal,
    future,
    kpis,
    kpisYesterday,
    types,
    hourly: { today: hourlyToday, yesterday: hourlyYesterday, currentHour: time.hour(now) },
    matrix: { level: child.level, types: columnIx.map((k) => typeIds[k]!), rows: shownRows, rest },
    join: join_,
    cases,
    points: {
      length: todays.length,
      positions,
      status,
      ids: area === null ? [] : todays.map((i) => (cols.items[i] as Detection).id),
    },
    cameras: cameraFigures(input, matches),
    frontage: frontageFigures(input, area),
    extent: todays.length > 0 ? [x0, y0, x1, y1] : null,
  };
}

function cameraFigures(input: ViewInput, matches: (d: Detection) => boolean): Held<CameraFigures> {
  const held = camerasOf(input);
  if (held.state !== 'ok') return held;
  // Cameras carry the same place fields as detections: the same matcher places them.
  const inArea = held.value.cameras.filter((c) => matches(c as unknown as Detection));
  const positions = new Float32Array(inArea.length * 2);
  const offlineFlags = new Uint8Array(inArea.length);
  let offline = 0;
  inArea.forEach((c, i) => {
    positions[i * 2] = c.position[0];
    positions[i * 2 + 1] = c.position[1];
    if (c.status === 'offline') {
      offlineFlags[i] = 1;
      offline += 1;
    }
  });
  return {
    state: 'ok',
    value: {
      total: inArea.length,
      online: inArea.length - offline,
      offline,
      dropped: held.value.dropped,
      positions,
      offlineFlags,
    },
  };
}

function frontageFigures(input: ViewInput, area: string | null): Held<FrontageFigures> {
  const held = frontageOf(input);
  if (held.state !== 'ok') return held;
  // Scores are per community: a grid cell has none of its own.
  if (area !== null && looksLikeCell(area))
    return {
      state: 'ok',
      value: { month: held.value.month, score: null, businesses: 0, communities: 0 },
    };
  const prefix = !area || /^\d{4}00$/.test(area) ? '' : area;
  let weighted = 0;
  let businesses = 0;
  let communities = 0;
  for (const a of held.value.areas) {
    if (!a.community.startsWith(prefix)) continue;
    communities += 1;
    businesses += a.businesses;
    weighted += a.score * a.businesses;
  }
  return {
    state: 'ok',
    value: {
      month: held.value.month,
      score: businesses > 0 ? Math.round((weighted / businesses) * 10) / 10 : null,
      businesses,
      communities,
    },
  };
}

export const inspectionTransferables = (view: InspectionView): Transferable[] => [
  view.points.positions.buffer,
  view.points.status.buffer,
  ...(view.cameras.state === 'ok'
    ? [view.cameras.value.positions.buffer, view.cameras.value.offlineFlags.buffer]
    : []),
];
