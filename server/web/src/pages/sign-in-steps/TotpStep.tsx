import { useRef, useState } from 'preact/hooks';
import { useI18n } from '../../i18n';
import { normaliseSecondFactorCode, ownAccountApi, type Session } from '../own-account/own-account-api';
import { useFieldFailure } from '../own-account/use-field-failure';
import { useSubmit } from '../own-account/use-submit';

type CodeKind = 'totp' | 'recovery';

/** "Enter the code from your authenticator app", or one of the person's recovery codes instead. */
export function TotpStep({ onDone }: { onDone(session: Session): void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<CodeKind>('totp');
  const [code, setCode] = useState('');
  const failure = useFieldFailure<'code'>();
  const { working, run } = useSubmit();
  const codeInput = useRef<HTMLInputElement>(null);

  function switchKind() {
    setKind(kind === 'totp' ? 'recovery' : 'totp');
    setCode('');
    failure.clear();
    codeInput.current?.focus();
  }

  function submit(event: Event) {
    event.preventDefault();
    const typed = normaliseSecondFactorCode(code);
    if (!typed) return failure.fail('code', { key: 'totp.missingCode' }, codeInput.current);
    failure.clear();
    void run(
      async () => onDone(await ownAccountApi.checkTotp(typed)),
      (caught) => {
        setCode('');
        failure.fail('code', { caught }, codeInput.current);
      },
    );
  }

  const error = failure.errorFor('code');
  return (
    <form onSubmit={submit} noValidate>
      <p id="totp-hint" class="hint">
        {kind === 'totp' ? t('totp.codeHint') : t('totp.recoveryCodeHint')}
      </p>
      <label for="totp-code">{kind === 'totp' ? t('totp.code') : t('totp.recoveryCode')}</label>
      <input
        id="totp-code"
        ref={codeInput}
        class="code-input"
        inputMode={kind === 'totp' ? 'numeric' : 'text'}
        autocomplete={kind === 'totp' ? 'one-time-code' : 'off'}
        autocapitalize="none"
        spellcheck={false}
        maxLength={kind === 'totp' ? 8 : 20}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'totp-hint totp-error' : 'totp-hint'}
        value={code}
        onInput={(event) => setCode((event.target as HTMLInputElement).value)}
      />
      <p id="totp-error" class="error field-error" role="alert">
        {error}
      </p>
      <button type="submit" disabled={working}>
        {working ? t('totp.checking') : t('totp.submit')}
      </button>
      <button type="button" class="link-button" onClick={switchKind}>
        {kind === 'totp' ? t('totp.useRecoveryCode') : t('totp.useAppCode')}
      </button>
    </form>
  );
}
