import { ConfigError, type AppConfig } from '@/config/config-schema';
import { ADAPTER_KINDS, ADAPTER_OPTIONS } from './adapter-kinds';
import { parseFeedOptions } from './common/feed-options';

/**
 * Each feed names a known adapter kind, and that adapter's options (the `options` object and the
 * `#` fragment of `baseUrl`) are valid: a wrong option stops the app on the config screen naming
 * the field, rather than failing every poll.
 */
export function checkAdapters(config: AppConfig) {
  for (const [feed, feedConfig] of Object.entries(config.feeds)) {
    if (!feedConfig) continue;
    const schema = ADAPTER_OPTIONS[feedConfig.adapter];
    if (schema === undefined)
      throw new ConfigError(
        'config.json',
        `feeds.${feed}.adapter`,
        `unknown adapter kind "${feedConfig.adapter}" (known: ${ADAPTER_KINDS.join(', ')})`,
      );
    const hash = feedConfig.baseUrl.indexOf('#');
    const fragment = hash < 0 ? '' : feedConfig.baseUrl.slice(hash + 1);
    if (schema === null) {
      const [first] = Object.keys(feedConfig.options ?? {});
      if (first !== undefined || fragment !== '')
        throw new ConfigError(
          'config.json',
          first !== undefined ? `feeds.${feed}.options.${first}` : `feeds.${feed}.baseUrl`,
          `the ${feedConfig.adapter} adapter takes no options`,
        );
      continue;
    }
    const parsed = parseFeedOptions(fragment, schema, feedConfig.options);
    if (!parsed.ok)
      throw new ConfigError('config.json', `feeds.${feed}.${parsed.field}`, parsed.reason);
  }
}
