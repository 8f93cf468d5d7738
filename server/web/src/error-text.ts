import { isMessageKey, translate, type Locale } from '../../../shared/i18n';
import { ApiError } from './api';

/**
 * The words a person sees for a failed call: the catalogue's, in their language, for every code it knows;
 * for a code it does not know yet (a newer server), the server's own words beat a generic "went wrong".
 */
export function errorTextIn(locale: Locale, error: unknown): string {
  if (!(error instanceof ApiError)) return translate(locale, 'error.unknown');
  const key = `error.${error.code}`;
  if (isMessageKey(key))
    return translate(locale, key, { seconds: error.retryAfterSeconds ?? 60, detail: error.message });
  return error.status > 0 && error.message ? error.message : translate(locale, 'error.unknown');
}
