import { create } from 'zustand';
import type { FeedName } from '@/domain/common';
import type { FeedHealth } from './worker-protocol';

interface HealthStore {
  byFeed: Partial<Record<FeedName, FeedHealth>>;
  reported: (health: FeedHealth) => void;
  cleared: () => void;
}

const useStore = create<HealthStore>()((set) => ({
  byFeed: {},
  reported: (health) => set((s) => ({ byFeed: { ...s.byFeed, [health.feed]: health } })),
  cleared: () => set({ byFeed: {} }),
}));

/** What the worker last reported of a feed (undefined before its first poll ended). */
export const useFeedHealth = (feed: FeedName): FeedHealth | undefined =>
  useStore((s) => s.byFeed[feed]);

/** Every feed's last report. */
export const useAllFeedHealth = (): Partial<Record<FeedName, FeedHealth>> =>
  useStore((s) => s.byFeed);

/** Event: the worker reported a feed's health. */
export const feedHealthReported = (health: FeedHealth): void =>
  useStore.getState().reported(health);

export const getFeedHealth = (feed: FeedName): FeedHealth | undefined =>
  useStore.getState().byFeed[feed];

/** Items held by every feed that has reported, together; null before the first report. */
export function heldItemCount(): number | null {
  const reports = Object.values(useStore.getState().byFeed);
  return reports.length ? reports.reduce((sum, h) => sum + h.count, 0) : null;
}

/** Event: a new feed worker starts (tests mount several pages in one module). */
export const feedHealthCleared = (): void => useStore.getState().cleared();
