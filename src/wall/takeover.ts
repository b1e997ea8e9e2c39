// When an alarm takes over the wall, pure: a critical alarm raises a banner, flies the map to it
// (only when no operator has touched the wall's controls for a minute), holds the carousel until
// someone acknowledges it and 30 s after; a flood becomes one summary.
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
  /** Whether the carousel holds (a takeover is on). */
  hold: boolean;
}

const NONE: Takeover = { alarm: null, flood: null, flyTo: null, hold: false };

/**
 * What the wall shows at `now` (city time for alarm times, real time for the operator's last
 * input): alarms as the platform sorts them (active unacknowledged first, then severity).
 */
export function takeoverAt(
  alarms: readonly Alarm[],
  now: number,
  realNow: number,
  lastInputAt: number,
): Takeover {
  const criticals = alarms.filter(
    (a) =>
      a.severity === 'critical' &&
      (a.state === 'active' ? !a.ack || now - a.ack.at < BANNER_AFTER_ACK_MS : !a.ack),
  );
  const recent = alarms.filter((a) => now - a.firstAt <= FLOOD_WINDOW_MS && now >= a.firstAt);
  const flood =
    recent.length > FLOOD_COUNT ? { count: recent.length, top: recent.slice(0, 3) } : null;
  const alarm = criticals[0] ?? null;
  if (!alarm && !flood) return NONE;
  const quiet = realNow - lastInputAt >= QUIET_BEFORE_FLY_MS;
  const flyTarget = alarm && !alarm.ack && alarm.position ? alarm : null;
  return {
    alarm,
    flood,
    flyTo: quiet ? flyTarget : null,
    hold: alarm !== null,
  };
}
