import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api';
import { StatusMessage } from '../../components/Messages';
import { useI18n } from '../../i18n';
import { NewPasswordFields, type NewPassword } from './NewPasswordFields';
import { ownAccountApi } from './own-account-api';
import { passwordMistake, useFieldFailure, weakPasswordReason } from './use-field-failure';
import { useSubmit } from './use-submit';

type Field = 'current' | 'password' | 'form';

/** "Change my password", for a signed-in person the district lets change it; their other sessions end. */
export function ChangePasswordPage() {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState<NewPassword>({ password: '', repeat: '' });
  const [changed, setChanged] = useState(false);
  const failure = useFieldFailure<Field>();
  const { working, run } = useSubmit();
  const currentInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const formError = useRef<HTMLParagraphElement>(null);

  function submit(event: Event) {
    event.preventDefault();
    setChanged(false);
    if (!current) return failure.fail('current', { key: 'changePassword.missingCurrent' }, currentInput.current);
    const mistake = passwordMistake(password.password, password.repeat);
    if (mistake) return failure.fail('password', mistake, passwordInput.current);
    failure.clear();
    void run(async () => {
      await ownAccountApi.changePassword({ current, password: password.password });
      setCurrent('');
      setPassword({ password: '', repeat: '' });
      setChanged(true);
    }, showFailure);
  }

  function showFailure(caught: unknown) {
    if (weakPasswordReason(caught)) return failure.fail('password', { caught }, passwordInput.current);
    if (caught instanceof ApiError && caught.code === 'wrong_password') {
      setCurrent('');
      return failure.fail('current', { caught }, currentInput.current);
    }
    failure.fail('form', { caught }, formError.current);
  }

  const currentError = failure.errorFor('current');
  return (
    <section aria-labelledby="change-password-title" class="change-password">
      <h1 id="change-password-title">{t('changePassword.title')}</h1>
      <StatusMessage message={changed ? t('changePassword.done') : ''} />
      <form onSubmit={submit} noValidate class="stacked-form">
        <label for="current-password">{t('changePassword.current')}</label>
        <input
          id="current-password"
          ref={currentInput}
          type="password"
          autocomplete="current-password"
          aria-invalid={currentError ? 'true' : undefined}
          aria-describedby={currentError ? 'current-password-error' : undefined}
          value={current}
          onInput={(event) => setCurrent((event.target as HTMLInputElement).value)}
        />
        <p id="current-password-error" class="error field-error" role="alert">
          {currentError}
        </p>
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
    </section>
  );
}
