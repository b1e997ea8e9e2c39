// Sim time helpers. Local time is Asia/Shanghai as a fixed UTC+8 (no DST), without Intl.

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const TZ_OFFSET = 8 * HOUR;
/** Arrivals (tickets, detections) are drawn per slot of this length. */
export const SLOT = 10 * MINUTE;

/** Epoch ms of local midnight on the day of `t`. */
export const localDayStart = (t: number): number =>
  Math.floor((t + TZ_OFFSET) / DAY) * DAY - TZ_OFFSET;

/** Local day number (days since 1970-01-01 local). */
export const localDay = (t: number): number => Math.floor((t + TZ_OFFSET) / DAY);

/** Local hour of day, fractional, in [0, 24). */
export const localHour = (t: number): number => ((((t + TZ_OFFSET) % DAY) + DAY) % DAY) / HOUR;

/** 0 Sunday … 6 Saturday. */
export const localWeekday = (t: number): number => (localDay(t) + 4) % 7;

export const isWeekend = (t: number): boolean => {
  const w = localWeekday(t);
  return w === 0 || w === 6;
};

export const slotOf = (t: number): number => Math.floor(t / SLOT);

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYMMDDHHmm` of a slot's start, local time: readable ids that sort by time. */
export function slotLabel(slot: number): string {
  const d = new Date(slot * SLOT + TZ_OFFSET);
  return (
    pad(d.getUTCFullYear() % 100) +
    pad(d.getUTCMonth() + 1) +
    pad(d.getUTCDate()) +
    pad(d.getUTCHours()) +
    pad(d.getUTCMinutes())
  );
}

/** `t` plus `n` working days (Saturdays and Sundays skipped), same time of day. */
export function addWorkingDays(t: number, n: number): number {
  let out = t;
  let left = n;
  while (left > 0) {
    out += DAY;
    if (!isWeekend(out)) left -= 1;
  }
  return out;
}

/**
 * `t` if it falls within local working hours [from, to); otherwise the next `from` o'clock plus
 * `jitter` ms (work that arrives at night waits for the morning shift).
 */
export function withinHours(t: number, from: number, to: number, jitter: number): number {
  const h = localHour(t);
  if (h >= from && h < to) return t;
  const start = localDayStart(t) + from * HOUR;
  return (h < from ? start : start + DAY) + jitter;
}

/** Piecewise-linear interpolation of 24 hourly values (value i at hour i + 0.5), wrapping. */
export function hourly(profile: readonly number[], hour: number): number {
  const x = hour - 0.5;
  const i = Math.floor(x);
  const f = x - i;
  const a = profile[(i + 24) % 24] ?? 0;
  const b = profile[(i + 25) % 24] ?? 0;
  return a + (b - a) * f;
}
