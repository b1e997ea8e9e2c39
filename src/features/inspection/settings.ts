// The inspection scenario's section of config.json (`scenarios.inspection`): a city's detection
// types, their names in both languages and the ticket category a case raised from each goes to.
import * as z from 'zod/mini';
import { parseScenarioSettings } from '@/config/config-schema';
import {
  detectionTypeId,
  FUZHOU_DETECTION_TYPES,
  readableTypeId,
  type DetectionTypeDefinition,
} from '@/domain/detection';
import { safeLabel } from '@/ui/safe-label';

const name = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

const typeSchema = z.strictObject({
  id: detectionTypeId,
  name: z.strictObject({ 'zh-CN': name(24), en: name(48) }),
  /** Ticket category id (the city's classification list); null: cases of it go nowhere in particular. */
  category: z._default(z.nullable(z.string().check(z.regex(/^[\w.:-]{1,64}$/))), null),
});

export const inspectionSettingsSchema = z.strictObject({
  /** The city's detection types, in the order panels list them. Default: Fuzhou's. */
  types: z._default(
    z.array(typeSchema).check(
      z.minLength(1),
      z.maxLength(64),
      z.refine((types) => new Set(types.map((t) => t.id)).size === types.length, {
        message: 'type ids must be unique',
      }),
    ),
    () => FUZHOU_DETECTION_TYPES.map((t) => ({ ...t, name: { ...t.name } })),
  ),
});

export interface InspectionSettings {
  types: DetectionTypeDefinition[];
}

/** Validates `scenarios.inspection` (absent: Fuzhou's defaults); a ConfigError names the field. */
export const parseInspectionSettings = (raw: unknown): InspectionSettings =>
  parseScenarioSettings('inspection', inspectionSettingsSchema, raw);

export const DEFAULT_SETTINGS: InspectionSettings = parseInspectionSettings(undefined);

/** The settings a view or panel got, or the defaults where nothing was configured (tests). */
export const settingsOr = (value: unknown): InspectionSettings =>
  value && typeof value === 'object' && Array.isArray((value as InspectionSettings).types)
    ? (value as InspectionSettings)
    : DEFAULT_SETTINGS;

/** The city's types by id (a Map: ids may be `__proto__`), in the listed order. */
export interface TypeCatalog {
  readonly order: readonly string[];
  readonly byId: ReadonlyMap<string, DetectionTypeDefinition>;
}

const catalogs = new WeakMap<InspectionSettings, TypeCatalog>();

export function typeCatalog(settings: InspectionSettings): TypeCatalog {
  let catalog = catalogs.get(settings);
  if (!catalog) {
    const byId = new Map(settings.types.map((t) => [t.id, t] as const));
    catalog = { order: settings.types.map((t) => t.id), byId };
    catalogs.set(settings, catalog);
  }
  return catalog;
}

/**
 * A type's name in the language; a type the list does not name reads as its id in words. Safe as
 * a chart label (never a name objects already have).
 */
export function typeLabel(catalog: TypeCatalog, id: string, language: string): string {
  const known = catalog.byId.get(id);
  const text = known
    ? language === 'en'
      ? known.name.en
      : known.name['zh-CN']
    : readableTypeId(id);
  return safeLabel(text);
}

/** Position of a type in the city's list (unknown types after, by id). */
export function typeRank(catalog: TypeCatalog, id: string): number {
  const i = catalog.order.indexOf(id);
  return i < 0 ? catalog.order.length : i;
}
