import type { DisplayProfile } from '@/config/config-schema';
import type { FeedName } from '@/domain/common';
import type { FeedItems } from '@/domain/feeds';
import type { AlarmRule } from './alarms';
import type { AnyViewDefinition } from './view-builder';

/** Rewrites a feed's items on receipt for the display profile (personal data masked or dropped). */
export type Sanitizers = {
  [F in FeedName]?: (item: FeedItems[F], profile: DisplayProfile) => FeedItems[F];
};

/**
 * What a scenario registers in the feed worker, from its own folder (`worker.ts`): the views it
 * builds (which may read several feeds), the personal-data rules of the feeds it owns, and the
 * rules that raise its alarms.
 */
export interface ScenarioWorker {
  id: string;
  views: readonly AnyViewDefinition[];
  /** At most one scenario rewrites a given feed. */
  sanitizers?: Sanitizers;
  alarmRules?: readonly AlarmRule[];
}

/** Typed helper for a scenario's worker registration. */
export const defineScenarioWorker = (worker: ScenarioWorker): ScenarioWorker => worker;
