import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Map as MapLibreMap, prewarm, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { LayersList, PickingInfo } from '@deck.gl/core';
import type { Boundaries } from '@/geo/geo-data';
import {
  buildOfflineStyle,
  DISTRICT_FILL,
  DISTRICT_SELECTED_LINE,
  DISTRICT_SOURCE,
  selectedDistrictFilter,
} from './offline-style';

setWorkerUrl(workerUrl);
// Start maplibre's worker (a large script to load and compile) while the page still fetches its
// config and geography, not when the map is created.
prewarm();

export interface MapFocus {
  /** [minLng, minLat, maxLng, maxLat] to fit. */
  bbox: [number, number, number, number];
  /** Changes when the focus should be applied again (the area code). */
  key: string;
}

export interface MapViewProps {
  boundaries: Boundaries;
  center: [number, number];
  zoom: number;
  minZoom: number;
  maxZoom: number;
  layers: LayersList;
  /** District to highlight; the others are dimmed. */
  selectedDistrict: string | null;
  focus: MapFocus | null;
  /** A deck.gl object was clicked. */
  onPick?: (info: PickingInfo) => void;
  /** A district polygon was clicked where no deck.gl object is. */
  onDistrictClick?: (code: string) => void;
  /** The style is loaded: the districts are drawn. */
  onLoad?: () => void;
  /**
   * The camera came to rest (and once loaded): what the screen position of a point is now, for
   * placing labels so that none overlaps another.
   */
  onSettle?: (project: (point: [number, number]) => { x: number; y: number }) => void;
  /** Accessible name of the map. */
  label: string;
}

/**
 * The one long-lived map of the page: a maplibre map with an offline style and a deck.gl overlay
 * sharing its WebGL context. Layers and selection arrive as props; the map itself is created once.
 */
export function MapView(props: MapViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const overlayRef = useRef<MapLibreOverlay | null>(null);
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });
  const selectedRef = useRef<string | null>(null);
  /** The focus last applied: fitted again, without animation, when the container's size changes. */
  const focusRef = useRef<MapFocus | null>(null);
  /**
   * A lost WebGL context (a GPU reset, a driver update, too many contexts) takes the map and
   * its deck.gl layers with it: the map is built again on a new canvas, at the same camera,
   * without reloading the page.
   */
  const [generation, setGeneration] = useState(0);
  const cameraRef = useRef<{ center: [number, number]; zoom: number } | null>(null);

  // Created before the page is painted and before the panels' effects run: the map's first
  // frame is the critical path of the first screen (and one paint of the shell without it is
  // one composited frame fewer for a software GPU to draw).
  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const { boundaries, center, zoom, minZoom, maxZoom } = latest.current;
    // Built again after a lost context: where the camera was.
    const camera = cameraRef.current;
    // The first map's steps, for the first-map bench and the browser's performance panel.
    performance.mark('map:create');
    const map = new MapLibreMap({
      container,
      style: buildOfflineStyle(boundaries),
      center: camera?.center ?? center,
      zoom: camera?.zoom ?? zoom,
      minZoom,
      maxZoom,
      attributionControl: false,
      maxCanvasSize: [8192, 4096],
      dragRotate: false,
      pitchWithRotate: false,
      fadeDuration: 0,
    });
    performance.mark('map:created');
    map.once('style.load', () => performance.mark('map:style'));
    const overlay = new MapLibreOverlay({ interleaved: true, layers: latest.current.layers });
    map.addControl(overlay);
    mapRef.current = map;
    overlayRef.current = overlay;
    // Handles for end-to-end tests and diagnostics (projecting a point, picking at a pixel).
    if (__TEST_HOOKS__) Object.assign(container, { cityMap: map, cityOverlay: overlay });

    const syncCamera = () => {
      container.dataset.moving = 'false';
      const c = map.getCenter();
      cameraRef.current = { center: [c.lng, c.lat], zoom: map.getZoom() };
      container.dataset.zoom = map.getZoom().toFixed(4);
      container.dataset.center = `${c.lng.toFixed(6)},${c.lat.toFixed(6)}`;
      latest.current.onSettle?.((point) => map.project(point));
    };
    map.on('moveend', syncCamera);
    map.on('movestart', () => {
      container.dataset.moving = 'true';
    });
    map.on('load', () => {
      performance.mark('map:load');
      // The focus of the screen (a rebuilt map has none applied yet): at once, no flight.
      const focus = latest.current.focus;
      if (focus && !focusRef.current) {
        focusRef.current = focus;
        fit(map, focus, 0);
      }
      syncCamera();
      container.dataset.generation = String(generation);
      container.dataset.loaded = 'true';
      latest.current.onLoad?.();
      applySelection(map, latest.current.selectedDistrict, null, boundaries);
      selectedRef.current = latest.current.selectedDistrict;
    });
    // The container settles after the map is created (panels load, the window is resized): fit
    // the current focus to the new size, or a city taller than the first box stays clipped.
    // Fitting moves the camera only, never the container, so this cannot loop.
    let size = [container.clientWidth, container.clientHeight];
    const observer =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver(() => {
            const next = [container.clientWidth, container.clientHeight];
            if (next[0] === size[0] && next[1] === size[1]) return;
            size = next;
            if (!next[0] || !next[1]) return;
            map.resize();
            if (focusRef.current) fit(map, focusRef.current, 0);
          });
    observer?.observe(container);
    const canvas = map.getCanvas();
    let rebuild: ReturnType<typeof setTimeout> | null = null;
    const onContextLost = (event: Event) => {
      event.preventDefault();
      container.dataset.contextLost = String(Number(container.dataset.contextLost ?? '0') + 1);
      rebuild ??= setTimeout(() => setGeneration((g) => g + 1), 250);
    };
    canvas.addEventListener('webglcontextlost', onContextLost);
    map.on('click', (e) => {
      const picked = overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 6 });
      // Binary-attribute layers pick by index, with no object.
      if (picked && picked.layer && picked.index >= 0) {
        latest.current.onPick?.(picked);
        return;
      }
      const hit = map.queryRenderedFeatures(e.point, { layers: [DISTRICT_FILL] })[0];
      const code = hit?.properties?.code;
      if (typeof code === 'string') latest.current.onDistrictClick?.(code);
    });
    return () => {
      if (rebuild) clearTimeout(rebuild);
      canvas.removeEventListener('webglcontextlost', onContextLost);
      observer?.disconnect();
      focusRef.current = null;
      try {
        map.removeControl(overlay);
        overlay.finalize();
        map.remove();
      } catch (error) {
        // Tearing down on a lost context may fail half-way; the new map does not depend on it.
        console.warn('[map] teardown after context loss:', error);
      }
      mapRef.current = null;
      overlayRef.current = null;
    };
  }, [generation]);

  useEffect(() => {
    overlayRef.current?.setProps({ layers: props.layers });
    // What each visible layer draws, for tests and wall watchdogs: `{"tickets-points": 5651}`.
    const container = containerRef.current;
    if (container) {
      container.dataset.layerCounts = JSON.stringify(layerCounts(props.layers));
      if (__TEST_HOOKS__) Object.assign(container, { cityLayers: props.layers });
    }
  }, [props.layers]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !map.loaded()) return;
    applySelection(map, props.selectedDistrict, selectedRef.current, props.boundaries);
    selectedRef.current = props.selectedDistrict;
  }, [props.selectedDistrict, props.boundaries]);

  useEffect(() => {
    const map = mapRef.current;
    const focus = props.focus;
    if (!map || !focus || focus.key === focusRef.current?.key) return;
    focusRef.current = focus;
    fit(map, focus, 1200);
  }, [props.focus]);

  return (
    <div
      ref={containerRef}
      className="map-view"
      data-testid="map"
      role="region"
      aria-label={props.label}
    />
  );
}

function fit(map: MapLibreMap, focus: MapFocus, duration: number) {
  const [x0, y0, x1, y1] = focus.bbox;
  map.fitBounds(
    [
      [x0, y0],
      [x1, y1],
    ],
    { padding: 40, duration, maxZoom: 15 },
  );
}

function layerCounts(layers: LayersList): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const layer of layers) {
    if (!layer || !('props' in layer) || !layer.props.visible) continue;
    const data = layer.props.data as { length?: number } | unknown[] | undefined;
    counts[layer.id] = Array.isArray(data)
      ? data.length
      : ((data as { length?: number } | undefined)?.length ?? 0);
  }
  return counts;
}

function applySelection(
  map: MapLibreMap,
  selected: string | null,
  previous: string | null,
  boundaries: Boundaries,
) {
  if (selected === previous && previous !== null) return;
  map.setFilter(DISTRICT_SELECTED_LINE, selectedDistrictFilter(selected));
  map.setLayoutProperty(DISTRICT_SELECTED_LINE, 'visibility', selected ? 'visible' : 'none');
  for (const f of boundaries.features) {
    const code = f.properties.code;
    map.setFeatureState(
      { source: DISTRICT_SOURCE, id: code },
      { selected: code === selected, dimmed: selected !== null && code !== selected },
    );
  }
}
