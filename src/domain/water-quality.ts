// Surface water classes (GB 3838-2002, Table 1, the five indicators a river station reports).
// The class of a sample is its worst indicator's class; that indicator is named with it.

export const WATER_PARAMETERS = ['ph', 'do', 'codMn', 'nh3n', 'tp'] as const;
export type WaterParameter = (typeof WATER_PARAMETERS)[number];
export type WaterValues = Record<WaterParameter, number>;

/** 1–5 for class I–V, 6 for 劣V (worse than V). */
export type WaterClass = 1 | 2 | 3 | 4 | 5 | 6;

export interface WaterQualityTable {
  edition: string;
  /** pH range allowed in every class I–V; outside it the sample is 劣V. */
  ph: readonly [number, number];
  /** Minimum dissolved oxygen (mg/L) for class I–V. */
  doMin: readonly number[];
  /** Maximum (mg/L) for class I–V. */
  max: Readonly<Record<'codMn' | 'nh3n' | 'tp', readonly number[]>>;
}

export const GB3838_2002_RIVER: WaterQualityTable = {
  edition: 'GB3838-2002-river',
  ph: [6, 9],
  // Class I: 7.5 mg/L or 90 % saturation; the concentration is what a station reports.
  doMin: [7.5, 6, 5, 3, 2],
  max: {
    codMn: [2, 4, 6, 10, 15],
    nh3n: [0.15, 0.5, 1.0, 1.5, 2.0],
    tp: [0.02, 0.1, 0.2, 0.3, 0.4],
  },
};

/** Lakes and reservoirs: the same but for total phosphorus. */
export const GB3838_2002_LAKE: WaterQualityTable = {
  ...GB3838_2002_RIVER,
  edition: 'GB3838-2002-lake',
  max: { ...GB3838_2002_RIVER.max, tp: [0.01, 0.025, 0.05, 0.1, 0.2] },
};

export const WATER_TABLES: ReadonlyMap<string, WaterQualityTable> = new Map([
  [GB3838_2002_RIVER.edition, GB3838_2002_RIVER],
  [GB3838_2002_LAKE.edition, GB3838_2002_LAKE],
]);

export const WATER_CLASS_NAMES = ['I', 'II', 'III', 'IV', 'V', '劣V'] as const;
/** Units of the indicators (pH has none). */
export const WATER_UNITS: Readonly<Record<WaterParameter, string>> = {
  ph: '',
  do: 'mg/L',
  codMn: 'mg/L',
  nh3n: 'mg/L',
  tp: 'mg/L',
};

const toClass = (i: number): WaterClass => Math.min(6, Math.max(1, i)) as WaterClass;

/** Class of one indicator: a value on a limit belongs to the better class (≤ max, ≥ min). */
export function parameterClass(
  parameter: WaterParameter,
  value: number,
  table: WaterQualityTable = GB3838_2002_RIVER,
): WaterClass {
  if (!Number.isFinite(value)) return 6;
  if (parameter === 'ph') return value >= table.ph[0] && value <= table.ph[1] ? 1 : 6;
  if (parameter === 'do') {
    const i = table.doMin.findIndex((min) => value >= min);
    return toClass(i === -1 ? 6 : i + 1);
  }
  const i = table.max[parameter].findIndex((max) => value <= max);
  return toClass(i === -1 ? 6 : i + 1);
}

/** The limit of an indicator for a class (1–5): a minimum for DO, a range for pH, else a maximum. */
export function parameterLimit(
  parameter: WaterParameter,
  waterClass: number,
  table: WaterQualityTable = GB3838_2002_RIVER,
): { min?: number; max?: number } {
  const i = Math.min(5, Math.max(1, waterClass)) - 1;
  if (parameter === 'ph') return { min: table.ph[0], max: table.ph[1] };
  if (parameter === 'do') return { min: table.doMin[i]! };
  return { max: table.max[parameter][i]! };
}

export interface WaterClassResult {
  waterClass: WaterClass;
  /** The indicators at the sample's class: those that set it (定类因子), in table order. */
  decisive: WaterParameter[];
  /** Indicators at the sample's class when it is worse than III (超标因子), else empty. */
  exceeding: WaterParameter[];
}

export function classifyWater(
  values: WaterValues,
  table: WaterQualityTable = GB3838_2002_RIVER,
): WaterClassResult {
  const classes = WATER_PARAMETERS.map((p) => parameterClass(p, values[p], table));
  const waterClass = toClass(Math.max(...classes));
  const decisive = WATER_PARAMETERS.filter((_, i) => classes[i] === waterClass);
  return { waterClass, decisive, exceeding: waterClass > 3 ? decisive : [] };
}
