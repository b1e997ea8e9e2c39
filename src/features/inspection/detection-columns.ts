// The detections as typed columns, built once per data revision (and per tickets revision for
// the joined ones) and shared by every view and rule of the scenario: an area's figures are then
// loops over numbers, without a hash lookup per detection (docs/metrics.md, "cost").
import type { Detection } from '@/domain/detection';
import { TICKET_STAGES, type Ticket } from '@/domain/ticket';

const STAGES = TICKET_STAGES.length;
import type { HotspotGrid } from './hotspot-cube';
import type { JoinIndex } from './detection-join';

/** Division codes as small integers, per level, in order of first appearance. */
export class CodeTable {
  readonly codes: string[] = [];
  private readonly index = new Map<string, number>();
  of(code: string): number {
    let i = this.index.get(code);
    if (i === undefined) {
      i = this.codes.length;
      this.codes.push(code);
      this.index.set(code, i);
    }
    return i;
  }
  find(code: string): number {
    return this.index.get(code) ?? -1;
  }
}

export interface DetectionColumns {
  revision: number;
  n: number;
  /** Row i's detection (the store's order). */
  items: Detection[];
  at: Float64Array;
  /** Index into `types`. */
  type: Uint16Array;
  types: CodeTable;
  district: Uint16Array;
  street: Uint16Array;
  community: Uint16Array;
  districts: CodeTable;
  streets: CodeTable;
  communities: CodeTable;
  /** 1 for a camera detection. */
  camera: Uint8Array;
  /** 1 when the source says handled. */
  handled: Uint8Array;
  /** The hot-spot grid's index of the row's base cell (−1: no usable place). */
  base: Int32Array;
  /** lng, lat pairs. */
  positions: Float32Array;
  /** Rows that name a ticket. */
  named: Int32Array;
}

/** The tickets joined to the rows (per revision of both feeds). */
export interface JoinColumns {
  key: string;
  /** Row's ticket (index into `tickets`), −1 when none. */
  ticket: Int32Array;
  tickets: Ticket[];
  /** When the row's ticket was reported / closed; NaN when it has none (or not closed). */
  reported: Float64Array;
  closed: Float64Array;
  /** Per ticket k, the time of each of TICKET_STAGES at [k · 7 + s] (NaN: not reached). */
  stageTimes: Float64Array;
}

/** Index in TICKET_STAGES of ticket k's stage at `t` (−1 before it was reported). */
export function stageIndexAt(join: JoinColumns, k: number, t: number): number {
  let current = -1;
  for (let s = 0; s < STAGES; s++)
    if ((join.stageTimes[k * STAGES + s] as number) <= t) current = s;
  return current;
}

/** The first stage time of ticket k after `t` (Infinity when none). */
export function nextStageTime(join: JoinColumns, k: number, t: number): number {
  for (let s = 0; s < STAGES; s++) {
    const at = join.stageTimes[k * STAGES + s] as number;
    if (at > t) return at;
  }
  return Infinity;
}

/**
 * What a detection's item object gives its row, read once into one shape (the feed's items have
 * several: optional keys come and go) and kept while the object is: the feed store replaces an
 * item's object when it changes, and a new revision rebuilds every row from its item.
 */
class DetectionRow {
  readonly at: number;
  readonly type: string;
  readonly district: string;
  readonly street: string;
  readonly community: string;
  /** The key its three codes are looked up by. */
  readonly placeKey: string;
  readonly camera: number;
  readonly handled: number;
  readonly named: boolean;
  readonly base: number;
  readonly x: number;
  readonly y: number;

  constructor(d: Detection, grid: HotspotGrid) {
    this.at = d.observedAt;
    this.type = d.type;
    this.district = d.district;
    this.street = d.street;
    this.community = d.community;
    this.placeKey =
      d.community.length === 12 ? d.community : `${d.district}|${d.street}|${d.community}`;
    this.camera = d.source === 'camera' ? 1 : 0;
    this.handled = d.status === 'handled' ? 1 : 0;
    this.named = d.ticketId !== null;
    this.base = grid.baseIndexOf(d);
    this.x = d.position[0];
    this.y = d.position[1];
  }
}

const rows = new WeakMap<Detection, { grid: HotspotGrid; row: DetectionRow }>();

function rowOf(d: Detection, grid: HotspotGrid): DetectionRow {
  const held = rows.get(d);
  if (held !== undefined && held.grid === grid) return held.row;
  const row = new DetectionRow(d, grid);
  rows.set(d, { grid, row });
  return row;
}

let columns: DetectionColumns | null = null;
let joined: JoinColumns | null = null;

/** The columns of the detections held at this revision (built on the first call for it). */
export function detectionColumns(
  revision: number,
  items: ReadonlyMap<string, Detection>,
  grid: HotspotGrid,
): DetectionColumns {
  if (columns && columns.revision === revision && columns.n === items.size) return columns;
  const n = items.size;
  const b = buffers(n);
  // Fresh tables per revision: a feed's codes cannot grow them without bound over the weeks.
  const types = new CodeTable();
  const districts = new CodeTable();
  const streets = new CodeTable();
  const communities = new CodeTable();
  const out: DetectionColumns = {
    revision,
    n,
    items: new Array<Detection>(n),
    at: b.at.subarray(0, n),
    type: b.type.subarray(0, n),
    types,
    district: b.district.subarray(0, n),
    street: b.street.subarray(0, n),
    community: b.community.subarray(0, n),
    districts,
    streets,
    communities,
    camera: b.camera.subarray(0, n),
    handled: b.handled.subarray(0, n),
    base: b.base.subarray(0, n),
    positions: b.positions.subarray(0, n * 2),
    named: new Int32Array(0),
  };
  const named: number[] = [];
  // One lookup per row for its three codes: a community's street and district are the same for
  // every row of it (the schema does not ask that they agree: the first row's are taken).
  const places = new Map<string, [number, number, number]>();
  let i = 0;
  for (const d of items.values()) {
    const r = rowOf(d, grid);
    out.items[i] = d;
    out.at[i] = r.at;
    out.type[i] = Math.min(types.of(r.type), 65_535);
    let place = places.get(r.placeKey);
    if (
      !place ||
      r.street !== streets.codes[place[1]] ||
      r.district !== districts.codes[place[0]]
    ) {
      place = [districts.of(r.district), streets.of(r.street), communities.of(r.community)];
      places.set(r.placeKey, place);
    }
    out.district[i] = place[0];
    out.street[i] = place[1];
    out.community[i] = place[2];
    out.camera[i] = r.camera;
    out.handled[i] = r.handled;
    if (r.named) named.push(i);
    out.base[i] = r.base;
    out.positions[i * 2] = r.x;
    out.positions[i * 2 + 1] = r.y;
    i++;
  }
  out.named = Int32Array.from(named);
  columns = out;
  return out;
}

/**
 * Column buffers reused from one revision to the next (a new revision replaces the columns: no
 * view keeps them), grown by a quarter when the feed outgrows them: a poll allocates nothing big.
 */
let pool: {
  capacity: number;
  at: Float64Array;
  type: Uint16Array;
  district: Uint16Array;
  street: Uint16Array;
  community: Uint16Array;
  camera: Uint8Array;
  handled: Uint8Array;
  base: Int32Array;
  positions: Float32Array;
} | null = null;

function buffers(n: number) {
  if (pool && pool.capacity >= n) return pool;
  const capacity = Math.ceil(n * 1.25) + 16;
  pool = {
    capacity,
    at: new Float64Array(capacity),
    type: new Uint16Array(capacity),
    district: new Uint16Array(capacity),
    street: new Uint16Array(capacity),
    community: new Uint16Array(capacity),
    camera: new Uint8Array(capacity),
    handled: new Uint8Array(capacity),
    base: new Int32Array(capacity),
    positions: new Float32Array(capacity * 2),
  };
  return pool;
}

let joinPool: {
  capacity: number;
  ticket: Int32Array;
  reported: Float64Array;
  closed: Float64Array;
} | null = null;

/** The join as columns of these rows (the join index is built per revision of both feeds). */
export function joinColumns(
  cols: DetectionColumns,
  index: JoinIndex,
  ticketsRevision: number,
): JoinColumns {
  const key = `${cols.revision}|${ticketsRevision}`;
  if (joined && joined.key === key) return joined;
  if (!joinPool || joinPool.capacity < cols.n) {
    const capacity = Math.ceil(cols.n * 1.25) + 16;
    joinPool = {
      capacity,
      ticket: new Int32Array(capacity),
      reported: new Float64Array(capacity),
      closed: new Float64Array(capacity),
    };
  }
  const ticket = joinPool.ticket.subarray(0, cols.n).fill(-1);
  const reported = joinPool.reported.subarray(0, cols.n).fill(NaN);
  const closed = joinPool.closed.subarray(0, cols.n).fill(NaN);
  const tickets: Ticket[] = [];
  const link = (i: number, t: Ticket) => {
    ticket[i] = tickets.length;
    tickets.push(t);
    reported[i] = t.stages.reported;
    if (t.stages.closed !== undefined) closed[i] = t.stages.closed;
  };
  // The join visited the named rows in this order (one lookup each, not two).
  const forward = index.forward.length === cols.named.length ? index.forward : null;
  cols.named.forEach((i, j) => {
    const t = forward ? forward[j] : index.ticketFor(cols.items[i] as Detection);
    if (t) link(i, t);
  });
  // A detection that names no ticket but that a ticket names (the feeds disagree): rare, so its
  // row is looked for only then.
  const unlinked = index.issues.filter((x) => x.kind === 'detection-unlinked' && x.detection);
  if (unlinked.length > 0) {
    const wanted = new Set(unlinked.map((x) => x.detection as string));
    for (let i = 0; i < cols.n; i++) {
      const d = cols.items[i] as Detection;
      if (d.ticketId !== null || !wanted.has(d.id)) continue;
      const t = index.ticketFor(d);
      if (t) link(i, t);
    }
  }
  const stageTimes = new Float64Array(tickets.length * STAGES).fill(NaN);
  for (let k = 0; k < tickets.length; k++) {
    // TICKET_STAGES in order, each read by name (a key that varies makes every read a lookup).
    const st = (tickets[k] as Ticket).stages;
    const o = k * STAGES;
    if (st.reported !== undefined) stageTimes[o] = st.reported;
    if (st.registered !== undefined) stageTimes[o + 1] = st.registered;
    if (st.dispatched !== undefined) stageTimes[o + 2] = st.dispatched;
    if (st.processing !== undefined) stageTimes[o + 3] = st.processing;
    if (st.feedback !== undefined) stageTimes[o + 4] = st.feedback;
    if (st.closed !== undefined) stageTimes[o + 5] = st.closed;
    if (st.rated !== undefined) stageTimes[o + 6] = st.rated;
  }
  joined = { key, ticket, tickets, reported, closed, stageTimes };
  return joined;
}
