import { create } from 'zustand';

/**
 * What the address bar holds: the screen, the area (division code), the grid cell inside it and
 * the selected ticket. `?area=350102001&cell=89…&ticket=T-1` — reload or share opens the same view.
 */
export interface UrlState {
  path: string;
  area: string | null;
  cell: string | null;
  selected: string | null;
}

export function readUrl(location: Pick<Location, 'pathname' | 'search'>): UrlState {
  const params = new URLSearchParams(location.search);
  return {
    path: location.pathname,
    area: params.get('area'),
    cell: params.get('cell'),
    selected: params.get('ticket'),
  };
}

/** Writes the state into a URL, keeping unrelated parameters (lang, demo knobs). */
export function writeUrl(state: UrlState, search: string): string {
  const params = new URLSearchParams(search);
  for (const key of ['area', 'cell', 'ticket']) params.delete(key);
  if (state.area) params.set('area', state.area);
  if (state.cell) params.set('cell', state.cell);
  if (state.selected) params.set('ticket', state.selected);
  const query = params.toString();
  return `${state.path}${query ? `?${query}` : ''}`;
}

interface UrlStore extends UrlState {
  synced: (state: UrlState) => void;
  navigated: (patch: Partial<UrlState>, mode?: 'push' | 'replace') => void;
}

const same = (a: UrlState, b: UrlState) =>
  a.path === b.path && a.area === b.area && a.cell === b.cell && a.selected === b.selected;

const useUrlStore = create<UrlStore>()((set, get) => ({
  ...readUrl(typeof window === 'undefined' ? { pathname: '/', search: '' } : window.location),
  synced: (state) => set(state),
  navigated: (patch, mode = 'push') => {
    const current = get();
    const next: UrlState = {
      path: patch.path ?? current.path,
      area: patch.area !== undefined ? patch.area : current.area,
      cell: patch.cell !== undefined ? patch.cell : current.cell,
      selected: patch.selected !== undefined ? patch.selected : current.selected,
    };
    if (same(next, current)) return;
    const url = writeUrl(next, window.location.search);
    if (mode === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
    set(next);
  },
}));

if (typeof window !== 'undefined')
  window.addEventListener('popstate', () =>
    useUrlStore.getState().synced(readUrl(window.location)),
  );

export const usePath = () => useUrlStore((s) => s.path);
export const useAreaCode = () => useUrlStore((s) => s.area);
export const useCell = () => useUrlStore((s) => s.cell);
/** The universal filter: the grid cell when one is chosen, else the area. */
export const useSelectedArea = () => useUrlStore((s) => s.cell ?? s.area);
export const useSelectedTicket = () => useUrlStore((s) => s.selected);

/** Actions are events. */
export const urlActions = {
  areaSelected: (area: string | null) =>
    useUrlStore.getState().navigated({ area, cell: null, selected: null }),
  cellSelected: (cell: string | null) => useUrlStore.getState().navigated({ cell, selected: null }),
  ticketSelected: (id: string | null) =>
    useUrlStore.getState().navigated({ selected: id }, id ? 'push' : 'replace'),
  pathChanged: (path: string) => useUrlStore.getState().navigated({ path }),
  /** Corrects the URL without a history entry (e.g. an unknown area code). */
  replaced: (patch: Partial<UrlState>) => useUrlStore.getState().navigated(patch, 'replace'),
};

export const getUrlState = (): UrlState => {
  const { path, area, cell, selected } = useUrlStore.getState();
  return { path, area, cell, selected };
};
