export const MIN_SPEED = 1;
export const MAX_SPEED = 600;

export interface SimClockOptions {
  /** Sim time (epoch ms) at the moment the clock is created. */
  start: number;
  /** Sim ms per real ms, clamped to MIN_SPEED…MAX_SPEED. Default 1. */
  speed?: number;
  paused?: boolean;
  /** Real time source, injectable for tests. Default `Date.now`. */
  realNow?: () => number;
}

export interface SimClockState {
  now: number;
  speed: number;
  paused: boolean;
}

/** Maps real time to sim time. Changing speed or pausing never makes sim time jump. */
export interface SimClock {
  /** Current sim time, epoch ms (integer, never decreasing). */
  now(): number;
  readonly speed: number;
  readonly paused: boolean;
  setSpeed(speed: number): void;
  pause(): void;
  resume(): void;
  state(): SimClockState;
  /** Called after every speed or pause change; returns an unsubscribe function. */
  subscribe(listener: (state: SimClockState) => void): () => void;
}

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) throw new RangeError(`speed must be a number, got ${speed}`);
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed));
}

export function createSimClock(options: SimClockOptions): SimClock {
  const realNow = options.realNow ?? Date.now;
  let speed = clampSpeed(options.speed ?? 1);
  let paused = options.paused ?? false;
  let anchorSim = options.start;
  let anchorReal = realNow();
  const listeners = new Set<(state: SimClockState) => void>();
  // A real clock that steps back (NTP, tests) must not make versions go backwards.
  let last = Math.floor(anchorSim);

  const exact = (): number => (paused ? anchorSim : anchorSim + (realNow() - anchorReal) * speed);
  const reanchor = (): void => {
    anchorSim = Math.max(last, exact());
    anchorReal = realNow();
  };
  const now = (): number => {
    last = Math.max(last, Math.floor(exact()));
    return last;
  };
  const state = (): SimClockState => ({ now: now(), speed, paused });
  const notify = (): void => {
    const current = state();
    for (const listener of listeners) listener(current);
  };

  return {
    now,
    get speed() {
      return speed;
    },
    get paused() {
      return paused;
    },
    setSpeed(next) {
      const clamped = clampSpeed(next);
      if (clamped === speed) return;
      reanchor();
      speed = clamped;
      notify();
    },
    pause() {
      if (paused) return;
      reanchor();
      paused = true;
      notify();
    },
    resume() {
      if (!paused) return;
      anchorReal = realNow();
      paused = false;
      notify();
    },
    state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
