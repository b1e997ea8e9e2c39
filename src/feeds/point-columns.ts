import type { Placed } from '@/domain/common';
import { areaMatcher, type AreaParams } from './area-filter';
import type { FeedFacts } from './view-builder';

/**
 * The ids of the points as one block of bytes: id `i` is `bytes[offsets[i] .. offsets[i + 1])`,
 * UTF-8. Two buffers transfer for free where 100k strings would be cloned one by one on the page.
 */
export interface IdColumn {
  bytes: Uint8Array;
  /** `length + 1` entries. */
  offsets: Uint32Array;
}

/** Placed entities of one area as columns for the map: index i is the same entity everywhere. */
export interface PointColumns {
  area: string | null;
  version: number;
  revision: number;
  generatedAt: number;
  droppedLast: number;
  droppedTotal: number;
  length: number;
  /** lng, lat pairs. */
  positions: Float32Array;
  /** Index into `statuses`. */
  status: Uint8Array;
  /** The status names the codes stand for; colour by name, not by code. */
  statuses: string[];
  ids: IdColumn;
  /** Entities of the area by status name (every name of `statuses`, zeros included). */
  counts: Record<string, number>;
  /**
   * Equal keys mean equal ids and positions (a 64-bit hash): the page may keep the position
   * buffer it already uploaded instead of uploading the new one. Most polls move nothing.
   */
  layoutKey: string;
  /** The same for the status column (and the status names). */
  statusKey: string;
}

export interface PointColumnsOptions<T> {
  /** The item's status. Default: its `status` field, or `unknown`. */
  statusOf?: (item: T) => string;
  /**
   * Known statuses, in the order of their codes. Values outside the list get codes after it.
   * Default: the statuses present, sorted (codes then stay the same while the set does).
   */
  statuses?: readonly string[];
}

type PlacedItem = Placed & { id: string };

const readStatus = (item: object): string => {
  const status = (item as { status?: unknown }).status;
  return typeof status === 'string' ? status : 'unknown';
};

const MAX_STATUSES = 256;

/** Packs ids into one UTF-8 block with offsets (ids of the native contract are ASCII). */
export function encodeIds(ids: readonly string[]): IdColumn {
  const offsets = new Uint32Array(ids.length + 1);
  let total = 0;
  for (let i = 0; i < ids.length; i += 1) {
    total += ids[i]!.length;
    offsets[i + 1] = total;
  }
  // ASCII, as the native contract's ids are: one byte a character, copied without a joined string.
  const bytes = new Uint8Array(total);
  let at = 0;
  let ascii = true;
  for (let i = 0; ascii && i < ids.length; i += 1) {
    const id = ids[i]!;
    for (let k = 0; k < id.length; k += 1) {
      const code = id.charCodeAt(k);
      if (code > 0x7f) {
        ascii = false;
        break;
      }
      bytes[at++] = code;
    }
  }
  if (ascii) return { bytes, offsets };
  const encoder = new TextEncoder();
  const parts = ids.map((id) => encoder.encode(id));
  const utf8 = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  at = 0;
  parts.forEach((part, i) => {
    utf8.set(part, at);
    at += part.length;
    offsets[i + 1] = at;
  });
  return { bytes: utf8, offsets };
}

/** Two independent 32-bit multiplicative hashes of the bytes (as words where aligned). */
function hashBytes(bytes: Uint8Array, seed = 0): string {
  let a = 0x811c9dc5 ^ seed;
  let b = 0x9747b28c ^ seed;
  const whole = bytes.byteOffset % 4 === 0 ? bytes.byteLength >> 2 : 0;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, whole);
  for (let i = 0; i < words.length; i += 1) {
    const w = words[i]!;
    a = Math.imul(a ^ w, 0x01000193);
    b = Math.imul(b ^ w, 0x5bd1e995);
    b ^= b >>> 15;
  }
  for (let i = whole * 4; i < bytes.byteLength; i += 1) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193);
    b = Math.imul(b ^ bytes[i]!, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return `${(a >>> 0).toString(36)}${(b >>> 0).toString(36).padStart(7, '0')}`;
}

const bytesOf = (array: Float32Array | Uint8Array | Uint32Array) =>
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

/**
 * A key of typed arrays' contents (a 64-bit hash of each, and their lengths): equal keys mean the
 * page may keep the buffer it already uploaded instead of uploading an equal one.
 */
export const columnKey = (...arrays: (Float32Array | Uint8Array | Uint32Array)[]): string =>
  arrays.map((a) => `${a.length}:${hashBytes(bytesOf(a))}`).join('/');

const decoder = new TextDecoder();

/** The id of point `index`, or null when out of range. */
export function pointIdAt(ids: IdColumn, index: number): string | null {
  if (!Number.isInteger(index) || index < 0 || index >= ids.offsets.length - 1) return null;
  return decoder.decode(ids.bytes.subarray(ids.offsets[index]!, ids.offsets[index + 1]!));
}

/** The index of the point with this id, or -1 (a linear scan: for a click, not for a loop). */
export function pointIndexOf(ids: IdColumn, id: string): number {
  const wanted = new TextEncoder().encode(id);
  const { bytes, offsets } = ids;
  outer: for (let i = 0; i < offsets.length - 1; i += 1) {
    const start = offsets[i]!;
    if (offsets[i + 1]! - start !== wanted.length) continue;
    for (let k = 0; k < wanted.length; k += 1) if (bytes[start + k] !== wanted[k]) continue outer;
    return i;
  }
  return -1;
}

/** Builds the point columns of one area from a feed's items (runs in the worker). */
export function buildPointColumns<T extends PlacedItem>(
  items: Iterable<T>,
  params: AreaParams,
  context: Pick<FeedFacts, 'version' | 'revision' | 'generatedAt' | 'droppedLast' | 'droppedTotal'>,
  options: PointColumnsOptions<T> = {},
): PointColumns {
  const statusOf = options.statusOf ?? readStatus;
  const matches = areaMatcher(params);
  const inArea: T[] = [];
  const names: string[] = [];
  for (const item of items) {
    if (!matches(item)) continue;
    inArea.push(item);
    names.push(statusOf(item));
  }

  const statuses = [...(options.statuses ?? [])];
  const known = new Set(statuses);
  const extra = [...new Set(names.filter((n) => !known.has(n)))].sort();
  statuses.push(...extra);
  if (statuses.length > MAX_STATUSES)
    throw new RangeError(`point columns: more than ${MAX_STATUSES} statuses`);
  const codeOf = new Map(statuses.map((name, code) => [name, code]));

  const n = inArea.length;
  const positions = new Float32Array(n * 2);
  const status = new Uint8Array(n);
  const tally = new Uint32Array(statuses.length);
  const ids = new Array<string>(n);
  for (let i = 0; i < n; i += 1) {
    const item = inArea[i]!;
    positions[i * 2] = item.position[0];
    positions[i * 2 + 1] = item.position[1];
    const code = codeOf.get(names[i]!)!;
    status[i] = code;
    tally[code]! += 1;
    ids[i] = item.id;
  }
  const counts: Record<string, number> = {};
  statuses.forEach((name, code) => (counts[name] = tally[code]!));
  const idColumn = encodeIds(ids);

  return {
    area: params.area,
    version: context.version,
    revision: context.revision,
    generatedAt: context.generatedAt,
    droppedLast: context.droppedLast,
    droppedTotal: context.droppedTotal,
    length: n,
    positions,
    status,
    statuses,
    ids: idColumn,
    counts,
    layoutKey: `${n}:${hashBytes(bytesOf(positions))}:${hashBytes(idColumn.bytes)}:${hashBytes(bytesOf(idColumn.offsets))}`,
    statusKey: `${n}:${hashBytes(status)}:${statuses.join(',')}`,
  };
}

/** The buffers of point columns, to transfer rather than copy. */
export const pointColumnsTransferables = (view: PointColumns): Transferable[] => [
  view.positions.buffer,
  view.status.buffer,
  view.ids.bytes.buffer,
  view.ids.offsets.buffer,
];
