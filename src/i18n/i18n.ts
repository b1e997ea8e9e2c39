import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { ScenarioMessages } from '@/state/scenario';
import { en } from './en';
import { zhCN } from './zh-cn';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (v: string | null): v is Language => v === 'zh-CN' || v === 'en';

/** `?lang=` wins over the configured default. */
export function pickLanguage(search: string, fallback: Language): Language {
  const fromUrl = new URLSearchParams(search).get('lang');
  return isLanguage(fromUrl) ? fromUrl : fallback;
}

/** The app's strings with each scenario's under its own namespace (its id). */
export function resourcesOf(scenarios: Readonly<Record<string, ScenarioMessages>>) {
  const zh: Record<string, unknown> = { ...zhCN };
  const english: Record<string, unknown> = { ...en };
  for (const [id, messages] of Object.entries(scenarios)) {
    if (id in zh) throw new Error(`scenario ${id} would replace the app's own strings`);
    zh[id] = messages['zh-CN'];
    english[id] = messages.en;
  }
  return { 'zh-CN': { translation: zh }, en: { translation: english } };
}

export async function createI18n(
  language: Language,
  scenarios: Readonly<Record<string, ScenarioMessages>> = {},
): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: false,
    resources: resourcesOf(scenarios),
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  instance.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  return instance;
}
