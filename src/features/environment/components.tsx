// Small pieces the environment's panels share: the AQI chip, status and state words with their
// shapes, how a reading was averaged and when.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { AqiPollutant } from '@/domain/aqi';
import { useCityFormat } from '@/ui/use-city-format';
import {
  ENTERPRISE_HEX,
  STATE_HEX,
  STATE_MARK,
  STATUS_HEX,
  STATUS_MARK,
  aqiHex,
  aqiTextHex,
} from './colors';
import { SHAPE_GLYPH } from './icons';
import type { ReadingState } from './readings';
import { POLLUTANT_LABELS } from './alarm-rules';
import { environmentLayerToggled, useEnterprisesOn, useSurfaceOn } from './ui-state';

export const STATUS_KEYS = ['normal', 'attention', 'warning', 'alarm'] as const;

/** The level word of an AQI level (1–6), or "no data". */
export function useLevelWord(): (level: number | null) => string {
  const { t } = useTranslation();
  return useCallback(
    (level: number | null) =>
      level !== null && level >= 1 && level <= 6
        ? t(`environment.levels.${level - 1}`)
        : t('environment.noLevel'),
    [t],
  );
}

export const pollutantLabel = (p: string): string =>
  POLLUTANT_LABELS[p as AqiPollutant] ?? p.toUpperCase();

/** The AQI value on its level's colour, with the level word: colour and word together. */
export function AqiChip({
  aqi,
  level,
  size = 'normal',
  testId,
}: {
  aqi: number | null;
  level: number | null;
  size?: 'normal' | 'large';
  testId?: string;
}) {
  const word = useLevelWord();
  return (
    <span
      className={`env-aqi-chip env-aqi-${size}${level !== null && level >= 5 ? ' env-aqi-dark' : ''}`}
      style={{
        backgroundColor: aqiHex(aqi === null ? null : level),
        color: aqiTextHex(aqi === null ? null : level),
      }}
      data-testid={testId}
      data-level={aqi === null ? 0 : (level ?? 0)}
    >
      <span className="num">{aqi ?? '—'}</span>
      <span className="env-aqi-word">{aqi === null ? word(null) : word(level)}</span>
    </span>
  );
}

/** A status level: its shape, colour and word (docs/VISUAL). */
export function StatusWord({ level }: { level: 0 | 1 | 2 | 3 }) {
  const { t } = useTranslation();
  return (
    <span className="env-status" style={{ color: STATUS_HEX[level] }} data-level={level}>
      <span aria-hidden="true">{STATUS_MARK[level]} </span>
      {t(`environment.status.${STATUS_KEYS[level]}`)}
    </span>
  );
}

/** A reading's state: online, stale (hatched), offline (dashed) or out of range. */
export function StateWord({ state, ageMs }: { state: ReadingState; ageMs?: number | null }) {
  const { t } = useTranslation();
  return (
    <span
      className={`env-state env-state-${state}`}
      style={{ color: STATE_HEX[state] }}
      data-state={state}
    >
      <span aria-hidden="true">{STATE_MARK[state]} </span>
      {t(`environment.states.${state}`)}
      {state === 'stale' && ageMs
        ? ` · ${t('environment.staleFor', { d: Math.round(ageMs / 60_000) + ' min' })}`
        : ''}
    </span>
  );
}

/** "1-h mean · 10:00": what the value is and when it was observed. */
export function useAveragingText(): (averagingMs: number | null, at: number | null) => string {
  const { t } = useTranslation();
  const format = useCityFormat();
  return useCallback(
    (averagingMs, at) => {
      const kind =
        averagingMs === null || averagingMs === 0
          ? t('environment.averaging.instant')
          : averagingMs === 3_600_000
            ? t('environment.averaging.hour')
            : averagingMs === 86_400_000
              ? t('environment.averaging.day')
              : averagingMs < 3_600_000
                ? t('environment.averaging.minutes', { n: Math.round(averagingMs / 60_000) })
                : t('environment.averaging.hours', { n: Math.round(averagingMs / 3_600_000) });
      return at === null ? kind : `${kind} · ${format.clock(at)}`;
    },
    [t, format],
  );
}

/** The map's legend and its two optional layers' switches: nothing on the map needs hovering. */
export function MapLegend({ enterprises }: { enterprises: { count: number; offered: boolean } }) {
  const { t } = useTranslation();
  const surface = useSurfaceOn();
  const ent = useEnterprisesOn();
  const word = useLevelWord();
  return (
    <div className="env-legend" data-testid="environment-legend">
      <span className="env-legend-group">
        {(
          [
            ['circle', 'air'],
            ['triangleDown', 'water'],
            ['square', 'noise'],
            ['diamond', 'waterlogging'],
            ['triangleUp', 'slope'],
          ] as const
        ).map(([shape, kind]) => (
          <span key={kind} className="env-legend-item">
            <span aria-hidden="true">{SHAPE_GLYPH[shape]}</span> {t(`environment.kinds.${kind}`)}
          </span>
        ))}
      </span>
      <span className="env-legend-group" aria-label="AQI">
        {[1, 2, 3, 4, 5, 6].map((level) => (
          <span
            key={level}
            className="env-legend-swatch"
            style={{ backgroundColor: aqiHex(level), color: aqiTextHex(level) }}
          >
            {word(level)}
          </span>
        ))}
      </span>
      <span className="env-legend-group">
        {(['stale', 'offline', 'outOfRange'] as const).map((state) => (
          <span key={state} className="env-legend-item" style={{ color: STATE_HEX[state] }}>
            <span aria-hidden="true">
              {state === 'stale' ? '○' : state === 'offline' ? '◌' : '⊘'}
            </span>{' '}
            {t(`environment.states.${state}`)}
          </span>
        ))}
      </span>
      <span className="env-legend-group">
        <button
          type="button"
          aria-pressed={surface}
          onClick={() => environmentLayerToggled('surface')}
          data-testid="layer-surface"
        >
          {t('environment.layers.surface')}
        </button>
        <button
          type="button"
          aria-pressed={ent}
          onClick={() => environmentLayerToggled('enterprises')}
          data-testid="layer-enterprises"
        >
          <span aria-hidden="true" style={{ color: ENTERPRISE_HEX[0] }}>
            {SHAPE_GLYPH.workshop}
          </span>{' '}
          {enterprises.offered
            ? t('environment.enterprisesCount', { count: enterprises.count })
            : t('environment.layers.enterprises')}
        </button>
      </span>
    </div>
  );
}
