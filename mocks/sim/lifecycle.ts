// A ticket's whole closed loop is planned when it is reported (t-independent), and a snapshot only
// reads how far along the plan is at t. That keeps snapshots stateless and deltas small: a ticket's
// JSON changes only when it reaches a stage.
import type {
  Ticket,
  TicketChannel,
  TicketRating,
  TicketStage,
  TicketType,
} from '../../src/domain/ticket';
import { simCatalog, type SimCatalog } from './city-catalog';
import { DAY, HOUR, MINUTE, withinHours } from './clock';
import type { Rng } from './prng';

export interface Lifecycle {
  reported: number;
  registered: number;
  dispatched: number;
  processing: number;
  /** Feedback times, one per round of handling. */
  feedbacks: number[];
  /** Verification times, one per feedback: all but the last failed (退回重办), the last closed it. */
  verdicts: number[];
  rated: number | null;
  rating: TicketRating | null;
  deadline: number;
}

/** Every ticket is closed within this long of its report, so older open tickets cannot exist. */
export const MAX_OPEN = 9.5 * DAY;
/** Every ticket that is not `long` is closed within this long of its report. */
export const SHORT_MAX = 3.5 * DAY;

/** Share of tickets that run long (more than `SHORT_MAX`), most of them past their deadline. */
export const P_LONG = 0.06;
const P_REWORK = 0.05;
const P_RATED = 0.72;

const DEFAULT_CATALOG = simCatalog();

/** A ticket's deadline under the embedded (Fuzhou) catalogue; a city's is `simCatalog(c).deadline`. */
export function deadlineOf(
  reported: number,
  category: string,
  type: TicketType,
  urgent: boolean,
  catalog: SimCatalog = DEFAULT_CATALOG,
): number {
  return catalog.deadline(reported, category, type, urgent);
}

/**
 * Plans a ticket's loop. A `long` ticket (about 6 %: stuck, waiting on another department …)
 * takes more than `SHORT_MAX` and up to `MAX_OPEN`; every other one is closed within `SHORT_MAX`.
 * The split lets a snapshot skip all but the long tickets of slots older than `SHORT_MAX`.
 */
export function planLifecycle(
  rng: Rng,
  reported: number,
  category: string,
  type: TicketType,
  urgent: boolean,
  channel: TicketChannel,
  long: boolean,
  catalog: SimCatalog = DEFAULT_CATALOG,
): Lifecycle {
  const auto = channel === 'grid' || channel === 'video';
  const online = channel === 'web' || channel === 'app' || channel === 'miniprogram';
  const cap = reported + (long ? MAX_OPEN - 12 * HOUR : SHORT_MAX);

  // 立案 about 3 minutes after the report; the hotline is staffed around the clock, online
  // channels are registered by day.
  let registered = reported + (auto ? rng.range(0.5, 3) : rng.logNormal(3, 0.45)) * MINUTE;
  if (online && !urgent) registered = withinHours(registered, 7, 23, rng.range(5, 40) * MINUTE);
  registered = Math.min(registered, reported + 12 * HOUR);
  let dispatched = registered + (urgent ? rng.range(2, 10) : rng.logNormal(12, 0.7)) * MINUTE;
  if (!urgent) dispatched = withinHours(dispatched, 8, 22, rng.range(0, 60) * MINUTE);
  dispatched = Math.max(registered, Math.min(dispatched, reported + 20 * HOUR));
  let processing = dispatched + (urgent ? rng.logNormal(25, 0.5) : rng.logNormal(90, 0.8)) * MINUTE;
  if (!urgent) processing = withinHours(processing, 8, 20, rng.range(0, 90) * MINUTE);
  processing = Math.max(dispatched, Math.min(processing, reported + 36 * HOUR));

  const deadline = catalog.deadline(reported, category, type, urgent);
  const quick = type === 'inquiry' || type === 'praise';
  const median = quick ? 2 : (catalog.byId.get(category)?.handleHours ?? 30) * (urgent ? 0.3 : 1);
  let feedback = processing + rng.logNormal(median, 0.6) * HOUR;
  if (long) feedback = Math.max(feedback, reported + SHORT_MAX + rng.range(2 * HOUR, 4.5 * DAY));
  // Short tickets leave room for verification before their horizon.
  feedback = Math.max(processing, Math.min(feedback, cap - 12 * HOUR));
  let verdict = withinHours(
    feedback + rng.logNormal(2.5, 0.7) * HOUR,
    8,
    21,
    rng.range(0, 120) * MINUTE,
  );
  verdict = Math.min(Math.max(verdict, feedback), cap);

  const feedbacks = [feedback];
  const verdicts = [verdict];
  let p = P_REWORK;
  while (feedbacks.length < 3 && rng.chance(p)) {
    const again = verdict + rng.logNormal(median * 0.6, 0.5) * HOUR;
    const check = withinHours(
      again + rng.logNormal(2, 0.6) * HOUR,
      8,
      21,
      rng.range(0, 90) * MINUTE,
    );
    if (check > cap) break;
    feedbacks.push(again);
    verdicts.push(check);
    verdict = check;
    p = 0.2;
  }

  const reworked = feedbacks.length > 1;
  let rated: number | null = null;
  let rating: TicketRating | null = null;
  if (rng.chance(type === 'inquiry' ? 0.5 : P_RATED)) {
    rated = verdict + Math.min(3 * DAY, rng.logNormal(3, 1.1) * HOUR);
    const u = rng.next();
    if (type === 'praise') rating = 'satisfied';
    else if (reworked || long) rating = u < 0.4 ? 'satisfied' : u < 0.65 ? 'basic' : 'unsatisfied';
    else rating = u < 0.74 ? 'satisfied' : u < 0.92 ? 'basic' : 'unsatisfied';
  }

  const ms = Math.round;
  return {
    reported,
    registered: ms(registered),
    dispatched: ms(dispatched),
    processing: ms(processing),
    feedbacks: feedbacks.map(ms),
    verdicts: verdicts.map(ms),
    rated: rated === null ? null : ms(rated),
    rating,
    deadline: ms(deadline),
  };
}

/** When the loop closed. */
export const closedAt = (life: Lifecycle): number =>
  life.verdicts[life.verdicts.length - 1] ?? Infinity;

export interface StageState {
  stage: TicketStage;
  stages: Ticket['stages'];
  reworkCount: number;
  rating: TicketRating | null;
  /** An "after" photo exists once a feedback was given. */
  after: boolean;
}

/** How far along its plan a ticket is at t (t ≥ reported). */
export function stageAt(life: Lifecycle, t: number): StageState {
  const { reported, registered, dispatched } = life;
  if (t < registered) return only('reported', { reported });
  if (t < dispatched) return only('registered', { reported, registered });
  let processing = life.processing;
  if (t < processing) return only('dispatched', { reported, registered, dispatched });
  let reworkCount = 0;
  const last = life.feedbacks.length - 1;
  for (let i = 0; i <= last; i += 1) {
    const feedback = life.feedbacks[i] ?? Infinity;
    const verdict = life.verdicts[i] ?? Infinity;
    const after = i > 0;
    if (t < feedback) {
      return {
        stage: 'processing',
        stages: { reported, registered, dispatched, processing },
        reworkCount,
        rating: null,
        after,
      };
    }
    if (t < verdict) {
      return {
        stage: 'feedback',
        stages: { reported, registered, dispatched, processing, feedback },
        reworkCount,
        rating: null,
        after: true,
      };
    }
    if (i < last) {
      // Verification failed: back to handling, later stages are reached again.
      reworkCount += 1;
      processing = verdict;
      continue;
    }
    if (life.rated !== null && t >= life.rated) {
      return {
        stage: 'rated',
        stages: {
          reported,
          registered,
          dispatched,
          processing,
          feedback,
          closed: verdict,
          rated: life.rated,
        },
        reworkCount,
        rating: life.rating,
        after: true,
      };
    }
    return {
      stage: 'closed',
      stages: { reported, registered, dispatched, processing, feedback, closed: verdict },
      reworkCount,
      rating: null,
      after: true,
    };
  }
  throw new Error('unreachable: a lifecycle has at least one round');
}

function only(stage: TicketStage, stages: Ticket['stages']): StageState {
  return { stage, stages, reworkCount: 0, rating: null, after: false };
}

/** A ticket built for one t, valid while its stage state does not change. */
export interface TicketView {
  ticket: Ticket;
  from: number;
  to: number;
}

/** The span around t in which a ticket's stage state stays the same: [last event ≤ t, next event > t). */
export function stageSpan(life: Lifecycle, t: number): { from: number; to: number } {
  let from = life.reported;
  let to = Infinity;
  const see = (x: number | null) => {
    if (x === null) return;
    if (x <= t) {
      if (x > from) from = x;
    } else if (x < to) to = x;
  };
  see(life.registered);
  see(life.dispatched);
  see(life.processing);
  for (const x of life.feedbacks) see(x);
  for (const x of life.verdicts) see(x);
  see(life.rated);
  return { from, to };
}
