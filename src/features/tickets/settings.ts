// The tickets scenario's section of config.json (`scenarios.tickets`): the city's classification
// list, as a file on this origin or inline; absent, Fuzhou's embedded list (docs/config.md).
// Plain data: it crosses to the feed worker and, in demo mode, to the simulated city.
import * as z from 'zod/mini';
import { ConfigError, parseScenarioSettings } from '@/config/config-schema';
import type { SettingsLoader } from '@/state/scenario';
import {
  FUZHOU_TICKET_CATALOG,
  parseTicketCatalog,
  type TicketCatalog,
} from '@/domain/ticket-catalog';

export interface TicketSettings {
  catalog: TicketCatalog;
  /** Where the catalogue came from: `embedded`, `config.json` (inline) or the file's path. */
  source: string;
}

const FIELD = 'scenarios.tickets.catalog';

const sectionSchema = z.strictObject({
  /** A path on this origin (`catalogs/fuzhou-12345.json`) or the catalogue itself. */
  catalog: z.optional(z.unknown()),
});

export const DEFAULT_TICKET_SETTINGS: TicketSettings = {
  catalog: FUZHOU_TICKET_CATALOG,
  source: 'embedded',
};

function checked(raw: unknown, file: string, prefix: string[]): TicketCatalog {
  const result = parseTicketCatalog(raw);
  if (result.ok) return result.catalog;
  const path = [...prefix, ...result.problem.path.map(String)];
  throw new ConfigError(file, path.length ? path.join('.') : '(root)', result.problem.message);
}

/**
 * Validates `scenarios.tickets` and loads the catalogue file it names. A wrong field is named:
 * `scenarios.tickets.catalog.categories.3.department` inline, or the file's path and
 * `categories.3.department` for a file.
 */
export async function parseTicketSettings(
  raw: unknown,
  load: SettingsLoader,
): Promise<TicketSettings> {
  const section = parseScenarioSettings('tickets', sectionSchema, raw);
  const catalog = section.catalog;
  if (catalog === undefined) return DEFAULT_TICKET_SETTINGS;
  if (typeof catalog === 'string') {
    if (catalog.trim() === '') throw new ConfigError('config.json', FIELD, 'is an empty path');
    const file = await load.json(catalog, FIELD);
    return { catalog: checked(file, catalog, []), source: catalog };
  }
  if (catalog === null || typeof catalog !== 'object' || Array.isArray(catalog))
    throw new ConfigError(
      'config.json',
      FIELD,
      'must be the path of a catalogue file on this origin, or the catalogue itself',
    );
  return { catalog: checked(catalog, 'config.json', FIELD.split('.')), source: 'config.json' };
}

/** The settings a view or panel got, or the default where nothing was configured (tests). */
export const ticketSettingsOr = (value: unknown): TicketSettings =>
  value !== null &&
  typeof value === 'object' &&
  'catalog' in value &&
  typeof (value as TicketSettings).catalog === 'object'
    ? (value as TicketSettings)
    : DEFAULT_TICKET_SETTINGS;
