// Hand-made signals items for the traffic tests (imported by tests only).
import type { PhaseBin, SignalState } from '@/domain/signal';
import { BIN_MS } from './bins';

/** Thursday 3 December 2026, 08:30 in Fuzhou (UTC+8). */
export const NOW = Date.UTC(2026, 11, 3, 0, 30);
/** The last complete bin at NOW: 08:00–08:15. */
export const REF = Date.UTC(2026, 11, 3, 0, 0);
export const MIN = 60_000;

/** A phase bin from named sums (the rest zero). */
export function bin(
  sums: Partial<{
    cycles: number;
    volume: number;
    aog: number;
    splits: number;
    gap: number;
    max: number;
    force: number;
    skips: number;
    green: number;
    cycleS: number;
    delay: number;
  }> = {},
): PhaseBin {
  return [
    sums.cycles ?? 0,
    sums.volume ?? 0,
    sums.aog ?? 0,
    sums.splits ?? 0,
    sums.gap ?? 0,
    sums.max ?? 0,
    sums.force ?? 0,
    sums.skips ?? 0,
    sums.green ?? 0,
    sums.cycleS ?? 0,
    sums.delay ?? 0,
  ];
}

/** Two phases, four bins ending with REF, the same sums in each bin unless given. */
export function bins(
  perPhase: [PhaseBin, PhaseBin] = [
    bin({
      cycles: 8,
      volume: 400,
      aog: 200,
      splits: 1,
      gap: 6,
      max: 2,
      green: 400,
      cycleS: 900,
      delay: 8000,
    }),
    bin({
      cycles: 8,
      volume: 200,
      aog: 50,
      splits: 0,
      gap: 8,
      green: 300,
      cycleS: 900,
      delay: 6000,
    }),
  ],
  last = REF,
  completeness: (number | null)[] = [1, 1, 1, 1],
): NonNullable<SignalState['bins']> {
  return {
    start: last - 3 * BIN_MS,
    phases: perPhase.map((b) => [b, b, b, b]),
    completeness,
  };
}

let serial = 0;

/** A running adaptive intersection in 鼓楼区 · 鼓东街道 · 中山社区 unless told otherwise. */
export function signal(over: Partial<SignalState> = {}): SignalState {
  serial += 1;
  return {
    id: `SIG-${serial}`,
    position: [119.3 + serial * 0.001, 26.08],
    district: '350102',
    street: '350102001',
    community: '350102001001',
    name: `路口${serial}`,
    mode: 'adaptive',
    cycle: 120,
    phases: [60, 50],
    flow: 1000,
    speed: 35,
    queue: 50,
    saturation: 0.8,
    delay: 20,
    adjustment: 0,
    observedAt: NOW - MIN,
    modeSince: NOW - 60 * MIN,
    roadClass: 'arterial',
    freeSpeed: 50,
    linkKm: 1,
    saturationFlows: [7200, 3600],
    completeness: 1,
    bins: bins(),
    adjustments: [],
    ...over,
  };
}
