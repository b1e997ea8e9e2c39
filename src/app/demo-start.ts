import type { AppConfig } from '@/config/config-schema';
import type { GeoBundle } from '@/geo/geo-data';
import { startDemoWorker } from '@mocks/handlers/browser';
import { ticketSettingsOr } from '@/features/tickets/settings';
import type { DemoHandle } from './demo-handle';

/**
 * Demo builds only: the simulated city answers the configured feed URLs on this origin. It plays
 * the city's own rules where it simulates them (its 12345 catalogue), from the scenarios' settings.
 */
export async function startDemo(
  config: AppConfig,
  geo: GeoBundle,
  search: URLSearchParams,
  settings: ReadonlyMap<string, unknown> = new Map(),
): Promise<DemoHandle> {
  // One simulated backend, at the base URL of the first configured feed that lives on this origin.
  const baseUrl = Object.values(config.feeds).find((f) => f.baseUrl.startsWith('/'))?.baseUrl;
  if (!baseUrl) throw new Error('demo mode needs a feed whose baseUrl is a path on this origin');
  const ticketCatalog = ticketSettingsOr(settings.get('tickets')).catalog;
  const control = await startDemoWorker({ baseUrl, geo, search, ticketCatalog });
  type Fault = Parameters<typeof control.setFault>[1];
  const handle: DemoHandle = {
    speed: () => control.clock.speed,
    setSpeed: (speed) => control.setSpeed(speed),
    now: () => control.clock.now(),
    clock: control.clock,
    // The sim worker picks the start (its next version); a failure is only worth a console line.
    trigger: (kind, district) =>
      void control
        .trigger(kind, district)
        .catch((error: unknown) => console.error(`[demo] ${kind} not started: ${String(error)}`)),
    setFault: (feed, fault) =>
      control.setFault(feed as Parameters<typeof control.setFault>[0], fault as Fault),
  };
  // End-to-end tests and demo presenters drive faults from the console.
  (window as unknown as { __demo?: DemoHandle }).__demo = handle;
  return handle;
}
