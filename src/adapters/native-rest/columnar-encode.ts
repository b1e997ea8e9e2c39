// The server's side of the columnar delta (docs/api.md, "Columnar delta"): used by the simulated
// city's feed server and by the tests and benchmarks. The client only decodes (columnar-delta.ts).
import {
  idOrderHash,
  isLeaf,
  sortIds,
  type ColumnEntry,
  type ColumnarDeltaPayload,
  type DeltaColumn,
  type JsonObject,
  type JsonValue,
} from './columnar-delta';

/** The ids of version `since` in the order the rows index into, with their hash. */
export interface EncoderBase {
  sortedIds: readonly string[];
  indexOf: ReadonlyMap<string, number>;
  hash: string;
}

/** Builds the base of a version once; every delta from that version reuses it. */
export function encoderBase(ids: Iterable<string>): EncoderBase {
  const sortedIds = sortIds(ids);
  return {
    sortedIds,
    indexOf: new Map(sortedIds.map((id, i) => [id, i])),
    hash: idOrderHash(sortedIds),
  };
}

export type FeedItemJson = JsonObject & { id: string };

export interface DeltaHead {
  feed: string;
  version: number;
  since: number;
  generatedAt: number;
}

interface Leaf {
  path: string[];
  value: JsonValue;
}

/** Leaves by path key (the path's JSON without brackets: unambiguous whatever the keys). */
function leaves(
  value: JsonValue,
  path: string[],
  key: string,
  out: Map<string, Leaf>,
): Map<string, Leaf> {
  if (isLeaf(value)) {
    out.set(key, { path, value });
    return out;
  }
  for (const [name, child] of Object.entries(value as JsonObject)) {
    const childKey = key === '' ? JSON.stringify(name) : `${key},${JSON.stringify(name)}`;
    leaves(child, [...path, name], childKey, out);
  }
  return out;
}

function sameLeaf(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The entry turning `a` into `b`: their difference when adding it to `a` gives `b` exactly in
 * IEEE doubles (tried first rounded to 12 significant digits, which keeps decimal steps short:
 * 0.9 → 1 is sent as 0.1, not 0.09999999999999998), else `[b]`.
 */
export function numberEntry(a: number, b: number): ColumnEntry {
  const exact = b - a;
  const short = Number(exact.toPrecision(12));
  if (short !== 0 && a + short === b) return short;
  if (exact !== 0 && Number.isFinite(exact) && a + exact === b) return exact;
  return [b];
}

interface Row {
  index: number;
  before: Map<string, Leaf>;
  after: Map<string, Leaf>;
}

/**
 * The columnar delta from version `since` to `head.version`.
 * - `base`: the ids of version `since` (encoderBase).
 * - `changed`: the items in both versions whose content differs, as they were and as they are.
 * - `added`: items of ids that `since` did not have; `removed`: ids that are gone.
 * Items keeping their shape (the same leaf paths) become rows; the rest are sent whole.
 */
export function encodeColumnarDelta<T extends FeedItemJson>(
  head: DeltaHead,
  base: EncoderBase,
  changed: readonly { before: T; after: T }[],
  added: readonly T[],
  removed: readonly string[],
): ColumnarDeltaPayload<T> {
  const rows: Row[] = [];
  const whole: T[] = [];
  for (const { before, after } of changed) {
    const index = base.indexOf.get(before.id);
    if (index === undefined || after.id !== before.id) {
      whole.push(after);
      continue;
    }
    const was = leaves(before, [], '', new Map());
    const now = leaves(after, [], '', new Map());
    let sameShape = was.size === now.size;
    for (const key of was.keys()) if (sameShape && !now.has(key)) sameShape = false;
    if (!sameShape) whole.push(after);
    else rows.push({ index, before: was, after: now });
  }
  rows.sort((a, b) => a.index - b.index);

  const changedPaths = new Map<string, string[]>();
  for (const row of rows)
    for (const [key, leaf] of row.after)
      if (!changedPaths.has(key) && !sameLeaf(row.before.get(key)!.value, leaf.value))
        changedPaths.set(key, leaf.path);
  // Rows whose leaves are all equal (their JSON differed only in key order) say nothing.
  const kept = rows.filter((row) => {
    for (const [key, leaf] of row.after)
      if (changedPaths.has(key) && !sameLeaf(row.before.get(key)!.value, leaf.value)) return true;
    return false;
  });

  const columns: DeltaColumn[] = [...changedPaths.keys()].sort().map((key) => ({
    path: changedPaths.get(key)!,
    entries: kept.map((row): ColumnEntry => {
      const now = row.after.get(key);
      if (!now) return 0;
      const was = row.before.get(key)!.value;
      if (sameLeaf(was, now.value)) return 0;
      if (typeof was === 'number' && typeof now.value === 'number')
        return numberEntry(was, now.value);
      return [now.value];
    }),
  }));

  let previous = -1;
  const gaps = kept.map(({ index }) => {
    const gap = index - previous;
    previous = index;
    return gap;
  });
  return {
    ...head,
    format: 'columns',
    base: { count: base.sortedIds.length, hash: base.hash },
    rows: gaps,
    columns,
    upserts: [...whole, ...added],
    removed: [...removed],
  };
}
