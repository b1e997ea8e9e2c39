// A standalone deck.gl canvas for bench pages: no basemap, a map view over the city, a promise for
// the next drawn frame.
import { Deck, MapView, type Layer } from '@deck.gl/core';

export const CITY_VIEW = { longitude: 119.35, latitude: 26.0, zoom: 8.6, pitch: 0, bearing: 0 };
export type ViewState = typeof CITY_VIEW;

export interface DeckHost {
  readonly deck: Deck<MapView>;
  setLayers(layers: Layer[]): void;
  setViewState(viewState: ViewState): void;
  /** Resolves after the next frame deck draws (onAfterRender). */
  nextFrame(): Promise<number>;
  /** Called at every drawn frame (after render), e.g. to mark it. */
  onFrame(callback: (() => void) | null): void;
}

export async function createDeckHost(
  parent: HTMLDivElement,
  size: { width: number; height: number },
): Promise<DeckHost> {
  let waiting: ((t: number) => void)[] = [];
  let frameCallback: (() => void) | null = null;
  let ready: () => void = () => undefined;
  const loaded = new Promise<void>((resolve) => (ready = resolve));
  const deck = new Deck<MapView>({
    parent,
    width: size.width,
    height: size.height,
    useDevicePixels: 1,
    views: new MapView({ repeat: false }),
    viewState: CITY_VIEW,
    controller: false,
    layers: [],
    onLoad: () => ready(),
    onAfterRender: () => {
      frameCallback?.();
      const now = performance.now();
      const list = waiting;
      waiting = [];
      for (const resolve of list) resolve(now);
    },
  });
  await loaded;
  const host: DeckHost = {
    deck,
    setLayers: (layers) => deck.setProps({ layers }),
    setViewState: (viewState) => deck.setProps({ viewState }),
    nextFrame: () => new Promise<number>((resolve) => waiting.push(resolve)),
    onFrame: (callback) => (frameCallback = callback),
  };
  // One frame drawn before anything is measured (redraw draws synchronously: wait first).
  const drawn = host.nextFrame();
  deck.redraw('bench: first frame');
  await drawn;
  return host;
}
