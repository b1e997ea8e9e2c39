import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useRuntime } from '@/state/runtime';
import { formatClock, formatDate, formatDateTime } from './format';

/** Time formatters in the page's language and the city's time zone. */
export function useCityFormat() {
  const { i18n } = useTranslation();
  const { config } = useRuntime();
  const locale = i18n.language;
  const zone = config.city.timeZone;
  return useMemo(
    () => ({
      clock: (t: number, seconds = false) => formatClock(t, locale, seconds, zone),
      dateTime: (t: number) => formatDateTime(t, locale, zone),
      date: (t: number) => formatDate(t, locale, zone),
    }),
    [locale, zone],
  );
}
