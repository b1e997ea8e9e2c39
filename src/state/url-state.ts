import { create } from 'zustand';
import { FEED_NAMES, type FeedName } from '@/domain/common';

/** An entity of a feed, opened in its scenario's drawer. */
export interface Selection {
  feed: FeedName;
  id: string;
}

/**
 * What the address bar holds: the screen, the area (division code), the grid cell inside it and
 * the selected entity. `?area=350102001&cell=89…&select=tickets:T-1` — reload or share opens the
 * same view. `?ticket=<id>` (older links) is read as `select=tickets:<id>`.
 */
export interface UrlState {
  path: string;
  area: string | null;
  cell: string | null;
  selected: Selection | null;
}

const isFeed = (value: string): value is FeedName =>
  (FEED_NAMES as readonly string[]).includes(value);

/** `tickets:T-1` → the selection; anything else → null. Ids may hold colons. */
export function parseSelection(value: string | null): Selection | null {
  if (!value) return null;
  const colon = value.indexOf(':');
  if (colon <= 0) return null;
  const feed = value.slice(0, colon);
  const id = value.slice(colon + 1);
  return isFeed(feed) && id.length > 0 && id.length <= 64 ? { feed, id } : null;
}

export const formatSelection = (s: Selection): string => `${s.feed}:${s.id}`;

export function readUrl(location: Pick<Location, 'pathname' | 'search'>): UrlState {
  const params = new URLSearchParams(location.search);
  const ticket = params.get('ticket');
  return {
    path: location.pathname,
    area: params.get('area'),
    cell: params.get('cell'),
    selected:
      parseSelection(params.get('select')) ??
      (ticket ? { feed: 'tickets', id: ticket.slice(0, 64) } : null),
  };
}

/** Writes the state into a URL, keeping unrelated parameters (lang, demo knobs). */
export function writeUrl(state: UrlState, search: string): string {
  const params = new URLSearchParams(search);
  for (const key of ['area', 'cell', 'ticket', 'select']) params.delete(key);
  if (state.area) params.set('area', state.area);
  if (state.cell) params.set('cell', state.cell);
  if (state.selected) params.set('select', formatSelection(state.selected));
  const query = params.toString();
  return `${state.path}${query ? `?${query}` : ''}`;
}

/**
 * The areas a signed-in user may see (docs/deploy.md, roles): the URL never goes above them. A
 * code outside them (a shared link, the map, Back) becomes the first of them, and the code asked
 * for is kept in `outside` for the notice. null: the whole city.
 */
let areaScope: readonly string[] | null = null;

const withinScope = (code: string | null): boolean =>
  areaScope === null || (code !== null && areaScope.some((area) => code.startsWith(area)));

function clampToScope(state: UrlState): UrlState {
  if (withinScope(state.area) || areaScope === null || areaScope.length === 0) return state;
  return { ...state, area: areaScope[0]!, cell: null, selected: null };
}

interface UrlStore extends UrlState {
  /** An area outside the user's areas that the URL asked for, shown as a notice. */
  outside: string | null;
  synced: (state: UrlState) => void;
  navigated: (patch: Partial<UrlState>, mode?: 'push' | 'replace') => void;
}

const sameSelection = (a: Selection | null, b: Selection | null) =>
  a === b || (a !== null && b !== null && a.feed === b.feed && a.id === b.id);

const same = (a: UrlState, b: UrlState) =>
  a.path === b.path &&
  a.area === b.area &&
  a.cell === b.cell &&
  sameSelection(a.selected, b.selected);

const useUrlStore = create<UrlStore>()((set, get) => ({
  ...readUrl(typeof window === 'undefined' ? { pathname: '/', search: '' } : window.location),
  outside: null,
  synced: (state) => {
    const clamped = clampToScope(state);
    if (clamped !== state) {
      window.history.replaceState(null, '', writeUrl(clamped, window.location.search));
      set({ ...clamped, outside: state.area });
    } else set(state);
  },
  navigated: (patch, mode = 'push') => {
    const current = get();
    const next: UrlState = clampToScope({
      path: patch.path ?? current.path,
      area: patch.area !== undefined ? patch.area : current.area,
      cell: patch.cell !== undefined ? patch.cell : current.cell,
      selected: patch.selected !== undefined ? patch.selected : current.selected,
    });
    if (same(next, current)) return;
    const url = writeUrl(next, window.location.search);
    if (mode === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
    set(next);
  },
}));

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () =>
    useUrlStore.getState().synced(readUrl(window.location)),
  );
  // An old `?ticket=` link becomes `?select=tickets:` without a history entry.
  const search = new URLSearchParams(window.location.search);
  if (search.has('ticket') && !search.has('select'))
    window.history.replaceState(null, '', writeUrl(useUrlStore.getState(), window.location.search));
}

export const usePath = () => useUrlStore((s) => s.path);
export const useAreaCode = () => useUrlStore((s) => s.area);
export const useCell = () => useUrlStore((s) => s.cell);
/** The universal filter: the grid cell when one is chosen, else the area. */
export const useSelectedArea = () => useUrlStore((s) => s.cell ?? s.area);
/** The selected entity, if any. */
export const useSelection = () => useUrlStore((s) => s.selected);
/** The id of the selected entity when it belongs to `feed`. */
export const useSelectedId = (feed: FeedName) =>
  useUrlStore((s) => (s.selected?.feed === feed ? s.selected.id : null));

/** The areas the user may see (null: the whole city). */
export const useAreaScope = (): readonly string[] | null => areaScope;
/** An area the URL asked for that is outside the user's areas (for a notice), or null. */
export const useOutsideArea = () => useUrlStore((s) => s.outside);

/**
 * Limits the URL to the signed-in user's areas (once, before the app renders): the page starts
 * at the first of them, and a link to another area shows that one instead, with a notice.
 */
export function setAreaScope(areas: readonly string[] | null): void {
  areaScope = areas && areas.length > 0 ? areas : null;
  const { area } = useUrlStore.getState();
  useUrlStore.getState().synced(getUrlState());
  // Starting at the city is no request for another area: no notice then.
  if (area === null) useUrlStore.setState({ outside: null });
}

/** Actions are events. */
export const urlActions = {
  /** The notice about an area outside the user's was read. */
  outsideNoticeDismissed: () => useUrlStore.setState({ outside: null }),
  areaSelected: (area: string | null) =>
    useUrlStore.getState().navigated({ area, cell: null, selected: null }),
  cellSelected: (cell: string | null) => useUrlStore.getState().navigated({ cell, selected: null }),
  entitySelected: (selected: Selection | null) =>
    useUrlStore.getState().navigated({ selected }, selected ? 'push' : 'replace'),
  pathChanged: (path: string) => useUrlStore.getState().navigated({ path }),
  /** Corrects the URL without a history entry (e.g. an unknown area code). */
  replaced: (patch: Partial<UrlState>) => useUrlStore.getState().navigated(patch, 'replace'),
};

export const getUrlState = (): UrlState => {
  const { path, area, cell, selected } = useUrlStore.getState();
  return { path, area, cell, selected };
};
