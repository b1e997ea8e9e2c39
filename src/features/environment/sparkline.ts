/** A sparkline's SVG path over a fixed time window, and its range: a pure builder. */
export interface Sparkline {
  /** `M x y L x y …`, broken where a value is missing (NaN). Empty without two values. */
  path: string;
  /** The last point, drawn as a dot. */
  last: { x: number; y: number } | null;
  min: number | null;
  max: number | null;
}

export function buildSparkline(
  times: Float64Array,
  values: Float32Array,
  from: number,
  to: number,
  width: number,
  height: number,
  /** Values always inside the range drawn (a threshold line's value). */
  include: readonly number[] = [],
): Sparkline {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values)
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  if (min === Infinity) return { path: '', last: null, min: null, max: null };
  const lo = Math.min(min, ...include.filter((v) => v <= max * 1.5));
  const hi = Math.max(max, ...include.filter((v) => v >= min * 0.5));
  const span = hi - lo || 1;
  const x = (t: number) => Math.round(((t - from) / (to - from || 1)) * width * 10) / 10;
  const y = (v: number) => Math.round((height - 2 - ((v - lo) / span) * (height - 4)) * 10) / 10;
  let path = '';
  let pen = false;
  let last: Sparkline['last'] = null;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    const px = x(times[i]!);
    const py = y(v);
    path += `${pen ? 'L' : 'M'}${px} ${py} `;
    pen = true;
    last = { x: px, y: py };
  }
  return { path: path.trim(), last, min, max };
}
