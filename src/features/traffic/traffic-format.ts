// Small formatting helpers of the traffic panels (pure; the page passes the language).
import type { CongestionLevel } from './congestion';

/** A figure with one decimal, or "—". */
export const one = (x: number | null | undefined, locale: string): string =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '—'
    : new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
        x,
      );

/** A share as a whole percentage, or "—". */
export const percent0 = (x: number | null | undefined, locale: string): string =>
  x === null || x === undefined || !Number.isFinite(x)
    ? '—'
    : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(x);

/** A signed change with one decimal: +0.4 / −1.2 / ±0.0. */
export const signed = (x: number | null | undefined, locale: string): string => {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const rounded = Math.round(x * 10) / 10;
  const text = one(Math.abs(rounded), locale);
  return rounded > 0 ? `+${text}` : rounded < 0 ? `−${text}` : `±${text}`;
};

/** The KPI tone of a congestion level (the shape mark comes with it). */
export const levelTone = (
  level: CongestionLevel | null,
): 'normal' | 'attention' | 'warning' | 'alarm' =>
  level === 'severe'
    ? 'alarm'
    : level === 'moderate'
      ? 'warning'
      : level === 'light'
        ? 'attention'
        : 'normal';
