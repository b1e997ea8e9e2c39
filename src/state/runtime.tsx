import { createContext, useContext, type ReactNode } from 'react';
import type { AppConfig, DisplayProfile } from '@/config/config-schema';
import type { FeedClient } from '@/feeds/feed-client';
import type { GeoIndex } from '@/geo/geo-index';
import type { AlarmAck } from '@/feeds/alarms';

/** What every screen needs and nothing changes while the page lives. */
export interface Runtime {
  config: AppConfig;
  geo: GeoIndex;
  feeds: FeedClient;
  demo: boolean;
  /** `wall`: no personal data, no feed text that could carry it, read-only. */
  profile: DisplayProfile;
  /** Acknowledges an alarm here, in every window of the machine and at the backend if it offers it. */
  acknowledge: (ack: AlarmAck) => void;
  /** Each scenario's validated settings (config.json `scenarios.<id>`), by scenario id. */
  settings: ReadonlyMap<string, unknown>;
}

const RuntimeContext = createContext<Runtime | null>(null);

export function RuntimeProvider({ runtime, children }: { runtime: Runtime; children: ReactNode }) {
  return <RuntimeContext.Provider value={runtime}>{children}</RuntimeContext.Provider>;
}

export function useRuntime(): Runtime {
  const runtime = useContext(RuntimeContext);
  if (!runtime) throw new Error('useRuntime outside RuntimeProvider');
  return runtime;
}

/** A scenario's validated settings (its own type: the scenario's `settings` parser made them). */
export function useScenarioSettings<T>(id: string): T {
  return useRuntime().settings.get(id) as T;
}
