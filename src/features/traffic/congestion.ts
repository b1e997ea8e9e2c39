// The congestion index (交通运行指数, 0–10) Chinese city dashboards show, from section speeds
// against the speed thresholds of the road's class, and its five levels (Beijing DB11/T 785).

import type { RoadClass } from '../../domain/signal';

/** The five levels, best first: 畅通 基本畅通 轻度拥堵 中度拥堵 严重拥堵. */
export const CONGESTION_LEVELS = ['smooth', 'basic', 'light', 'moderate', 'severe'] as const;
export type CongestionLevel = (typeof CONGESTION_LEVELS)[number];
export const CONGESTION_LEVEL_NAMES: Readonly<Record<CongestionLevel, string>> = {
  smooth: '畅通',
  basic: '基本畅通',
  light: '轻度拥堵',
  moderate: '中度拥堵',
  severe: '严重拥堵',
};
/** Lower bound of each level on the index: [0,2) [2,4) [4,6) [6,8) [8,10]. */
export const LEVEL_FLOORS = [0, 2, 4, 6, 8] as const;

/**
 * Section speed thresholds, km/h, between the five levels by road class: above the first is
 * 畅通, at or below the last 严重拥堵 (a speed equal to a threshold takes the worse level).
 * From a published study, not verified as a national standard: data, so a city can replace it.
 */
export const SPEED_THRESHOLDS: Readonly<
  Record<RoadClass, readonly [number, number, number, number]>
> = {
  expressway: [65, 50, 35, 20],
  arterial: [40, 30, 20, 15],
  collector: [35, 25, 15, 10],
};

/**
 * The index of a section, 0–10: piecewise linear in speed through index 0 at the free-flow speed
 * (at least 1.2 × the first threshold), 2, 4, 6 and 8 at the class's thresholds, and 10 at
 * standstill. Null without a usable speed.
 */
export function congestionIndex(
  speed: number,
  freeSpeed: number,
  roadClass: RoadClass,
  thresholds: Readonly<Record<RoadClass, readonly number[]>> = SPEED_THRESHOLDS,
): number | null {
  if (!Number.isFinite(speed) || speed < 0) return null;
  const t = thresholds[roadClass];
  if (!t || t.length !== 4) return null;
  const top = Math.max(Number.isFinite(freeSpeed) ? freeSpeed : 0, (t[0] as number) * 1.2);
  if (speed >= top) return 0;
  // Knots top, t0 … t3, 0 (no array built: this runs for every intersection of every build).
  let hi = top;
  for (let i = 0; i < 5; i += 1) {
    const lo = i < 4 ? (t[i] as number) : 0;
    if (speed <= hi && speed > lo) return 2 * i + (2 * (hi - speed)) / (hi - lo);
    hi = lo;
  }
  return 10;
}

/** The level of an index: [0,2) 畅通 … [8,10] 严重拥堵 (2.0 is 基本畅通; 10 is 严重拥堵). */
export function congestionLevel(index: number): CongestionLevel {
  const x = Math.min(10, Math.max(0, index));
  const i = x >= 8 ? 4 : x >= 6 ? 3 : x >= 4 ? 2 : x >= 2 ? 1 : 0;
  return CONGESTION_LEVELS[i] as CongestionLevel;
}

/** The level straight from a speed and class (the same thresholds as the index). */
export function speedLevel(speed: number, roadClass: RoadClass): CongestionLevel {
  const t = SPEED_THRESHOLDS[roadClass];
  const i = t.findIndex((threshold) => speed > threshold);
  return CONGESTION_LEVELS[i < 0 ? 4 : i] as CongestionLevel;
}

export interface CongestionSample {
  index: number | null;
  /** Vehicles per hour on the section. */
  flow: number;
  /** Length of road the section stands for, km. */
  km: number;
}

/**
 * Running sums for an area's index: the mean of its sections weighted by vehicle-kilometres
 * travelled (flow × length), so a long busy arterial counts more than a quiet side street.
 * Sections without an index are left out; with no traffic at all the mean is length-weighted.
 */
export class CongestionSums {
  private sum = 0;
  private weight = 0;
  private lengthSum = 0;
  private length = 0;

  add(index: number | null, flow: number, km: number): void {
    if (index === null || !Number.isFinite(index)) return;
    const length = Math.max(0, km);
    const w = Math.max(0, flow) * length;
    this.sum += index * w;
    this.weight += w;
    this.lengthSum += index * length;
    this.length += length;
  }

  /** The area's index, or null with no section. */
  value(): number | null {
    if (this.weight > 0) return this.sum / this.weight;
    if (this.length > 0) return this.lengthSum / this.length;
    return null;
  }
}

/** An area's index from its sections (see `CongestionSums`). */
export function areaCongestionIndex(samples: Iterable<CongestionSample>): number | null {
  const sums = new CongestionSums();
  for (const s of samples) sums.add(s.index, s.flow, s.km);
  return sums.value();
}
