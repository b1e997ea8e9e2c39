// The drawer's view of one intersection: its item, the hour of its 15-minute bins per phase (the
// feed's figures), and the last hour of its event log read with the same measures.
import { MINUTE_MS } from '@/domain/city-time';
import type { SignalState } from '@/domain/signal';
import { binFigures, sumBins, type BinFigures } from './bins';
import type { CongestionLevel } from './congestion';
import { LOG_WINDOW_MS, readIntersectionLog, type IntersectionLogState } from './intersection-log';
import { isCurrent, levelOf, signalIndex } from './signal-state';

export interface PhaseHour {
  phase: number;
  /** Sums of the item's bins (the last hour it carries), and the figures taken from them. */
  figures: BinFigures;
  cycles: number;
  splitFailures: number;
  gapOuts: number;
  maxOuts: number;
  forceOffs: number;
  skips: number;
}

export interface IntersectionView {
  id: string;
  asOf: number;
  revision: number;
  /** The item as the worker holds it; null when the feed has no such id (any more). */
  item: SignalState | null;
  index: number | null;
  level: CongestionLevel | null;
  /** Whether its "now" figures are current (an offline controller's are not). */
  current: boolean;
  /** The window of the item's bins, epoch ms; null without bins. */
  bins: { from: number; to: number; completeness: (number | null)[] } | null;
  phaseHour: PhaseHour[];
  log: IntersectionLogState;
}

/** The log window of a moment: the hour up to the minute (one request per minute, not per build). */
export function logWindow(now: number): { from: number; to: number } {
  const to = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  return { from: to - LOG_WINDOW_MS, to };
}

export const logQuery = (w: { from: number; to: number }): Record<string, string> => ({
  from: String(w.from),
  to: String(w.to),
});

const logCache = new WeakMap<object, IntersectionLogState>();

/** Reads a log answer once per answer object (builds repeat every poll; the log changes per minute). */
export function cachedLog(raw: unknown): IntersectionLogState {
  if (raw === null || typeof raw !== 'object') return readIntersectionLog(raw);
  let log = logCache.get(raw);
  if (!log) logCache.set(raw, (log = readIntersectionLog(raw)));
  return log;
}

const BIN_FIELDS = {
  cycles: 0,
  splitFailures: 3,
  gapOuts: 4,
  maxOuts: 5,
  forceOffs: 6,
  skips: 7,
} as const;

export function buildIntersectionView(
  id: string,
  item: SignalState | undefined,
  rawLog: unknown,
  context: { now: number; revision: number; generatedAt: number },
): IntersectionView {
  const s = item ?? null;
  const index = s ? signalIndex(s, context.generatedAt) : null;
  const n = s?.bins?.completeness.length ?? 0;
  const phaseHour: PhaseHour[] = (s?.bins?.phases ?? []).map((bins, p) => {
    const sum = sumBins(bins);
    return {
      phase: p + 1,
      figures: binFigures(sum, s?.saturationFlows?.[p]),
      cycles: sum[BIN_FIELDS.cycles],
      splitFailures: sum[BIN_FIELDS.splitFailures],
      gapOuts: sum[BIN_FIELDS.gapOuts],
      maxOuts: sum[BIN_FIELDS.maxOuts],
      forceOffs: sum[BIN_FIELDS.forceOffs],
      skips: sum[BIN_FIELDS.skips],
    };
  });
  return {
    id,
    asOf: context.now,
    revision: context.revision,
    item: s,
    index,
    level: levelOf(index),
    current: s ? isCurrent(s, context.generatedAt) : false,
    bins:
      s?.bins && n > 0
        ? {
            from: s.bins.start,
            to: s.bins.start + n * 900_000,
            completeness: [...s.bins.completeness],
          }
        : null,
    phaseHour,
    log: cachedLog(rawLog),
  };
}
