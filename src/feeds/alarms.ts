import type { FeedName, LngLat } from '@/domain/common';
import type { ViewContext, ViewInput, ViewLoader } from './view-builder';

/** The platform's own view: every alarm of every rule, and feeds that stopped answering. */
export const ALARMS_VIEW = 'platform.alarms';

/** Alarm severity, most severe first (ThingsBoard's scale; national levels 一级 … 四级). */
export const ALARM_SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

/** An i18n key and its parameters: the page words the alarm in its language. */
export interface AlarmMessage {
  key: string;
  params: Record<string, string | number>;
}

/** A condition a rule finds true now. The same rule on the same place is one alarm. */
export interface AlarmCondition {
  /** What the alarm is about: an area code, an entity id, a feed … (the flood key). */
  place: string;
  severity: AlarmSeverity;
  /** Division code the alarm lies in (for filtering by area and naming the place). */
  area: string | null;
  position: LngLat | null;
  feed: FeedName | null;
  /** The entity it concerns, when there is one (opens with `?select=<feed>:<entity>`). */
  entity: string | null;
  /**
   * When the condition began, as the data tells (a sensor's first reading in alarm), so every
   * window of the app names the same start; the time it was first seen otherwise.
   */
  since?: number;
  /** A figure that goes with it (tickets overdue, faults in the cluster …). */
  magnitude?: number;
  message: AlarmMessage;
}

/** A rule a scenario registers: evaluated in the worker whenever its feeds change or time passes. */
export interface AlarmRule {
  /** Registry key, `<scenario>.<rule>`. */
  id: string;
  feeds: readonly FeedName[];
  /**
   * Loads what `evaluate` reads besides the feeds (an optional endpoint of a source, a module such
   * as H3), before each evaluation; failures are the rule's to absorb (it sees what it has).
   */
  prepare?(loader: ViewLoader): Promise<void>;
  evaluate(input: ViewInput, context: ViewContext): AlarmCondition[];
}

/** Who acknowledged an alarm, and when (city time). */
export interface AlarmAck {
  key: string;
  /** The alarm's first time as the acknowledging window saw it. */
  firstAt: number;
  at: number;
  by: string;
}

export type AlarmState = 'active' | 'cleared';

/** One alarm: a rule on a place, raised `count` times since it was last cleared and acknowledged. */
export interface Alarm {
  key: string;
  rule: string;
  severity: AlarmSeverity;
  place: string;
  area: string | null;
  position: LngLat | null;
  feed: FeedName | null;
  entity: string | null;
  firstAt: number;
  lastAt: number;
  clearedAt: number | null;
  count: number;
  magnitude: number | null;
  state: AlarmState;
  ack: { at: number; by: string } | null;
  message: AlarmMessage;
}

/** Cleared and acknowledged alarms stay in the list this long (city time), then go. */
export const CLEARED_KEEP_MS = 60 * 60_000;
/**
 * Cleared alarms nobody acknowledged stay this long (a whole day: every shift has seen them),
 * and never more than MAX_CLEARED_UNACK of them (the oldest cleared go first): a wall left alone
 * for weeks must not hold every alarm it ever raised.
 */
export const CLEARED_UNACK_KEEP_MS = 24 * 3_600_000;
export const MAX_CLEARED_UNACK = 200;
/** Acknowledgements of alarms no longer held are forgotten after this long (city time). */
export const ACKS_KEEP_MS = 24 * 3_600_000;
/** An acknowledgement applies to an alarm first seen up to this long after it (clock skew between windows). */
export const ACK_GRACE_MS = 5 * 60_000;

export const severityRank = (s: AlarmSeverity): number => ALARM_SEVERITIES.indexOf(s);

/** Active unacknowledged first, then by severity, then the newest. */
export function compareAlarms(a: Alarm, b: Alarm): number {
  const group = (x: Alarm) => (x.state === 'active' ? (x.ack ? 1 : 0) : x.ack ? 3 : 2);
  return (
    group(a) - group(b) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    b.lastAt - a.lastAt ||
    (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

/**
 * The alarms of every rule, one model for every feed. Floods collapse: a rule on a place is one
 * alarm; raised again after it cleared (and before anyone acknowledged it), its count grows.
 * States: active unacknowledged → (ack) active acknowledged → (clear) cleared acknowledged →
 * gone after an hour; active unacknowledged → (clear) cleared unacknowledged, kept until someone
 * acknowledges it, for a day at most (and the newest 200). A cleared and acknowledged alarm
 * raised again is a new alarm.
 */
export function createAlarmBook() {
  const alarms = new Map<string, Alarm>();
  const acks = new Map<string, AlarmAck>();
  let revision = 0;

  const ackFor = (alarm: Alarm): AlarmAck | undefined => {
    const ack = acks.get(alarm.key);
    return ack && alarm.firstAt <= ack.at + ACK_GRACE_MS ? ack : undefined;
  };

  return {
    /** Bumped whenever an acknowledgement changes what the book would show. */
    get revision() {
      return revision;
    },
    /** Updates the book from the conditions true at `now`; returns the alarms to show. */
    update(
      conditions: readonly { rule: string; condition: AlarmCondition }[],
      now: number,
    ): Alarm[] {
      const seen = new Set<string>();
      for (const { rule, condition: c } of conditions) {
        const key = `${rule}|${c.place}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const held = alarms.get(key);
        const fresh = !held || (held.state === 'cleared' && held.ack !== null);
        if (fresh) {
          const alarm: Alarm = {
            key,
            rule,
            severity: c.severity,
            place: c.place,
            area: c.area,
            position: c.position,
            feed: c.feed,
            entity: c.entity,
            firstAt: Math.min(now, c.since ?? now),
            lastAt: now,
            clearedAt: null,
            count: 1,
            magnitude: c.magnitude ?? null,
            state: 'active',
            ack: null,
            message: c.message,
          };
          const ack = ackFor(alarm);
          if (ack && !held) alarm.ack = { at: ack.at, by: ack.by };
          alarms.set(key, alarm);
          continue;
        }
        if (held.state === 'cleared') {
          held.state = 'active';
          held.clearedAt = null;
          held.count += 1;
        }
        // Severity follows the condition; an escalation asks for a new acknowledgement.
        if (severityRank(c.severity) < severityRank(held.severity)) held.ack = null;
        held.severity = c.severity;
        held.lastAt = now;
        held.area = c.area;
        held.position = c.position;
        held.entity = c.entity;
        held.magnitude = c.magnitude ?? null;
        held.message = c.message;
      }
      for (const [key, alarm] of alarms) {
        if (seen.has(key)) continue;
        if (alarm.state === 'active') {
          alarm.state = 'cleared';
          alarm.clearedAt = now;
        } else if (
          alarm.clearedAt !== null &&
          now - alarm.clearedAt > (alarm.ack ? CLEARED_KEEP_MS : CLEARED_UNACK_KEEP_MS)
        )
          alarms.delete(key);
      }
      const clearedUnack = [...alarms.values()].filter((a) => a.state === 'cleared' && !a.ack);
      if (clearedUnack.length > MAX_CLEARED_UNACK) {
        clearedUnack.sort((a, b) => (a.clearedAt ?? 0) - (b.clearedAt ?? 0));
        for (const a of clearedUnack.slice(0, clearedUnack.length - MAX_CLEARED_UNACK))
          alarms.delete(a.key);
      }
      for (const [key, ack] of acks)
        if (!alarms.has(key) && now - ack.at > ACKS_KEEP_MS) acks.delete(key);
      return this.list();
    },
    list(): Alarm[] {
      return [...alarms.values()].map((a) => ({ ...a })).sort(compareAlarms);
    },
    /** Records an acknowledgement (from this window, another one or the backend). */
    acknowledge(ack: AlarmAck): boolean {
      const previous = acks.get(ack.key);
      if (previous && previous.at >= ack.at) return false;
      acks.set(ack.key, ack);
      const alarm = alarms.get(ack.key);
      if (alarm && !alarm.ack && ackFor(alarm)) {
        alarm.ack = { at: ack.at, by: ack.by };
        if (alarm.state === 'cleared') alarm.clearedAt = Math.max(alarm.clearedAt ?? 0, ack.at);
      }
      revision += 1;
      return true;
    },
    acks(): AlarmAck[] {
      return [...acks.values()];
    },
  };
}
export type AlarmBook = ReturnType<typeof createAlarmBook>;
