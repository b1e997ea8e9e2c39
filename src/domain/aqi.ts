// Air quality index from concentrations (HJ 633). The breakpoint tables are data keyed by edition,
// so a city switches editions in config.json (scenarios.environment.aqi.edition), not in code.
// Which values could be checked and which not: docs/metrics.md, "Environment".

export const AQI_POLLUTANTS = ['pm25', 'pm10', 'o3', 'no2', 'so2', 'co'] as const;
export type AqiPollutant = (typeof AQI_POLLUTANTS)[number];

/** µg/m³, CO in mg/m³; null or absent when the station did not report the pollutant. */
export type AqiValues = Partial<Record<AqiPollutant | 'o3_8h', number | null>>;

/**
 * One column of the standard's table: a pollutant over an averaging time. PM2.5 and PM10 have
 * 24-hour columns only; SO2, NO2 and CO have 1-hour (real-time report) and 24-hour (daily report)
 * columns; O3 has a 1-hour and an 8-hour (moving average) column.
 */
export const AQI_INDICATORS = [
  'pm25_24h',
  'pm10_24h',
  'so2_24h',
  'so2_1h',
  'no2_24h',
  'no2_1h',
  'co_24h',
  'co_1h',
  'o3_1h',
  'o3_8h',
] as const;
export type AqiIndicator = (typeof AQI_INDICATORS)[number];

export interface AqiTable {
  edition: string;
  /** The standard's name as shown next to every AQI (`HJ 633-2012`). */
  title: string;
  /** IAQI at each breakpoint. */
  iaqi: readonly number[];
  /**
   * Concentration breakpoints per column, aligned with `iaqi`. A column with fewer breakpoints
   * stops there (SO2 1 h at IAQI 200, O3 8 h at 300): see `beyond`.
   */
  breakpoints: Readonly<Record<AqiIndicator, readonly number[]>>;
  /**
   * Where a column that stops sends a value above its last breakpoint: SO2 1 h above 800 µg/m³ is
   * indexed by its 24-hour column, O3 8 h above 800 by its 1-hour column (the standard's notes).
   * Without that value the index is the column's last one.
   */
  beyond: Readonly<Partial<Record<AqiIndicator, AqiIndicator>>>;
  /** Upper AQI bound of levels 1–5 (优 良 轻度 中度 重度); above the last one is level 6 (严重). */
  levelUpper: readonly number[];
  /** `column@IAQI` breakpoints not checked against the published text (see docs/metrics.md). */
  unverified: readonly string[];
}

const IAQI = [0, 50, 100, 150, 200, 300, 400, 500] as const;

const BREAKPOINTS_2012: Record<AqiIndicator, readonly number[]> = {
  pm25_24h: [0, 35, 75, 115, 150, 250, 350, 500],
  pm10_24h: [0, 50, 150, 250, 350, 420, 500, 600],
  so2_24h: [0, 50, 150, 475, 800, 1600, 2100, 2620],
  so2_1h: [0, 150, 500, 650, 800],
  no2_24h: [0, 40, 80, 180, 280, 565, 750, 940],
  no2_1h: [0, 100, 200, 700, 1200, 2340, 3090, 3840],
  co_24h: [0, 2, 4, 14, 24, 36, 48, 60],
  co_1h: [0, 5, 10, 35, 60, 90, 120, 150],
  o3_1h: [0, 160, 200, 300, 400, 800, 1000, 1200],
  o3_8h: [0, 100, 160, 215, 265, 800],
};

/** HJ 633-2012, Table 1 (and its notes on SO2 1 h and O3 8 h above 800 µg/m³). */
export const AQI_HJ633_2012: AqiTable = {
  edition: 'HJ633-2012',
  title: 'HJ 633-2012',
  iaqi: IAQI,
  breakpoints: BREAKPOINTS_2012,
  beyond: { so2_1h: 'so2_24h', o3_8h: 'o3_1h' },
  levelUpper: [50, 100, 150, 200, 300],
  unverified: [],
};

/**
 * HJ 633-2026 as reported: the IAQI-100 step of PM2.5 (24 h) lowered from 75 to 60 µg/m³ and of
 * PM10 from 150 to 120; every other value as in 2012. Not checked against the published text:
 * the two changed steps agree across the sources we have, the PM2.5 IAQI-50 step does not (35
 * in two of them, 30 in one), and the notes above 800 µg/m³ are read differently.
 */
export const AQI_HJ633_2026: AqiTable = {
  edition: 'HJ633-2026',
  title: 'HJ 633-2026',
  iaqi: IAQI,
  breakpoints: {
    ...BREAKPOINTS_2012,
    pm25_24h: [0, 35, 60, 115, 150, 250, 350, 500],
    pm10_24h: [0, 50, 120, 250, 350, 420, 500, 600],
  },
  beyond: { so2_1h: 'so2_24h', o3_8h: 'o3_1h' },
  levelUpper: [50, 100, 150, 200, 300],
  unverified: [
    'pm25_24h@50',
    'pm25_24h@100',
    'pm10_24h@100',
    'so2_1h@beyond',
    'o3_8h@beyond',
    'others-as-2012',
  ],
};

/** @deprecated the reported 2026 table under its former name. */
export const AQI_HJ633_2026_DRAFT = AQI_HJ633_2026;

export const AQI_TABLES: ReadonlyMap<string, AqiTable> = new Map([
  [AQI_HJ633_2012.edition, AQI_HJ633_2012],
  [AQI_HJ633_2026.edition, AQI_HJ633_2026],
]);
export const AQI_EDITIONS = [AQI_HJ633_2012.edition, AQI_HJ633_2026.edition] as const;
export type AqiEdition = (typeof AQI_EDITIONS)[number];

export const aqiTableOf = (edition: string): AqiTable => AQI_TABLES.get(edition) ?? AQI_HJ633_2012;

export const AQI_LEVEL_NAMES = [
  { zh: '优', en: 'Good' },
  { zh: '良', en: 'Moderate' },
  { zh: '轻度污染', en: 'Lightly polluted' },
  { zh: '中度污染', en: 'Moderately polluted' },
  { zh: '重度污染', en: 'Heavily polluted' },
  { zh: '严重污染', en: 'Severely polluted' },
] as const;

/** HJ 633-2012 Appendix A, levels 1–6 (docs/VISUAL): never restyled. Missing data is grey. */
export const AQI_LEVEL_COLORS = [
  '#00E400',
  '#FFFF00',
  '#FF7E00',
  '#FF0000',
  '#99004C',
  '#7E0023',
] as const;
export const AQI_LEVEL_RGB: readonly (readonly [number, number, number])[] = [
  [0, 228, 0],
  [255, 255, 0],
  [255, 126, 0],
  [255, 0, 0],
  [153, 0, 76],
  [126, 0, 35],
];
/** Colour of "no value": grey, never a level's colour. */
export const AQI_MISSING_RGB = [107, 122, 140] as const;

/**
 * Individual AQI of one column, rounded up to an integer as the standard asks (全进位取整).
 * Null for a negative or non-finite concentration (not a reading). Above the column's last
 * breakpoint: the column's top index (500; 200 for SO2 1 h and 300 for O3 8 h, see `beyond`).
 */
export function iaqiOf(
  indicator: AqiIndicator,
  value: number,
  table: AqiTable = AQI_HJ633_2012,
): number | null {
  if (!Number.isFinite(value) || value < 0) return null;
  const bp = table.breakpoints[indicator];
  const top = Math.min(bp.length, table.iaqi.length) - 1;
  for (let i = 1; i <= top; i += 1) {
    const hi = bp[i]!;
    if (value <= hi) {
      const lo = bp[i - 1]!;
      const iLo = table.iaqi[i - 1]!;
      const iHi = table.iaqi[i]!;
      // Rounded to 1e-9 first, so that binary fractions do not carry 50.000000001 up to 51.
      const exact = Math.round((((iHi - iLo) / (hi - lo)) * (value - lo) + iLo) * 1e9) / 1e9;
      return Math.ceil(exact);
    }
  }
  return table.iaqi[top]!;
}

/** Whether a value lies above the last breakpoint of a column that stops early. */
export const beyondColumn = (indicator: AqiIndicator, value: number, table: AqiTable): boolean => {
  const bp = table.breakpoints[indicator];
  return bp.length < table.iaqi.length && value > bp[bp.length - 1]!;
};

/** Level 1–6 of an AQI value. */
export function aqiLevel(aqi: number, table: AqiTable = AQI_HJ633_2012): number {
  const i = table.levelUpper.findIndex((upper) => aqi <= upper);
  return i === -1 ? table.levelUpper.length + 1 : i + 1;
}

/** What a report is: the real-time (hourly) report or the daily one. */
export type AqiReportKind = 'hour' | 'day';

/**
 * The column each reported value is indexed by. Real-time (hourly) report: PM2.5 and PM10 hourly
 * values against their 24-hour columns (the standard has no 1-hour ones), SO2, NO2, CO and O3
 * against their 1-hour columns, plus O3's 8-hour moving average where reported. Daily report:
 * 24-hour means, O3 by its (maximum) 8-hour average.
 */
export const REPORT_COLUMNS: Readonly<
  Record<AqiReportKind, readonly (readonly [AqiPollutant | 'o3_8h', AqiIndicator])[]>
> = {
  hour: [
    ['pm25', 'pm25_24h'],
    ['pm10', 'pm10_24h'],
    ['so2', 'so2_1h'],
    ['no2', 'no2_1h'],
    ['co', 'co_1h'],
    ['o3', 'o3_1h'],
    ['o3_8h', 'o3_8h'],
  ],
  day: [
    ['pm25', 'pm25_24h'],
    ['pm10', 'pm10_24h'],
    ['so2', 'so2_24h'],
    ['no2', 'no2_24h'],
    ['co', 'co_24h'],
    ['o3_8h', 'o3_8h'],
  ],
};

/** The pollutant a column belongs to (O3 8 h is O3). */
export const pollutantOfColumn = (key: AqiPollutant | 'o3_8h'): AqiPollutant =>
  key === 'o3_8h' ? 'o3' : key;

export interface AqiReport {
  /** Null when no pollutant was reported. */
  aqi: number | null;
  /** 1 优 … 6 严重; null with `aqi`. */
  level: number | null;
  /** Pollutants whose IAQI equals the AQI, when it is above 50 (首要污染物); else empty. */
  primary: AqiPollutant[];
  /** IAQI of each reported value (O3's 8-hour average under `o3_8h`). */
  iaqi: Partial<Record<AqiPollutant | 'o3_8h', number>>;
}

/**
 * The AQI of one set of concentrations: each value's IAQI by the report's column (with the
 * notes on values beyond a column that stops), the highest of them, its level, and the primary
 * pollutants above 50.
 */
export function aqiReport(
  values: AqiValues,
  kind: AqiReportKind = 'hour',
  table: AqiTable = AQI_HJ633_2012,
): AqiReport {
  const iaqi: AqiReport['iaqi'] = {};
  let aqi: number | null = null;
  for (const [key, column] of REPORT_COLUMNS[kind]) {
    const value = values[key];
    if (value === null || value === undefined) continue;
    let index = iaqiOf(column, value, table);
    if (index === null) continue;
    const other = table.beyond[column];
    if (other && beyondColumn(column, value, table)) {
      // The note's column: the other averaging time's value of the same pollutant, if reported.
      const otherKey = (REPORT_COLUMNS.day.find(([, c]) => c === other)?.[0] ??
        REPORT_COLUMNS.hour.find(([, c]) => c === other)?.[0]) as AqiPollutant | 'o3_8h';
      const otherValue = otherKey === key ? null : values[otherKey];
      const alt =
        otherValue === null || otherValue === undefined ? null : iaqiOf(other, otherValue, table);
      if (alt !== null) index = Math.max(index, alt);
    }
    iaqi[key] = index;
    if (aqi === null || index > aqi) aqi = index;
  }
  if (aqi === null) return { aqi: null, level: null, primary: [], iaqi };
  const primary: AqiPollutant[] = [];
  if (aqi > 50)
    for (const [key] of REPORT_COLUMNS[kind]) {
      const p = pollutantOfColumn(key);
      if (iaqi[key] === aqi && !primary.includes(p)) primary.push(p);
    }
  return { aqi, level: aqiLevel(aqi, table), primary, iaqi };
}

/** Individual AQI of one pollutant's hourly value (the real-time report's column). */
export function computeIaqi(
  pollutant: AqiPollutant,
  value: number,
  table: AqiTable = AQI_HJ633_2012,
): number {
  const column = REPORT_COLUMNS.hour.find(([key]) => key === pollutant)![1];
  return iaqiOf(column, value, table) ?? 0;
}

export interface AqiResult {
  /** Null when no pollutant was reported. */
  aqi: number | null;
  /** Pollutant with the highest IAQI when AQI > 50 (首要污染物), else null. Ties: table order. */
  primary: AqiPollutant | null;
  /** 1 优 … 6 严重; null with `aqi`. */
  level: number | null;
}

/** The hourly (real-time) AQI with one primary pollutant: what a station publishes. */
export function computeAqi(values: AqiValues, table: AqiTable = AQI_HJ633_2012): AqiResult {
  const report = aqiReport(values, 'hour', table);
  return { aqi: report.aqi, primary: report.primary[0] ?? null, level: report.level };
}
