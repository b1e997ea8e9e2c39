import { useTranslation } from 'react-i18next';
import { splitDuration } from './format';

/** Localised duration text, e.g. 12 分钟 / 12 min. */
export function useDurationText(): (ms: number) => string {
  const { t } = useTranslation();
  return (ms) => {
    const { n, unit } = splitDuration(ms);
    return t(`duration.${unit}`, { n });
  };
}
