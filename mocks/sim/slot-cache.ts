// Plans per slot do not depend on t, so successive snapshots reuse them. Bounded by the number of
// items held: at large scales the least recently used slots are dropped and recomputed on demand.
//
// Slots older than a snapshot's window matter only for their still-open plans, so they can be
// compacted: after `compact(slot, t)` the entry keeps only plans still open at t, which is all a
// later snapshot at t' ≥ t can need from an old slot. Asked about an earlier t, it recomputes.
export class SlotCache<T> {
  private readonly map = new Map<number, { items: T[]; floor: number }>();
  private held = 0;

  constructor(
    private readonly maxItems: number,
    private readonly openAt?: (item: T, t: number) => boolean,
  ) {}

  /** Every plan of the slot. */
  get(slot: number, compute: () => T[]): T[] {
    const hit = this.touch(slot);
    if (hit && hit.floor === -Infinity) return hit.items;
    return this.put(slot, compute(), -Infinity).items;
  }

  /**
   * The plans of the slot still open at t (and possibly some closed ones). `reduced`, when
   * t ≥ its floor, computes directly a list holding every plan still open after that floor.
   */
  open(
    slot: number,
    t: number,
    compute: () => T[],
    reduced?: { floor: number; compute: () => T[] },
  ): T[] {
    const openAt = this.openAt;
    if (!openAt) return this.get(slot, compute);
    let entry = this.touch(slot);
    if (!entry || t < entry.floor) {
      entry =
        reduced && t >= reduced.floor
          ? this.put(slot, reduced.compute(), reduced.floor)
          : this.put(slot, compute(), -Infinity);
    }
    // Re-compact when an hour has passed since the last time, so old slots keep shrinking.
    if (t >= entry.floor + 3_600_000) {
      const kept = entry.items.filter((item) => openAt(item, t));
      this.held += kept.length - entry.items.length;
      entry.items = kept;
      entry.floor = t;
    }
    return entry.items;
  }

  private touch(slot: number): { items: T[]; floor: number } | undefined {
    const hit = this.map.get(slot);
    if (hit) {
      // Re-insert: Map keeps insertion order, so the first key is the least recently used.
      this.map.delete(slot);
      this.map.set(slot, hit);
    }
    return hit;
  }

  private put(slot: number, items: T[], floor: number): { items: T[]; floor: number } {
    const old = this.map.get(slot);
    if (old) this.held -= old.items.length;
    this.map.delete(slot);
    const entry = { items, floor };
    this.map.set(slot, entry);
    this.held += items.length;
    while (this.held > this.maxItems && this.map.size > 1) {
      const oldest = this.map.keys().next().value as number;
      this.held -= this.map.get(oldest)?.items.length ?? 0;
      this.map.delete(oldest);
    }
    return entry;
  }
}

/** Sets `key` in a Map used as a cache, dropping the oldest entries beyond `max`. */
export function remember<K, V>(map: Map<K, V>, key: K, value: V, max: number): V {
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as K);
  return value;
}
