// The emerging hot-spot classes of a cell from its hot/cold states over n steps and the trend of
// its Gi* z-scores (DOMAIN.md, "Space-time hot spots"; precedence in docs/metrics.md).

/** Class codes: the index in this list. Hot classes, then the same for cold spots. */
export const HOTSPOT_CLASSES = [
  /** Below the minimum sample, or too few steps: never ranked. */
  'unclassified',
  'none',
  'new-hot',
  'consecutive-hot',
  'intensifying-hot',
  'persistent-hot',
  'diminishing-hot',
  'sporadic-hot',
  'oscillating-hot',
  'historical-hot',
  'new-cold',
  'consecutive-cold',
  'intensifying-cold',
  'persistent-cold',
  'diminishing-cold',
  'sporadic-cold',
  'oscillating-cold',
  'historical-cold',
] as const;
export type HotspotClass = (typeof HOTSPOT_CLASSES)[number];

export const UNCLASSIFIED = 0;
export const NO_PATTERN = 1;
const HOT = 2;
const COLD = 10;
// Offsets within a family, in the order of HOTSPOT_CLASSES.
const NEW = 0;
const CONSECUTIVE = 1;
const INTENSIFYING = 2;
const PERSISTENT = 3;
const DIMINISHING = 4;
const SPORADIC = 5;
const OSCILLATING = 6;
const HISTORICAL = 7;

export const classCode = (name: HotspotClass): number => HOTSPOT_CLASSES.indexOf(name);
export const className = (code: number): HotspotClass => HOTSPOT_CLASSES[code] ?? 'unclassified';
export const isHotClass = (code: number): boolean => code >= HOT && code < COLD;
export const isColdClass = (code: number): boolean => code >= COLD;

/** Share of steps that makes a cell persistently hot (or cold): 90 %, as integers to avoid 0.9·n. */
const atLeast90 = (k: number, n: number): boolean => 10 * k >= 9 * n;

/**
 * Classifies one cell. `state` holds +1 (significant hot spot), −1 (cold) or 0 for each of the n
 * steps at state[offset + t]; `trend` is the Mann-Kendall direction of its z-scores when
 * significant (+1 rising, −1 falling), else 0.
 *
 * Precedence: the last step decides the family (hot, cold, or neither). In a family: ≥ 90 % of
 * steps → intensifying / diminishing / persistent by the trend; else a step of the other family
 * before → oscillating; else only the last → new; else one unbroken run ending in the last →
 * consecutive; else sporadic. Neither hot nor cold in the last step: historical when ≥ 90 % of all
 * steps were hot (or cold), else no pattern.
 */
export function classifyCell(
  state: ArrayLike<number>,
  offset: number,
  n: number,
  trend: -1 | 0 | 1,
): number {
  if (n <= 0) return UNCLASSIFIED;
  let hot = 0;
  let cold = 0;
  for (let t = 0; t < n; t++) {
    const v = state[offset + t];
    if (v === 1) hot++;
    else if (v === -1) cold++;
  }
  const lastState = state[offset + n - 1];
  if (lastState !== 1 && lastState !== -1) {
    if (atLeast90(hot, n)) return HOT + HISTORICAL;
    if (atLeast90(cold, n)) return COLD + HISTORICAL;
    return NO_PATTERN;
  }
  const sign = lastState;
  const family = sign === 1 ? HOT : COLD;
  const own = sign === 1 ? hot : cold;
  const other = sign === 1 ? cold : hot;
  if (atLeast90(own, n)) {
    // Intensity rises for hot spots when z rises, for cold spots when z falls.
    const direction = trend * sign;
    return family + (direction > 0 ? INTENSIFYING : direction < 0 ? DIMINISHING : PERSISTENT);
  }
  if (other > 0) return family + OSCILLATING;
  if (own === 1) return family + NEW;
  let run = 0;
  while (run < n && state[offset + n - 1 - run] === sign) run++;
  return family + (run === own ? CONSECUTIVE : SPORADIC);
}
