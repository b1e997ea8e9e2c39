// The columnar form of the native contract's delta (docs/api.md, "Columnar delta"): the shapes
// both ends share, the id order and its hash, and the client's decoder. The server's encoder is
// in columnar-encode.ts. Self-contained (no '@/' imports) so the sim server can use it as it is.

/** A JSON value. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * One row's entry in a column: `0` the leaf is unchanged (or the row's item has no such leaf), a
 * non-zero number the difference new − old, `[v]` the new value `v` itself.
 */
export type ColumnEntry = number | [JsonValue];

export interface DeltaColumn {
  /** Keys from the item down to a leaf, e.g. `["values", "pm25"]`. */
  path: string[];
  /** One entry per row. */
  entries: ColumnEntry[];
}

/** `GET {base}/{feed}?since={version}&delta=columns` answered in the columnar form. */
export interface ColumnarDeltaPayload<T = unknown> {
  feed: string;
  version: number;
  since: number;
  generatedAt: number;
  format: 'columns';
  /** What the rows index into: the ids of version `since`, sorted (see sortIds, idOrderHash). */
  base: { count: number; hash: string };
  /** Gaps between the changed rows' indexes in the base order; the first counts from −1. */
  rows: number[];
  columns: DeltaColumn[];
  /** Whole items the columns do not express: new ids, items whose shape changed. */
  upserts: T[];
  removed: string[];
}

/**
 * A leaf is any value that is not an object with at least one key: null, a boolean, number or
 * string, an array (arrays are not descended into), `{}`.
 */
export function isLeaf(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return true;
  for (const key in value) if (Object.hasOwn(value, key)) return false;
  return true;
}

/** The ids in UTF-16 code unit order (JavaScript's default sort); skips the sort when in order. */
export function sortIds(ids: Iterable<string>): string[] {
  const list = [...ids];
  for (let i = 1; i < list.length; i += 1) if (list[i - 1]! > list[i]!) return list.sort();
  return list;
}

/**
 * FNV-1a (32 bits) over the UTF-16 code units of each id followed by a line feed (10), as 8
 * lowercase hex digits: lets the client check that it indexes the same ids as the server.
 */
export function idOrderHash(sortedIds: readonly string[]): string {
  let hash = 0x811c9dc5;
  for (const id of sortedIds) {
    for (let i = 0; i < id.length; i += 1) {
      hash ^= id.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    hash ^= 10;
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** A columnar delta that does not fit the items it was decoded against, or breaks the format. */
export class ColumnarDeltaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ColumnarDeltaError';
  }
}

/** What the client holds at `since`: its items as received, their ids sorted, and their hash. */
export interface ColumnarBase {
  items: ReadonlyMap<string, unknown>;
  sortedIds: readonly string[];
  hash: string;
}

export interface DecodedRows {
  /** The rows' items at the new version, not yet validated. */
  items: unknown[];
  /** Their ids. */
  ids: Set<string>;
}

const MISSING = Symbol('missing');
type Obj = Record<string, unknown>;

const isObject = (value: unknown): value is Obj =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The leaf at `path` in `item`, or MISSING when the path does not lead to one. */
function leafAt(item: Obj, path: readonly string[]): unknown {
  let node: unknown = item;
  for (const key of path) {
    if (!isObject(node) || !Object.hasOwn(node, key)) return MISSING;
    node = node[key];
  }
  return isLeaf(node) ? node : MISSING;
}

/**
 * Sets the leaf at `path` of `copy` (a shallow copy of `base`), copying the objects on the way
 * the first time: `base` and what it shares with other items are never written to. The path is
 * known to lead through own objects to a leaf of `base`.
 */
function writeLeaf(copy: Obj, base: Obj, path: readonly string[], value: unknown): void {
  let target = copy;
  let source = base;
  const last = path.length - 1;
  for (let i = 0; i < last; i += 1) {
    const key = path[i]!;
    const from = source[key] as Obj;
    let to = target[key] as Obj;
    if (to === from) {
      to = { ...from };
      target[key] = to;
    }
    target = to;
    source = from;
  }
  target[path[last]!] = value;
}

function fail(message: string): never {
  throw new ColumnarDeltaError(message);
}

interface Column {
  path: string[];
  entries: unknown[];
}

function readColumns(raw: unknown, rowCount: number): Column[] {
  if (!Array.isArray(raw)) return fail('columns is not an array');
  const seen = new Set<string>();
  return raw.map((column: unknown, c): Column => {
    if (!isObject(column)) return fail(`column ${c} is not an object`);
    const { path, entries } = column;
    if (
      !Array.isArray(path) ||
      path.length === 0 ||
      !path.every((key): key is string => typeof key === 'string')
    )
      return fail(`column ${c}: path is not a non-empty list of keys`);
    if (path.length === 1 && path[0] === 'id') return fail(`column ${c} changes ids`);
    const key = JSON.stringify(path);
    if (seen.has(key)) return fail(`column ${c}: path ${key} given twice`);
    seen.add(key);
    if (!Array.isArray(entries)) return fail(`column ${c}: entries is not an array`);
    if (entries.length !== rowCount)
      return fail(`column ${c}: ${entries.length} entries for ${rowCount} rows`);
    return { path, entries };
  });
}

/** The base indexes of the rows, from their gaps. */
function readRows(raw: unknown, count: number): number[] {
  if (!Array.isArray(raw)) return fail('rows is not an array');
  const indexes = new Array<number>(raw.length);
  let index = -1;
  for (let k = 0; k < raw.length; k += 1) {
    const gap: unknown = raw[k];
    if (typeof gap !== 'number' || !Number.isInteger(gap) || gap < 1)
      return fail(`row ${k}: gap is not a positive integer`);
    index += gap;
    if (index >= count) return fail(`row ${k}: index ${index} is beyond the ${count} base ids`);
    indexes[k] = index;
  }
  return indexes;
}

/**
 * Checks the columnar parts of a delta (`base`, `rows`, `columns`) against what the client holds
 * and rebuilds the items of its rows. Throws ColumnarDeltaError on the first inconsistency: the
 * caller then discards the whole delta.
 */
export function decodeColumnarRows(
  body: { base?: unknown; rows?: unknown; columns?: unknown },
  held: ColumnarBase,
): DecodedRows {
  const { base } = body;
  if (!isObject(base)) fail('base is missing');
  const { count, hash } = base;
  if (count !== held.sortedIds.length)
    fail(`base has ${String(count)} ids, the client ${held.sortedIds.length}`);
  if (hash !== held.hash) fail('base hash differs from the ids the client holds');

  const indexes = readRows(body.rows, held.sortedIds.length);
  const columns = readColumns(body.columns, indexes.length);
  const items = new Array<unknown>(indexes.length);
  const ids = new Set<string>();

  for (let k = 0; k < indexes.length; k += 1) {
    const id = held.sortedIds[indexes[k]!]!;
    const before = held.items.get(id);
    if (!isObject(before)) return fail(`row ${k}: the client holds no item ${id}`);
    ids.add(id);
    let copy: Obj | null = null;
    for (const { path, entries } of columns) {
      const entry = entries[k];
      if (entry === 0) continue;
      const old = leafAt(before, path);
      if (old === MISSING) return fail(`row ${k}: ${id} has no leaf ${path.join('.')}`);
      let value: unknown;
      if (typeof entry === 'number') {
        if (typeof old !== 'number')
          return fail(`row ${k}: ${id}.${path.join('.')} is not a number`);
        value = old + entry;
        if (!Number.isFinite(value)) return fail(`row ${k}: ${id}.${path.join('.')} overflows`);
      } else if (Array.isArray(entry) && entry.length === 1) {
        value = entry[0];
        if (!isLeaf(value))
          return fail(`row ${k}: ${id}.${path.join('.')} would change the item's shape`);
      } else {
        return fail(`row ${k}: entry of ${path.join('.')} is neither 0, a number nor [value]`);
      }
      copy ??= { ...before };
      writeLeaf(copy, before, path, value);
    }
    items[k] = copy ?? before;
  }
  return { items, ids };
}
