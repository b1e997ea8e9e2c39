import { viewRef } from '@/feeds/view-ref';

/** The traffic screen's view of an area (worker `view-definitions.ts`, page `traffic-queries.ts`). */
export const TRAFFIC_OVERVIEW = viewRef({ id: 'traffic.overview', feeds: ['signals'] });
/** The overview's tile and map layer. */
export const TRAFFIC_SUMMARY = viewRef({ id: 'traffic.summary', feeds: ['signals'] });
/** One intersection: the drawer (params `{id}`). */
export const TRAFFIC_INTERSECTION = viewRef({ id: 'traffic.intersection', feeds: ['signals'] });
