// Air quality index from concentrations (HJ 633-2012). Breakpoints are data keyed by edition so a
// city can switch to a revised table without a code change.

export const AQI_POLLUTANTS = ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co'] as const;
export type AqiPollutant = (typeof AQI_POLLUTANTS)[number];

/** µg/m³, CO in mg/m³; null or absent when the station did not report the pollutant. */
export type AqiValues = Partial<Record<AqiPollutant, number | null>>;

export interface AqiTable {
  edition: string;
  /** False when the table follows a report that has not been checked against the published text. */
  verified: boolean;
  /** IAQI at each breakpoint. */
  iaqi: readonly number[];
  /**
   * Concentration breakpoints per pollutant for hourly (real-time) values, aligned with `iaqi`.
   * A pollutant with fewer breakpoints than `iaqi` has no index above its last one: values beyond
   * it are reported at the top index of its table.
   */
  breakpoints: Readonly<Record<AqiPollutant, readonly number[]>>;
  /** Upper AQI bound of levels 1–5 (优 良 轻度 中度 重度); above the last one is level 6 (严重). */
  levelUpper: readonly number[];
}

const IAQI = [0, 50, 100, 150, 200, 300, 400, 500] as const;

/**
 * HJ 633-2012, Table 1, as used for the hourly real-time AQI: PM2.5 and PM10 hourly values
 * against their 24-hour breakpoints (the standard has no 1-hour ones), SO2, NO2, CO and O3 against
 * their 1-hour breakpoints. SO2 above 800 µg/m³ (1 h) is indexed by its 24-hour breakpoints, as
 * the standard prescribes when the 1-hour index stops.
 */
export const AQI_HJ633_2012: AqiTable = {
  edition: 'HJ633-2012',
  verified: true,
  iaqi: IAQI,
  breakpoints: {
    pm25: [0, 35, 75, 115, 150, 250, 350, 500],
    pm10: [0, 50, 150, 250, 350, 420, 500, 600],
    so2: [0, 150, 500, 650, 800, 1600, 2100, 2620],
    no2: [0, 100, 200, 700, 1200, 2340, 3090, 3840],
    co: [0, 5, 10, 35, 60, 90, 120, 150],
    o3: [0, 160, 200, 300, 400, 800, 1000, 1200],
  },
  levelUpper: [50, 100, 150, 200, 300],
};

/**
 * The reported 2026 revision: PM2.5 breakpoints tightened to 30 / 60 µg/m³ for IAQI 50 / 100.
 * Unverified against a published text; everything else as 2012.
 */
export const AQI_HJ633_2026_DRAFT: AqiTable = {
  ...AQI_HJ633_2012,
  edition: 'HJ633-2026-draft',
  verified: false,
  breakpoints: { ...AQI_HJ633_2012.breakpoints, pm25: [0, 30, 60, 115, 150, 250, 350, 500] },
};

export const AQI_TABLES: Readonly<Record<string, AqiTable>> = {
  [AQI_HJ633_2012.edition]: AQI_HJ633_2012,
  [AQI_HJ633_2026_DRAFT.edition]: AQI_HJ633_2026_DRAFT,
};

export const AQI_LEVEL_NAMES = [
  { zh: '优', en: 'Good' },
  { zh: '良', en: 'Moderate' },
  { zh: '轻度污染', en: 'Lightly polluted' },
  { zh: '中度污染', en: 'Moderately polluted' },
  { zh: '重度污染', en: 'Heavily polluted' },
  { zh: '严重污染', en: 'Severely polluted' },
] as const;

/** Individual AQI of one pollutant, rounded up as the standard prescribes. */
export function computeIaqi(
  pollutant: AqiPollutant,
  value: number,
  table: AqiTable = AQI_HJ633_2012,
): number {
  const bp = table.breakpoints[pollutant];
  const top = Math.min(bp.length, table.iaqi.length) - 1;
  if (value <= 0) return 0;
  for (let i = 1; i <= top; i += 1) {
    const hi = bp[i] ?? 0;
    if (value <= hi) {
      const lo = bp[i - 1] ?? 0;
      const iLo = table.iaqi[i - 1] ?? 0;
      const iHi = table.iaqi[i] ?? 0;
      return Math.ceil(((iHi - iLo) / (hi - lo)) * (value - lo) + iLo);
    }
  }
  return table.iaqi[top] ?? 0;
}

/** Level 1–6 of an AQI value. */
export function aqiLevel(aqi: number, table: AqiTable = AQI_HJ633_2012): number {
  const i = table.levelUpper.findIndex((upper) => aqi <= upper);
  return i === -1 ? table.levelUpper.length + 1 : i + 1;
}

export interface AqiResult {
  /** Null when no pollutant was reported. */
  aqi: number | null;
  /** Pollutant with the highest IAQI when AQI > 50 (首要污染物), else null. Ties: table order. */
  primary: AqiPollutant | null;
  /** 1 优 … 6 严重; null with `aqi`. */
  level: number | null;
}

export function computeAqi(values: AqiValues, table: AqiTable = AQI_HJ633_2012): AqiResult {
  let aqi: number | null = null;
  let primary: AqiPollutant | null = null;
  for (const pollutant of AQI_POLLUTANTS) {
    const value = values[pollutant];
    if (value === null || value === undefined || !Number.isFinite(value)) continue;
    const iaqi = computeIaqi(pollutant, value, table);
    if (aqi === null || iaqi > aqi) {
      aqi = iaqi;
      primary = pollutant;
    }
  }
  if (aqi === null) return { aqi: null, primary: null, level: null };
  return { aqi, primary: aqi > 50 ? primary : null, level: aqiLevel(aqi, table) };
}
