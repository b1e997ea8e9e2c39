import { FEED_NAMES } from '@/domain/common';
import { ALARMS_VIEW, type Alarm } from '@/feeds/alarms';
import { useView } from '@/feeds/use-view';
import { viewRef } from '@/feeds/view-ref';

/** The platform's alarms view: reads every configured feed, needs none. */
export const ALARMS = viewRef({ id: ALARMS_VIEW, feeds: FEED_NAMES, optionalFeeds: FEED_NAMES });

const NO_PARAMS = {};

/** Every alarm, most pressing first (one object per change). */
export function useAlarms(): Alarm[] | undefined {
  return useView<{ alarms: Alarm[] }>(ALARMS, NO_PARAMS)?.view.alarms;
}
