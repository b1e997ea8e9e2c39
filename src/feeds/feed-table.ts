/**
 * A feed's items as rows of typed-array columns, kept in step with the store: a delta rewrites the
 * rows of the items it changed, not the table. A view that reads every item of a city (hundreds of
 * thousands of tickets) loops over the columns in order instead of chasing objects scattered over
 * the heap, which is what made such a view cost a second (docs/performance.md).
 *
 * A scenario declares what a row holds (`TableSpec`, in its own folder); the platform keeps one
 * table per feed state and spec (`ViewInput.table`), built once and then updated per delta.
 */

/** What a row of a scenario's table holds, and how an item is written into it. */
export interface TableSpec<T extends { id: string }, C> {
  /** Unique among specs (one table per feed state and spec id). */
  id: string;
  /** Columns for `capacity` rows, with `previous`'s rows copied in when growing. */
  create(capacity: number, previous: C | null): C;
  /** Writes `item` into `row` (a row freed and taken again is written over whole). */
  write(columns: C, row: number, item: T, codes: Codes): void;
}

/**
 * Strings as small integers (area codes, categories, departments), so that a tally is an array
 * index rather than a map lookup. A table's dictionary only grows; it is made anew with the table
 * on a snapshot, so a long run holds the codes of what it currently holds, plus the deltas' since.
 */
export class Codes {
  private readonly byName = new Map<string, number>();
  readonly names: string[] = [];

  /** The code of `name`, given one on first sight. */
  of(name: string): number {
    let code = this.byName.get(name);
    if (code === undefined) {
      code = this.names.length;
      this.byName.set(name, code);
      this.names.push(name);
    }
    return code;
  }

  /** The code of `name`, -1 when the table never saw it. */
  find(name: string): number {
    return this.byName.get(name) ?? -1;
  }

  get size(): number {
    return this.names.length;
  }
}

/** A typed array of `capacity` elements holding `previous`'s (growing a column). */
export function grown<
  A extends Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array,
>(make: new (length: number) => A, capacity: number, previous: A | null | undefined): A {
  const next = new make(capacity);
  if (previous) next.set(previous.subarray(0, Math.min(previous.length, capacity)));
  return next;
}

/** A feed's items as rows: `items[row]` is the item whose columns are at `row`. */
export class FeedTable<T extends { id: string }, C> {
  columns: C;
  codes = new Codes();
  /** The item of each row, undefined for a free row. */
  items: (T | undefined)[] = [];
  /** Rows in use and free: every row below `length` is one or the other. */
  length = 0;
  /** The store revision the table holds. */
  revision = -1;
  private capacity = 0;
  private rowOf = new Map<string, number>();
  private free: number[] = [];

  constructor(readonly spec: TableSpec<T, C>) {
    this.columns = spec.create(0, null);
  }

  /** How many items the table holds. */
  get size(): number {
    return this.rowOf.size;
  }

  /** The rows in use, in row order (ascending). */
  rows(): Int32Array {
    const out = new Int32Array(this.rowOf.size);
    let n = 0;
    const { items } = this;
    for (let row = 0; row < this.length; row += 1) if (items[row] !== undefined) out[n++] = row;
    return out;
  }

  /** Every item again (a snapshot): rows in the items' order, codes made anew. */
  rebuild(items: Iterable<T>, revision: number): void {
    this.codes = new Codes();
    this.items = [];
    this.length = 0;
    this.capacity = 0;
    this.rowOf = new Map();
    this.free = [];
    this.columns = this.spec.create(0, null);
    for (const item of items) this.put(item);
    this.revision = revision;
  }

  /**
   * One change of the items: `before`, the items it replaced or removed; `after`, those it put in;
   * `held`, whether an id is still among the items (a removed one is not).
   */
  apply(
    before: readonly T[],
    after: readonly T[],
    held: (id: string) => boolean,
    revision: number,
  ): void {
    for (const old of before) {
      if (held(old.id)) continue;
      const row = this.rowOf.get(old.id);
      if (row === undefined) continue;
      this.rowOf.delete(old.id);
      this.items[row] = undefined;
      this.free.push(row);
    }
    for (const item of after) this.put(item);
    this.revision = revision;
  }

  private put(item: T): void {
    let row = this.rowOf.get(item.id);
    if (row === undefined) {
      row = this.free.pop();
      if (row === undefined) {
        row = this.length;
        this.length += 1;
        if (row >= this.capacity) {
          this.capacity = Math.max(1024, this.capacity * 2);
          this.columns = this.spec.create(this.capacity, this.columns);
        }
      }
      this.rowOf.set(item.id, row);
    }
    this.items[row] = item;
    this.spec.write(this.columns, row, item, this.codes);
  }
}

/** A table of `items` (for builders called outside the worker: tests, benchmarks). */
export function tableOf<T extends { id: string }, C>(
  spec: TableSpec<T, C>,
  items: Iterable<T>,
): FeedTable<T, C> {
  const table = new FeedTable(spec);
  // The same item twice: the last one wins, as in the store.
  table.rebuild(new Map([...items].map((item) => [item.id, item] as const)).values(), 1);
  return table;
}
