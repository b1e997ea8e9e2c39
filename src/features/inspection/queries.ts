import { useView } from '@/feeds/use-view';
import type { DetectionDetail } from './detail-view';
import type { HotspotWindow } from './hotspot-cube';
import type { HotspotView } from './hotspot-view';
import type { InspectionView } from './inspection-view';
import type { InspectionSummary } from './summary-view';
import {
  INSPECTION_DETECTION,
  INSPECTION_HOTSPOTS,
  INSPECTION_OVERVIEW,
  INSPECTION_SUMMARY,
} from './views';

/** The inspection view of an area: one worker-built object per data revision and time boundary. */
export const useInspectionView = (area: string | null, enabled = true) =>
  useView<InspectionView>(INSPECTION_OVERVIEW, { area }, enabled)?.view;

/** The hot spots of an area for a window. */
export const useHotspotView = (area: string | null, window: HotspotWindow, enabled = true) =>
  useView<HotspotView>(INSPECTION_HOTSPOTS, { area, window }, enabled)?.view;

/** The overview's summary of inspection in an area. */
export const useInspectionSummary = (area: string | null, enabled = true) =>
  useView<InspectionSummary>(INSPECTION_SUMMARY, { area }, enabled)?.view;

/** One detection and its case (the drawer). */
export const useDetectionDetail = (id: string | null) =>
  useView<DetectionDetail>(INSPECTION_DETECTION, { id: id ?? '' }, id !== null)?.view;
