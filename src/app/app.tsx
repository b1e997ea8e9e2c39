import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
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
import { flyRequested } from '@/state/map-focus';
import type { ScenarioDescriptor } from '@/state/scenario';
import { isGridCell } from '@/geo/cells';
import { Panel } from '@/ui/panel';
import { Breadcrumb, useCrumbs } from './breadcrumb';
import { Header } from './header';
import { scenarios } from './scenario-registry';
import { OverviewAlarms, OverviewTiles } from './overview';
import { DegradedBanner } from './degraded';
import { AlarmList } from './alarms/alarm-list';
import { useAlarms } from './alarms/alarm-queries';
import { useStage } from './stage';
import type { DemoHandle } from './demo-handle';
import { isWallPath, WALL_STATUS_PATH } from '@/wall/wall-paths';
import { Covered } from './coverage';

const WallApp = lazy(() => import('@/wall/wall-app'));
const WallStatus = lazy(() => import('@/wall/wall-status'));

/** Scenario panels load as their own chunk. */
export function Loading({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<p className="panel-state panel-loading">{t('app.loading')}</p>}>
      {children}
    </Suspense>
  );
}

/** Up one level: the selection first, then cell → its area, area → its parent. */
function goUp(parentOf: (code: string) => string | null) {
  const { selected, cell, area } = getUrlState();
  if (selected) return urlActions.entitySelected(null);
  if (cell) return urlActions.cellSelected(null);
  if (area) urlActions.areaSelected(parentOf(area));
}

/** The drawer of a selected entity whose scenario is not the one on screen (from an alarm, the overview). */
function ForeignDrawer({ active }: { active: ScenarioDescriptor | null }) {
  const selection = useSelection();
  if (!selection) return null;
  const owner = scenarios.find((s) => s.drawers?.[selection.feed]);
  const Drawer = owner?.drawers?.[selection.feed];
  if (!owner || !Drawer || owner === active) return null;
  // Drawers sit to the left of their anchor (beside a scenario's right column); this anchor is
  // the window's right edge, so a drawer opened from another screen is on screen too.
  return (
    <div className="foreign-drawer" data-testid="foreign-drawer">
      <Loading>
        <Drawer id={selection.id} onClose={() => urlActions.entitySelected(null)} />
      </Loading>
    </div>
  );
}

export function DesktopApp({ demo }: { demo: DemoHandle | null }) {
  const { t } = useTranslation();
  const { geo, profile } = useRuntime();
  const path = usePath();
  const areaCode = useAreaCode();
  const cell = useCell();
  const filter = useSelectedArea();
  const [notice, setNotice] = useState<string | null>(null);

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
  const alarms = useAlarms();
  const { map: mapFrame, ready } = useStage({ active, areaCode, cell, alarms });
  const crumbs = useCrumbs(areaCode ? (geo.area(areaCode)?.code ?? null) : null, cell);

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
            {active ? (
              <Covered scenario={active} area={filter} part="left">
                <active.Left area={filter} />
              </Covered>
            ) : (
              <OverviewTiles area={filter} />
            )}
          </Loading>
        </div>
        <div className="col col-centre">
          {active ? (
            <Loading>
              <Covered scenario={active} area={filter} part="kpis">
                <active.Kpis area={filter} />
              </Covered>
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
              <Covered scenario={active} area={filter} part="right">
                <active.Right area={filter} />
              </Covered>
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

/** The wall (`/wall`), its status page for desktops (`/wall/status`), or the desktop app. */
export function App({ demo }: { demo: DemoHandle | null }) {
  const path = usePath();
  if (path === WALL_STATUS_PATH)
    return (
      <Loading>
        <WallStatus />
      </Loading>
    );
  if (isWallPath(path))
    return (
      <Suspense fallback={null}>
        <WallApp demo={demo} />
      </Suspense>
    );
  return <DesktopApp demo={demo} />;
}
