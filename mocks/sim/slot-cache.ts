// Plans per slot do not depend on t, so successive snapshots reuse them. Bounded by the number of
// items held: at large scales older slots are dropped and recomputed when asked again.
export class SlotCache<T extends readonly unknown[]> {
  private readonly map = new Map<number, T>();
  private held = 0;

  constructor(private readonly maxItems: number) {}

  get(slot: number, compute: () => T): T {
    const hit = this.map.get(slot);
    if (hit) {
      // Re-insert: Map keeps insertion order, so the first key is the least recently used.
      this.map.delete(slot);
      this.map.set(slot, hit);
      return hit;
    }
    const value = compute();
    this.map.set(slot, value);
    this.held += value.length;
    while (this.held > this.maxItems && this.map.size > 1) {
      const oldest = this.map.keys().next().value as number;
      this.held -= this.map.get(oldest)?.length ?? 0;
      this.map.delete(oldest);
    }
    return value;
  }
}
