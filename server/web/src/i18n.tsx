import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import {
  isMessageKey,
  LOCALES,
  pickLocale,
  translate,
  type Locale,
  type MessageKey,
  type MessageParams,
} from '../../../shared/i18n';
import { errorTextIn } from './error-text';

const STORAGE_KEY = 'gatehouse.locale';

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: MessageParams): string;
  /** The message for a key built from data (an audit action, a failure reason), or `fallback` if there is none. */
  tOr(key: string, fallback: string): string;
  /** The message a person should see for a failed call. */
  errorText(error: unknown): string;
  /** A moment (milliseconds since the epoch) as a short date and time in this language. */
  formatTime(at: number): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  return (LOCALES as readonly string[]).includes(saved ?? '') ? (saved as Locale) : pickLocale(navigator.languages);
}

export function I18nProvider({ children }: { children: ComponentChildren }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(() => {
    const t = (key: MessageKey, params?: MessageParams) => translate(locale, key, params);
    const times = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' });
    return {
      locale,
      t,
      tOr: (key, fallback) => (isMessageKey(key) ? t(key) : fallback),
      setLocale(next) {
        localStorage.setItem(STORAGE_KEY, next);
        // The identity provider's own pages (a refused app sign-in) are drawn by the server: they read this.
        document.cookie = `gatehouse_lang=${next}; path=/; max-age=31536000; samesite=lax`;
        setLocaleState(next);
      },
      errorText: (error) => errorTextIn(locale, error),
      formatTime: (at) => times.format(at),
    };
  }, [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export function LanguagePicker() {
  const { locale, setLocale, t } = useI18n();
  return (
    <label class="language">
      <span>{t('language.label')}</span>
      <select value={locale} onChange={(event) => setLocale((event.target as HTMLSelectElement).value as Locale)}>
        {LOCALES.map((option) => (
          <option key={option} value={option} lang={option}>
            {t(`language.${option}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
