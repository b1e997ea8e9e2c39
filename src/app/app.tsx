import { Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
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
import {
  urlActions,
  useAreaCode,
  useCell,
  usePath,
  useSelectedArea,
  useSelection,
  getUrlState,
} from '@/state/url-state';
import { flyRequested, useFlyTarget } from '@/state/map-focus';
import type { MapMode, ScenarioDescriptor, ScenarioMap } from '@/state/scenario';
import { ErrorBoundary } from '@/ui/error-boundary';
import { useFeedsFaded } from '@/feeds/use-freshness';
import { Panel } from '@/ui/panel';
import { Breadcrumb, useCrumbs } from './breadcrumb';
import { Header } from './header';
import { scenarios } from './scenario-registry';
import { OverviewAlarms, OverviewTiles } from './overview';
import { DegradedBanner, MapFeedNotice } from './degraded';
import { AlarmList } from './alarms/alarm-list';
import { buildAlarmLayer } from './alarms/alarm-layer';
import { useAlarms } from './alarms/alarm-queries';
import type { DemoHandle } from './demo-handle';

/** Scenario panels load as their own chunk. */
function Loading({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<p className="panel-state panel-loading">{t('app.loading')}</p>}>
      {children}
    </Suspense>
  );
}

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

/** Up one level: the selection first, then cell → its area, area → its parent. */
function goUp(parentOf: (code: string) => string | null) {
  const { selected, cell, area } = getUrlState();
  if (selected) return urlActions.entitySelected(null);
  if (cell) return urlActions.cellSelected(null);
  if (area) urlActions.areaSelected(parentOf(area));
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

/** The drawer of a selected entity whose scenario is not the one on screen (from an alarm, the overview). */
function ForeignDrawer({ active }: { active: ScenarioDescriptor | null }) {
  const selection = useSelection();
  if (!selection) return null;
  const owner = scenarios.find((s) => s.drawers?.[selection.feed]);
  const Drawer = owner?.drawers?.[selection.feed];
  if (!owner || !Drawer || owner === active) return null;
  return (
    <Loading>
      <Drawer id={selection.id} onClose={() => urlActions.entitySelected(null)} />
    </Loading>
  );
}

export function App({ demo }: { demo: DemoHandle | null }) {
  const { t, i18n } = useTranslation();
  const { config, geo, profile } = useRuntime();
  const path = usePath();
  const areaCode = useAreaCode();
  const cell = useCell();
  const filter = useSelectedArea();
  const flyTarget = useFlyTarget();
  const [notice, setNotice] = useState<string | null>(null);
  const [mapLoaded, setMapLoaded] = useState(false);

  // Unknown or legacy codes in a shared link: say so and show the city, never a blank page.
  useEffect(() => {
    if (areaCode && !geo.area(areaCode)) {
      // The correction of the URL and the notice about it are one event.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setNotice(t('area.unknown', { code: areaCode }));
      urlActions.replaced({ area: null, cell: null });
    } else if (areaCode && geo.canonical(areaCode) !== areaCode) {
      urlActions.replaced({ area: geo.canonical(areaCode) });
    }
    if (cell && !isGridCell(cell)) {
      setNotice(t('area.unknown', { code: cell }));
      urlActions.replaced({ cell: null });
    }
  }, [areaCode, cell, geo, t]);

  // A new area (or screen) takes the map back from an alarm it flew to.
  useEffect(() => flyRequested(null), [filter, path]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) goUp((code) => geo.area(code)?.parent ?? null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [geo]);

  const active = scenarios.find((s) => s.path === path) ?? null;
  const maps = useScenarioMaps(filter, (s) =>
    active === null ? 'summary' : s === active ? 'full' : 'off',
  );

  const alarms = useAlarms();
  const blink = useBlink(
    (alarms ?? []).some((a) => a.severity === 'critical' && !a.ack && a.position !== null),
  );
  const alarmLayers = useMemo(() => buildAlarmLayer(alarms ?? [], blink), [alarms, blink]);

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
  const scenarioLayers = useSameList(maps.map((m) => m.layers));
  const layers = useMemo<Layer[]>(
    () => [...scenarioLayers.flat(), ...alarmLayers, labelLayer],
    [scenarioLayers, alarmLayers, labelLayer],
  );

  const extent = maps.find((m) => m.map.extent)?.map.extent ?? null;
  const focus = useMemo<MapFocus | null>(() => {
    if (flyTarget) {
      const [x, y] = flyTarget.position;
      const d = 0.01;
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
    for (const m of maps) if (m.map.onPick(info)) return;
  };
  const crumbs = useCrumbs(areaNode?.code ?? null, cell);
  const ready =
    mapLoaded &&
    (active ? maps.find((m) => m.scenario === active)?.map.ready : maps.some((m) => m.map.ready));

  const mapFrame = (
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
      <MapFeedNotice scenarios={active ? [active] : scenarios} />
    </div>
  );

  return (
    <div className={`shell profile-${profile}`} data-testid="app" data-profile={profile}>
      <Header demo={demo} />
      {/* First data drawn: what end-to-end tests and wall watchdogs wait for. */}
      {ready ? <span hidden data-testid="app-ready" /> : null}
      <div className="subbar">
        <Breadcrumb crumbs={crumbs} />
        {notice ? (
          <p className="notice" role="status" data-testid="area-notice">
            {notice}
            <button type="button" onClick={() => setNotice(null)} aria-label="✕">
              ✕
            </button>
          </p>
        ) : null}
        <DegradedBanner />
      </div>
      {/* One tree for every screen: the map host stays mounted when the screen changes. */}
      <main
        className={active ? 'screen' : 'screen screen-overview'}
        data-screen={active?.id ?? 'overview'}
      >
        <div className={active ? 'col col-left' : 'col col-left tiles'}>
          <Loading>
            {active ? <active.Left area={filter} /> : <OverviewTiles area={filter} />}
          </Loading>
        </div>
        <div className="col col-centre">
          {active ? (
            <Loading>
              <active.Kpis area={filter} />
            </Loading>
          ) : null}
          {mapFrame}
          {active ? (
            <Panel title={t('alarms.title')} testId="panel-alarms" className="panel-alarms">
              <AlarmList feeds={active.feeds} area={filter} limit={2} />
            </Panel>
          ) : null}
        </div>
        <div className="col col-right">
          {active ? (
            <Loading>
              <active.Right area={filter} />
            </Loading>
          ) : (
            <OverviewAlarms area={filter} />
          )}
        </div>
      </main>
      <ForeignDrawer active={active} />
    </div>
  );
}
