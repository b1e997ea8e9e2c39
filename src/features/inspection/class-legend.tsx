import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount } from '@/ui/format';
import { CLASS_STYLE, cssColor, HOT_CLASSES, svgDash, type ClassStyle } from './class-style';
import { classCode, isColdClass } from './hotspot-classes';
import type { HotspotView } from './hotspot-view';
import type { InspectionLayerMode } from './layers';
import { inspectionUi, useCameraLayer, useInspectionLayerMode } from './ui-state';

/** A hexagon drawn as the map draws the class: its colour, outline width and dash. */
export function ClassSwatch({ style, size = 22 }: { style: ClassStyle; size?: number }) {
  const r = size / 2 - style.width / 2 - 0.5;
  const c = size / 2;
  const points = Array.from({ length: 6 }, (_, k) => {
    const a = (Math.PI / 3) * k + Math.PI / 6;
    return `${(c + r * Math.cos(a)).toFixed(1)},${(c + r * Math.sin(a)).toFixed(1)}`;
  }).join(' ');
  return (
    <svg
      className="class-swatch"
      width={size}
      height={size}
      viewBox={`0 0 ${size} ${size}`}
      aria-hidden="true"
    >
      <polygon
        points={points}
        fill={cssColor(style, 0.12)}
        stroke={cssColor(style)}
        strokeWidth={style.width}
        strokeDasharray={svgDash(style) || undefined}
      />
    </svg>
  );
}

/**
 * The legend of the map's outlines, with how many cells of the area are in each class now: the
 * eight hot classes, each a swatch (colour, dash, width), a mark, its name and what it means.
 */
export const ClassLegend = memo(function ClassLegend({ view }: { view: HotspotView }) {
  const { t, i18n } = useTranslation();
  const cold = view.classCounts.reduce((n, c, code) => (isColdClass(code) ? n + c : n), 0);
  return (
    <div className="class-legend" data-testid="class-legend">
      <ul>
        {HOT_CLASSES.map((name) => {
          const style = CLASS_STYLE[name];
          const count = view.classCounts[classCode(name)] ?? 0;
          return (
            <li key={name} data-testid="legend-class" data-class={name} data-count={count}>
              <ClassSwatch style={style} size={20} />
              <span className="class-mark" aria-hidden="true" style={{ color: cssColor(style) }}>
                {style.mark}
              </span>
              <span className="legend-name">{t(`inspection.classes.${name}`)}</span>
              <span className="legend-hint">{t(`inspection.classHints.${name}`)}</span>
              <span className={`legend-count num${count === 0 ? ' zero' : ''}`}>
                {formatCount(count, i18n.language)}
              </span>
            </li>
          );
        })}
      </ul>
      <p className="legend-note">
        {t('inspection.legendNote', {
          cold,
          small: view.classCounts[0] ?? 0,
          alpha: view.alpha,
        })}
      </p>
    </div>
  );
});

/** Hex / heat / points and the cameras, for the map. */
export function LayerToggle() {
  const { t } = useTranslation();
  const mode = useInspectionLayerMode();
  const cameras = useCameraLayer();
  return (
    <div className="segmented layer-toggle" role="group" aria-label={t('app.map')}>
      {(['hex', 'heat', 'points'] as InspectionLayerMode[]).map((m) => (
        <button
          key={m}
          type="button"
          aria-pressed={mode === m}
          onClick={() => inspectionUi.modeChanged(m)}
          data-testid={`inspection-layer-${m}`}
        >
          {t(`inspection.layers.${m}`)}
        </button>
      ))}
      <button
        type="button"
        aria-pressed={cameras}
        onClick={() => inspectionUi.camerasToggled()}
        data-testid="inspection-layer-cameras"
      >
        {t('inspection.layers.cameras')}
      </button>
    </div>
  );
}
