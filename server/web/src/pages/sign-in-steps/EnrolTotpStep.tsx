import { useEffect, useRef, useState } from 'preact/hooks';
import type { TotpEnrolment } from '../../../../../shared/accounts';
import type { Viewer } from '../../api';
import { ErrorMessage } from '../../components/Messages';
import { useI18n } from '../../i18n';
import { useTransientMessage } from '../../use-transient-message';
import { normaliseSecondFactorCode, ownAccountApi, type Session } from '../own-account/own-account-api';
import { useFieldFailure } from '../own-account/use-field-failure';
import { useSubmit } from '../own-account/use-submit';
import { RecoveryCodesView } from './RecoveryCodesView';

/** The key as the app asks for it: groups of 4, easier to copy by eye than 32 letters in a row. */
export const groupedKey = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/**
 * "Set up your authenticator app": install one, scan the QR (or type the key), type the code it shows; then
 * the recovery codes, shown once.
 */
export function EnrolTotpStep({ viewer, onDone }: { viewer: Viewer; onDone(session: Session): void }) {
  const { errorText } = useI18n();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [loadFailure, setLoadFailure] = useState<unknown>(null);
  const [enrolled, setEnrolled] = useState<{ user: Viewer; recoveryCodes: string[] } | null>(null);

  // Each call makes a new key: asked once per visit, not on every render.
  useEffect(() => {
    ownAccountApi.startEnrolment().then(setEnrolment, setLoadFailure);
  }, []);

  if (enrolled)
    return (
      <RecoveryCodesView
        username={viewer.username}
        codes={enrolled.recoveryCodes}
        onContinue={() => onDone({ user: enrolled.user })}
      />
    );
  if (loadFailure) return <ErrorMessage message={errorText(loadFailure)} />;
  if (!enrolment) return <EnrolmentLoading />;
  return <EnrolmentForm enrolment={enrolment} onEnrolled={setEnrolled} />;
}

function EnrolmentLoading() {
  const { t } = useI18n();
  return <p role="status">{t('totp.enrol.loading')}</p>;
}

interface EnrolmentFormProps {
  enrolment: TotpEnrolment;
  onEnrolled(result: { user: Viewer; recoveryCodes: string[] }): void;
}

function EnrolmentForm({ enrolment, onEnrolled }: EnrolmentFormProps) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const failure = useFieldFailure<'code'>();
  const { working, run } = useSubmit();
  const codeInput = useRef<HTMLInputElement>(null);

  function submit(event: Event) {
    event.preventDefault();
    const typed = normaliseSecondFactorCode(code);
    if (!typed) return failure.fail('code', { key: 'totp.missingCode' }, codeInput.current);
    failure.clear();
    void run(
      async () => onEnrolled(await ownAccountApi.confirmEnrolment(typed)),
      (caught) => {
        setCode('');
        failure.fail('code', { caught }, codeInput.current);
      },
    );
  }

  const error = failure.errorFor('code');
  return (
    <form onSubmit={submit} noValidate class="totp-enrol">
      <p>{t('totp.enrol.intro')}</p>
      <ol class="enrol-steps">
        <li>{t('totp.enrol.install')}</li>
        <li>
          {t('totp.enrol.scan')}
          <img class="totp-qr" src={enrolment.qr} alt={t('totp.enrol.qrAlt')} width={200} height={200} />
          <TypedKey secret={enrolment.secret} />
        </li>
        <li>
          <label for="totp-enrol-code">{t('totp.enrol.typeCode')}</label>
          <input
            id="totp-enrol-code"
            ref={codeInput}
            class="code-input"
            inputMode="numeric"
            autocomplete="one-time-code"
            spellcheck={false}
            maxLength={8}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'totp-enrol-error' : undefined}
            value={code}
            onInput={(event) => setCode((event.target as HTMLInputElement).value)}
          />
        </li>
      </ol>
      <p id="totp-enrol-error" class="error field-error" role="alert">
        {error}
      </p>
      <button type="submit" disabled={working}>
        {working ? t('totp.checking') : t('totp.enrol.confirm')}
      </button>
    </form>
  );
}

/** The key as text, for an app that cannot scan, with a button that copies it. */
function TypedKey({ secret }: { secret: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useTransientMessage();
  const keyText = useRef<HTMLElement>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(t('totp.enrol.copied'));
    } catch {
      // No clipboard (an http page, a refused permission): select the key so Ctrl+C copies it.
      const range = document.createRange();
      range.selectNodeContents(keyText.current!);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      setCopied(t('totp.enrol.copyByHand'));
    }
  }

  return (
    <div class="totp-key">
      <p>{t('totp.enrol.orType')}</p>
      <code ref={keyText} class="totp-secret">
        {groupedKey(secret)}
      </code>
      <button type="button" class="secondary" onClick={copy}>
        {t('totp.enrol.copy')}
      </button>
      <p class="status" role="status">
        {copied}
      </p>
    </div>
  );
}
