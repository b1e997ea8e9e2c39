import type { FeedConfig } from '@/config/config-schema';

/**
 * live → ageing → stale → down, by the age of the data on the viewer's clock; `loading` before
 * the first poll of a feed ended (a first poll that fails is `down`, never an endless loading).
 */
export type Freshness = 'loading' | 'live' | 'ageing' | 'stale' | 'down';

export interface FreshnessInput {
  now: number;
  /** Real time of the last poll that confirmed the data (0 when there never was data). */
  confirmedAt: number;
  thresholds: FeedConfig['freshness'];
}

export function freshnessOf({ now, confirmedAt, thresholds }: FreshnessInput): Freshness {
  if (!confirmedAt) return 'down';
  const age = now - confirmedAt;
  if (age >= thresholds.downAfterMs) return 'down';
  if (age >= thresholds.staleAfterMs) return 'stale';
  if (age >= thresholds.ageingAfterMs) return 'ageing';
  return 'live';
}

const RANK: Record<Freshness | 'unconfigured', number> = {
  live: 0,
  ageing: 1,
  loading: 2,
  stale: 3,
  down: 4,
  unconfigured: 5,
};

/** The worst of several feeds' freshness (the first of the list when all are equal). */
export function worstFreshness<T extends { state: Freshness | 'unconfigured' }>(list: T[]): T {
  if (!list.length) throw new Error('worstFreshness of nothing');
  return list.reduce((worst, f) => (RANK[f.state] > RANK[worst.state] ? f : worst));
}
