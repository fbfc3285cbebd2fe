import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './common';
import { admin } from './admin';
import { committee } from './committee';
import { inspector } from './inspector';
import { leadership } from './leadership';
import { supervisor } from './supervisor';

/**
 * Vietnamese first, English as a switch (kept in the browser). Each area's words are a
 * namespace of their own: `t('inspector:…')`.
 */
const AREAS = { common, inspector, supervisor, committee, leadership, admin };

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORED = 'thads.language';

function initial(): Language {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORED);
  return stored === 'en' ? 'en' : 'vi';
}

void i18n.use(initReactI18next).init({
  lng: initial(),
  fallbackLng: 'vi',
  defaultNS: 'common',
  ns: Object.keys(AREAS),
  resources: Object.fromEntries(
    LANGUAGES.map((lang) => [lang, Object.fromEntries(Object.entries(AREAS).map(([ns, words]) => [ns, words[lang]]))]),
  ),
  interpolation: { escapeValue: false },
});

export function setLanguage(lang: Language): void {
  localStorage.setItem(STORED, lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export default i18n;
