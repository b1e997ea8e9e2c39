/** Names from the classification list (data, both languages) as an i18n resource. */
export function catalogNames(
  names: Readonly<Record<string, { zh: string; en: string }>>,
  lang: 'zh' | 'en',
): Record<string, string> {
  return Object.fromEntries(Object.entries(names).map(([id, n]) => [id, n[lang]]));
}
