import { ConfigError, parseConfig, type AppConfig } from './config-schema';

export const CONFIG_FILE = 'config.json';

/** Fetches and validates the runtime configuration next to index.html. */
export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<AppConfig> {
  let response: Response;
  try {
    response = await fetchImpl(`${import.meta.env.BASE_URL}${CONFIG_FILE}`, { cache: 'no-cache' });
  } catch (e) {
    throw new ConfigError(CONFIG_FILE, '(file)', `could not be loaded: ${String(e)}`);
  }
  if (!response.ok) throw new ConfigError(CONFIG_FILE, '(file)', `HTTP ${response.status}`);
  let raw: unknown;
  try {
    raw = await response.json();
  } catch {
    throw new ConfigError(CONFIG_FILE, '(file)', 'is not valid JSON');
  }
  return parseConfig(raw, CONFIG_FILE);
}
