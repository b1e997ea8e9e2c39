import type { LngLat } from '@/domain/common';
import { isClosedStage, type Ticket } from '@/domain/ticket';
import { HOUR_MS, MINUTE_MS } from '@/domain/city-time';
import type { AlarmCondition, AlarmRule, AlarmSeverity } from '@/feeds/alarms';

/** Tickets turning overdue in the last hour against the district's usual hourly rate. */
export const SURGE = { minMajor: 5, factorMajor: 3, minCritical: 10, factorCritical: 5 } as const;
/** Urgent tickets overdue and open in a district: minor from one, major from this many. */
export const URGENT_MAJOR = 5;

const earliestDeadline = (tickets: readonly Ticket[]): number =>
  tickets.reduce((min, t) => Math.min(min, t.deadline), Infinity);

const centroid = (tickets: readonly Ticket[]): LngLat => {
  let x = 0;
  let y = 0;
  for (const t of tickets) {
    x += t.position[0];
    y += t.position[1];
  }
  return [x / tickets.length, y / tickets.length];
};

/** Whether the ticket was still open when its deadline passed (from its stage times). */
const openAtDeadline = (t: Ticket): boolean => {
  const closed = t.stages.closed;
  return closed === undefined ? !isClosedStage(t.stage) : closed > t.deadline;
};

/**
 * 超期激增: in a district, the tickets whose deadline passed in the last hour while still open,
 * against the district's hourly average of the 24 hours before (docs/metrics.md).
 */
export const overdueSurgeRule: AlarmRule = {
  id: 'tickets.overdue-surge',
  feeds: ['tickets'],
  evaluate(input, { now, changesAt }) {
    changesAt(Math.floor(now / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
    const recent = new Map<string, Ticket[]>();
    const before = new Map<string, number>();
    for (const t of input.all('tickets').values()) {
      if (t.stages.reported > now || t.deadline > now || !openAtDeadline(t)) continue;
      if (t.deadline > now - HOUR_MS) {
        const list = recent.get(t.district);
        if (list) list.push(t);
        else recent.set(t.district, [t]);
      } else if (t.deadline > now - 25 * HOUR_MS)
        before.set(t.district, (before.get(t.district) ?? 0) + 1);
    }
    const out: AlarmCondition[] = [];
    for (const [district, list] of recent) {
      const baseline = (before.get(district) ?? 0) / 24;
      const n = list.length;
      const severity: AlarmSeverity | null =
        n >= SURGE.minCritical && n >= SURGE.factorCritical * baseline
          ? 'critical'
          : n >= SURGE.minMajor && n >= SURGE.factorMajor * baseline
            ? 'major'
            : null;
      if (!severity) continue;
      out.push({
        place: district,
        severity,
        area: district,
        position: centroid(list),
        feed: 'tickets',
        entity: null,
        since: earliestDeadline(list),
        magnitude: n,
        message: {
          key: 'tickets.alarms.overdueSurge',
          params: { count: n, baseline: Math.round(baseline * 10) / 10 },
        },
      });
    }
    return out;
  },
};

/** 紧急工单超期: urgent tickets open past their deadline, per district. */
export const urgentOverdueRule: AlarmRule = {
  id: 'tickets.urgent-overdue',
  feeds: ['tickets'],
  evaluate(input, { now, changesAt }) {
    const byDistrict = new Map<string, Ticket[]>();
    for (const t of input.all('tickets').values()) {
      if (!t.urgent || isClosedStage(t.stage) || t.stages.reported > now) continue;
      if (t.deadline >= now) {
        changesAt(t.deadline + 1);
        continue;
      }
      const list = byDistrict.get(t.district);
      if (list) list.push(t);
      else byDistrict.set(t.district, [t]);
    }
    return [...byDistrict].map(([district, list]) => ({
      place: district,
      severity: list.length >= URGENT_MAJOR ? 'major' : 'minor',
      area: district,
      position: list.length === 1 ? list[0]!.position : centroid(list),
      feed: 'tickets',
      entity: list.length === 1 ? list[0]!.id : null,
      since: earliestDeadline(list),
      magnitude: list.length,
      message: { key: 'tickets.alarms.urgentOverdue', params: { count: list.length } },
    }));
  },
};
