import { CATEGORY_NAMES, DEPARTMENT_NAMES } from '@/domain/ticket-catalog';
import { safeLabel } from '@/ui/safe-label';

type Names = Readonly<Record<string, { zh: string; en: string }>>;

// Ids come from a feed: looked up in Maps, never as keys of plain objects or i18n paths.
const toMap = (names: Names) => new Map(Object.entries(names));
const categories = toMap(CATEGORY_NAMES);
const departments = toMap(DEPARTMENT_NAMES);

const label = (map: Map<string, { zh: string; en: string }>, id: string, language: string) => {
  const names = map.get(id);
  if (!names) return safeLabel(id);
  return language === 'en' ? names.en : names.zh;
};

/** A category's name in the language, or its id (made safe as a label) when the list lacks it. */
export const categoryLabel = (id: string, language: string): string =>
  label(categories, id, language);

/** A department's name in the language, or its id (made safe as a label). */
export const departmentLabel = (id: string, language: string): string =>
  label(departments, id, language);
