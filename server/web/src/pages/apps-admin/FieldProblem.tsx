import { useI18n } from '../../i18n';
import { KNOWN_PROBLEMS } from './app-form';

/** The id of the problem text beside the field with this id. */
export const problemIdOf = (fieldId: string) => `${fieldId}-problem`;

/** Attributes a field takes when it has a problem: marked invalid and described by the text beside it. */
export function problemAttributes(fieldId: string, problem: string | undefined, hintId?: string) {
  const describedBy = [problem ? problemIdOf(fieldId) : '', hintId ?? ''].filter(Boolean).join(' ');
  return { 'aria-invalid': problem ? ('true' as const) : undefined, 'aria-describedby': describedBy || undefined };
}

/** A field's problem, written right below it. */
export function FieldProblem({ fieldId, problem }: { fieldId: string; problem: string | undefined }) {
  if (!problem) return null;
  return (
    <p id={problemIdOf(fieldId)} class="error field-problem">
      {problem}
    </p>
  );
}

/** A problem's words: the catalogue's for its code when it has them, else the check's own ("This is required."). */
export function useProblemText(): (problem: { code?: string; problem: string }) => string {
  const { t, tOr } = useI18n();
  return ({ code, problem }) => {
    const known = KNOWN_PROBLEMS[problem as keyof typeof KNOWN_PROBLEMS];
    if (known) return t(known);
    return tOr(code ? `error.${code}` : '', '') || t('catalog.fieldProblem', { problem });
  };
}

interface TextFieldProps {
  id: string;
  label: string;
  value: string;
  onInput(value: string): void;
  problem?: string;
  hint?: string;
  type?: 'text' | 'url' | 'password';
  multiline?: boolean;
  lang?: string;
}

/** A labelled text field with its hint and problem below it. */
export function TextField({
  id,
  label,
  value,
  onInput,
  problem,
  hint,
  type = 'text',
  multiline,
  lang,
}: TextFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const attributes = { id, value, lang, ...problemAttributes(id, problem, hintId) };
  const read = (event: Event) => onInput((event.target as HTMLInputElement | HTMLTextAreaElement).value);
  return (
    <>
      <label for={id}>{label}</label>
      {multiline ? (
        <textarea rows={3} {...attributes} onInput={read} />
      ) : (
        <input type={type} {...attributes} onInput={read} />
      )}
      {hint && (
        <p id={hintId} class="hint">
          {hint}
        </p>
      )}
      <FieldProblem fieldId={id} problem={problem} />
    </>
  );
}
