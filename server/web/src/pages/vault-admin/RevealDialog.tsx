import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ErrorMessage } from '../../components/Messages';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { isReasonLongEnough, ReasonField } from './ReasonField';
import { REASON_MIN_LENGTH, vaultAdminApi, type RevealedValues } from './vault-admin-api';

interface RevealDialogProps {
  entryId: string;
  title: string;
  onClose(): void;
}

/** Shows one stored sign-in after IT says why; the server audits the reveal before it answers. */
export function RevealDialog({ entryId, title, onClose }: RevealDialogProps) {
  const { t } = useI18n();
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const reasonInput = useRef<HTMLTextAreaElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const [reason, setReason] = useState('');
  const [values, setValues] = useState<RevealedValues | null>(null);
  const { working, error, setError, run } = useAction();

  // A modal dialog keeps focus inside, closes on Escape and returns focus to the button that opened it.
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  // The form that had focus is gone once the values show; the dialog's Close button takes it.
  useEffect(() => {
    if (values) closeButton.current?.focus();
  }, [values]);

  async function reveal(event: Event) {
    event.preventDefault();
    if (!isReasonLongEnough(reason)) {
      setError(t('vaultAdmin.reasonTooShort', { min: REASON_MIN_LENGTH }));
      return reasonInput.current?.focus();
    }
    await run(async () => setValues((await vaultAdminApi.reveal(entryId, reason.trim())).values));
  }

  const close = () => dialog.current?.close();

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>{title}</h2>
      {values ? (
        <>
          <dl class="sign-in-values">
            <dt>{t('vault.field.username')}</dt>
            <dd>{values.username}</dd>
            <dt>{t('vault.field.password')}</dt>
            <dd>{values.password ?? t('vaultAdmin.password.derived')}</dd>
            {values.extra !== null && (
              <>
                <dt>{t('vaultAdmin.extra')}</dt>
                <dd>{values.extra}</dd>
              </>
            )}
          </dl>
          <p role="status">{t('vaultAdmin.revealAudited')}</p>
          <button type="button" ref={closeButton} onClick={close}>
            {t('panel.close')}
          </button>
        </>
      ) : (
        <form class="stacked-form" onSubmit={reveal} noValidate>
          <ReasonField
            id="reveal-reason"
            label={t('vaultAdmin.revealReason')}
            value={reason}
            onInput={setReason}
            inputRef={reasonInput}
          />
          <ErrorMessage message={error} />
          <div class="button-row">
            <button type="submit" disabled={working}>
              {t('vaultAdmin.reveal')}
            </button>
            <button type="button" class="secondary" onClick={close}>
              {t('vaultAdmin.cancel')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
