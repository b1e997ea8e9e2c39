import { createContext, useContext } from 'react';

/**
 * How much designs in desktop pixels are enlarged — charts, list rows, rows that fit a height — (the wall: so that their smallest text is legible from the
 * farthest viewer). A chart's option is written in desktop pixels; its frame is zoomed by this
 * factor and its canvas rendered at the device's pixels times the zoom, so text stays sharp
 * (never a bitmap scaled up).
 */
export const ChartZoomContext = createContext(1);

export const useChartZoom = (): number => useContext(ChartZoomContext);
