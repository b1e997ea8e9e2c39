/** The key under which a wall frame's messages to its host page travel. */
export const HOST_MESSAGE = 'cityBrainWall';

/** What a wall frame tells its host page. */
export type FrameMessage =
  /** Its first data is drawn and painted. */
  | { kind: 'ready' }
  /** It asks to be replaced by a fresh page (its watchdog found a bound passed). */
  | { kind: 'reload'; reason: string }
  /** Its URL's query changed (the slide): the host's address bar follows. */
  | { kind: 'url'; search: string };

export function parseFrameMessage(data: unknown): FrameMessage | null {
  const m = (data as Record<string, unknown> | null)?.[HOST_MESSAGE] as
    Partial<FrameMessage> | undefined;
  if (!m || typeof m !== 'object') return null;
  if (m.kind === 'ready') return { kind: 'ready' };
  if (m.kind === 'reload' && typeof m.reason === 'string')
    return { kind: 'reload', reason: m.reason.slice(0, 200) };
  if (m.kind === 'url' && typeof m.search === 'string' && m.search.length < 2000)
    return { kind: 'url', search: m.search };
  return null;
}

/** The frame's URL for a host at `pathname` + `search`: the same query, marked as a frame. */
export function frameUrl(pathname: string, search: string): string {
  const params = new URLSearchParams(search);
  params.set('frame', '1');
  return `${pathname}?${params.toString()}`;
}

/** The host's URL for a frame's query: the same, unmarked. */
export function hostSearch(search: string): string {
  const params = new URLSearchParams(search);
  params.delete('frame');
  const query = params.toString();
  return query ? `?${query}` : '';
}
