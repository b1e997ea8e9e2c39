import { FEED_NAMES, type FeedName } from '@/domain/common';
import type { AggregateLevel } from '@/adapters/feed-adapter';
import type { FeedCoverage } from './view-builder';
import { viewRef } from './view-ref';

/** The platform's view of how each feed with an `entityBudget` covers an area. */
export const COVERAGE_VIEW = 'platform.coverage';

export const COVERAGE = viewRef({
  id: COVERAGE_VIEW,
  feeds: FEED_NAMES,
  optionalFeeds: FEED_NAMES,
});

export interface CoverageView {
  /** Feeds past their budget for the city, each as it covers the area asked for. */
  feeds: FeedCoverage[];
}

/** The city's code: the whole city (`within` null). */
const CITY_CODE = /^\d{4}00$/;

/** The area an aggregate or a scoped read covers: null for the whole city. */
export function withinOf(area: unknown): string | null {
  if (typeof area !== 'string' || CITY_CODE.test(area)) return null;
  return /^(\d{6}(\d{3}){0,2}|8[0-9a-f]{14})$/.test(area) ? area : null;
}

/** The level one down from an area: what its aggregate groups by. */
export function levelBelow(within: string | null): AggregateLevel {
  if (within === null) return 'district';
  if (within.length === 6) return 'street';
  if (within.length === 9) return 'community';
  return 'cell';
}

/** The coverage of each feed in aggregate mode, in feed order. */
export const aggregated = (view: CoverageView | undefined, feeds: readonly FeedName[]) =>
  (view?.feeds ?? []).filter((c) => c.mode === 'aggregate' && feeds.includes(c.feed));
