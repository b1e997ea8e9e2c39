import { useSyncExternalStore } from 'react';

/**
 * Two clocks tick together, once a second, for the whole page:
 * - the **real clock** (`useNow`): how old data is, when the next poll comes — freshness is driven
 *   by it, not by fetches;
 * - the **city clock** (`useCityNow`, `cityNow`): the time every figure is computed against —
 *   deadlines, "today", countdowns. In production it is the real clock; in demo mode it is the
 *   simulated city's clock, which may run faster or stand still.
 */
export interface CityClockSource {
  now(): number;
  /** City ms per real ms (1 in production). */
  readonly speed: number;
  readonly paused: boolean;
}

const realSource: CityClockSource = { now: () => Date.now(), speed: 1, paused: false };
let source: CityClockSource = realSource;

interface Tick {
  real: number;
  city: number;
}
let tick: Tick = { real: Date.now(), city: Date.now() };
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function advance() {
  tick = { real: Date.now(), city: source.now() };
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) timer = setInterval(advance, 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** Makes `clock` the city clock (demo mode: the simulated city's); `null` restores the real one. */
export function setCityClock(clock: CityClockSource | null): void {
  source = clock ?? realSource;
  advance();
}

/** City ms per real ms now (0 while the city clock stands still). */
export const cityClockSpeed = (): number => (source.paused ? 0 : source.speed);

/** The city clock now (epoch ms). */
export const cityNow = (): number => source.now();

/** Real ms until the city clock reaches `t` (Infinity while it stands still). */
export function realDelayUntil(t: number): number {
  const ahead = t - source.now();
  if (ahead <= 0) return 0;
  if (source.paused || !(source.speed > 0)) return Infinity;
  return ahead / source.speed;
}

/** Real time, ticking every second. */
export const useNow = (): number =>
  useSyncExternalStore(
    subscribe,
    () => tick.real,
    () => tick.real,
  );

/** City time, ticking every second of real time. */
export const useCityNow = (): number =>
  useSyncExternalStore(
    subscribe,
    () => tick.city,
    () => tick.city,
  );

/**
 * A value derived from the real clock, re-rendering only when it changes (not every second):
 * `derive` must return a primitive.
 */
export function useRealClockDerived<T extends string | number | boolean | null>(
  derive: (realNow: number) => T,
): T {
  return useSyncExternalStore(
    subscribe,
    () => derive(tick.real),
    () => derive(tick.real),
  );
}
