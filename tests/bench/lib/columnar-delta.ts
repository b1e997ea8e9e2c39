// A prototype of a compact delta for the native contract, to measure what it would save on the
// wire: changed rows as index gaps into the client's id order at `since` (ids sorted), and one
// column per changed leaf field holding numeric differences. Lossless: decode(encode(x)) is checked.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Item = { id: string } & { [key: string]: Json };

/** One column entry: 0 unchanged, a number = new − old, `[v]` = the new value itself. */
type Entry = 0 | number | [Json];

export interface ColumnarDelta {
  feed: string;
  version: number;
  since: number;
  generatedAt: number;
  /** Gaps between the changed rows' indexes in the sorted ids of `since` (first from −1). */
  rows: number[];
  /** Leaf path (`values.pm25`) → one entry per row. */
  columns: Record<string, Entry[]>;
  /** Items the columns cannot express (new ids, changed shape), whole. */
  full: Item[];
  removed: string[];
}

function leaves(value: Json, prefix: string, out: Map<string, Json>): Map<string, Json> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else {
    out.set(prefix, value);
  }
  return out;
}

function setPath(target: { [key: string]: Json }, path: string, value: Json): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] as { [key: string]: Json };
  node[keys.at(-1)!] = value;
}

const same = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);

export function encodeColumnarDelta(
  head: { feed: string; version: number; since: number; generatedAt: number },
  sortedIdsAtSince: readonly string[],
  before: ReadonlyMap<string, Item>,
  upserts: readonly Item[],
  removed: readonly string[],
): ColumnarDelta {
  const indexOf = new Map(sortedIdsAtSince.map((id, i) => [id, i]));
  const rowsOf: { index: number; old: Map<string, Json>; now: Map<string, Json> }[] = [];
  const full: Item[] = [];
  for (const item of upserts) {
    const index = indexOf.get(item.id);
    const old = before.get(item.id);
    if (index === undefined || !old) {
      full.push(item);
      continue;
    }
    const oldLeaves = leaves(old, '', new Map());
    const nowLeaves = leaves(item, '', new Map());
    const shapeSame =
      oldLeaves.size === nowLeaves.size && [...oldLeaves.keys()].every((k) => nowLeaves.has(k));
    if (!shapeSame) full.push(item);
    else rowsOf.push({ index, old: oldLeaves, now: nowLeaves });
  }
  rowsOf.sort((a, b) => a.index - b.index);

  const paths = new Set<string>();
  for (const row of rowsOf)
    for (const [path, value] of row.now) if (!same(value, row.old.get(path)!)) paths.add(path);
  const columns: Record<string, Entry[]> = {};
  for (const path of [...paths].sort()) {
    columns[path] = rowsOf.map(({ old, now }): Entry => {
      if (!now.has(path)) return 0;
      const a = old.get(path)!;
      const b = now.get(path)!;
      if (same(a, b)) return 0;
      if (typeof a === 'number' && typeof b === 'number') {
        const d = Number((b - a).toPrecision(12));
        if (d !== 0 && a + d === b) return d;
      }
      return [b];
    });
  }
  let previous = -1;
  const rows = rowsOf.map(({ index }) => {
    const gap = index - previous;
    previous = index;
    return gap;
  });
  return { ...head, rows, columns, full, removed: [...removed] };
}

/** The upserts a columnar delta stands for, given the items the client holds at `since`. */
export function decodeColumnarDelta(
  delta: ColumnarDelta,
  sortedIdsAtSince: readonly string[],
  before: ReadonlyMap<string, Item>,
): Item[] {
  const out: Item[] = [];
  let index = -1;
  delta.rows.forEach((gap, row) => {
    index += gap;
    const id = sortedIdsAtSince[index];
    const old = id === undefined ? undefined : before.get(id);
    if (!old) throw new Error(`columnar delta: no item at index ${index}`);
    const item = structuredClone(old);
    const oldLeaves = leaves(old, '', new Map());
    for (const [path, column] of Object.entries(delta.columns)) {
      const entry = column[row];
      if (entry === undefined || entry === 0) continue;
      if (Array.isArray(entry)) setPath(item, path, entry[0]!);
      else setPath(item, path, (oldLeaves.get(path) as number) + entry);
    }
    out.push(item);
  });
  return [...out, ...delta.full];
}
