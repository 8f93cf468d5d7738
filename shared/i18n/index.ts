import { en, type MessageKey } from './en';
import { es } from './es';

export type { MessageKey };
export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, es };

export type MessageParams = Record<string, string | number>;

/** The message for `key` in `locale`, with `{name}` placeholders filled from `params`. */
export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return catalogs[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}

/** Picks the first supported language from a list such as navigator.languages or Accept-Language. */
export function pickLocale(preferred: readonly string[] | string | undefined | null): Locale {
  const list = typeof preferred === 'string' ? preferred.split(',') : (preferred ?? []);
  for (const entry of list) {
    const primary = entry.trim().split(';')[0]!.split('-')[0]!.toLowerCase();
    if ((LOCALES as readonly string[]).includes(primary)) return primary as Locale;
  }
  return 'en';
}
