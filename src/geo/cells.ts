import { cellToBoundary, cellToLatLng, isValidCell, latLngToCell, getResolution } from 'h3-js';
import type { LngLat } from '@/domain/common';

import { GRID_RESOLUTION } from './grid';

export { GRID_RESOLUTION };

export const cellOf = (p: LngLat): string => latLngToCell(p[1], p[0], GRID_RESOLUTION);

export const isGridCell = (value: string): boolean =>
  isValidCell(value) && getResolution(value) === GRID_RESOLUTION;

export const cellCentre = (cell: string): LngLat => {
  const [lat, lng] = cellToLatLng(cell);
  return [lng, lat];
};

/** Closed ring in [lng, lat]. */
export const cellPolygon = (cell: string): LngLat[] => cellToBoundary(cell, true) as LngLat[];
