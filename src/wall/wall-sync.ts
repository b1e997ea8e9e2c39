// What every window of a wall shares: the carousel's state (running from an epoch, or held by
// an operator), the moment an operator last touched the wall, and the alarms each window has
// seen. Windows of one browser share it at once (BroadcastChannel) and on opening
// (localStorage); with `wall.controlUrl` configured, desktops on other machines pause and resume
// through the backend, and every window follows within a few seconds.
import { create } from 'zustand';
import type { Alarm } from '@/feeds/alarms';
import { isCarouselState, RUNNING, type CarouselState } from './carousel';

export { isCarouselState };

const STORAGE_KEY = 'city-brain.wall.carousel.v1';
const SEEN_KEY = 'city-brain.wall.seen.v1';
/** First-shown times are kept this long (real ms). */
const SEEN_KEEP_MS = 24 * 3_600_000;
const CHANNEL = 'city-brain.wall';
const PEER_TTL_MS = 120_000;

type Message =
  | { kind: 'carousel'; state: CarouselState }
  | { kind: 'input'; at: number }
  | { kind: 'seen'; key: string; at: number }
  | { kind: 'alarms'; from: string; alarms: Alarm[] };

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The stored carousel state, or null (none yet, or broken). */
export function storedCarousel(storage: Pick<Storage, 'getItem'> | null): CarouselState | null {
  try {
    const raw: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null');
    return isCarouselState(raw) ? raw : null;
  } catch {
    return null;
  }
}

interface WallShared {
  carousel: CarouselState;
  /** Real ms of the last operator input on any window of the wall. */
  lastInputAt: number;
  /** When a window of the wall first showed each critical alarm (real ms), by alarm key. */
  seen: Record<string, number>;
  /** Alarms other windows have seen, by window, with when they said so (real ms). */
  peers: Record<string, { at: number; alarms: Alarm[] }>;
}

export const useWallShared = create<WallShared>()(() => ({
  // Running from the Unix epoch: every window computes the same slide at the same moment, even
  // windows that share nothing.
  carousel: RUNNING,
  lastInputAt: 0,
  seen: {},
  peers: {},
}));

function storedSeen(storage: Pick<Storage, 'getItem'> | null, now: number): Record<string, number> {
  try {
    const raw: unknown = JSON.parse(storage?.getItem(SEEN_KEY) ?? '{}');
    if (!raw || typeof raw !== 'object') return {};
    const out: Record<string, number> = Object.create(null) as Record<string, number>;
    for (const [key, at] of Object.entries(raw as Record<string, unknown>))
      if (typeof at === 'number' && now - at < SEEN_KEEP_MS && key.length <= 200) out[key] = at;
    return out;
  } catch {
    return {};
  }
}

/**
 * This window shows a critical alarm: the first time any window of the wall did is when its hold
 * starts, for every window (and for this one after a reload).
 */
export function alarmShown(key: string, at: number): void {
  const seen = useWallShared.getState().seen;
  if (Object.hasOwn(seen, key)) return;
  const next = { ...seen, [key]: at };
  for (const [k, t] of Object.entries(next)) if (at - t >= SEEN_KEEP_MS) delete next[k];
  useWallShared.setState({ seen: next });
  try {
    safeStorage()?.setItem(SEEN_KEY, JSON.stringify(next));
  } catch {
    // Storage full: the channel still tells the open windows.
  }
  publish({ kind: 'seen', key, at });
}

let channel: BroadcastChannel | null = null;
let controlUrl: string | null = null;

function publish(message: Message) {
  channel?.postMessage(message);
}

/** A new carousel state from this window (pause, resume): every window and the backend get it. */
export function carouselChanged(state: CarouselState): void {
  useWallShared.setState({ carousel: state });
  try {
    safeStorage()?.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    // Storage full or disabled: the channel still tells the open windows.
  }
  publish({ kind: 'carousel', state });
  if (controlUrl)
    void fetch(`${controlUrl}/carousel`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(state),
    }).catch(() => undefined);
}

/** An operator touched this window of the wall. */
export function inputSeen(at: number): void {
  if (at - useWallShared.getState().lastInputAt < 1000) return;
  useWallShared.setState({ lastInputAt: at });
  publish({ kind: 'input', at });
}

/** This window's alarms, for the other windows (takeovers in step although each polls alone). */
export function alarmsSeen(from: string, alarms: Alarm[]): void {
  publish({ kind: 'alarms', from, alarms });
}

/**
 * Joins the wall's shared state; returns how to leave. `window` names this window in messages.
 * `initial` is the state to start from when no window has stored one (the URL's held slide).
 */
export function joinWall(options: {
  controlUrl: string | null;
  initial: CarouselState | null;
}): () => void {
  const storage = safeStorage();
  controlUrl = options.controlUrl?.replace(/\/$/, '') ?? null;
  const stored = storedCarousel(storage);
  useWallShared.setState({
    carousel: stored ?? options.initial ?? RUNNING,
    seen: storedSeen(storage, Date.now()),
  });

  channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL);
  const onMessage = (event: MessageEvent<unknown>) => {
    const m = event.data as Partial<Message> | null;
    if (!m || typeof m !== 'object') return;
    if (m.kind === 'carousel' && isCarouselState(m.state))
      useWallShared.setState({ carousel: m.state });
    else if (m.kind === 'input' && typeof m.at === 'number')
      useWallShared.setState((s) => ({ lastInputAt: Math.max(s.lastInputAt, m.at as number) }));
    else if (
      m.kind === 'seen' &&
      typeof m.key === 'string' &&
      m.key.length <= 200 &&
      typeof m.at === 'number'
    ) {
      const { key, at } = m;
      useWallShared.setState((s) => ({
        seen: { ...s.seen, [key]: Math.min(at, s.seen[key] ?? Infinity) },
      }));
    } else if (m.kind === 'alarms' && typeof m.from === 'string' && Array.isArray(m.alarms))
      useWallShared.setState((s) => ({
        peers: { ...s.peers, [m.from as string]: { at: Date.now(), alarms: m.alarms as Alarm[] } },
      }));
  };
  channel?.addEventListener('message', onMessage);
  const onStorage = (event: StorageEvent) => {
    if (event.key === SEEN_KEY) useWallShared.setState({ seen: storedSeen(storage, Date.now()) });
    if (event.key !== STORAGE_KEY) return;
    const state = storedCarousel(storage);
    if (state) useWallShared.setState({ carousel: state });
  };
  window.addEventListener('storage', onStorage);

  let timer: ReturnType<typeof setInterval> | null = null;
  if (controlUrl) {
    const base = controlUrl;
    const pull = async () => {
      try {
        const response = await fetch(`${base}/carousel`, { cache: 'no-store' });
        if (!response.ok) return;
        const state: unknown = await response.json();
        if (isCarouselState(state) && !sameState(state, useWallShared.getState().carousel))
          useWallShared.setState({ carousel: state });
      } catch {
        // The backend's wall control is optional: the machine's windows still agree.
      }
    };
    void pull();
    timer = setInterval(() => void pull(), 5_000);
  }

  return () => {
    channel?.removeEventListener('message', onMessage);
    channel?.close();
    channel = null;
    window.removeEventListener('storage', onStorage);
    if (timer) clearInterval(timer);
  };
}

const sameState = (a: CarouselState, b: CarouselState) =>
  a.epoch === b.epoch && a.held === b.held && a.pausedAt === b.pausedAt && a.by === b.by;

/**
 * This window's alarms joined with those other windows have seen: one alarm per key, the one
 * that knows more (acknowledged, or seen later).
 */
export function joinAlarms(
  own: readonly Alarm[],
  peers: Record<string, { at: number; alarms: Alarm[] }>,
  now: number,
): Alarm[] {
  const byKey = new Map<string, Alarm>();
  const better = (a: Alarm, b: Alarm) =>
    (!!a.ack && !b.ack) ||
    (!!a.ack === !!b.ack && (a.lastAt > b.lastAt || (a.clearedAt ?? 0) > (b.clearedAt ?? 0)));
  // A window that has said nothing for two minutes is gone (closed, reloaded under a new name).
  const live = Object.values(peers).filter((p) => now - p.at < PEER_TTL_MS);
  for (const list of [own, ...live.map((p) => p.alarms)])
    for (const alarm of list) {
      const held = byKey.get(alarm.key);
      if (!held || better(alarm, held)) byKey.set(alarm.key, alarm);
    }
  return [...byKey.values()];
}
