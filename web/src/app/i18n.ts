import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import relativeTime from 'dayjs/plugin/relativeTime';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../../contracts/common.ts';
import { setApiLanguage } from '../shared/api/client.ts';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

// Both dictionaries must have the same keys: each assignment fails to compile when the other lacks one.
const enHasEveryKey: typeof zhCN = en;
const zhHasEveryKey: typeof en = zhCN;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(relativeTime);

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'servicedesk.locale';

export const isLocale = (value: unknown): value is Locale => value === 'zh-CN' || value === 'en';

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage can be disabled; the browser language decides then.
  }
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

function applyLocale(locale: Locale): void {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  setApiLanguage(locale);
  document.documentElement.lang = locale;
}

const startLocale = initialLocale();
applyLocale(startLocale);

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhHasEveryKey }, en: { translation: enHasEveryKey } },
  lng: startLocale,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function currentLocale(): Locale {
  return isLocale(i18n.language) ? i18n.language : 'zh-CN';
}

/** Switches the interface language and remembers it in this browser. */
export async function changeLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Remembering is a convenience; the switch itself still happens.
  }
  applyLocale(locale);
  await i18n.changeLanguage(locale);
}

export { i18n };
