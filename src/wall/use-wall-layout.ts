import { useMemo, useSyncExternalStore } from 'react';
import { chooseLayout, tileRect, type WallLayout } from './wall-layout';

export interface WallGeometry {
  layout: WallLayout;
  /** Device pixels per CSS pixel. */
  dpr: number;
  /** The part of the logical wall this window shows, in real pixels (the whole wall: null). */
  tile: { x: number; y: number; width: number; height: number } | null;
  /** The `?tile=` value ("1/1" for the whole wall): names this window in shared records. */
  tileId: string;
}

interface Snapshot {
  width: number;
  height: number;
  dpr: number;
  search: string;
}

let snapshot: Snapshot | null = null;
const read = (): Snapshot => {
  const next = {
    width: Math.round(window.innerWidth * (window.devicePixelRatio || 1)),
    height: Math.round(window.innerHeight * (window.devicePixelRatio || 1)),
    dpr: window.devicePixelRatio || 1,
    search: window.location.search,
  };
  if (
    !snapshot ||
    snapshot.width !== next.width ||
    snapshot.height !== next.height ||
    snapshot.dpr !== next.dpr ||
    snapshot.search !== next.search
  )
    snapshot = next;
  return snapshot;
};

function subscribe(listener: () => void) {
  window.addEventListener('resize', listener);
  window.addEventListener('popstate', listener);
  return () => {
    window.removeEventListener('resize', listener);
    window.removeEventListener('popstate', listener);
  };
}

/** Geometry of a wall window from its URL (`?layout=`, `?tile=`) and its real pixel size. */
export function wallGeometry(s: Snapshot): WallGeometry {
  const params = new URLSearchParams(s.search);
  const tileParam = params.get('tile');
  // A tile window is one output of a bigger wall: the layout is the whole wall's, named in the
  // URL; without a name it is guessed from this window times the number of tiles.
  const probe = tileParam ? /^(\d+)\/(\d+)(?:x(\d+))?$/.exec(tileParam) : null;
  const across = probe ? Number(probe[2]) : 1;
  const down = probe ? Number(probe[3] ?? '1') : 1;
  const layout = chooseLayout(params.get('layout'), s.width * across, s.height * down);
  const tile = tileRect(tileParam, layout);
  return { layout, dpr: s.dpr, tile, tileId: tile && tileParam ? tileParam : '1/1' };
}

/** The wall's geometry, kept current as the window resizes. */
export function useWallGeometry(): WallGeometry {
  const s = useSyncExternalStore(subscribe, read, read);
  return useMemo(() => wallGeometry(s), [s]);
}
