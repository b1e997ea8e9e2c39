// Surface water classes (GB 3838-2002, Table 1, the five parameters a river station reports).
// The class of a sample is its worst parameter's class.

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
  doMin: [7.5, 6, 5, 3, 2],
  max: {
    codMn: [2, 4, 6, 10, 15],
    nh3n: [0.15, 0.5, 1.0, 1.5, 2.0],
    // Rivers; lakes and reservoirs have tighter total-phosphorus limits.
    tp: [0.02, 0.1, 0.2, 0.3, 0.4],
  },
};

export const WATER_CLASS_NAMES = ['I', 'II', 'III', 'IV', 'V', '劣V'] as const;

const toClass = (i: number): WaterClass => Math.min(6, Math.max(1, i)) as WaterClass;

/** Class of one parameter. */
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

export interface WaterClassResult {
  waterClass: WaterClass;
  /** Parameters at the sample's class when it is worse than III (超标因子), else empty. */
  exceeding: WaterParameter[];
}

export function classifyWater(
  values: WaterValues,
  table: WaterQualityTable = GB3838_2002_RIVER,
): WaterClassResult {
  const classes = WATER_PARAMETERS.map((p) => parameterClass(p, values[p], table));
  const waterClass = toClass(Math.max(...classes));
  const exceeding =
    waterClass > 3 ? WATER_PARAMETERS.filter((_, i) => classes[i] === waterClass) : [];
  return { waterClass, exceeding };
}
