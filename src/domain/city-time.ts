/** China Standard Time, the embedded city's clock: UTC+8, no daylight saving. */
export const DEFAULT_UTC_OFFSET_MIN = 480;

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Start of the city's calendar day containing `t`. */
export function cityDayStart(t: number, offsetMin = DEFAULT_UTC_OFFSET_MIN): number {
  const shift = offsetMin * 60_000;
  return Math.floor((t + shift) / DAY) * DAY - shift;
}

/** Hour of the city's day, 0–23. */
export function cityHour(t: number, offsetMin = DEFAULT_UTC_OFFSET_MIN): number {
  return Math.floor((t - cityDayStart(t, offsetMin)) / HOUR);
}

export { DAY as DAY_MS, HOUR as HOUR_MS };
