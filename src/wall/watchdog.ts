// Weeks without a human: what the wall measures of itself, the bounds past which it reloads
// softly, and the record of its uptime and reloads that a desktop status page shows.

export interface WatchSample {
  /** Used JS heap, MB (Chromium's performance.memory), null where the browser hides it. */
  heapMb: number | null;
  domNodes: number;
  /** Event listeners added and not removed since the page loaded (the wall counts its own). */
  listeners: number;
  /** WebGL contexts created and not lost. */
  contexts: number;
  /** Seconds since the last animation frame (a page that stopped painting). */
  sinceFrameS: number;
  /**
   * Items the feeds hold, all feeds together (their last reports), null before any report: heap
   * that grows with them is data, heap that grows without them is a leak.
   */
  items: number | null;
}

export interface WatchBounds {
  heapMb: number;
  domNodes: number;
  listeners: number;
  contexts: number;
  stallS: number;
}

/** The first bound a sample is past, named, or null. */
export function overBound(sample: WatchSample, bounds: WatchBounds): string | null {
  if (sample.heapMb !== null && sample.heapMb > bounds.heapMb)
    return `heap ${Math.round(sample.heapMb)} MB > ${bounds.heapMb} MB`;
  if (sample.domNodes > bounds.domNodes) return `DOM nodes ${sample.domNodes} > ${bounds.domNodes}`;
  if (sample.listeners > bounds.listeners)
    return `listeners ${sample.listeners} > ${bounds.listeners}`;
  if (sample.contexts > bounds.contexts)
    return `WebGL contexts ${sample.contexts} > ${bounds.contexts}`;
  if (sample.sinceFrameS > bounds.stallS) return `no frame for ${Math.round(sample.sinceFrameS)} s`;
  return null;
}

/** What a wall window keeps about itself across soft reloads (localStorage, per tile). */
export interface WallRecord {
  /** The window's tile (`1/1` for a whole wall). */
  tile: string;
  /** When this wall window first started on this machine (real ms). */
  startedAt: number;
  /** This page's load (real ms). */
  loadedAt: number;
  /** Its last heartbeat (real ms): a window gone quiet shows as such on the status page. */
  lastSeenAt: number;
  layout: string;
  reloads: { at: number; reason: string }[];
  /** The last sample of the watchdog. */
  sample: WatchSample | null;
}

const PREFIX = 'city-brain.wall.record.';
export const recordKey = (tile: string) => `${PREFIX}${tile}`;

/** Reloads a record keeps (the newest). */
const KEEP_RELOADS = 50;

/** A stored record, checked (it is read back from storage anyone on the machine could write). */
export function parseRecord(raw: unknown): WallRecord | null {
  const r = raw as Partial<WallRecord> | null;
  if (
    !r ||
    typeof r !== 'object' ||
    typeof r.tile !== 'string' ||
    r.tile.length > 20 ||
    typeof r.startedAt !== 'number' ||
    typeof r.loadedAt !== 'number' ||
    typeof r.lastSeenAt !== 'number' ||
    typeof r.layout !== 'string' ||
    !Array.isArray(r.reloads)
  )
    return null;
  return {
    tile: r.tile,
    startedAt: r.startedAt,
    loadedAt: r.loadedAt,
    lastSeenAt: r.lastSeenAt,
    layout: r.layout.slice(0, 20),
    reloads: r.reloads
      .filter(
        (x): x is { at: number; reason: string } =>
          typeof x?.at === 'number' && typeof x?.reason === 'string',
      )
      .map((x) => ({ at: x.at, reason: x.reason.slice(0, 200) }))
      .slice(-KEEP_RELOADS),
    sample: r.sample && typeof r.sample === 'object' ? r.sample : null,
  };
}

/** This window's record at load: the stored one carried on (same tile), or a new one. */
export function readRecord(
  storage: Pick<Storage, 'getItem'> | null,
  tile: string,
  layout: string,
  now: number,
): WallRecord {
  let stored: WallRecord | null = null;
  try {
    stored = parseRecord(JSON.parse(storage?.getItem(recordKey(tile)) ?? 'null'));
  } catch {
    // A broken record starts a new one.
  }
  return stored
    ? { ...stored, tile, loadedAt: now, lastSeenAt: now, layout }
    : { tile, startedAt: now, loadedAt: now, lastSeenAt: now, layout, reloads: [], sample: null };
}

/** The record with one more soft reload. */
export function withReload(record: WallRecord, at: number, reason: string): WallRecord {
  return { ...record, reloads: [...record.reloads, { at, reason }].slice(-KEEP_RELOADS) };
}

/** Every wall window's record on this machine (the status page). */
export function allRecords(
  storage: Pick<Storage, 'length' | 'key' | 'getItem'> | null,
): WallRecord[] {
  const out: WallRecord[] = [];
  if (!storage) return out;
  for (let i = 0; i < storage.length; i += 1) {
    const key = storage.key(i);
    if (!key?.startsWith(PREFIX)) continue;
    try {
      const record = parseRecord(JSON.parse(storage.getItem(key) ?? 'null'));
      if (record) out.push(record);
    } catch {
      // Skipped: not a record.
    }
  }
  return out.sort((a, b) => (a.tile < b.tile ? -1 : a.tile > b.tile ? 1 : 0));
}
