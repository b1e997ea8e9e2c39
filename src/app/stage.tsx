import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Layer, PickingInfo } from '@deck.gl/core';
import { MapView, type MapFocus } from '@/map/map-view';
import {
  buildDistrictLabelLayer,
  declutterLabels,
  districtLabels,
  type DistrictLabel,
  type Projector,
} from '@/map/base-layers';
import { isGridCell, cellPolygon } from '@/geo/cells';
import { useRuntime } from '@/state/runtime';
import { urlActions } from '@/state/url-state';
import { useFlyTarget } from '@/state/map-focus';
import type { MapMode, ScenarioDescriptor, ScenarioMap } from '@/state/scenario';
import type { Alarm } from '@/feeds/alarms';
import { ErrorBoundary } from '@/ui/error-boundary';
import { useFeedsFaded } from '@/feeds/use-freshness';
import { scenarios } from './scenario-registry';
import { MapFeedNotice } from './degraded';
import { buildAlarmLayer } from './alarms/alarm-layer';
import { buildCoverageLayers, pickCoverage, useCoverage } from './coverage';
import { aggregated } from '@/feeds/coverage';

/** A little room around entities' extent; a single point still gets a few hundred metres. */
function padExtent([x0, y0, x1, y1]: [number, number, number, number]): [
  number,
  number,
  number,
  number,
] {
  const pad = Math.max(0.002, (x1 - x0) * 0.05, (y1 - y0) * 0.05);
  return [x0 - pad, y0 - pad, x1 + pad, y1 + pad];
}

/** Layers of a scenario whose feeds are stale or down fade: stale data never looks live. */
function useFadedLayers(scenario: ScenarioDescriptor, map: ScenarioMap, mode: MapMode): Layer[] {
  const faded = useFeedsFaded(scenario.feeds) && mode !== 'off';
  return useMemo(
    () =>
      faded
        ? map.layers.map((layer) => layer.clone({ opacity: (layer.props.opacity ?? 1) * 0.3 }))
        : map.layers,
    [faded, map.layers],
  );
}

/** One scenario's map hook and its fading, in registry order (the registry is fixed for the page's life). */
function useScenarioMaps(area: string | null, modeOf: (s: ScenarioDescriptor) => MapMode) {
  const maps: { scenario: ScenarioDescriptor; map: ScenarioMap; layers: Layer[] }[] = [];
  for (const scenario of scenarios) {
    const mode = modeOf(scenario);
    const map = scenario.useMap(area, mode);
    // eslint-disable-next-line react-hooks/rules-of-hooks -- same
    const layers = useFadedLayers(scenario, map, mode);
    maps.push({ scenario, map, layers });
  }
  return maps;
}

/** The previous list while its members are the same objects: memoised per-scenario parts stay memoised together. */
function useSameList<T>(list: T[]): T[] {
  const [held, setHeld] = useState(list);
  const same = held.length === list.length && held.every((item, i) => item === list[i]);
  if (!same) setHeld(list);
  return same ? held : list;
}

/** Critical unacknowledged alarms blink at 1 Hz; nothing ticks when there is none. */
function useBlink(active: boolean): boolean {
  const [on, setOn] = useState(true);
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setOn((v) => !v), 500);
    return () => clearInterval(timer);
  }, [active]);
  return active ? on : true;
}

export interface StageOptions {
  /** The scenario on screen (null: the overview, every scenario's summary). */
  active: ScenarioDescriptor | null;
  /** Area code from the URL or the wall's slide. */
  areaCode: string | null;
  /** Grid cell inside it. */
  cell: string | null;
  alarms: readonly Alarm[] | undefined;
}

export interface Stage {
  /** The map with every layer, its notices and error boundary. */
  map: ReactNode;
  /** The map and the screen's data are drawn. */
  ready: boolean;
}

/**
 * The shared map of every screen, desktop or wall: the scenarios' layers (full for the one on
 * screen, a summary each on the overview), alarms, district labels, and where the camera goes.
 */
export function useStage({ active, areaCode, cell, alarms }: StageOptions): Stage {
  const { t, i18n } = useTranslation();
  const { config, geo } = useRuntime();
  const flyTarget = useFlyTarget();
  const [mapLoaded, setMapLoaded] = useState(false);
  const filter = cell ?? areaCode;
  const maps = useScenarioMaps(filter, (s) =>
    active === null ? 'summary' : s === active ? 'full' : 'off',
  );

  // A scenario's map marks its own feeds' alarms, and critical ones from anywhere; the overview
  // marks every alarm. Other scenarios' rings would cover the marks the screen is about.
  const marked = useMemo(
    () =>
      active === null
        ? (alarms ?? [])
        : (alarms ?? []).filter(
            (a) => a.severity === 'critical' || (a.feed !== null && active.feeds.includes(a.feed)),
          ),
    [alarms, active],
  );
  const blink = useBlink(
    marked.some((a) => a.severity === 'critical' && !a.ack && a.position !== null),
  );
  const alarmLayers = useMemo(() => buildAlarmLayer(marked, blink), [marked, blink]);

  const areaNode = areaCode ? geo.area(areaCode) : undefined;
  const selectedDistrict = areaNode
    ? (geo.path(areaNode.code).find((n) => n.level === 'district')?.code ?? null)
    : null;
  const english = i18n.language === 'en';
  // On the map, English names drop their level ("Gulou", not "Gulou District"): as short as the
  // Chinese ones, so they collide as little.
  const names = useMemo(
    () =>
      new Map(
        geo.districts.map((d) => [
          d.code,
          english ? d.nameEn.replace(/ (District|County|City|Town|Township)$/, '') : d.name,
        ]),
      ),
    [geo, english],
  );
  const labels = useMemo(() => districtLabels(geo.boundaries), [geo]);
  const [projector, setProjector] = useState<Projector | null>(null);
  const placedLabels = useMemo(
    () => declutterLabels(labels, names, projector, selectedDistrict),
    [labels, names, projector, selectedDistrict],
  );
  const labelLayer = useMemo(
    () => buildDistrictLabelLayer(placedLabels, names, selectedDistrict),
    [placedLabels, names, selectedDistrict],
  );
  // Feeds past their budget in this area: the source's counts one level down, as discs.
  const coverage = useCoverage(filter);
  const over = useMemo(
    () => aggregated(coverage, active ? active.feeds : scenarios.flatMap((s) => s.feeds)),
    [coverage, active],
  );
  const coverageLayers = useMemo(() => buildCoverageLayers(over, geo), [over, geo]);
  const scenarioLayers = useSameList(maps.map((m) => m.layers));
  const layers = useMemo<Layer[]>(
    () => [...scenarioLayers.flat(), ...coverageLayers, ...alarmLayers, labelLayer],
    [scenarioLayers, coverageLayers, alarmLayers, labelLayer],
  );

  const extent = maps.find((m) => m.map.extent)?.map.extent ?? null;
  const focus = useMemo<MapFocus | null>(() => {
    if (flyTarget) {
      const [x, y] = flyTarget.position;
      // A few kilometres around it: the place among its streets and neighbours, not a blank tile.
      const d = 0.025;
      return { key: `fly:${flyTarget.key}`, bbox: [x - d, y - d, x + d, y + d] };
    }
    if (cell && isGridCell(cell)) {
      const ring = cellPolygon(cell);
      const xs = ring.map((p) => p[0]);
      const ys = ring.map((p) => p[1]);
      return {
        key: cell,
        bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
      };
    }
    const node = areaNode ?? geo.area(geo.cityCode);
    if (!node) return null;
    // Streets and communities have no published boundary: fit the extent of their entities once
    // the data is there (the division file's anchors until then).
    if ((node.level === 'street' || node.level === 'community') && extent)
      return { key: `${node.code}:data`, bbox: padExtent(extent) };
    return { key: node.code, bbox: node.bbox };
  }, [flyTarget, cell, areaNode, geo, extent]);

  const onPick = (info: PickingInfo) => {
    if (info.layer?.id === 'district-labels' && info.object) {
      urlActions.areaSelected((info.object as DistrictLabel).code);
      return;
    }
    if (pickCoverage(info)) return;
    for (const m of maps) if (m.map.onPick(info)) return;
  };
  const ready =
    mapLoaded &&
    (over.length > 0 ||
      !!(active
        ? maps.find((m) => m.scenario === active)?.map.ready
        : maps.some((m) => m.map.ready)));

  const map = (
    <div className="map-frame">
      <ErrorBoundary what={t('app.map')}>
        <MapView
          boundaries={geo.boundaries}
          center={config.city.map.center}
          zoom={config.city.map.zoom}
          minZoom={config.city.map.minZoom}
          maxZoom={config.city.map.maxZoom}
          layers={layers}
          selectedDistrict={selectedDistrict}
          focus={focus}
          onPick={onPick}
          onDistrictClick={(code) => urlActions.areaSelected(code)}
          onLoad={() => setMapLoaded(true)}
          onSettle={(project) => setProjector(() => project)}
          label={t('app.map')}
        />
      </ErrorBoundary>
      <MapFeedNotice scenarios={active ? [active] : scenarios} over={over} />
    </div>
  );
  return { map, ready };
}
