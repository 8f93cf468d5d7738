import { useRef, useState } from 'preact/hooks';
import { useI18n } from '../../i18n';
import { NewPasswordFields, type NewPassword } from '../own-account/NewPasswordFields';
import { ownAccountApi, type Session } from '../own-account/own-account-api';
import { passwordMistake, useFieldFailure, weakPasswordReason } from '../own-account/use-field-failure';
import { useSubmit } from '../own-account/use-submit';

/**
 * "Choose a new password" after a temporary one: the temporary password is already used up, so the session
 * itself is the proof and no current password is asked for.
 */
export function NewPasswordStep({ onDone }: { onDone(session: Session): void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState<NewPassword>({ password: '', repeat: '' });
  const failure = useFieldFailure<'password' | 'form'>();
  const { working, run } = useSubmit();
  const passwordInput = useRef<HTMLInputElement>(null);
  const formError = useRef<HTMLParagraphElement>(null);

  function submit(event: Event) {
    event.preventDefault();
    const mistake = passwordMistake(password.password, password.repeat);
    if (mistake) return failure.fail('password', mistake, passwordInput.current);
    failure.clear();
    void run(
      async () => onDone(await ownAccountApi.changePassword({ password: password.password })),
      (caught) =>
        weakPasswordReason(caught)
          ? failure.fail('password', { caught }, passwordInput.current)
          : failure.fail('form', { caught }, formError.current),
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <p>{t('signInStep.newPasswordIntro')}</p>
      <NewPasswordFields
        value={password}
        onChange={setPassword}
        error={failure.errorFor('password')}
        passwordRef={passwordInput}
      />
      <p ref={formError} tabIndex={-1} class="error field-error" role="alert">
        {failure.errorFor('form')}
      </p>
      <button type="submit" disabled={working}>
        {working ? t('changePassword.working') : t('changePassword.submit')}
      </button>
    </form>
  );
}
