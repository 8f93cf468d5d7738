import type { Ref } from 'preact';
import { useId } from 'preact/hooks';
import { RECOVERY_ANSWER_MAX_LENGTH, RECOVERY_QUESTIONS, type RecoveryQuestion } from '../../../../../shared/accounts';
import { useI18n } from '../../i18n';

/** One row of the picker: a question (none picked yet: '') and its answer. */
export interface PickedQuestion {
  question: RecoveryQuestion | '';
  answer: string;
}

export const emptyPicks = (count: number): PickedQuestion[] =>
  Array.from({ length: count }, () => ({ question: '', answer: '' }));

/** The first row not filled in (no question, or an answer under 2 characters), or -1 when every row is. */
export function firstUnfinishedPick(picks: PickedQuestion[]): number {
  return picks.findIndex((pick) => !pick.question || pick.answer.trim().length < 2);
}

/** Moves focus to what row `index` still lacks: its question, or else its answer. */
export function focusPick(fieldset: HTMLFieldSetElement | null, picks: PickedQuestion[], index: number) {
  const row = fieldset?.querySelectorAll('.recovery-question')[index];
  row?.querySelector<HTMLElement>(picks[index]?.question ? 'input' : 'select')?.focus();
}

interface RecoveryQuestionsPickerProps {
  picks: PickedQuestion[];
  onChange(picks: PickedQuestion[]): void;
  error: string;
  fieldsetRef: Ref<HTMLFieldSetElement>;
}

/** Each row picks a question from the district's list (one already picked in another row is not offered). */
export function RecoveryQuestionsPicker({ picks, onChange, error, fieldsetRef }: RecoveryQuestionsPickerProps) {
  const { t } = useI18n();
  const id = useId();
  const change = (index: number, update: Partial<PickedQuestion>) =>
    onChange(picks.map((pick, at) => (at === index ? { ...pick, ...update } : pick)));
  const pickedElsewhere = (index: number) =>
    new Set(picks.filter((_, at) => at !== index).map((pick) => pick.question));
  return (
    <fieldset
      ref={fieldsetRef}
      class="recovery-questions"
      aria-describedby={`${id}-intro${error ? ` ${id}-error` : ''}`}
    >
      <legend>{t('claim.questions.legend')}</legend>
      <p id={`${id}-intro`} class="hint">
        {t('claim.questions.intro', { count: picks.length })}
      </p>
      {picks.map((pick, index) => (
        <div class="recovery-question" key={index}>
          <label for={`${id}-q${index}`}>{t('claim.questions.question', { number: index + 1 })}</label>
          <select
            id={`${id}-q${index}`}
            value={pick.question}
            onChange={(event) =>
              change(index, { question: (event.target as HTMLSelectElement).value as RecoveryQuestion })
            }
          >
            <option value="">{t('claim.questions.choose')}</option>
            {RECOVERY_QUESTIONS.filter((question) => !pickedElsewhere(index).has(question)).map((question) => (
              <option key={question} value={question}>
                {t(`recovery_question.${question}`)}
              </option>
            ))}
          </select>
          <label for={`${id}-a${index}`}>{t('claim.questions.answer', { number: index + 1 })}</label>
          <input
            id={`${id}-a${index}`}
            autocomplete="off"
            spellcheck={false}
            maxLength={RECOVERY_ANSWER_MAX_LENGTH}
            value={pick.answer}
            onInput={(event) => change(index, { answer: (event.target as HTMLInputElement).value })}
          />
        </div>
      ))}
      <p id={`${id}-error`} class="error field-error" role="alert">
        {error}
      </p>
    </fieldset>
  );
}
