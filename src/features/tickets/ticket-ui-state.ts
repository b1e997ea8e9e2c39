import { create } from 'zustand';
import type { TicketLayerMode } from './layers';

interface TicketUiStore {
  mode: TicketLayerMode;
  modeChanged: (mode: TicketLayerMode) => void;
}

const useStore = create<TicketUiStore>()((set) => ({
  mode: 'points',
  modeChanged: (mode) => set({ mode }),
}));

export const useTicketLayerMode = () => useStore((s) => s.mode);
export const ticketLayerModeChanged = (mode: TicketLayerMode) =>
  useStore.getState().modeChanged(mode);
