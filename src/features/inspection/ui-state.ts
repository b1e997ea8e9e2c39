import { create } from 'zustand';
import type { HotspotWindow } from './hotspot-cube';
import type { InspectionLayerMode } from './layers';

interface InspectionUiStore {
  window: HotspotWindow;
  mode: InspectionLayerMode;
  cameras: boolean;
  windowChanged: (window: HotspotWindow) => void;
  modeChanged: (mode: InspectionLayerMode) => void;
  camerasToggled: () => void;
}

const useStore = create<InspectionUiStore>()((set) => ({
  window: 'today',
  mode: 'hex',
  cameras: true,
  windowChanged: (window) => set({ window }),
  modeChanged: (mode) => set({ mode }),
  camerasToggled: () => set((s) => ({ cameras: !s.cameras })),
}));

/** The hot-spot window (1 h / today / 7 days) the screen shows. */
export const useHotspotWindow = () => useStore((s) => s.window);
export const useInspectionLayerMode = () => useStore((s) => s.mode);
export const useCameraLayer = () => useStore((s) => s.cameras);

export const inspectionUi = {
  windowChanged: (window: HotspotWindow) => useStore.getState().windowChanged(window),
  modeChanged: (mode: InspectionLayerMode) => useStore.getState().modeChanged(mode),
  camerasToggled: () => useStore.getState().camerasToggled(),
};
