import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useRuntime } from '@/state/runtime';

/** Names for division codes and grid cells in the current language (romanised in English). */
export function useAreaName(): (key: string) => string {
  const { geo } = useRuntime();
  const { t, i18n } = useTranslation();
  const english = i18n.language === 'en';
  return useCallback(
    (key: string) => {
      const node = geo.area(key);
      if (node) return english ? node.nameEn : node.name;
      return /^\d+$/.test(key) ? key : t('area.cell', { id: key.slice(-9, -3) });
    },
    [geo, english, t],
  );
}
