import type { FeedConfig } from '@/config/config-schema';

/** live → ageing → stale → down, by the age of the data on the viewer's clock. */
export type Freshness = 'live' | 'ageing' | 'stale' | 'down';

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
