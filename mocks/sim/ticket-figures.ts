// The figures a simulated 12345 day is checked against (docs/simulation.md, "What a simulated day
// aims at"): computed from snapshots with the product's own definitions (overdue, on time), so the
// test and the documentation quote the same numbers.
// `npx tsx mocks/sim/measure-tickets.ts` prints them.
import type { Ticket } from '../../src/domain/ticket';
import { DAY, HOUR, MINUTE, localDayStart } from './clock';
import type { SimCity } from './types';

const isClosed = (x: Ticket): boolean => x.stage === 'closed' || x.stage === 'rated';
const share = (num: number, den: number): number | null => (den > 0 ? num / den : null);

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What the KPI strip would show at `t` (the product's definitions, docs/metrics.md). */
export interface MomentFigures {
  t: number;
  /** Reported since 00:00. */
  today: number;
  /** Today's tickets closed by `t` ÷ today's tickets. */
  closureRate: number | null;
  /** Closed since 00:00, whenever reported. */
  closedToday: number;
  /** Of those, closed no later than their deadline. */
  onTimeRate: number | null;
  open: number;
  overdue: number;
  /** Overdue ÷ open. */
  overdueShare: number | null;
}

export function momentFigures(tickets: readonly Ticket[], t: number): MomentFigures {
  const dayStart = localDayStart(t);
  let today = 0;
  let todayClosed = 0;
  let closedToday = 0;
  let onTime = 0;
  let open = 0;
  let overdue = 0;
  for (const x of tickets) {
    if (x.stages.reported > t) continue;
    if (x.stages.reported >= dayStart) {
      today += 1;
      if (isClosed(x)) todayClosed += 1;
    }
    if (isClosed(x)) {
      const closed = x.stages.closed as number;
      if (closed >= dayStart) {
        closedToday += 1;
        if (closed <= x.deadline) onTime += 1;
      }
    } else {
      open += 1;
      if (t > x.deadline) overdue += 1;
    }
  }
  return {
    t,
    today,
    closureRate: share(todayClosed, today),
    closedToday,
    onTimeRate: share(onTime, closedToday),
    open,
    overdue,
    overdueShare: share(overdue, open),
  };
}

/** A whole day's figures, read from a snapshot taken at the end of the next day. */
export interface DayFigures {
  /** Tickets reported on the day. */
  reported: number;
  /** Median minutes from report to registration (立案), every ticket of the day. */
  registrationMedianMinutes: number | null;
  /** Share registered within 10 minutes. */
  registeredWithin10Minutes: number | null;
  /**
   * Urgent tickets closed within 24 h of their report ÷ urgent tickets, over those reported from
   * the day's start until 24 h before the snapshot.
   */
  urgentClosedWithin24h: number | null;
  urgent: number;
  /** Tickets closed on the day; of them closed by the deadline, overall and by urgency. */
  closed: number;
  onTime: number | null;
  onTimeUrgent: number | null;
  onTimeNormal: number | null;
  /** Of the day's tickets, those answered on the day they came in (closed before midnight). */
  closedSameDay: number | null;
  /** Ratings given on the day: (满意 + 基本满意) ÷ ratings, and 满意 alone. */
  rated: number;
  satisfaction: number | null;
  satisfied: number | null;
  /** Tickets closed on the day that went back at least once (退回重办) ÷ closed on the day. */
  rework: number | null;
  /** The day's tickets repeating an earlier one ÷ the day's tickets. */
  repeat: number | null;
  /** Mean hours from report to closure of the tickets closed on the day. */
  meanHandlingHours: number | null;
}

/**
 * Figures of the local day starting at `dayStart`, from a snapshot at `at` ≥ the end of that
 * day + 24 h (so every urgent ticket of the day has had its 24 hours; the snapshot still holds
 * the day: it keeps everything reported or closed since 00:00 of the day before `at`).
 */
export function dayFigures(tickets: readonly Ticket[], dayStart: number, at: number): DayFigures {
  const dayEnd = dayStart + DAY;
  const registration: number[] = [];
  let reported = 0;
  let within10 = 0;
  let urgent = 0;
  let urgentIn24 = 0;
  let sameDay = 0;
  let closed = 0;
  let onTime = 0;
  const byUrgency = { urgent: [0, 0], normal: [0, 0] };
  let rated = 0;
  let good = 0;
  let satisfied = 0;
  let reworked = 0;
  let repeat = 0;
  let handling = 0;
  for (const x of tickets) {
    const r = x.stages.reported;
    const closedAt = x.stages.closed;
    if (r >= dayStart && r < dayEnd) {
      reported += 1;
      if (x.repeatOf !== null) repeat += 1;
      const reg = x.stages.registered;
      if (reg !== undefined) {
        registration.push((reg - r) / MINUTE);
        if (reg - r <= 10 * MINUTE) within10 += 1;
      } else registration.push(Infinity);
      if (closedAt !== undefined && closedAt < dayEnd) sameDay += 1;
    }
    // Urgent tickets: every one reported since the day's start that has had its 24 hours (the
    // day and most of the next: a few hundred at ×1, so the share is not one day's luck).
    if (x.urgent && r >= dayStart && r + 24 * HOUR <= at) {
      urgent += 1;
      if (closedAt !== undefined && closedAt - r <= 24 * HOUR) urgentIn24 += 1;
    }
    if (closedAt !== undefined && closedAt >= dayStart && closedAt < dayEnd) {
      closed += 1;
      const ok = closedAt <= x.deadline;
      if (ok) onTime += 1;
      const bucket = x.urgent ? byUrgency.urgent : byUrgency.normal;
      bucket[0]! += 1;
      if (ok) bucket[1]! += 1;
      if (x.reworkCount > 0) reworked += 1;
      handling += closedAt - r;
    }
    const ratedAt = x.stages.rated;
    if (x.rating !== null && ratedAt !== undefined && ratedAt >= dayStart && ratedAt < dayEnd) {
      rated += 1;
      if (x.rating !== 'unsatisfied') good += 1;
      if (x.rating === 'satisfied') satisfied += 1;
    }
  }
  return {
    reported,
    registrationMedianMinutes: median(registration),
    registeredWithin10Minutes: share(within10, reported),
    urgentClosedWithin24h: share(urgentIn24, urgent),
    urgent,
    closed,
    onTime: share(onTime, closed),
    onTimeUrgent: share(byUrgency.urgent[1]!, byUrgency.urgent[0]!),
    onTimeNormal: share(byUrgency.normal[1]!, byUrgency.normal[0]!),
    closedSameDay: share(sameDay, reported),
    rated,
    satisfaction: share(good, rated),
    satisfied: share(satisfied, rated),
    rework: share(reworked, closed),
    repeat: share(repeat, reported),
    meanHandlingHours: closed > 0 ? handling / closed / HOUR : null,
  };
}

/** The hours of the day at which the moment figures are read. */
export const MOMENTS = [6, 8, 9, 10, 12, 15, 18, 22] as const;

/** A weekday's figures: the day itself (read the next evening) and moments through it. */
export function simulatedDay(
  city: SimCity,
  dayStart: number,
): { day: DayFigures; moments: MomentFigures[] } {
  const at = dayStart + 2 * DAY - 10 * MINUTE;
  const day = dayFigures(city.snapshot('tickets', at), dayStart, at);
  const moments = MOMENTS.map((h) => {
    const t = dayStart + h * HOUR;
    return momentFigures(city.snapshot('tickets', t), t);
  });
  return { day, moments };
}

const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);

/** The figures as lines of text (the script's output and a failing test's message). */
export function describeDay({ day, moments }: ReturnType<typeof simulatedDay>): string {
  const lines = [
    `reported ${day.reported}, registration median ${day.registrationMedianMinutes?.toFixed(1)} min, within 10 min ${pct(day.registeredWithin10Minutes)}`,
    `urgent ${day.urgent}: closed within 24 h ${pct(day.urgentClosedWithin24h)}`,
    `closed ${day.closed}: on time ${pct(day.onTime)} (urgent ${pct(day.onTimeUrgent)}, normal ${pct(day.onTimeNormal)}), mean ${day.meanHandlingHours?.toFixed(1)} h; same-day closure of the day's tickets ${pct(day.closedSameDay)}`,
    `rated ${day.rated}: satisfied or basic ${pct(day.satisfaction)}, satisfied ${pct(day.satisfied)}`,
    `rework ${pct(day.rework)} of closures, repeat ${pct(day.repeat)} of the day's tickets`,
    ...moments.map((m) => {
      const hh = String(new Date(m.t + 8 * HOUR).getUTCHours()).padStart(2, '0');
      return `  ${hh}:00 today ${m.today}, closure rate ${pct(m.closureRate)}, closed today ${m.closedToday} (on time ${pct(m.onTimeRate)}), open ${m.open}, overdue ${m.overdue} (${pct(m.overdueShare)})`;
    }),
  ];
  return lines.join('\n');
}
