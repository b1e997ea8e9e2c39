import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  catalogIndex,
  nameIn,
  readableCatalogId,
  type CatalogNames,
  type TicketCatalog,
} from '@/domain/ticket-catalog';
import { useScenarioSettings } from '@/state/runtime';
import { safeLabel } from '@/ui/safe-label';
import { ticketSettingsOr } from './settings';

// Ids come from a feed: looked up in the catalogue's Maps, never as keys of plain objects or i18n
// paths. Every label passes through safeLabel (a category called `constructor` stays a label).
const label = (names: CatalogNames | undefined, id: string, language: string): string =>
  safeLabel(names ? nameIn(names, language) : readableCatalogId(id));

/** A category's name in the language, or its id in words when the city's list lacks it. */
export const categoryLabel = (catalog: TicketCatalog, id: string, language: string): string =>
  label(catalogIndex(catalog).categories.get(id)?.names, id, language);

/** A department's name in the language, or its id in words. */
export const departmentLabel = (catalog: TicketCatalog, id: string, language: string): string =>
  label(catalogIndex(catalog).departments.get(id)?.names, id, language);

/** The city's catalogue (config.json `scenarios.tickets`, Fuzhou's by default). */
export const useTicketCatalog = (): TicketCatalog =>
  ticketSettingsOr(useScenarioSettings('tickets')).catalog;

export interface CatalogLabels {
  language: string;
  category(id: string): string;
  department(id: string): string;
}

/** Category and department labels of the city's catalogue in the page's language. */
export function useCatalogLabels(): CatalogLabels {
  const catalog = useTicketCatalog();
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(
    () => ({
      language,
      category: (id: string) => categoryLabel(catalog, id, language),
      department: (id: string) => departmentLabel(catalog, id, language),
    }),
    [catalog, language],
  );
}
