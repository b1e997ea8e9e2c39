import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { useChartZoom } from '@/charts/chart-scale';

/**
 * The element's height in design pixels — CSS pixels on a desktop, CSS pixels over the wall's
 * enlargement on the wall (whose charts and rows are enlarged by as much) — kept current as it
 * resizes (0 before layout).
 */
export function useHeight<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const zoom = useChartZoom();
  const [cssHeight, setHeight] = useState(0);
  const height = Math.round(cssHeight / zoom);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setHeight(Math.round(el.getBoundingClientRect().height));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, height];
}

/**
 * How many bars of a ranked chart fit a height: one text line per bar in Chinese, room for two
 * in English (long names wrap rather than being cut with "…"), at least `min`, at most `max`.
 */
export function rowsFor(height: number, language: string, max: number, min = 3): number {
  if (height <= 0) return max;
  const row = language === 'en' ? 28 : 20;
  return Math.max(min, Math.min(max, Math.floor((height - 12) / row)));
}
