import { createSimClock, type SimClock } from './sim-clock';

/** Where a clock starts: sim time `start` at real time `at` (epoch ms, `Date.now()`). */
export interface ClockAnchor {
  start: number;
  speed: number;
  paused: boolean;
  at: number;
}

/** A clock change, stamped with the real time it happened at. */
export type ClockChange =
  | { op: 'setSpeed'; speed: number; at: number }
  | { op: 'pause'; at: number }
  | { op: 'resume'; at: number };

/** The read side of a SimClock: changes go through `apply`, so every copy sees the same ones. */
export type ReadonlySimClock = Omit<SimClock, 'setSpeed' | 'pause' | 'resume'>;

export interface SyncedClock {
  readonly clock: ReadonlySimClock;
  /** Applies a change as of its real time `at`, wherever and whenever it is applied. */
  apply(change: ClockChange): void;
}

/**
 * A SimClock whose anchor and changes are pinned to given real times, so two copies — the sim
 * worker's and the page's mirror — built from the same anchor and fed the same changes agree,
 * however late each of them gets the changes. (A copy that has already been read past the time of
 * a change keeps its sim time from going backwards: the copies then differ by at most that lag.)
 */
export function createSyncedClock(
  anchor: ClockAnchor,
  realNow: () => number = Date.now,
): SyncedClock {
  let pinned: number | null = anchor.at;
  const clock = createSimClock({
    start: anchor.start,
    speed: anchor.speed,
    paused: anchor.paused,
    realNow: () => pinned ?? realNow(),
  });
  pinned = null;
  return {
    clock: {
      now: () => clock.now(),
      get speed() {
        return clock.speed;
      },
      get paused() {
        return clock.paused;
      },
      state: () => clock.state(),
      subscribe: (listener) => clock.subscribe(listener),
    },
    apply(change) {
      pinned = change.at;
      try {
        if (change.op === 'setSpeed') clock.setSpeed(change.speed);
        else if (change.op === 'pause') clock.pause();
        else clock.resume();
      } finally {
        pinned = null;
      }
    },
  };
}
