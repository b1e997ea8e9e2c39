import { TICKET_STAGES, type Ticket, type TicketStage } from '@/domain/ticket';
import { closedOnTime } from '@/domain/ticket-status';
import { grown, type Codes, type TableSpec } from '@/feeds/feed-table';

/** Values per row in `times`: the seven stage times in `TICKET_STAGES` order, then the deadline. */
export const TIMES = 8;
export const REPORTED = 0;
export const CLOSED = 5;
export const RATED = 6;
export const DEADLINE = 7;

/** Bits of `flags`. */
export const URGENT = 1;
export const REPEAT = 2;
export const ON_TIME = 4;
/** Rated 满意 or 基本满意 (a rating other than `unsatisfied`). */
export const RATED_GOOD = 8;
export const HAS_RATING = 16;

/** The index of each stage in `TICKET_STAGES`; a stage code ≥ `CLOSED` is closed. */
const STAGE_CODE = new Map<TicketStage, number>(TICKET_STAGES.map((stage, i) => [stage, i]));

/**
 * A ticket's figures as columns. Times are epoch ms in `times` (`TIMES` a row, NaN for a stage not
 * reached), so that what one ticket's figures read lies in one cache line; strings are codes of
 * the table's dictionary.
 */
export interface TicketColumns {
  times: Float64Array;
  /** lng, lat a row. */
  position: Float64Array;
  /** The ticket's current stage (index in `TICKET_STAGES`). */
  stage: Uint8Array;
  flags: Uint8Array;
  category: Int32Array;
  /** -1 for a ticket not dispatched to a department. */
  department: Int32Array;
  district: Int32Array;
  street: Int32Array;
  community: Int32Array;
}

const stageTime = (t: number | undefined) => (t === undefined ? NaN : t);

export const TICKET_TABLE: TableSpec<Ticket, TicketColumns> = {
  id: 'tickets.rows',
  create: (capacity, previous) => ({
    times: grown(Float64Array, capacity * TIMES, previous?.times),
    position: grown(Float64Array, capacity * 2, previous?.position),
    stage: grown(Uint8Array, capacity, previous?.stage),
    flags: grown(Uint8Array, capacity, previous?.flags),
    category: grown(Int32Array, capacity, previous?.category),
    department: grown(Int32Array, capacity, previous?.department),
    district: grown(Int32Array, capacity, previous?.district),
    street: grown(Int32Array, capacity, previous?.street),
    community: grown(Int32Array, capacity, previous?.community),
  }),
  write(c: TicketColumns, row: number, t: Ticket, codes: Codes) {
    const s = t.stages;
    const at = row * TIMES;
    const times = c.times;
    times[at] = s.reported;
    times[at + 1] = stageTime(s.registered);
    times[at + 2] = stageTime(s.dispatched);
    times[at + 3] = stageTime(s.processing);
    times[at + 4] = stageTime(s.feedback);
    times[at + 5] = stageTime(s.closed);
    times[at + 6] = stageTime(s.rated);
    times[at + DEADLINE] = t.deadline;
    c.position[row * 2] = t.position[0];
    c.position[row * 2 + 1] = t.position[1];
    c.stage[row] = STAGE_CODE.get(t.stage) ?? 0;
    c.flags[row] =
      (t.urgent ? URGENT : 0) |
      (t.repeatOf !== null ? REPEAT : 0) |
      (closedOnTime(t) ? ON_TIME : 0) |
      (t.rating ? HAS_RATING | (t.rating !== 'unsatisfied' ? RATED_GOOD : 0) : 0);
    c.category[row] = codes.of(t.category);
    c.department[row] = t.department ? codes.of(t.department) : -1;
    c.district[row] = codes.of(t.district);
    c.street[row] = codes.of(t.street);
    c.community[row] = codes.of(t.community);
  },
};

/** The column of a division level's codes; null for grid cells (not a column: computed per item). */
export function codeColumn(c: TicketColumns, level: string): Int32Array | null {
  if (level === 'district') return c.district;
  if (level === 'street') return c.street;
  if (level === 'community') return c.community;
  return null;
}
