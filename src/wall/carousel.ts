// The wall's carousel, as a pure function of time and a small shared state: every window of the
// wall on a machine computes the same slide at the same moment, so tiles stay in step without
// talking to each other; pausing and resuming change the state, which every window reads.

/** One slide: the overview of every scenario, or one scenario at an area. */
export type Slide =
  | { kind: 'overview'; dwellMs: number }
  | { kind: 'scenario'; scenario: string; area: string | null; dwellMs: number };

/** The overview stays this long between scenarios. */
export const OVERVIEW_DWELL_MS = 30_000;
/** A slide stays at least this long (docs: a carousel never moves faster). */
export const MIN_DWELL_MS = 15_000;

/** The slides: the overview, then the playlist (every scenario at city level when it is empty). */
export function slidesOf(
  playlist: readonly { scenario: string; area?: string | undefined; dwellS: number }[],
  scenarioIds: readonly string[],
): Slide[] {
  const items = playlist.length
    ? playlist.filter((p) => scenarioIds.includes(p.scenario))
    : scenarioIds.map((scenario) => ({ scenario, area: undefined, dwellS: 30 }));
  return [
    { kind: 'overview', dwellMs: OVERVIEW_DWELL_MS },
    ...items.map((p) => ({
      kind: 'scenario' as const,
      scenario: p.scenario,
      area: p.area ?? null,
      dwellMs: Math.max(MIN_DWELL_MS, p.dwellS * 1000),
    })),
  ];
}

/**
 * The shared state: running slides count from `epoch` (real ms); a paused carousel holds `held`
 * since `pausedAt`. `by` records who paused or resumed it.
 */
export interface CarouselState {
  epoch: number;
  held: number | null;
  pausedAt: number | null;
  by: string | null;
}

/** Whether a value (from storage, another window or the backend) is a carousel state. */
export const isCarouselState = (v: unknown): v is CarouselState => {
  const s = v as Partial<CarouselState> | null;
  return (
    !!s &&
    typeof s.epoch === 'number' &&
    Number.isFinite(s.epoch) &&
    (s.held === null || (typeof s.held === 'number' && Number.isInteger(s.held) && s.held >= 0)) &&
    (s.pausedAt === null || (typeof s.pausedAt === 'number' && Number.isFinite(s.pausedAt))) &&
    (s.by === null || (typeof s.by === 'string' && s.by.length <= 80)) &&
    (s.held === null) === (s.pausedAt === null)
  );
};

export const RUNNING: CarouselState = { epoch: 0, held: null, pausedAt: null, by: null };

const cycleMs = (slides: readonly Slide[]) => slides.reduce((sum, s) => sum + s.dwellMs, 0);

/** The slide shown at real time `now`, and when it started and ends. */
export function slideAt(
  slides: readonly Slide[],
  state: CarouselState,
  now: number,
): { index: number; startedAt: number; endsAt: number } {
  if (state.held !== null && state.pausedAt !== null) {
    const index = Math.min(Math.max(0, state.held), slides.length - 1);
    return { index, startedAt: state.pausedAt, endsAt: Infinity };
  }
  const total = cycleMs(slides);
  const elapsed = (((now - state.epoch) % total) + total) % total;
  const cycleStart = now - elapsed;
  let offset = 0;
  for (let index = 0; index < slides.length; index += 1) {
    const dwell = slides[index]!.dwellMs;
    if (elapsed < offset + dwell)
      return { index, startedAt: cycleStart + offset, endsAt: cycleStart + offset + dwell };
    offset += dwell;
  }
  return { index: 0, startedAt: cycleStart, endsAt: cycleStart + slides[0]!.dwellMs };
}

/** Holds the slide shown now. */
export function paused(
  slides: readonly Slide[],
  state: CarouselState,
  now: number,
  by: string | null,
): CarouselState {
  if (state.held !== null) return state;
  return { ...state, held: slideAt(slides, state, now).index, pausedAt: now, by };
}

/** Runs on from the held slide, which gets a whole dwell again. */
export function resumed(
  slides: readonly Slide[],
  state: CarouselState,
  now: number,
  by: string | null,
): CarouselState {
  if (state.held === null) return { ...state, by };
  return { ...startAt(slides, state.held, now), by };
}

/** A running state in which slide `index` starts at `now` (a jump, or a reload that resumes). */
export function startAt(slides: readonly Slide[], index: number, now: number): CarouselState {
  const i = Math.min(Math.max(0, index), slides.length - 1);
  const before = slides.slice(0, i).reduce((sum, s) => sum + s.dwellMs, 0);
  return { epoch: now - before, held: null, pausedAt: null, by: null };
}
