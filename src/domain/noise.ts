// Environmental noise limits by acoustic zone (GB 3096-2008, Table 1), dB(A) LAeq.
import type { CityTime } from './city-time';

export const NOISE_ZONES = ['0', '1', '2', '3', '4a', '4b'] as const;
export type NoiseZone = (typeof NOISE_ZONES)[number];

export interface NoiseLimitTable {
  edition: string;
  /** Local hour at which the day period starts and the night period starts. */
  dayStartHour: number;
  nightStartHour: number;
  limits: Readonly<Record<NoiseZone, { day: number; night: number }>>;
}

export const GB3096_2008: NoiseLimitTable = {
  edition: 'GB3096-2008',
  dayStartHour: 6,
  nightStartHour: 22,
  limits: {
    '0': { day: 50, night: 40 },
    '1': { day: 55, night: 45 },
    '2': { day: 60, night: 50 },
    '3': { day: 65, night: 55 },
    '4a': { day: 70, night: 55 },
    '4b': { day: 70, night: 60 },
  },
};

export const NOISE_ZONE_NAMES: Readonly<Record<NoiseZone, { zh: string; en: string }>> = {
  '0': { zh: '0类 康复疗养区', en: 'Class 0: convalescence' },
  '1': { zh: '1类 居住文教区', en: 'Class 1: residential, education' },
  '2': { zh: '2类 混合区', en: 'Class 2: mixed' },
  '3': { zh: '3类 工业区', en: 'Class 3: industrial' },
  '4a': { zh: '4a类 道路两侧', en: 'Class 4a: along roads' },
  '4b': { zh: '4b类 铁路两侧', en: 'Class 4b: along railways' },
};

export type NoisePeriod = 'day' | 'night';

/** Whether a local hour (0–24, fractional) falls in the day period. */
export function isNoiseDay(localHour: number, table: NoiseLimitTable = GB3096_2008): boolean {
  return localHour >= table.dayStartHour && localHour < table.nightStartHour;
}

/** The limit in force for a zone at a local hour. */
export function noiseLimit(
  zone: NoiseZone,
  localHour: number,
  table: NoiseLimitTable = GB3096_2008,
): number {
  const limit = table.limits[zone];
  return isNoiseDay(localHour, table) ? limit.day : limit.night;
}

/** Day or night at a moment, in the city's time zone. */
export const noisePeriodAt = (
  t: number,
  time: CityTime,
  table: NoiseLimitTable = GB3096_2008,
): NoisePeriod => (isNoiseDay(time.hourOfDay(t), table) ? 'day' : 'night');

/** The local wall time `hour` (0–24) on the day starting at `dayStart`, daylight saving aware. */
function localTimeOn(dayStart: number, hour: number, time: CityTime): number {
  const guess = dayStart + hour * 3_600_000;
  // A daylight-saving change between midnight and `hour` shifts the wall clock: correct it once.
  const drift = time.hourOfDay(guess) - hour;
  return Math.abs(drift) > 1e-9 && Math.abs(drift) < 12 ? guess - drift * 3_600_000 : guess;
}

/** The next switch between day and night after `t` (06:00 or 22:00 in the city's time zone). */
export function nextNoiseSwitch(
  t: number,
  time: CityTime,
  table: NoiseLimitTable = GB3096_2008,
): number {
  const start = time.dayStart(t);
  for (const day of [start, time.nextDayStart(t)])
    for (const hour of [table.dayStartHour, table.nightStartHour]) {
      const at = localTimeOn(day, hour, time);
      if (at > t) return at;
    }
  return time.nextDayStart(t) + table.dayStartHour * 3_600_000;
}
