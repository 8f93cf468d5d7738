import { useState } from 'preact/hooks';
import { LOCALES, type Locale } from '../../../../../shared/i18n';
import { useI18n } from '../../i18n';
import { hasSchoolPassword } from './accounts-api';
import type { AccountGroup, AccountStudent } from '../../../../../shared/accounts';

export type SheetKind = 'credentials' | 'claim-letters';

interface PrintSheetsProps {
  group: AccountGroup;
  students: AccountStudent[];
  working: boolean;
  /** The language the sheets are printed in; the per-student prints use it too. */
  language: Locale;
  onLanguage(language: Locale): void;
  onPrint(kind: SheetKind, onlyUnclaimed: boolean): void;
}

/** The group's two sheets: the passwords from the school, and claim letters for those who choose their own. */
export function PrintSheets({ group, students, working, language, onLanguage, onPrint }: PrintSheetsProps) {
  const { t } = useI18n();
  const [onlyUnclaimed, setOnlyUnclaimed] = useState(true);
  const fixed = students.filter((student) => hasSchoolPassword(student.account)).length;
  const claiming = students.filter((student) => !hasSchoolPassword(student.account));
  const unclaimed = claiming.filter((student) => student.account.status === 'unclaimed').length;
  const scope = group.kind === 'class' ? 'class' : 'campus';
  const submit = (kind: SheetKind) => (event: Event) => {
    event.preventDefault();
    onPrint(kind, onlyUnclaimed);
  };
  if (fixed === 0 && claiming.length === 0) return null;
  return (
    <>
      <label class="print-language">
        <span>{t('accounts.print.language')}</span>
        <select value={language} onChange={(event) => onLanguage((event.target as HTMLSelectElement).value as Locale)}>
          {LOCALES.map((option) => (
            <option key={option} value={option} lang={option}>
              {t(`language.${option}`)}
            </option>
          ))}
        </select>
      </label>
      {fixed > 0 && (
        <form class="stacked-form" aria-labelledby="credentials-title" noValidate onSubmit={submit('credentials')}>
          <h2 id="credentials-title">{t('accounts.credentials.title')}</h2>
          <p>{t('accounts.credentials.explain', { count: fixed })}</p>
          <p class="hint">{t('accounts.credentials.keepSafe')}</p>
          <button type="submit" aria-disabled={working ? 'true' : undefined}>
            {t(`accounts.credentials.${scope}`)}
          </button>
        </form>
      )}
      {claiming.length > 0 && (
        <form class="stacked-form" aria-labelledby="letters-title" noValidate onSubmit={submit('claim-letters')}>
          <h2 id="letters-title">{t('accounts.letters.title')}</h2>
          <p>{t('accounts.letters.explain', { count: unclaimed })}</p>
          <fieldset>
            <legend>{t('accounts.letters.who')}</legend>
            <label class="check">
              <input type="radio" name="letters-who" checked={onlyUnclaimed} onChange={() => setOnlyUnclaimed(true)} />
              {t('accounts.letters.onlyUnclaimed')}
            </label>
            <label class="check">
              <input
                type="radio"
                name="letters-who"
                checked={!onlyUnclaimed}
                onChange={() => setOnlyUnclaimed(false)}
              />
              {t('accounts.letters.everyone')}
            </label>
          </fieldset>
          <p class="warning">{t('accounts.letters.replaces')}</p>
          <button type="submit" aria-disabled={working ? 'true' : undefined}>
            {t(`accounts.letters.${scope}`)}
          </button>
        </form>
      )}
    </>
  );
}
