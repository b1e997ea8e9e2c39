import { cityTimeOf } from '@/domain/city-time';

// ISO 8601 / RFC 3339 date-time: `T` between date and time, seconds and fraction optional,
// offset `Z` or `±HH:MM` (or `±HHMM`) optional. Nothing else: no spaces, no offset after a `Z`.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Epoch ms of an ISO 8601 date-time, or null when it is not one. A time without an offset is
 * read in `timeZone` (the feed's, daylight saving included); `…-08:00Z` and other hybrids, a
 * 30th of February or an hour 24 are not times.
 */
export function parseStrictTime(text: unknown, timeZone: string): number | null {
  if (typeof text !== 'string' || text.length > 40) return null;
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '', offset] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]!) return null;
  if (month === 2 && day === 29 && !isLeap(year)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  let t: number;
  if (offset === 'Z') t = local;
  else if (offset) {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2));
    if (oh > 18 || om > 59) return null;
    t = local - sign * (oh * 60 + om) * 60_000;
  } else {
    const time = cityTimeOf(timeZone);
    // Two rounds settle the offset across a daylight-saving change.
    t = local - time.offsetMin(local) * 60_000;
    t = local - time.offsetMin(t) * 60_000;
  }
  return Number.isFinite(t) && t >= 0 ? t : null;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** `2024-01-31T16:00:00Z`: what the standards' query parameters take. */
export const formatUtc = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
