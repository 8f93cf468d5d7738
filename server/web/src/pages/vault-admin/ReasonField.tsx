import type { Ref } from 'preact';
import { useI18n } from '../../i18n';
import { REASON_MIN_LENGTH } from './vault-admin-api';

interface ReasonFieldProps {
  id: string;
  label: string;
  value: string;
  onInput(value: string): void;
  inputRef: Ref<HTMLTextAreaElement>;
}

/** Why secrets are about to be shown or exported; kept in the audit log. */
export function ReasonField({ id, label, value, onInput, inputRef }: ReasonFieldProps) {
  const { t } = useI18n();
  return (
    <>
      <label for={id}>{label}</label>
      <textarea
        id={id}
        ref={inputRef}
        rows={2}
        value={value}
        aria-describedby={`${id}-hint`}
        onInput={(event) => onInput((event.target as HTMLTextAreaElement).value)}
      />
      <p id={`${id}-hint`} class="hint">
        {t('vaultAdmin.reasonHint', { min: REASON_MIN_LENGTH })}
      </p>
    </>
  );
}

/** Whether a reason is long enough for the server to accept it. */
export const isReasonLongEnough = (reason: string) => reason.trim().length >= REASON_MIN_LENGTH;
