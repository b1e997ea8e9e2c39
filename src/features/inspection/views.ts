import { viewRef } from '@/feeds/view-ref';

/** The inspection screen's view of an area (worker `inspection-view.ts`, page `queries.ts`). */
export const INSPECTION_OVERVIEW = viewRef({
  id: 'inspection.overview',
  feeds: ['detections', 'tickets'],
  optionalFeeds: ['tickets'],
});
/** The hot spots of an area for a window (worker `hotspot-view.ts`). */
export const INSPECTION_HOTSPOTS = viewRef({ id: 'inspection.hotspots', feeds: ['detections'] });
/** The overview's tile and map layer. */
export const INSPECTION_SUMMARY = viewRef({
  id: 'inspection.summary',
  feeds: ['detections', 'tickets'],
  optionalFeeds: ['tickets'],
});
/** One detection and the case it became (the drawer). */
export const INSPECTION_DETECTION = viewRef({
  id: 'inspection.detection',
  feeds: ['detections', 'tickets'],
  optionalFeeds: ['tickets'],
});
