import { create } from 'zustand';

/** Which of the environment's optional map layers are on (the stations always are). */
interface EnvironmentUiStore {
  surface: boolean;
  enterprises: boolean;
  toggled: (layer: 'surface' | 'enterprises') => void;
}

const useStore = create<EnvironmentUiStore>()((set) => ({
  surface: true,
  enterprises: true,
  toggled: (layer) => set((s) => ({ [layer]: !s[layer] })),
}));

export const useSurfaceOn = () => useStore((s) => s.surface);
export const useEnterprisesOn = () => useStore((s) => s.enterprises);
export const environmentLayerToggled = (layer: 'surface' | 'enterprises') =>
  useStore.getState().toggled(layer);
