import { createContext, useContext, type ReactNode } from 'react';
import type { AppConfig } from '@/config/config-schema';
import type { FeedClient } from '@/feeds/feed-client';
import type { GeoIndex } from '@/geo/geo-index';

/** What every screen needs and nothing changes while the page lives. */
export interface Runtime {
  config: AppConfig;
  geo: GeoIndex;
  feeds: FeedClient;
  demo: boolean;
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
