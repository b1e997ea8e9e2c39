import type { ScenarioDescriptor, SettingsLoader } from '@/state/scenario';
import { ConfigError } from './config-schema';
import { CONFIG_FILE } from './load-config';

/**
 * Loads files on this origin that a scenario's settings name (config.json `scenarios.<id>`):
 * a path relative to index.html, or from the origin's root with a leading slash.
 */
export function createSettingsLoader(
  fetchImpl: typeof fetch = fetch,
  base: string = import.meta.env.BASE_URL,
): SettingsLoader {
  return {
    async json(path, field) {
      if (/^[a-z][\w+.-]*:|^\/\//i.test(path))
        throw new ConfigError(CONFIG_FILE, field, `${path}: must be a path on this origin`);
      let response: Response;
      try {
        response = await fetchImpl(`${base}${path.replace(/^\//, '')}`, { cache: 'no-cache' });
      } catch (e) {
        throw new ConfigError(CONFIG_FILE, field, `${path}: could not be loaded: ${String(e)}`);
      }
      if (!response.ok)
        throw new ConfigError(CONFIG_FILE, field, `${path}: HTTP ${response.status}`);
      try {
        return (await response.json()) as unknown;
      } catch {
        throw new ConfigError(path, '(file)', `is not valid JSON (named by ${field})`);
      }
    },
  };
}

/**
 * Every scenario's validated settings by id (config.json `scenarios.<id>`, the files they name
 * loaded in parallel). Rejects with the first ConfigError when a section or a file is wrong.
 */
export async function loadScenarioSettings(
  scenarios: readonly Pick<ScenarioDescriptor, 'id' | 'settings'>[],
  sections: Readonly<Record<string, unknown>>,
  loader: SettingsLoader = createSettingsLoader(),
): Promise<Map<string, unknown>> {
  const loaded = await Promise.all(
    scenarios.map(async ({ id, settings }) =>
      settings ? ([id, await settings(sections[id], loader)] as const) : null,
    ),
  );
  const out = new Map<string, unknown>();
  for (const entry of loaded) if (entry) out.set(entry[0], entry[1]);
  return out;
}
