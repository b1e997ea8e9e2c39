// Stateless randomness: every draw comes from hashing (seed, stream, entity or slot …), so any sim
// time can be computed on its own, in any order, with the same result.

const TWO_32 = 4_294_967_296;

/** murmur3's finaliser: a good 32-bit avalanche. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function step(h: number, part: number): number {
  // Parts may exceed 32 bits (epoch ms): fold the high word in too.
  const lo = part >>> 0;
  const hi = Math.floor(part / TWO_32) >>> 0;
  let x = mix32(h ^ Math.imul(lo, 0x9e3779b1));
  if (hi !== 0) x = mix32(x ^ Math.imul(hi, 0x85ebca77));
  return mix32(x + 0x6a09e667);
}

/** Hash of a sequence of non-negative integers (up to 2^53). */
export function hash(a: number, b = 0, c = 0, d = 0, e = 0): number {
  return step(step(step(step(step(0x2545f491, a), b), c), d), e);
}

/** FNV-1a of a string, for turning names into stream keys. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Uniform [0, 1) from a 32-bit hash. */
export const unit = (h: number): number => (h >>> 0) / TWO_32;

/** mulberry32: a small fast generator for the draws of one entity or slot. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_32;
  }

  /** Raw 32 bits, to seed a sub-stream. */
  bits(): number {
    return Math.floor(this.next() * TWO_32) >>> 0;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and shape. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k += 1;
      p *= this.next();
    }
    return k;
  }
}

export const rngFor = (a: number, b = 0, c = 0, d = 0, e = 0): Rng => new Rng(hash(a, b, c, d, e));

/** Vose's alias method: O(1) draws from a fixed discrete distribution. */
export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Uint32Array;
  readonly size: number;

  constructor(weights: readonly number[]) {
    const n = weights.length;
    if (n === 0) throw new RangeError('alias table needs at least one weight');
    const total = weights.reduce((s, w) => s + Math.max(0, w), 0);
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Uint32Array(n);
    const scaled = weights.map((w) => (total > 0 ? (Math.max(0, w) * n) / total : 1));
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((w, i) => (w < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.prob[s] = scaled[s] ?? 0;
      this.alias[s] = l;
      scaled[l] = (scaled[l] ?? 0) + (scaled[s] ?? 0) - 1;
      ((scaled[l] ?? 0) < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) this.prob[i] = 1;
  }

  /** An index drawn with probability proportional to its weight. */
  sample(rng: Rng): number {
    const i = rng.int(this.size);
    return rng.next() < (this.prob[i] ?? 1) ? i : (this.alias[i] ?? i);
  }
}

/** Smooth noise in [-1, 1]: hashed values at knots every `period` ms, eased in between. */
export function smoothNoise(key: number, t: number, period: number): number {
  const x = t / period;
  const k = Math.floor(x);
  const f = x - k;
  const a = unit(hash(key, k)) * 2 - 1;
  const b = unit(hash(key, k + 1)) * 2 - 1;
  const s = f * f * (3 - 2 * f);
  return a + (b - a) * s;
}
