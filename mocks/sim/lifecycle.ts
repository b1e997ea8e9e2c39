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

/**
 * Share of tickets that get stuck (waiting on another department, disputed): closed more than
 * `SHORT_MAX` after their report, most of them past their deadline. With `P_LATE` they make the
 * overdue tickets and the late closures (docs/simulation.md, "What a simulated day aims at").
 */
export const P_LONG = 0.012;
/** Share of the other tickets closed a few hours past their deadline. */
const P_LATE = 0.012;
/** Share of verifications that fail and send the ticket back (退回重办); a second time 20 %. */
const P_REWORK = 0.03;
/** Inquiries the hotline answers on the call (直接答复) and praise it records: closed in minutes. */
const P_DIRECT: Readonly<Partial<Record<TicketType, number>>> = { inquiry: 0.6, praise: 0.8 };
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

const clamp = (x: number, lo: number, hi: number): number => Math.min(Math.max(x, lo), hi);

/**
 * Plans a ticket's loop under the city's catalogue (its deadline, its category's handling time).
 * A `long` ticket (about 2 %: stuck) is closed more than `SHORT_MAX` and at most `MAX_OPEN` after
 * its report; every other one within `SHORT_MAX`, and within its deadline but for `P_LATE` of
 * them. The split lets a snapshot skip all but the long tickets of slots older than `SHORT_MAX`.
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
  const horizon = reported + (long ? MAX_OPEN - 12 * HOUR : SHORT_MAX);
  const deadline = Math.round(catalog.deadline(reported, category, type, urgent));

  // 立案 about 3 minutes after the report; the hotline is staffed around the clock, online
  // channels are registered by day.
  let registered = reported + (auto ? rng.range(0.5, 3) : rng.logNormal(2.6, 0.45)) * MINUTE;
  if (online && !urgent) registered = withinHours(registered, 7, 23, rng.range(5, 40) * MINUTE);
  registered = Math.min(registered, reported + 12 * HOUR);

  // An inquiry answered on the call: the hotline's knowledge base, no department visit.
  if (!auto && !long && rng.chance(P_DIRECT[type] ?? 0)) {
    const dispatched = registered + rng.range(0.5, 2) * MINUTE;
    const feedback = dispatched + rng.logNormal(6, 0.5) * MINUTE;
    const verdict = Math.min(feedback + rng.range(1, 10) * MINUTE, horizon);
    return finish(
      rng,
      type,
      reported,
      registered,
      dispatched,
      dispatched,
      [feedback],
      [verdict],
      deadline,
      false,
    );
  }

  let dispatched = registered + (urgent ? rng.range(2, 10) : rng.logNormal(10, 0.6)) * MINUTE;
  if (!urgent) dispatched = withinHours(dispatched, 8, 22, rng.range(0, 45) * MINUTE);
  dispatched = clamp(dispatched, registered, reported + 20 * HOUR);
  let processing = dispatched + (urgent ? rng.logNormal(20, 0.5) : rng.logNormal(40, 0.8)) * MINUTE;
  if (!urgent) processing = withinHours(processing, 8, 20, rng.range(0, 60) * MINUTE);
  processing = clamp(processing, dispatched, reported + 36 * HOUR);

  // The department's feedback (field crews report by day unless urgent), then the call-back
  // that verifies it (核实, by day: the night's feedback is verified through the morning).
  const rhythm = catalog.byId.get(category);
  const answered = type === 'inquiry' || type === 'praise';
  const median = answered ? 2 : (rhythm?.handleHours ?? 24) * (urgent ? 0.25 : 1);
  let feedback = processing + rng.logNormal(median, 0.6) * HOUR;
  if (!urgent) feedback = withinHours(feedback, 8, 20, rng.range(0, 120) * MINUTE);
  let verdict = feedback + rng.logNormal(1, 0.7) * HOUR;
  verdict = urgent
    ? withinHours(verdict, 7, 23, rng.range(0, 60) * MINUTE)
    : withinHours(verdict, 8.5, 21, rng.range(0, 150) * MINUTE);

  if (long) {
    // Stuck: closed a day or two after SHORT_MAX as a rule, a few after a week.
    verdict = reported + SHORT_MAX + 2 * HOUR + Math.min(-DAY * Math.log(1 - rng.next()), 6 * DAY);
    verdict = Math.min(withinHours(verdict, 8.5, 21, rng.range(0, 120) * MINUTE), horizon);
  } else if (rng.chance(urgent ? P_LATE / 2 : P_LATE)) {
    // Late by hours: an urgent one is chased through the night, the others closed next morning.
    verdict = urgent
      ? Math.max(verdict, deadline + rng.logNormal(1.5, 0.6) * HOUR)
      : Math.max(
          verdict,
          withinHours(deadline + rng.logNormal(4, 0.8) * HOUR, 8.5, 21, rng.range(0, 90) * MINUTE),
        );
  } else {
    // The department works to the limit: what would run past it is closed in the span left.
    const latest = Math.min(deadline, horizon) - 15 * MINUTE;
    if (verdict > latest)
      verdict =
        latest > processing
          ? processing + (latest - processing) * rng.range(0.45, 0.98)
          : processing + rng.range(0.5, 2) * HOUR;
  }
  verdict = clamp(verdict, processing, horizon);
  feedback = clamp(
    verdict - rng.logNormal(1.5, 0.7) * HOUR,
    processing,
    Math.min(feedback, verdict),
  );

  // 退回重办: a failed verification sends it back; the closing time stays the plan's, so the
  // rounds share the span (the rework is what takes the time).
  const feedbacks = [feedback];
  const verdicts = [verdict];
  let p = P_REWORK;
  while (feedbacks.length < 3 && rng.chance(p)) {
    const from = feedbacks.length === 1 ? processing : (verdicts[verdicts.length - 2] as number);
    const end = verdicts[verdicts.length - 1] as number;
    const failed = from + (end - from) * rng.range(0.3, 0.55);
    const failedFeedback = failed - Math.min(rng.logNormal(1.2, 0.6) * HOUR, (failed - from) / 2);
    const again = end - Math.min(rng.logNormal(1.5, 0.6) * HOUR, (end - failed) / 2);
    feedbacks.splice(feedbacks.length - 1, 1, failedFeedback, again);
    verdicts.splice(verdicts.length - 1, 0, failed);
    p = 0.2;
  }
  return finish(
    rng,
    type,
    reported,
    registered,
    dispatched,
    processing,
    feedbacks,
    verdicts,
    deadline,
    long,
  );
}

/** Rounds the times and adds the rating (worse after rework or a late closure). */
function finish(
  rng: Rng,
  type: TicketType,
  reported: number,
  registered: number,
  dispatched: number,
  processing: number,
  feedbacks: number[],
  verdicts: number[],
  deadline: number,
  long: boolean,
): Lifecycle {
  const closed = verdicts[verdicts.length - 1] as number;
  const troubled = long || feedbacks.length > 1 || closed > deadline;
  let rated: number | null = null;
  let rating: TicketRating | null = null;
  if (rng.chance(type === 'inquiry' ? 0.5 : P_RATED)) {
    rated = closed + Math.min(3 * DAY, rng.logNormal(3, 1.1) * HOUR);
    const u = rng.next();
    if (type === 'praise') rating = 'satisfied';
    else if (troubled) rating = u < 0.45 ? 'satisfied' : u < 0.75 ? 'basic' : 'unsatisfied';
    else rating = u < 0.8 ? 'satisfied' : u < 0.96 ? 'basic' : 'unsatisfied';
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
    deadline,
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
