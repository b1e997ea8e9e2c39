// When an alarm takes over the wall, pure: a critical alarm raises a banner that stays on every
// slide until someone acknowledges it (then 30 s more, steady); for its first minutes it holds
// the carousel and flies the map to it (only when no operator has touched the wall's controls
// for a minute); then the carousel resumes, banner and blinking marker still up. A flood of
// alarms becomes one summary.
import type { Alarm } from '@/feeds/alarms';

/** No operator input for this long before the map may fly on its own. */
export const QUIET_BEFORE_FLY_MS = 60_000;
/** The banner stays this long after the alarm is acknowledged (then collapses). */
export const BANNER_AFTER_ACK_MS = 30_000;
/** More alarms than this first seen within FLOOD_WINDOW_MS make a flood. */
export const FLOOD_COUNT = 10;
export const FLOOD_WINDOW_MS = 10 * 60_000;

export interface Takeover {
  /** The critical alarm in front, or null. */
  alarm: Alarm | null;
  /** A flood: how many alarms came in the window, and the three most pressing. */
  flood: { count: number; top: Alarm[] } | null;
  /** Where the map flies (null: it stays where the carousel has it). */
  flyTo: Alarm | null;
  /** Whether the carousel holds. */
  hold: boolean;
}

export const NO_TAKEOVER: Takeover = { alarm: null, flood: null, flyTo: null, hold: false };

export interface TakeoverClock {
  /** City time: alarm times, acknowledgements, the flood window. */
  now: number;
  /** Real time: operator input, how long the hold has lasted. */
  realNow: number;
  /** Real time of the last operator input on any window of the wall. */
  lastInputAt: number;
  /** Real time any window of the wall first showed this alarm (undefined: not yet). */
  seenAt: (key: string) => number | undefined;
  /** How long a new critical alarm holds the carousel, real ms. */
  holdMs: number;
  /** City ms per real ms (the demo's clock may run faster): the banner's 30 s are real. */
  speed?: number;
}

/** Alarms as the platform sorts them (active unacknowledged first, then severity). */
export function takeoverAt(alarms: readonly Alarm[], clock: TakeoverClock): Takeover {
  const { now, realNow } = clock;
  const afterAck = BANNER_AFTER_ACK_MS * Math.max(1, clock.speed ?? 1);
  const criticals = alarms.filter(
    (a) =>
      a.severity === 'critical' &&
      (a.ack ? now - a.ack.at < afterAck : true) &&
      (a.state === 'active' || !a.ack),
  );
  const recent = alarms.filter((a) => now - a.firstAt <= FLOOD_WINDOW_MS && now >= a.firstAt);
  const flood =
    recent.length > FLOOD_COUNT ? { count: recent.length, top: recent.slice(0, 3) } : null;
  const alarm = criticals[0] ?? null;
  if (!alarm && !flood) return NO_TAKEOVER;
  const seen = alarm ? clock.seenAt(alarm.key) : undefined;
  // Held from when the wall first showed it, for holdMs, unless acknowledged before.
  const hold = alarm !== null && !alarm.ack && seen !== undefined && realNow - seen < clock.holdMs;
  const quiet = realNow - clock.lastInputAt >= QUIET_BEFORE_FLY_MS;
  return {
    alarm,
    flood,
    flyTo: hold && quiet && alarm?.position ? alarm : null,
    hold,
  };
}
