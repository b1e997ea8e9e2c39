// Names of a city's detection types and of hot-spot cells in the page's language.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useScenarioSettings } from '@/state/runtime';
import { useAreaName } from '@/ui/use-area-name';
import { settingsOr, typeCatalog, typeLabel } from './settings';

/** A detection type's name from the city's list (its id in words when the list lacks it). */
export function useTypeName(): (id: string) => string {
  const { i18n } = useTranslation();
  const settings = settingsOr(useScenarioSettings<unknown>('inspection'));
  const catalog = typeCatalog(settings);
  return useCallback(
    (id: string) => typeLabel(catalog, id, i18n.language),
    [catalog, i18n.language],
  );
}

/**
 * Where a hot-spot cell is, by the community holding most of its detections: district and street
 * for the city's 2.4 km cells, street and community for a district's, the community for grid cells.
 */
export function usePlaceOfCell(): (
  resolution: number,
  community: string | null,
  cell: string,
) => string {
  const nameOf = useAreaName();
  const { t } = useTranslation();
  return useCallback(
    (resolution, community, cell) => {
      if (!community) return t('inspection.cellName', { id: cell.slice(-9, -3) });
      if (resolution <= 7)
        return `${nameOf(community.slice(0, 6))} · ${nameOf(community.slice(0, 9))}`;
      if (resolution === 8) return `${nameOf(community.slice(0, 9))} · ${nameOf(community)}`;
      return `${nameOf(community)} · ${t('inspection.cellName', { id: cell.slice(-9, -3) })}`;
    },
    [nameOf, t],
  );
}
