import { useRef, useState } from 'preact/hooks';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { saveFile } from '../../download';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { isReasonLongEnough, ReasonField } from './ReasonField';
import { REASON_MIN_LENGTH, vaultAdminApi } from './vault-admin-api';

/** IT's stored sign-ins as a CSV file; passwords only with a reason, which the audit log keeps. */
export function VaultExport() {
  const { t } = useI18n();
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState('');
  const { working, error, setError, run } = useAction();
  const reasonInput = useRef<HTMLTextAreaElement>(null);

  async function submit(event: Event) {
    event.preventDefault();
    setError('');
    if (includeSecrets && !isReasonLongEnough(reason)) {
      setError(t('vaultAdmin.reasonTooShort', { min: REASON_MIN_LENGTH }));
      return reasonInput.current?.focus();
    }
    setStatus(t('vaultAdmin.exporting'));
    await run(
      async () => {
        saveFile(await vaultAdminApi.exportCsv(includeSecrets, reason.trim()), 'gatehouse-vault.csv');
        setStatus(t('vaultAdmin.exported'));
      },
      () => setStatus(''),
    );
  }

  return (
    <form class="stacked-form" aria-labelledby="vault-export-title" onSubmit={submit} noValidate>
      <h2 id="vault-export-title">{t('vaultAdmin.exportTitle')}</h2>
      <label class="check">
        <input
          type="checkbox"
          checked={includeSecrets}
          onChange={(event) => setIncludeSecrets((event.target as HTMLInputElement).checked)}
        />
        {t('vaultAdmin.includePasswords')}
      </label>
      {includeSecrets && (
        <ReasonField
          id="export-reason"
          label={t('vaultAdmin.exportReason')}
          value={reason}
          onInput={setReason}
          inputRef={reasonInput}
        />
      )}
      <ErrorMessage message={error} />
      <StatusMessage message={status} />
      <button type="submit" disabled={working}>
        {t('vaultAdmin.export')}
      </button>
    </form>
  );
}
