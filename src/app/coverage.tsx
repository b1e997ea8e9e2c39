import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { PickingInfo } from '@deck.gl/core';
import { FEED_NAMES, type FeedName } from '@/domain/common';
import { COVERAGE, aggregated, type CoverageView } from '@/feeds/coverage';
import type { FeedCoverage } from '@/feeds/view-builder';
import { useViewData } from '@/feeds/use-view';
import { cellCentre, isGridCell } from '@/geo/cells';
import type { GeoIndex } from '@/geo/geo-index';
import { MAP_FONT_FAMILY } from '@/map/base-layers';
import { useRuntime } from '@/state/runtime';
import type { ScenarioDescriptor } from '@/state/scenario';
import { urlActions } from '@/state/url-state';
import { formatCount } from '@/ui/format';
import { KpiTile } from '@/ui/kpi-tile';
import { Panel } from '@/ui/panel';
import { useAreaName } from '@/ui/use-area-name';

/**
 * How the feeds past their `entityBudget` cover an area (docs/config.md, "Cities too big for a
 * browser"). Asked only when a feed has a budget: other configurations pay nothing.
 */
export function useCoverage(area: string | null): CoverageView | undefined {
  const { config } = useRuntime();
  const budgeted = FEED_NAMES.some((feed) => config.feeds[feed]?.entityBudget !== undefined);
  return useViewData<CoverageView>(COVERAGE, { area }, budgeted);
}

/** The part of a screen a scenario fills: its panels, KPI strip, overview tile or title chip. */
export type ScenarioPart = 'left' | 'right' | 'kpis' | 'tile' | 'chip';

/**
 * A scenario's part, unless a feed it needs holds more entities in the area than the screen may
 * hold: then the source's counts one level down stand in for it, and the scenario's own
 * components (which read entities) are not mounted. Any scenario, no code of its own.
 */
export function Covered({
  scenario,
  area,
  part,
  children,
}: {
  scenario: ScenarioDescriptor;
  area: string | null;
  part: ScenarioPart;
  children: ReactNode;
}) {
  const coverage = useCoverage(area);
  const over = aggregated(coverage, scenario.feeds);
  if (!over.length) return <>{children}</>;
  if (part === 'chip') return null;
  if (part === 'kpis') return <CoverageKpis over={over} />;
  return (
    <>
      {over.map((c) => (
        <CoveragePanel key={c.feed} coverage={c} area={area} part={part} />
      ))}
    </>
  );
}

function useCoverageText() {
  const { t, i18n } = useTranslation();
  const areaName = useAreaName();
  const { geo } = useRuntime();
  return useMemo(
    () => ({
      feed: (feed: FeedName) => t(`feeds.${feed}`),
      level: (c: FeedCoverage) => t(`coverage.level.${c.level}`),
      count: (n: number) => formatCount(n, i18n.language),
      area: (code: string | null) => areaName(code ?? geo.cityCode),
      name: areaName,
    }),
    [t, i18n.language, areaName, geo.cityCode],
  );
}

function CoverageKpis({ over }: { over: FeedCoverage[] }) {
  const { t } = useTranslation();
  const text = useCoverageText();
  return (
    <div className="kpi-strip" data-testid="coverage-kpis">
      {over.map((c) => (
        <KpiTile
          key={c.feed}
          label={t('coverage.total', { feed: text.feed(c.feed) })}
          value={text.count(c.total)}
          comparison={t('coverage.budget', { budget: text.count(c.budget) })}
          testId={`coverage-total-${c.feed}`}
        />
      ))}
    </div>
  );
}

/** Rows shown of the groups: the largest first. */
const ROWS = { left: 20, right: 0, tile: 3 } as const;

function CoveragePanel({
  coverage,
  area,
  part,
}: {
  coverage: FeedCoverage;
  area: string | null;
  part: 'left' | 'right' | 'tile';
}) {
  const { t } = useTranslation();
  const text = useCoverageText();
  const level = text.level(coverage);
  const feed = text.feed(coverage.feed);
  const groups = useMemo(
    () => [...coverage.groups].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)),
    [coverage.groups],
  );
  const shown = groups.slice(0, ROWS[part]);
  const max = groups[0]?.count ?? 1;
  const explain = (
    <p className="panel-state coverage-explain" role="status" data-testid="coverage-explain">
      {t('coverage.explain', {
        area: text.area(area),
        feed,
        total: text.count(coverage.total),
        budget: text.count(coverage.budget),
        level,
      })}
    </p>
  );
  const list = shown.length ? (
    <ol className="coverage-list" data-testid="coverage-list">
      {shown.map((g) => (
        <li key={g.key}>
          <button
            type="button"
            className="coverage-row"
            aria-label={t('coverage.drill', { name: text.name(g.key) })}
            onClick={() => drill(g.key)}
          >
            <span className="coverage-name">{text.name(g.key)}</span>
            <span className="coverage-bar" aria-hidden="true">
              <span style={{ width: `${Math.max(2, (g.count / max) * 100)}%` }} />
            </span>
            <span className="coverage-count">{text.count(g.count)}</span>
          </button>
        </li>
      ))}
      {groups.length > shown.length ? (
        <li className="coverage-more">
          {t('coverage.more', { count: groups.length - shown.length, level })}
        </li>
      ) : null}
    </ol>
  ) : null;
  if (part === 'tile')
    return (
      <div className="coverage-tile" data-testid={`coverage-tile-${coverage.feed}`}>
        <p className="coverage-total">
          {t('coverage.total', { feed })} <strong>{text.count(coverage.total)}</strong>
        </p>
        {list}
      </div>
    );
  return (
    <Panel
      title={t('coverage.title', { feed, level })}
      feeds={[coverage.feed]}
      testId={`coverage-${part}-${coverage.feed}`}
      className="panel-coverage"
    >
      {part === 'right' ? explain : list}
    </Panel>
  );
}

const drill = (key: string) =>
  isGridCell(key) ? urlActions.cellSelected(key) : urlActions.areaSelected(key);

interface CountPoint {
  key: string;
  count: number;
  position: [number, number];
}

/** The map's counts: a disc per area one level down, its area proportional to the count. */
export function buildCoverageLayers(over: readonly FeedCoverage[], geo: GeoIndex) {
  const points: CountPoint[] = [];
  for (const c of over)
    for (const g of c.groups) {
      const node = geo.area(g.key);
      const position = node ? node.anchor : isGridCell(g.key) ? cellCentre(g.key) : null;
      if (position && g.count > 0)
        points.push({ key: g.key, count: g.count, position: [position[0], position[1]] });
    }
  if (!points.length) return [];
  const max = Math.max(...points.map((p) => p.count));
  const radius = (p: CountPoint) => 8 + 36 * Math.sqrt(p.count / max);
  return [
    new ScatterplotLayer<CountPoint>({
      id: 'coverage-counts',
      data: points,
      getPosition: (p) => p.position,
      getRadius: radius,
      radiusUnits: 'pixels',
      getFillColor: [77, 163, 255, 90],
      getLineColor: [77, 163, 255, 230],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      stroked: true,
      pickable: true,
    }),
    new TextLayer<CountPoint>({
      id: 'coverage-count-labels',
      data: points,
      getPosition: (p) => p.position,
      getText: (p) => String(p.count),
      getSize: 14,
      // Below the disc's centre, where the district's own name is.
      getPixelOffset: (p) => [0, Math.min(radius(p), 18) + 4],
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'top',
      getColor: [230, 238, 247, 255],
      fontFamily: MAP_FONT_FAMILY,
      characterSet: '0123456789',
      outlineWidth: 2,
      outlineColor: [11, 21, 34, 255],
      fontSettings: { sdf: true },
    }),
  ];
}

/** A click on a count drills into its area; false when the pick is not one. */
export function pickCoverage(info: PickingInfo): boolean {
  if (info.layer?.id !== 'coverage-counts' || !info.object) return false;
  drill((info.object as CountPoint).key);
  return true;
}
