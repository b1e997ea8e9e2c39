import type { IdColumn } from './point-columns';

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

const utf8 = new TextEncoder();

/**
 * The ids of the rows as UTF-8 bytes in one pool, so that the ids of a view's points (a map's
 * picking) are copied bytes, not hundreds of thousands of strings read and encoded per build. A
 * row keeps its bytes while its id does; a freed row's bytes are reclaimed when the pool holds
 * twice what the rows use.
 */
class IdBytes {
  pool = new Uint8Array(4096);
  end = 0;
  used = 0;
  start = new Uint32Array(0);
  length = new Uint32Array(0);

  grow(capacity: number): void {
    this.start = grown(Uint32Array, capacity, this.start);
    this.length = grown(Uint32Array, capacity, this.length);
  }

  /** Writes `id` as the bytes of `row`. */
  set(row: number, id: string): void {
    const n = id.length;
    let ascii = true;
    for (let k = 0; k < n; k += 1)
      if (id.charCodeAt(k) > 0x7f) {
        ascii = false;
        break;
      }
    const encoded = ascii ? null : utf8.encode(id);
    const size = encoded ? encoded.length : n;
    if (this.end + size > this.pool.length)
      this.pool = grown(Uint8Array, Math.max(this.pool.length * 2, this.end + size), this.pool);
    const at = this.end;
    if (encoded) this.pool.set(encoded, at);
    else for (let k = 0; k < n; k += 1) this.pool[at + k] = id.charCodeAt(k);
    this.end += size;
    this.used += size;
    this.start[row] = at;
    this.length[row] = size;
  }

  free(row: number): void {
    this.used -= this.length[row]!;
    this.length[row] = 0;
  }

  /** Copies the bytes of the rows in use into a pool of their size, when half of it is spare. */
  /** Whether half of the pool is bytes of freed rows. */
  get spare(): boolean {
    return this.end >= 65_536 && this.end >= this.used * 2;
  }

  compact(rows: Int32Array): void {
    const pool = new Uint8Array(Math.max(4096, this.used * 2));
    let end = 0;
    for (const row of rows) {
      const from = this.start[row]!;
      const size = this.length[row]!;
      pool.set(this.pool.subarray(from, from + size), end);
      this.start[row] = end;
      end += size;
    }
    this.pool = pool;
    this.end = end;
  }

  /** The ids of `rows[0 .. n)` as one block with offsets. */
  column(rows: ArrayLike<number>, n: number): IdColumn {
    const offsets = new Uint32Array(n + 1);
    const { start, length, pool } = this;
    let total = 0;
    for (let i = 0; i < n; i += 1) {
      total += length[rows[i]!]!;
      offsets[i + 1] = total;
    }
    const bytes = new Uint8Array(total);
    let at = 0;
    for (let i = 0; i < n; i += 1) {
      const row = rows[i]!;
      const from = start[row]!;
      const size = length[row]!;
      for (let k = 0; k < size; k += 1) bytes[at + k] = pool[from + k]!;
      at += size;
    }
    return { bytes, offsets };
  }
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
  private idBytes = new IdBytes();
  /** `rows()` until the next change. */
  private held: Int32Array | null = null;

  constructor(readonly spec: TableSpec<T, C>) {
    this.columns = spec.create(0, null);
  }

  /** How many items the table holds. */
  get size(): number {
    return this.rowOf.size;
  }

  /** The rows in use, in row order (ascending): one array per revision, not to be written to. */
  rows(): Int32Array {
    if (this.held) return this.held;
    const out = new Int32Array(this.rowOf.size);
    let n = 0;
    const { items } = this;
    for (let row = 0; row < this.length; row += 1) if (items[row] !== undefined) out[n++] = row;
    return (this.held = out);
  }

  /** The ids of `rows[0 .. n)`, as a view sends them to the map (the same as `encodeIds`). */
  ids(rows: ArrayLike<number>, n = rows.length): IdColumn {
    return this.idBytes.column(rows, n);
  }

  /** Every item again (a snapshot): rows in the items' order, codes made anew. */
  rebuild(items: Iterable<T>, revision: number): void {
    this.codes = new Codes();
    this.items = [];
    this.length = 0;
    this.capacity = 0;
    this.rowOf = new Map();
    this.free = [];
    this.idBytes = new IdBytes();
    this.held = null;
    this.columns = this.spec.create(0, null);
    for (const item of items) this.put(item);
    this.revision = revision;
  }

  /**
   * One change of the items: `removed`, the ids it took out; `after`, the items it put in (new, or
   * in place of one with the same id). An id both removed and put in is put in.
   */
  apply(removed: readonly string[], after: readonly T[], revision: number): void {
    this.held = null;
    for (const id of removed) {
      const row = this.rowOf.get(id);
      if (row === undefined) continue;
      this.rowOf.delete(id);
      this.items[row] = undefined;
      this.idBytes.free(row);
      this.free.push(row);
    }
    for (const item of after) this.put(item);
    if (removed.length && this.idBytes.spare) this.idBytes.compact(this.rows());
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
          this.idBytes.grow(this.capacity);
        }
      }
      this.rowOf.set(item.id, row);
      this.idBytes.set(row, item.id);
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
