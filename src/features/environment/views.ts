import { viewRef } from '@/feeds/view-ref';

/** The environment screen's view of an area (worker `environment-view.ts`, page `queries.ts`). */
export const ENVIRONMENT_OVERVIEW = viewRef({ id: 'environment.overview', feeds: ['sensors'] });
/** The interpolated AQI surface of an area (`surface.ts`). */
export const ENVIRONMENT_SURFACE = viewRef({ id: 'environment.surface', feeds: ['sensors'] });
/** The overview's tile and map layer. */
export const ENVIRONMENT_SUMMARY = viewRef({ id: 'environment.summary', feeds: ['sensors'] });
/** One sensor for the drawer: every indicator and its last 24 hours (`sensor-detail.ts`). */
export const ENVIRONMENT_SENSOR = viewRef({ id: 'environment.sensor', feeds: ['sensors'] });
