/** China Standard Time, the embedded city's clock: UTC+8, no daylight saving. */
export const DEFAULT_UTC_OFFSET_MIN = 480;
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Start of the city's calendar day containing `t`, for a fixed offset from UTC. */
export function cityDayStart(t: number, offsetMin = DEFAULT_UTC_OFFSET_MIN): number {
  const shift = offsetMin * 60_000;
  return Math.floor((t + shift) / DAY) * DAY - shift;
}

/** Hour of the city's day, 0–23, for a fixed offset from UTC. */
export function cityHour(t: number, offsetMin = DEFAULT_UTC_OFFSET_MIN): number {
  return Math.floor((t - cityDayStart(t, offsetMin)) / HOUR);
}

/**
 * The city's calendar in its own time zone (IANA name, daylight saving included): where "today"
 * starts, which hour of the day a time falls in, and the next of those boundaries. Every figure
 * that depends on the time of day goes through one of these, so a city elsewhere is configuration.
 */
export interface CityTime {
  readonly timeZone: string;
  /** Offset from UTC at `t`, minutes (480 in China). */
  offsetMin(t: number): number;
  /** Start of the local calendar day containing `t`. */
  dayStart(t: number): number;
  /** Start of the next local day after the one containing `t`. */
  nextDayStart(t: number): number;
  /** Local hour 0–23 of `t`. */
  hour(t: number): number;
  /** Local hour with its fraction (7.5 = 07:30). */
  hourOfDay(t: number): number;
  /** Start of the local hour containing `t`. */
  hourStart(t: number): number;
  /** Local day of the week, 0 = Sunday. */
  weekday(t: number): number;
}

/** Whether the runtime knows this IANA time zone. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const cache = new Map<string, CityTime>();

/** The calendar of a time zone (one instance per zone). */
export function cityTimeOf(timeZone: string = DEFAULT_TIME_ZONE): CityTime {
  let time = cache.get(timeZone);
  if (!time) cache.set(timeZone, (time = createCityTime(timeZone)));
  return time;
}

function createCityTime(timeZone: string): CityTime {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  // Offsets change at most every quarter hour (and in practice on the hour or half hour): cache
  // them per quarter hour, bounded.
  const offsets = new Map<number, number>();
  const QUARTER = 15 * MINUTE;
  const computeOffset = (t: number): number => {
    const parts = format.formatToParts(t);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const local = Date.UTC(
      get('year'),
      get('month') - 1,
      get('day'),
      get('hour'),
      get('minute'),
      get('second'),
    );
    return Math.round((local - Math.floor(t / 1000) * 1000) / MINUTE);
  };
  const offsetMin = (t: number): number => {
    const key = Math.floor(t / QUARTER);
    let offset = offsets.get(key);
    if (offset === undefined) {
      offset = computeOffset(key * QUARTER);
      if (offsets.size > 4096) offsets.clear();
      offsets.set(key, offset);
    }
    return offset;
  };
  /** UTC time of a local wall time given as "local epoch" ms (local fields read as UTC). */
  const fromLocal = (local: number): number => {
    // Two rounds settle the offset across a daylight-saving change.
    let t = local - offsetMin(local) * MINUTE;
    t = local - offsetMin(t) * MINUTE;
    return t;
  };
  const localOf = (t: number): number => t + offsetMin(t) * MINUTE;
  const dayStart = (t: number): number => fromLocal(Math.floor(localOf(t) / DAY) * DAY);
  return {
    timeZone,
    offsetMin,
    dayStart,
    nextDayStart: (t) => fromLocal((Math.floor(localOf(t) / DAY) + 1) * DAY),
    hour: (t) => Math.floor((((localOf(t) % DAY) + DAY) % DAY) / HOUR),
    hourOfDay: (t) => (((localOf(t) % DAY) + DAY) % DAY) / HOUR,
    hourStart: (t) => fromLocal(Math.floor(localOf(t) / HOUR) * HOUR),
    weekday: (t) => (Math.floor(localOf(t) / DAY) + 4) % 7,
  };
}

export { DAY as DAY_MS, HOUR as HOUR_MS, MINUTE as MINUTE_MS };
