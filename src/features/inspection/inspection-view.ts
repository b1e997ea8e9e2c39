// The inspection screen's view of an area (worker): today's detections by type, hour and child
// area, the cases they became (joined with the tickets feed), the KPIs against the same time
// yesterday, cameras and 门前三包 scores from the source's endpoints, and the map's columns.
import { DAY_MS, MINUTE_MS, type CityTime } from '@/domain/city-time';
import type { Detection } from '@/domain/detection';
import { isClosedStage, TICKET_STAGES, type Ticket, type TicketStage } from '@/domain/ticket';
import { stageAt } from '@/domain/ticket-status';
import { areaMatcher, type AreaParams } from '@/feeds/area-filter';
import type { FeedFacts, ViewInput } from '@/feeds/view-builder';
import { looksLikeCell } from '@/geo/grid';
import { issuesIn, joinFor, JOIN_ISSUES, type JoinIndex, type JoinIssue } from './detection-join';
import { hotspotGrid } from './hotspot-service';
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

/** The next level down, to group by; grid cells through the hot-spot grid (null: not loaded). */
function childOf(
  area: string | null,
  cellOf: ((d: Detection) => string | null) | null,
): { level: InspectionView['matrix']['level']; key: (d: Detection) => string | null } {
  if (!area || /^\d{4}00$/.test(area)) return { level: 'district', key: (d) => d.district };
  if (area.length === 6) return { level: 'street', key: (d) => d.street };
  if (area.length === 9) return { level: 'community', key: (d) => d.community };
  return { level: 'cell', key: (d) => (cellOf ? cellOf(d) : null) };
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

const STATUS_NEW = 0;
const STATUS_OPEN_CASE = 1;
const STATUS_HANDLED = 2;

/** Whether a detection was handled at `t`: its case closed by then, or the source says handled. */
function handledAt(d: Detection, ticket: Ticket | undefined, t: number): boolean {
  if (ticket) {
    const closed = ticket.stages.closed;
    return closed !== undefined && closed <= t && isClosedStage(stageAt(ticket, t) ?? 'reported');
  }
  return d.status === 'handled';
}

/** A detection's case at `t`: its ticket when reported by then (or named by the detection). */
function caseAt(d: Detection, ticket: Ticket | undefined, t: number): boolean {
  if (ticket) return ticket.stages.reported <= t;
  return d.ticketId !== null;
}

export function computeKpis(
  items: readonly Detection[],
  ticketOf: ReadonlyMap<string, Ticket>,
  now: number,
  dayStart: number,
  cellOf: ((d: Detection) => string | null) | null,
): InspectionKpis {
  let today = 0;
  let cases = 0;
  let autoReported = 0;
  let handled = 0;
  const repeats = new Map<string, number>();
  const repeatCells = new Set<string>();
  for (const d of items) {
    if (d.observedAt < dayStart || d.observedAt > now) continue;
    today += 1;
    const ticket = ticketOf.get(d.id);
    if (caseAt(d, ticket, now)) {
      cases += 1;
      if (d.source === 'camera') autoReported += 1;
    }
    if (handledAt(d, ticket, now)) handled += 1;
    if (cellOf) {
      const cell = cellOf(d);
      if (cell === null) continue;
      const key = `${cell}|${d.type}`;
      const n = (repeats.get(key) ?? 0) + 1;
      repeats.set(key, n);
      if (n >= REPEAT_MIN) repeatCells.add(cell);
    }
  }
  return {
    today,
    autoReported,
    cases,
    handledRate: ratio(handled, today),
    repeatLocations: cellOf ? repeatCells.size : null,
  };
}

const EMPTY_JOIN: JoinIndex = {
  ticketOf: new Map(),
  issues: [],
  issueOf: new Map(),
  beforeHeld: 0,
};

/** The join of both feeds for this revision pair (empty without tickets). */
export function joinOf(input: ViewInput, heldFrom: number): { index: JoinIndex; tickets: boolean } {
  if (!input.has('tickets')) return { index: EMPTY_JOIN, tickets: false };
  const index = joinFor(
    { detections: input.facts('detections').revision, tickets: input.facts('tickets').revision },
    heldFrom,
    () => ({
      detections: input.all('detections') as ReadonlyMap<string, Detection>,
      tickets: input.all('tickets') as ReadonlyMap<string, Ticket>,
    }),
  );
  return { index, tickets: true };
}

/** Division codes of an area, to match issues by prefix (a grid cell: none, the city: all). */
const issueArea = (area: string | null): string | null =>
  !area || /^\d{4}00$/.test(area) ? null : looksLikeCell(area) ? '\u0000' : area;

export function buildInspectionView(
  input: ViewInput,
  params: AreaParams,
  ctx: InspectionContext,
): InspectionView {
  const { now, time } = ctx;
  const area = params.area;
  const dayStart = time.dayStart(now);
  const yesterdayStart = time.dayStart(dayStart - 1);
  const catalog = typeCatalog(ctx.settings);
  const grid = hotspotGrid();
  const cellArea = area !== null && looksLikeCell(area);
  const cellOf = grid ? (d: Detection) => grid.cellOf(d, 9) : null;
  const matches = cellArea
    ? (d: Detection) => cellOf !== null && cellOf(d) === area
    : areaMatcher(params);
  const childKey = childOf(area, cellOf);

  ctx.changesAt(Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
  ctx.changesAt(time.nextDayStart(now));

  const { index, tickets } = joinOf(input, yesterdayStart);
  const held: Detection[] = [];
  let future = 0;
  for (const d of (input.inArea('detections') as ReadonlyMap<string, Detection>).values()) {
    if (cellArea && !matches(d)) continue;
    if (d.observedAt > now) {
      future += 1;
      ctx.changesAt(d.observedAt);
      continue;
    }
    held.push(d);
  }

  const todays: Detection[] = [];
  const byType = new Map<string, TypeCount>();
  const typeOf = (type: string) => {
    let t = byType.get(type);
    if (!t)
      byType.set(
        type,
        (t = { type, count: 0, yesterday: 0, hourly: new Array<number>(24).fill(0) }),
      );
    return t;
  };
  for (const type of catalog.order) typeOf(type);
  const hourlyToday = new Array<number>(24).fill(0);
  const hourlyYesterday = new Array<number>(24).fill(0);
  const matrixRows = new Map<string, Map<string, number>>();
  const cases: CaseRow[] = [];
  const closeHours: number[] = [];
  let heldCases = 0;
  let closedCases = 0;
  const stageCounts = new Map<CaseStage, number>();
  let extent: InspectionView['extent'] = null;

  for (const d of held) {
    const ticket = index.ticketOf.get(d.id);
    if (d.observedAt >= dayStart) {
      todays.push(d);
      const hour = time.hour(d.observedAt);
      hourlyToday[hour]! += 1;
      const t = typeOf(d.type);
      t.count += 1;
      t.hourly[hour]! += 1;
      const key = childKey.key(d) ?? '';
      let row = matrixRows.get(key);
      if (!row) matrixRows.set(key, (row = new Map()));
      row.set(d.type, (row.get(d.type) ?? 0) + 1);
      const [x, y] = d.position;
      if (!extent) extent = [x, y, x, y];
      else {
        if (x < extent[0]) extent[0] = x;
        if (y < extent[1]) extent[1] = y;
        if (x > extent[2]) extent[2] = x;
        if (y > extent[3]) extent[3] = y;
      }
    } else if (d.observedAt >= yesterdayStart) {
      hourlyYesterday[time.hour(d.observedAt)]! += 1;
      if (d.observedAt <= now - DAY_MS) typeOf(d.type).yesterday += 1;
    }
    // Cases: the ticket's stage now, and how fast cases since yesterday closed.
    if (d.observedAt < yesterdayStart || !caseAt(d, ticket, now)) continue;
    if (ticket) {
      heldCases += 1;
      const stage = stageAt(ticket, now) ?? 'reported';
      // The stage moves on at the ticket's next stage time (a time in its plan after now).
      for (const s of TICKET_STAGES) {
        const at = ticket.stages[s];
        if (at !== undefined && at > now) {
          ctx.changesAt(at);
          break;
        }
      }
      const closed = ticket.stages.closed;
      if (isClosedStage(stage) && closed !== undefined && closed <= now) {
        closedCases += 1;
        closeHours.push((closed - d.observedAt) / 3_600_000);
      }
    }
    if (d.observedAt < dayStart) continue;
    const stage: CaseStage = ticket ? (stageAt(ticket, now) ?? 'reported') : 'missing';
    stageCounts.set(stage, (stageCounts.get(stage) ?? 0) + 1);
    cases.push({
      detection: d.id,
      type: d.type,
      source: d.source,
      observedAt: d.observedAt,
      community: d.community,
      ticket: ticket ? ticket.id : (d.ticketId ?? ''),
      stage,
      closedAt:
        ticket && ticket.stages.closed !== undefined && ticket.stages.closed <= now
          ? ticket.stages.closed
          : null,
    });
  }

  const kpis = computeKpis(held, index.ticketOf, now, dayStart, cellOf);
  const kpisYesterday = computeKpis(held, index.ticketOf, now - DAY_MS, yesterdayStart, cellOf);

  // Types: the city's list in order, then types it does not list, by count.
  const types = [...byType.values()]
    .filter((t) => t.count > 0 || t.yesterday > 0 || catalog.byId.has(t.type))
    .sort(
      (a, b) =>
        typeRank(catalog, a.type) - typeRank(catalog, b.type) ||
        b.count - a.count ||
        (a.type < b.type ? -1 : 1),
    );

  // The matrix: the busiest types as columns, the busiest child areas as rows.
  const columns = [...byType.values()]
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count || typeRank(catalog, a.type) - typeRank(catalog, b.type))
    .slice(0, MATRIX_TYPES)
    .map((t) => t.type);
  const rowOf = (key: string, counts: Map<string, number>) => {
    let total = 0;
    for (const n of counts.values()) total += n;
    const shown = columns.map((type) => counts.get(type) ?? 0);
    return { key, counts: shown, others: total - shown.reduce((a, b) => a + b, 0), total };
  };
  const allRows = [...matrixRows].map(([key, counts]) => rowOf(key, counts));
  allRows.sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : 1));
  const shownRows = allRows.length > MATRIX_ROWS ? allRows.slice(0, MATRIX_ROWS - 1) : allRows;
  const restRows = allRows.slice(shownRows.length);
  const rest =
    restRows.length === 0
      ? null
      : {
          areas: restRows.length,
          counts: columns.map((_, c) => restRows.reduce((n, r) => n + (r.counts[c] ?? 0), 0)),
          others: restRows.reduce((n, r) => n + r.others, 0),
          total: restRows.reduce((n, r) => n + r.total, 0),
        };

  cases.sort((a, b) => b.observedAt - a.observedAt || (a.detection < b.detection ? -1 : 1));
  const stageOrder: CaseStage[] = [...TICKET_STAGES, 'missing'];
  const join: JoinFigures = {
    tickets,
    share: ratio(kpis.cases, kpis.today),
    stages: stageOrder
      .map((stage) => ({ stage, count: stageCounts.get(stage) ?? 0 }))
      .filter((s) => s.stage !== 'missing' || s.count > 0),
    closedShare: ratio(closedCases, heldCases),
    closeMedianHours: median(closeHours),
    issues: tickets
      ? issuesIn(index, issueArea(area))
      : (Object.fromEntries(JOIN_ISSUES.map((k) => [k, 0])) as Record<JoinIssue, number>),
    beforeHeld: index.beforeHeld,
  };

  // Map points: today's detections, by where they stand now.
  todays.sort((a, b) => (a.id < b.id ? -1 : 1));
  const positions = new Float32Array(todays.length * 2);
  const status = new Uint8Array(todays.length);
  todays.forEach((d, i) => {
    positions[i * 2] = d.position[0];
    positions[i * 2 + 1] = d.position[1];
    const ticket = index.ticketOf.get(d.id);
    status[i] = handledAt(d, ticket, now)
      ? STATUS_HANDLED
      : caseAt(d, ticket, now)
        ? STATUS_OPEN_CASE
        : STATUS_NEW;
  });

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
    matrix: { level: childKey.level, types: columns, rows: shownRows, rest },
    join,
    cases: cases.slice(0, CASE_ROWS),
    points: {
      length: todays.length,
      positions,
      status,
      ids: area === null ? [] : todays.map((d) => d.id),
    },
    cameras: cameraFigures(input, matches),
    frontage: frontageFigures(input, area),
    extent,
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
