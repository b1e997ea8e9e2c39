import type { Root } from 'react-dom/client';
import { StrictMode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import { ConfigError, type AppConfig, type DisplayProfile } from '@/config/config-schema';
import { loadConfig } from '@/config/load-config';
import { loadScenarioSettings } from '@/config/load-settings';
import { checkAdapters } from '@/adapters/check-adapters';
import { createFeedClient } from '@/feeds/feed-client';
import { createQueryClient } from '@/feeds/query-client';
import { parseGeoBundle, type GeoBundle } from '@/geo/geo-data';
import { createGeoIndex } from '@/geo/geo-index';
import { createI18n, pickLanguage } from '@/i18n/i18n';
import { feedHealthReported } from '@/feeds/feed-health';
import { setCityClock } from '@/state/clock';
import { App } from './app';
import { BootErrorScreen, ConfigErrorScreen } from './error-screens';
import { RuntimeProvider, type Runtime } from '@/state/runtime';
import type { DemoHandle } from './demo-handle';
import { scenarios } from './scenario-registry';
import { startAlarmSync, storedAcks } from './alarms/alarm-sync';
import { isWallPath } from '@/wall/wall-paths';
import { WallHost } from '@/wall/wall-host';

/**
 * A wall profile from the config cannot be loosened from the URL; the wall's route is always the
 * wall profile; a desktop may ask for `?profile=wall`.
 */
export function effectiveProfile(
  config: AppConfig,
  search: string,
  pathname = '/',
): DisplayProfile {
  if (config.display.profile === 'wall' || isWallPath(pathname)) return 'wall';
  return new URLSearchParams(search).get('profile') === 'wall' ? 'wall' : 'desktop';
}

/** A top-level wall page not asked to be the frame itself (`?frame=1`) hosts the wall. */
function isWallHost(w: Window): boolean {
  return w.top === w && !new URLSearchParams(w.location.search).has('frame');
}

async function loadGeo(config: AppConfig): Promise<GeoBundle> {
  const get = async (path: string, field: string) => {
    const response = await fetch(`${import.meta.env.BASE_URL}${path.replace(/^\//, '')}`);
    if (!response.ok)
      throw new ConfigError('config.json', field, `${path}: HTTP ${response.status}`);
    return response.json() as Promise<unknown>;
  };
  const [boundaries, divisions] = await Promise.all([
    get(config.city.boundaries, 'city.boundaries'),
    get(config.city.divisions, 'city.divisions'),
  ]);
  return parseGeoBundle(boundaries, divisions);
}

function createFeedWorker(): Worker {
  return new Worker(new URL('./feed-worker.ts', import.meta.url), {
    type: 'module',
    name: 'feeds',
  });
}

/** `configRequest`: the configuration's request when the page already sent it (main.tsx). */
export async function boot(root: Root, configRequest?: Promise<Response>): Promise<void> {
  // The wall's own page hosts the wall in a frame (soft reloads without a blank screen): it
  // loads nothing else.
  if (isWallPath(window.location.pathname) && isWallHost(window)) {
    root.render(<WallHost />);
    return;
  }
  // The feed worker loads its module while the config and geography are fetched; it waits for
  // `init` before it polls anything. In demo mode it is created once the mock service worker
  // controls the page, so that its requests reach the simulated city.
  const early = __DEMO__ ? null : createFeedWorker();
  const search = window.location.search;
  const fallbackLanguage = pickLanguage(search, 'zh-CN');
  let config: AppConfig;
  let geo: GeoBundle;
  try {
    config = await loadConfig(configRequest ? () => configRequest : undefined);
    checkAdapters(config);
    performance.mark('boot:config');
    geo = await loadGeo(config);
    performance.mark('boot:geo');
  } catch (error) {
    early?.terminate();
    const i18n = await createI18n(fallbackLanguage);
    root.render(
      <I18nextProvider i18n={i18n}>
        {error instanceof ConfigError ? (
          <ConfigErrorScreen error={error} />
        ) : (
          <BootErrorScreen error={error} />
        )}
      </I18nextProvider>,
    );
    return;
  }

  // Each scenario's section of config.json, validated by the scenario (a bad one stops here),
  // with the files it names loaded.
  let settings: Map<string, unknown>;
  try {
    settings = await loadScenarioSettings(scenarios, config.scenarios);
  } catch (error) {
    early?.terminate();
    const i18n = await createI18n(fallbackLanguage);
    root.render(
      <I18nextProvider i18n={i18n}>
        {error instanceof ConfigError ? (
          <ConfigErrorScreen error={error} />
        ) : (
          <BootErrorScreen error={error} />
        )}
      </I18nextProvider>,
    );
    return;
  }

  const i18n = await createI18n(
    pickLanguage(search, config.language),
    Object.fromEntries(scenarios.map((s) => [s.id, s.messages])),
  );

  let demo: DemoHandle | null = null;
  if (__DEMO__) {
    const { startDemo } = await import('./demo-start');
    demo = await startDemo(config, geo, new URLSearchParams(search), settings);
    // In demo mode the city clock is the simulated city's.
    setCityClock(demo.clock);
  }

  const profile = effectiveProfile(config, search, window.location.pathname);
  const feeds = createFeedClient(early ?? createFeedWorker());
  feeds.onHealth(feedHealthReported);
  feeds.init({
    feeds: config.feeds,
    profile,
    origin: window.location.origin,
    timeZone: config.city.timeZone,
    geo,
    acks: storedAcks(),
    settings: Object.fromEntries(settings),
  });

  const queryClient = createQueryClient();
  const alarmSync = startAlarmSync(feeds, queryClient, config);
  const runtime: Runtime = {
    config,
    geo: createGeoIndex(geo),
    feeds,
    demo: demo !== null,
    profile,
    acknowledge: (ack) => alarmSync.acknowledge(ack),
    settings,
  };
  performance.mark('boot:render');
  root.render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queryClient}>
          <RuntimeProvider runtime={runtime}>
            <App demo={demo} />
          </RuntimeProvider>
        </QueryClientProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}
