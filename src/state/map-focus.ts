import { create } from 'zustand';
import type { LngLat } from '@/domain/common';

/** A place the map was asked to fly to (an alarm), until the area changes. */
export interface FlyTarget {
  key: string;
  position: LngLat;
}

interface FlyStore {
  target: FlyTarget | null;
  flown: (target: FlyTarget | null) => void;
}

const useStore = create<FlyStore>()((set) => ({
  target: null,
  flown: (target) => set({ target }),
}));

export const useFlyTarget = () => useStore((s) => s.target);

/** Event: fly the map to a place (null: back to the area). */
export const flyRequested = (target: FlyTarget | null) => useStore.getState().flown(target);
