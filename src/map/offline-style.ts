import type { FilterSpecification, StyleSpecification } from 'maplibre-gl';
import type { Boundaries } from '@/geo/geo-data';

/** Map palette (docs/VISUAL: low-contrast basemap so data owns saturation). */
export const MAP_COLORS = {
  land: '#0B1725',
  district: '#0E1E30',
  districtSelected: '#13304A',
  districtDimmed: '#09121D',
  boundary: '#3C6E91',
  boundarySelected: '#4C9EFF',
  label: '#8FA6BF',
} as const;

export const DISTRICT_SOURCE = 'districts';
export const DISTRICT_FILL = 'district-fill';
export const DISTRICT_LINE = 'district-line';
export const DISTRICT_SELECTED_LINE = 'district-selected-line';

/** The filter of the selected district's outline layer. */
export function selectedDistrictFilter(code: string | null): FilterSpecification {
  return ['==', ['get', 'code'], code ?? ''];
}

/**
 * A style that needs no server: a background and the district polygons from the city's own
 * boundary file. No tiles, glyphs or sprites; names are drawn by deck.gl.
 */
export function buildOfflineStyle(boundaries: Boundaries): StyleSpecification {
  return {
    version: 8,
    sources: {
      [DISTRICT_SOURCE]: {
        type: 'geojson',
        data: boundaries as GeoJSON.FeatureCollection,
        promoteId: 'code',
      },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': MAP_COLORS.land } },
      {
        id: DISTRICT_FILL,
        type: 'fill',
        source: DISTRICT_SOURCE,
        paint: {
          'fill-color': [
            'case',
            ['boolean', ['feature-state', 'selected'], false],
            MAP_COLORS.districtSelected,
            ['boolean', ['feature-state', 'dimmed'], false],
            MAP_COLORS.districtDimmed,
            MAP_COLORS.district,
          ],
          'fill-opacity': 1,
          // The boundary line layer draws the edges: no separate outline program to compile.
          'fill-antialias': false,
        },
      },
      {
        id: DISTRICT_LINE,
        type: 'line',
        source: DISTRICT_SOURCE,
        paint: { 'line-color': MAP_COLORS.boundary, 'line-width': 1.5, 'line-dasharray': [3, 2] },
      },
      // The selected district's outline: hidden, its shader not even compiled, until a district
      // is selected (selectedDistrictFilter).
      {
        id: DISTRICT_SELECTED_LINE,
        type: 'line',
        source: DISTRICT_SOURCE,
        filter: selectedDistrictFilter(null),
        layout: { visibility: 'none' },
        paint: { 'line-color': MAP_COLORS.boundarySelected, 'line-width': 2.5 },
      },
    ],
  };
}
