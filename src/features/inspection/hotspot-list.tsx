import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCityFormat } from '@/ui/use-city-format';
import { useDurationText } from '@/ui/use-duration';
import { useHeight } from '@/ui/use-height';
import { cssColor, codeName, styleOfCode, svgDash } from './class-style';
import { HOTSPOT_WINDOWS, type HotspotView, type RankedHotspot } from './hotspot-view';
import type { HotspotWindow } from './hotspot-cube';
import { usePlaceOfCell } from './labels';
import { sparkPoints } from './options';
import { inspectionUi } from './ui-state';

const ROW_PX = 60;

/** p as a wall can read it: three decimals, or "< 0.001". */
export const formatP = (p: number | null): string =>
  p === null || !Number.isFinite(p) ? '—' : p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`;

export function trendOf(r: Pick<RankedHotspot, 'trendZ' | 'trendP'>, alpha: number) {
  if (r.trendP === null || r.trendZ === null) return 'none' as const;
  if (r.trendP >= alpha) return 'flat' as const;
  return r.trendZ > 0 ? ('up' as const) : ('down' as const);
}

/** 1 h / today / 7 days; 7 days only when the source offers history (else disabled, with why). */
export function WindowToggle({
  view,
  window,
}: {
  view: HotspotView | undefined;
  window: HotspotWindow;
}) {
  const { t } = useTranslation();
  return (
    <div className="segmented" role="group" aria-label={t('inspection.hotspots')}>
      {HOTSPOT_WINDOWS.map((w) => {
        const off =
          w === '7d' && view !== undefined && view.week !== 'ok' && view.week !== 'history-loading';
        return (
          <button
            key={w}
            type="button"
            aria-pressed={window === w}
            disabled={off}
            title={off && view ? t(`inspection.windowUnavailable.${view.week}`) : undefined}
            onClick={() => inspectionUi.windowChanged(w)}
            data-testid={`window-${w}`}
            aria-label={t(`inspection.windows.${w}`)}
          >
            {t(`inspection.windowShort.${w}`)}
          </button>
        );
      })}
    </div>
  );
}

/** A class's mark and name, in its colour (the word always beside the colour). */
export function ClassTag({ code, short = false }: { code: number; short?: boolean }) {
  const { t } = useTranslation();
  const style = styleOfCode(code);
  const name = codeName(code);
  return (
    <span className="class-tag" data-class={name}>
      {style ? (
        <span className="class-mark" aria-hidden="true" style={{ color: cssColor(style) }}>
          {style.mark}
        </span>
      ) : null}
      {t(`inspection.${short ? 'classShort' : 'classes'}.${name}`)}
    </span>
  );
}

function Spark({ series, code }: { series: number[]; code: number }) {
  const style = styleOfCode(code);
  const w = 80;
  const h = 24;
  return (
    <svg className="spark" width={w} height={h} viewBox={`0 0 ${w} ${h}`} aria-hidden="true">
      <polyline
        points={sparkPoints(series, w - 2, h - 2)}
        transform="translate(1 1)"
        fill="none"
        stroke={style ? cssColor(style) : '#5AB1EF'}
        strokeWidth={1.5}
        strokeDasharray={style ? svgDash({ ...style, width: 1 }) : undefined}
      />
    </svg>
  );
}

const Row = memo(function Row({
  r,
  n,
  view,
  onDrill,
}: {
  r: RankedHotspot;
  n: number;
  view: HotspotView;
  onDrill: (key: string) => void;
}) {
  const { t } = useTranslation();
  const placeOf = usePlaceOfCell();
  const trend = trendOf(r, view.alpha);
  return (
    <li>
      <button
        type="button"
        className={r.hotNow ? 'hotspot-row' : 'hotspot-row quiet'}
        data-testid="hotspot-row"
        data-cell={r.cell}
        data-class={codeName(r.klass)}
        data-now={r.hotNow ? 1 : 0}
        disabled={!r.drill}
        onClick={() => r.drill && onDrill(r.drill)}
      >
        <span className="hotspot-rank num" aria-label={t('inspection.rankNo', { n })}>
          {n}
        </span>
        <span className="hotspot-main">
          <span className="hotspot-place">
            <bdi>{placeOf(view.resolution, r.community, r.cell)}</bdi>
          </span>
          <span className="hotspot-meta">
            <ClassTag code={r.klass} short /> ·{' '}
            <span className="num">
              {t('inspection.z', { z: r.lastZ.toFixed(1), p: formatP(r.lastP) })}
            </span>
          </span>
          <span className="hotspot-meta">
            {t('inspection.trendP', {
              dir: t(`inspection.trend.${trend}`),
              p: trend === 'none' ? '—' : formatP(r.trendP),
            })}
          </span>
        </span>
        <span className="hotspot-figures">
          <span className="hotspot-count num">{r.total}</span>
          <Spark series={r.series} code={r.klass} />
        </span>
      </button>
    </li>
  );
});

/**
 * The area's hot spots now, strongest first: place, class with its significance, the trend of its
 * intensity and its detections per step (for today: the time-of-day profile). Only cells with the
 * minimum sample are ranked. A click drills into the child area (or the grid cell) holding it.
 */
export function HotspotList({
  view,
  onDrill,
}: {
  view: HotspotView;
  onDrill: (key: string) => void;
}) {
  const { t } = useTranslation();
  const format = useCityFormat();
  const duration = useDurationText();
  const [ref, height] = useHeight<HTMLDivElement>();
  if (view.state !== 'ok')
    return (
      <p className="panel-state" data-testid="hotspots-unavailable">
        {t(`inspection.windowUnavailable.${view.state}`)}
      </p>
    );
  const steps = view.steps!;
  // Rows are two lines and a sparkline tall: as many as the panel holds, never a scrollbar.
  const rows = height > 0 ? Math.max(1, Math.floor(height / ROW_PX)) : view.ranked.length;
  return (
    <div className="hotspot-list" data-testid="hotspot-list" data-rows={view.ranked.length}>
      <p className="hotspot-summary">
        {t('inspection.steps', {
          count: steps.count,
          step: duration(steps.step),
          // A week's steps span days; the last step runs up to the data's time.
          from: view.window === '7d' ? format.dateTime(steps.start) : format.clock(steps.start),
          to: format.clock(Math.min(steps.end, view.at)),
        })}
        {' · '}
        {t('inspection.eligible', { eligible: view.eligibleCells, cells: view.cells.length })}
        {view.fromHistory > 0 ? ` · ${t('inspection.history', { count: view.fromHistory })}` : ''}
      </p>
      {!view.enoughSteps ? <p className="note">◷ {t('inspection.fewSteps')}</p> : null}
      <div className="hotspot-scroll" ref={ref}>
        {view.ranked.length === 0 ? (
          <p className="panel-state">{t('inspection.noHot')}</p>
        ) : (
          <ol className="hotspot-rows">
            {view.ranked.slice(0, rows).map((r, i) => (
              <Row key={r.cell} r={r} n={i + 1} view={view} onDrill={onDrill} />
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
