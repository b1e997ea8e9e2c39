import { useView } from '@/feeds/use-view';
import type { IntersectionView } from './intersection-view';
import type { TrafficSummary, TrafficView } from './traffic-view';
import { TRAFFIC_INTERSECTION, TRAFFIC_OVERVIEW, TRAFFIC_SUMMARY } from './views';

const paramsOf = (area: string | null) => ({ area });

/** The traffic view of an area: one worker-built object per data revision and minute. */
export const useTrafficView = (area: string | null, enabled = true): TrafficView | undefined =>
  useView<TrafficView>(TRAFFIC_OVERVIEW, paramsOf(area), enabled)?.view;

/** The overview's summary of the traffic of an area. */
export const useTrafficSummary = (
  area: string | null,
  enabled = true,
): TrafficSummary | undefined =>
  useView<TrafficSummary>(TRAFFIC_SUMMARY, paramsOf(area), enabled)?.view;

/** One intersection: the drawer's view (its item, its bins per phase, the last hour of its log). */
export const useIntersection = (id: string | null): IntersectionView | undefined =>
  useView<IntersectionView>(TRAFFIC_INTERSECTION, { id: id ?? '' }, id !== null)?.view;
