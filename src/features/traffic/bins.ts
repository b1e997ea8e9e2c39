// 15-minute bins of signal performance per phase: sums that add up across cycles, phases,
// intersections and areas (shares are taken last, from the sums). A cycle belongs to the bin in
// which its green begins, with everything it counts (arrivals, delay, green seconds).
import { PHASE_BIN_FIELDS, type PhaseBin, type PhaseBinField } from '../../domain/signal';
import type { SignalConfig } from './hi-res';
import type { MeasuredLog, PhaseCycle } from './measures';

export const BIN_MS = 900_000;

const F = Object.fromEntries(PHASE_BIN_FIELDS.map((f, i) => [f, i])) as Record<
  PhaseBinField,
  number
>;
const WIDTH = PHASE_BIN_FIELDS.length;
/** Raw sums keep milliseconds; they are rounded to seconds only when a bin is finished. */
const MS_FIELDS = [F.greenSeconds, F.cycleSeconds, F.delaySeconds];
// Per bin, after the phases: events present, events expected.
const TALLY = 2;

export interface SignalBins {
  /** Start of the first bin, epoch ms; bins follow every `binMs`. */
  start: number;
  binMs: number;
  /** `[phase index][bin]`, phases in the configuration's order. */
  phases: PhaseBin[][];
  /** Events present ÷ expected per bin, 2 decimals; null when the bin holds no events at all. */
  completeness: (number | null)[];
}

/**
 * Sums per bin and phase. Feed it cycles, skips and tallies (or the raw sums of another
 * accumulator), then `finish()`. `raw` can be kept and merged later: rounding happens once.
 */
export class BinAccumulator {
  readonly raw: Float64Array;
  private readonly stride: number;

  constructor(
    readonly phaseCount: number,
    readonly start: number,
    readonly count: number,
    readonly binMs: number = BIN_MS,
  ) {
    this.stride = phaseCount * WIDTH + TALLY;
    this.raw = new Float64Array(this.stride * count);
  }

  /** Bin index of a time, or -1 outside. */
  binOf(t: number): number {
    const b = Math.floor((t - this.start) / this.binMs);
    return b >= 0 && b < this.count ? b : -1;
  }

  addCycle(phaseIndex: number, c: PhaseCycle): void {
    const b = this.binOf(c.start);
    if (b < 0 || phaseIndex < 0 || phaseIndex >= this.phaseCount) return;
    const o = b * this.stride + phaseIndex * WIDTH;
    const r = this.raw;
    r[o + F.cycles] = (r[o + F.cycles] as number) + 1;
    r[o + F.volume] =
      (r[o + F.volume] as number) + c.arrivalsGreen + c.arrivalsYellow + c.arrivalsRed;
    r[o + F.arrivalsOnGreen] = (r[o + F.arrivalsOnGreen] as number) + c.arrivalsGreen;
    if (c.splitFailure) r[o + F.splitFailures] = (r[o + F.splitFailures] as number) + 1;
    const t =
      c.termination === 'gap'
        ? F.gapOuts
        : c.termination === 'max'
          ? F.maxOuts
          : c.termination === 'force'
            ? F.forceOffs
            : -1;
    if (t >= 0) r[o + t] = (r[o + t] as number) + 1;
    r[o + F.greenSeconds] = (r[o + F.greenSeconds] as number) + c.greenEnd - c.start;
    r[o + F.cycleSeconds] = (r[o + F.cycleSeconds] as number) + c.end - c.start;
    r[o + F.delaySeconds] = (r[o + F.delaySeconds] as number) + c.delay;
  }

  addSkip(phaseIndex: number, at: number): void {
    const b = this.binOf(at);
    if (b < 0 || phaseIndex < 0 || phaseIndex >= this.phaseCount) return;
    const i = b * this.stride + phaseIndex * WIDTH + F.skips;
    this.raw[i] = (this.raw[i] as number) + 1;
  }

  addTally(at: number, present: number, expected: number): void {
    const b = this.binOf(at);
    if (b < 0) return;
    const o = b * this.stride + this.phaseCount * WIDTH;
    this.raw[o] = (this.raw[o] as number) + present;
    this.raw[o + 1] = (this.raw[o + 1] as number) + expected;
  }

  /** Adds the raw sums of an accumulator with the same phases and bin length. */
  merge(other: BinAccumulator): void {
    if (other.phaseCount !== this.phaseCount || other.binMs !== this.binMs) {
      throw new RangeError('bins of another shape');
    }
    const offset = Math.round((other.start - this.start) / this.binMs);
    if (other.start !== this.start + offset * this.binMs) throw new RangeError('misaligned bins');
    for (let b = 0; b < other.count; b += 1) {
      const to = b + offset;
      if (to < 0 || to >= this.count) continue;
      const src = b * this.stride;
      const dst = to * this.stride;
      for (let i = 0; i < this.stride; i += 1)
        this.raw[dst + i] = (this.raw[dst + i] as number) + (other.raw[src + i] as number);
    }
  }

  finish(): SignalBins {
    const phases: PhaseBin[][] = Array.from({ length: this.phaseCount }, () => []);
    const completeness: (number | null)[] = [];
    for (let b = 0; b < this.count; b += 1) {
      const o = b * this.stride;
      for (let p = 0; p < this.phaseCount; p += 1) {
        const bin: number[] = [];
        for (let f = 0; f < WIDTH; f += 1) {
          const x = this.raw[o + p * WIDTH + f] as number;
          bin.push(MS_FIELDS.includes(f) ? Math.round(x / 1000) : x);
        }
        phases[p]?.push(bin as PhaseBin);
      }
      const present = this.raw[o + this.phaseCount * WIDTH] as number;
      const expected = this.raw[o + this.phaseCount * WIDTH + 1] as number;
      completeness.push(expected > 0 ? Math.round((100 * present) / expected) / 100 : null);
    }
    return { start: this.start, binMs: this.binMs, phases, completeness };
  }
}

/** Bins `count` bins from `start` of a measured log. */
export function binLog(
  measured: MeasuredLog,
  config: SignalConfig,
  start: number,
  count: number,
  binMs: number = BIN_MS,
): SignalBins {
  const acc = new BinAccumulator(config.phases.length, start, count, binMs);
  const index = new Map(config.phases.map((p, i) => [p.phase, i]));
  for (const c of measured.cycles) acc.addCycle(index.get(c.phase) ?? -1, c);
  for (const s of measured.skips) acc.addSkip(index.get(s.phase) ?? -1, s.at);
  for (const t of measured.tallies) acc.addTally(t.at, t.present, t.expected);
  return acc.finish();
}

/** Field of a phase bin by name. */
export const field = (bin: PhaseBin, name: PhaseBinField): number => bin[F[name]] ?? 0;

/** Element-wise sum of phase bins (phases of an intersection, intersections of an area). */
export function sumBins(bins: readonly PhaseBin[]): PhaseBin {
  const out = new Array<number>(WIDTH).fill(0);
  for (const bin of bins) for (let f = 0; f < WIDTH; f += 1) out[f] = (out[f] ?? 0) + (bin[f] ?? 0);
  return out as PhaseBin;
}

/** The figures a panel shows, from the sums; null where the denominator is zero. */
export interface BinFigures {
  volume: number;
  /** Veh/h over the cycles' time. */
  flowRate: number | null;
  /** Arrivals on green ÷ volume. */
  arrivalsOnGreenShare: number | null;
  /**
   * Arrivals-on-green share ÷ green share of the cycle time (1 = random arrivals). A figure of
   * one phase: for several phases together use `platoonRatio`, not the ratio of summed bins.
   */
  platoonRatio: number | null;
  /** Split failures ÷ cycles. */
  splitFailureShare: number | null;
  /** Gap-outs, max-outs, force-offs and skips ÷ (cycles + skips). */
  gapOutShare: number | null;
  maxOutShare: number | null;
  forceOffShare: number | null;
  skipShare: number | null;
  /** Approach delay per vehicle, s (over all arrivals, as ATSPM does). */
  delayPerVehicle: number | null;
  /** Volume ÷ (saturation flow × green time); needs the saturation flow. */
  volumeToCapacity: number | null;
  greenSeconds: number;
}

export function binFigures(bin: PhaseBin, saturationFlow?: number): BinFigures {
  const v = field(bin, 'volume');
  const cycles = field(bin, 'cycles');
  const served = cycles + field(bin, 'skips');
  const green = field(bin, 'greenSeconds');
  const time = field(bin, 'cycleSeconds');
  const share = (x: number, of: number): number | null => (of > 0 ? x / of : null);
  const aog = share(field(bin, 'arrivalsOnGreen'), v);
  const greenShare = share(green, time);
  return {
    volume: v,
    flowRate: time > 0 ? (v * 3600) / time : null,
    arrivalsOnGreenShare: aog,
    platoonRatio: aog !== null && greenShare ? aog / greenShare : null,
    splitFailureShare: share(field(bin, 'splitFailures'), cycles),
    gapOutShare: share(field(bin, 'gapOuts'), served),
    maxOutShare: share(field(bin, 'maxOuts'), served),
    forceOffShare: share(field(bin, 'forceOffs'), served),
    skipShare: share(field(bin, 'skips'), served),
    delayPerVehicle: share(field(bin, 'delaySeconds'), v),
    volumeToCapacity:
      saturationFlow && saturationFlow > 0 ? share(v, (saturationFlow * green) / 3600) : null,
    greenSeconds: green,
  };
}

/**
 * Platoon ratio of several phase bins (phases of an intersection, intersections of an area):
 * arrivals on green ÷ the arrivals expected on green if they came at random, Σ volume × green
 * share of its own phase. Summing bins first would compare one phase's arrivals with another's
 * green.
 */
export function platoonRatio(bins: readonly PhaseBin[]): number | null {
  let onGreen = 0;
  let expected = 0;
  for (const bin of bins) {
    const time = field(bin, 'cycleSeconds');
    if (time <= 0) continue;
    onGreen += field(bin, 'arrivalsOnGreen');
    expected += (field(bin, 'volume') * field(bin, 'greenSeconds')) / time;
  }
  return expected > 0 ? onGreen / expected : null;
}
