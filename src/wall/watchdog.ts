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
  /** When this wall first started on this machine (real ms). */
  startedAt: number;
  /** This page's load (real ms). */
  loadedAt: number;
  reloads: { at: number; reason: string }[];
}

export const recordKey = (tile: string) => `city-brain.wall.record.${tile}`;

export function readRecord(
  storage: Pick<Storage, 'getItem'> | null,
  tile: string,
  now: number,
): WallRecord {
  try {
    const raw = JSON.parse(
      storage?.getItem(recordKey(tile)) ?? 'null',
    ) as Partial<WallRecord> | null;
    if (raw && typeof raw.startedAt === 'number' && Array.isArray(raw.reloads))
      return {
        startedAt: raw.startedAt,
        loadedAt: now,
        reloads: raw.reloads
          .filter((r) => typeof r?.at === 'number' && typeof r?.reason === 'string')
          .slice(-50),
      };
  } catch {
    // A broken record starts a new one.
  }
  return { startedAt: now, loadedAt: now, reloads: [] };
}
