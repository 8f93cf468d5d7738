import { BADGE_LAYOUTS, type BadgeGroup } from '../../../../../shared/badges';
import { useI18n } from '../../i18n';
import type { Locale } from '../../../../../shared/i18n';
import type { PrintChoices } from './print-choices';

interface PrintOptionsProps {
  group: BadgeGroup;
  choices: PrintChoices;
  onChange(choices: PrintChoices): void;
  /** One student's badge: "only those without one" means nothing there, so it is not offered. */
  oneStudent?: boolean;
}

/** Today as the browser's calendar has it, `YYYY-MM-DD`: an end date before it would stop the badges at once. */
function todayHere(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** Layout, which students, and when the badges stop working. */
export function PrintOptions({ group, choices, onChange, oneStudent = false }: PrintOptionsProps) {
  const { t, locale } = useI18n();
  const set = (change: Partial<PrintChoices>) => onChange({ ...choices, ...change });
  return (
    <>
      <fieldset>
        <legend>{t('badges.print.layout')}</legend>
        {BADGE_LAYOUTS.map((layout) => (
          <label key={layout} class="check">
            <input
              type="radio"
              name="badge-layout"
              value={layout}
              checked={choices.layout === layout}
              onChange={() => set({ layout })}
            />
            {t(`badges.layout.${layout}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('badges.print.expiry')}</legend>
        <label class="check">
          <input
            type="radio"
            name="badge-expiry"
            checked={choices.expiry === 'none'}
            onChange={() => set({ expiry: 'none' })}
          />
          {t('badges.expiry.none')}
        </label>
        {group.termEndsOn && (
          <label class="check">
            <input
              type="radio"
              name="badge-expiry"
              checked={choices.expiry === 'term'}
              onChange={() => set({ expiry: 'term' })}
            />
            {t('badges.expiry.term', { date: calendarDay(group.termEndsOn, locale) })}
          </label>
        )}
        <label class="check">
          <input
            type="radio"
            name="badge-expiry"
            checked={choices.expiry === 'date'}
            onChange={() => set({ expiry: 'date' })}
          />
          {t('badges.expiry.date')}
        </label>
        {choices.expiry === 'date' && (
          <label class="date-field">
            <span>{t('badges.expiry.dateLabel')}</span>
            <input
              type="date"
              min={todayHere()}
              value={choices.date}
              onInput={(event) => set({ date: (event.target as HTMLInputElement).value })}
            />
          </label>
        )}
      </fieldset>
      {!oneStudent && (
        <label class="check">
          <input
            type="checkbox"
            checked={choices.onlyMissing}
            onChange={(event) => set({ onlyMissing: (event.target as HTMLInputElement).checked })}
          />
          {t('badges.print.onlyMissing')}
        </label>
      )}
    </>
  );
}

/** A `YYYY-MM-DD` day in words, as written in this language (the day itself, whatever the time zone). */
function calendarDay(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}
