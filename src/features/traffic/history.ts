// Today's congestion index against the same weekday last week, from the source's optional series
// endpoint (docs/api.md "Congestion and volume series"), validated here: it is untrusted input.
import * as z from 'zod/mini';
import { bounded, epochMs } from '@/domain/common';
import type { CityTime } from '@/domain/city-time';
import { BIN_MS } from './bins';

const DAY_MS = 86_400_000;
/** The longest window the endpoint serves. */
export const SERIES_WINDOW_MS = 8 * DAY_MS;

/** Peak hours of a weekday (DOMAIN.md): 07:30–09:00 and 17:30–19:00, local hours. */
export const PEAKS = [
  { id: 'morning', from: 7.5, to: 9 },
  { id: 'evening', from: 17.5, to: 19 },
] as const;
export type PeakId = (typeof PEAKS)[number]['id'];

export interface PeakFigure {
  id: PeakId;
  /** Mean index over the window's ended bins, today and the same weekday last week. */
  today: number | null;
  lastWeek: number | null;
  /** Whether every bin of today's window has ended (else `today` is a partial mean). */
  complete: boolean;
}

export type TrafficHistory =
  /** Not loaded yet. */
  | { status: 'loading' }
  /** The source does not offer the series, or not for this kind of area (a grid cell). */
  | { status: 'absent' }
  /** What the source sent failed validation: nothing of it is shown. */
  | { status: 'invalid' }
  | {
      status: 'ok';
      /** The area the series is of: the view's, the street of a community; null for the city. */
      area: string | null;
      dayStart: number;
      lastWeekStart: number;
      /** One value per 15-minute bin of the day; null where the bin has not ended or has no data. */
      today: (number | null)[];
      lastWeek: (number | null)[];
      /** The index at this time last week (the bin holding the view's moment − 7 days). */
      sameTimeLastWeek: number | null;
      /** Index of the running bin in `today`. */
      currentBin: number;
      peaks: PeakFigure[];
      /** Today's highest ended bin. */
      max: { at: number; value: number } | null;
    };

export type SeriesLevel = 'city' | 'district' | 'street';

/** The series the view of an area reads: its level and area code, or null (a grid cell). */
export function seriesArea(
  area: string | null,
): { level: SeriesLevel; area: string | null } | null {
  if (area === null || /^\d{4}00$/.test(area)) return { level: 'city', area: null };
  if (/^\d{6}$/.test(area)) return { level: 'district', area };
  if (/^\d{9}$/.test(area)) return { level: 'street', area };
  // A community has no series of its own: its street's (its code's first nine digits).
  if (/^\d{12}$/.test(area)) return { level: 'street', area: area.slice(0, 9) };
  return null;
}

/**
 * The query for the eight days up to the running bin: covers today and the same weekday last week
 * in any time zone, and changes once a bin (one request per bin, not per view build).
 */
export function seriesQuery(area: string | null, now: number): Record<string, string> | null {
  const target = seriesArea(area);
  if (!target) return null;
  const running = Math.floor(now / BIN_MS) * BIN_MS;
  const query: Record<string, string> = {
    metric: 'congestion',
    level: target.level,
    bin: String(BIN_MS),
    from: String(running + BIN_MS - SERIES_WINDOW_MS),
    to: String(running + BIN_MS),
  };
  if (target.area) query.area = target.area;
  return query;
}

const seriesSchema = z.object({
  metric: z.literal('congestion'),
  from: epochMs,
  bin: z.optional(z.literal(BIN_MS)),
  series: z
    .array(
      z.object({
        area: z.string().check(z.maxLength(32)),
        values: z.array(z.nullable(bounded(0, 10))).check(z.maxLength(SERIES_WINDOW_MS / BIN_MS)),
      }),
    )
    .check(z.maxLength(1000)),
});

/** The history of an area from what the endpoint answered (undefined: not loaded; null: absent). */
export function historyOf(
  raw: unknown,
  area: string | null,
  now: number,
  time: CityTime,
): TrafficHistory {
  if (raw === undefined) return { status: 'loading' };
  const target = seriesArea(area);
  if (raw === null || !target) return { status: 'absent' };
  const parsed = seriesSchema.safeParse(raw);
  if (!parsed.success || parsed.data.from % BIN_MS !== 0) return { status: 'invalid' };
  const { from, series } = parsed.data;
  const entry = target.area === null ? series[0] : series.find((s) => s.area === target.area);
  if (!entry) return { status: 'absent' };
  const valueAt = (t: number): number | null => {
    const i = (t - from) / BIN_MS;
    return Number.isInteger(i) ? (entry.values[i] ?? null) : null;
  };
  const day = (start: number, end: number) => {
    const out: (number | null)[] = [];
    for (let t = start; t < end; t += BIN_MS) out.push(valueAt(t));
    return out;
  };
  const dayStart = time.dayStart(now);
  const dayEnd = time.nextDayStart(now);
  const lastWeekStart = time.dayStart(dayStart - 7 * DAY_MS + DAY_MS / 2);
  const lastWeekEnd = time.nextDayStart(lastWeekStart);
  const today = day(dayStart, dayEnd);
  const lastWeek = day(lastWeekStart, lastWeekEnd);
  const currentBin = Math.floor((now - dayStart) / BIN_MS);
  // Ended bins only: the endpoint sends null for the running one, a source ahead of us might not.
  for (let i = currentBin; i < today.length; i += 1) today[i] = null;
  const lastWeekNow = now - 7 * DAY_MS;
  const sameTimeLastWeek = valueAt(Math.floor(lastWeekNow / BIN_MS) * BIN_MS);

  const mean = (values: (number | null)[], start: number, from: number, to: number) => {
    let sum = 0;
    let n = 0;
    values.forEach((v, i) => {
      const h = time.hourOfDay(start + i * BIN_MS);
      if (v !== null && h >= from && h < to) {
        sum += v;
        n += 1;
      }
    });
    return n ? sum / n : null;
  };
  const peaks = PEAKS.map((p) => ({
    id: p.id,
    today: mean(today, dayStart, p.from, p.to),
    lastWeek: mean(lastWeek, lastWeekStart, p.from, p.to),
    complete: time.hourOfDay(now) >= p.to || now >= dayEnd,
  }));
  let max: { at: number; value: number } | null = null;
  today.forEach((v, i) => {
    if (v !== null && (!max || v > max.value)) max = { at: dayStart + i * BIN_MS, value: v };
  });
  return {
    status: 'ok',
    area: target.area,
    dayStart,
    lastWeekStart,
    today,
    lastWeek,
    sameTimeLastWeek,
    currentBin,
    peaks,
    max,
  };
}
