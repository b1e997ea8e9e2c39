import { Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Layer, PickingInfo } from '@deck.gl/core';
import type { DisplayProfile } from '@/config/config-schema';
import { MapView, type MapFocus } from '@/map/map-view';
import { buildDistrictLabelLayer, districtLabels, type DistrictLabel } from '@/map/base-layers';
import { isGridCell, cellPolygon } from '@/geo/cells';
import { useRuntime } from '@/state/runtime';
import {
  urlActions,
  useAreaCode,
  useCell,
  usePath,
  useSelectedArea,
  getUrlState,
} from '@/state/url-state';
import { Breadcrumb, useCrumbs } from './breadcrumb';
import { Header } from './header';
import { scenarios } from './scenarios';
import type { DemoHandle } from './demo-handle';

/** Scenario panels load as their own chunk. */
function Loading({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<p className="panel-loading">{t('app.loading')}</p>}>{children}</Suspense>
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

/** Up one level: cell → its area, area → its parent; the selection first if one is open. */
function goUp(parentOf: (code: string) => string | null) {
  const { selected, cell, area } = getUrlState();
  if (selected) return urlActions.ticketSelected(null);
  if (cell) return urlActions.cellSelected(null);
  if (area) urlActions.areaSelected(parentOf(area));
}

export function App({ demo, profile }: { demo: DemoHandle | null; profile: DisplayProfile }) {
  const { t, i18n } = useTranslation();
  const { config, geo } = useRuntime();
  const path = usePath();
  const areaCode = useAreaCode();
  const cell = useCell();
  const filter = useSelectedArea();
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

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') goUp((code) => geo.area(code)?.parent ?? null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [geo]);

  const active = scenarios.find((s) => s.path === path) ?? scenarios[0]!;
  const isOverview = !scenarios.some((s) => s.path === path);
  // The registry is fixed for the page's life, so the hooks run in the same order every render.
  const maps = scenarios.map((s) => s.useMap(filter, s === active));

  const areaNode = areaCode ? geo.area(areaCode) : undefined;
  const selectedDistrict = areaNode
    ? (geo.path(areaNode.code).find((n) => n.level === 'district')?.code ?? null)
    : null;
  const english = i18n.language === 'en';
  const names = useMemo(
    () => Object.fromEntries(geo.districts.map((d) => [d.code, english ? d.nameEn : d.name])),
    [geo, english],
  );
  const labels = useMemo(() => districtLabels(geo.boundaries), [geo]);
  const labelLayer = useMemo(
    () => buildDistrictLabelLayer(labels, names, selectedDistrict),
    [labels, names, selectedDistrict],
  );
  const layers = useMemo<Layer[]>(
    () => [...maps.flatMap((m) => m.layers), labelLayer],
    [maps, labelLayer],
  );

  const focus = useMemo<MapFocus | null>(() => {
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
    const extent = maps.find((m) => m.extent)?.extent;
    if ((node.level === 'street' || node.level === 'community') && extent)
      return { key: `${node.code}:data`, bbox: padExtent(extent) };
    return { key: node.code, bbox: node.bbox };
  }, [cell, areaNode, geo, maps]);

  const onPick = (info: PickingInfo) => {
    if (info.layer?.id === 'district-labels' && info.object) {
      urlActions.areaSelected((info.object as DistrictLabel).code);
      return;
    }
    for (const m of maps) if (m.onPick(info)) return;
  };
  const crumbs = useCrumbs(areaNode?.code ?? null, cell);
  const { Kpis, Left, Right, Summary, Highlights } = active;

  return (
    <div className={`shell profile-${profile}`} data-testid="app" data-profile={profile}>
      <Header demo={demo} />
      {/* First data drawn: what end-to-end tests and wall watchdogs wait for. */}
      {mapLoaded && maps.some((m) => m.ready) ? <span hidden data-testid="app-ready" /> : null}
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
      </div>
      <main className="screen">
        <div className="col col-left">
          <Loading>{isOverview ? <Summary area={filter} /> : <Left area={filter} />}</Loading>
        </div>
        <div className="col col-centre">
          <Loading>
            <Kpis area={filter} />
          </Loading>
          <div className="map-frame">
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
              label={t('app.map')}
            />
          </div>
        </div>
        <div className="col col-right">
          <Loading>{isOverview ? <Highlights area={filter} /> : <Right area={filter} />}</Loading>
        </div>
      </main>
    </div>
  );
}
