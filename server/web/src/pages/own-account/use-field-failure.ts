import { useState } from 'preact/hooks';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_PROBLEMS,
  type PasswordProblem,
} from '../../../../../shared/accounts';
import type { MessageKey } from '../../../../../shared/i18n';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';

/**
 * What went wrong, kept as a reason rather than words so switching the language re-words it: a catalogue key,
 * a password problem, or a failed call.
 */
export type FailureReason = { key: MessageKey } | { problem: PasswordProblem } | { caught: unknown };

/** The reason the server gave for refusing a new password, when that is what it refused. */
export function weakPasswordReason(caught: unknown): PasswordProblem | null {
  if (!(caught instanceof ApiError) || caught.code !== 'weak_password') return null;
  const reason = (caught.details as { reason?: unknown } | undefined)?.reason;
  return PASSWORD_PROBLEMS.find((problem) => problem === reason) ?? null;
}

/** What the page can say about a new password before asking the server (its length, the two copies). */
export function passwordMistake(password: string, repeat: string): FailureReason | null {
  if (password.length < PASSWORD_MIN_LENGTH) return { problem: 'too_short' };
  if (password.length > PASSWORD_MAX_LENGTH) return { problem: 'too_long' };
  if (password !== repeat) return { key: 'changePassword.mismatch' };
  return null;
}

/**
 * A form's failure and the field it belongs to. The field named gets focus, so a screen reader reads it
 * with its error (tied by aria-describedby); the error itself is in a role=alert element, announced at once.
 */
export function useFieldFailure<Field extends string>() {
  const { t, errorText } = useI18n();
  const [failure, setFailure] = useState<{ field: Field; reason: FailureReason } | null>(null);

  function words(reason: FailureReason): string {
    if ('key' in reason) return t(reason.key);
    const problem = 'problem' in reason ? reason.problem : weakPasswordReason(reason.caught);
    if (problem) return t('error.weak_password', { reason: t(`password_problem.${problem}`) });
    return errorText((reason as { caught: unknown }).caught);
  }

  return {
    errorFor: (field: Field) => (failure?.field === field ? words(failure.reason) : ''),
    failedField: failure?.field ?? null,
    fail(field: Field, reason: FailureReason, focus?: HTMLElement | null) {
      setFailure({ field, reason });
      focus?.focus();
    },
    clear: () => setFailure(null),
  };
}
