import { useState } from 'preact/hooks';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { problemsIn, RejectedRows, type Problem } from '../../components/Problems';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { VAULT_CSV_COLUMNS, vaultAdminApi } from './vault-admin-api';

/** Many stored sign-ins at once from CSV. The server checks the whole file: one bad row and nothing is saved. */
export function VaultCsvImport({ onImported }: { onImported(): void }) {
  const { t } = useI18n();
  const [csv, setCsv] = useState('');
  const [status, setStatus] = useState('');
  const [rejected, setRejected] = useState<Problem[]>([]);
  const { working, error, setError, run } = useAction();

  async function chooseFile(event: Event) {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) setCsv(await file.text());
  }

  async function submit(event: Event) {
    event.preventDefault();
    setError('');
    setRejected([]);
    if (!csv.trim()) return setError(t('vaultAdmin.csvEmpty'));
    setStatus(t('admin.importing'));
    await run(
      async () => {
        const { saved } = await vaultAdminApi.importCsv(csv);
        setStatus(t('vaultAdmin.imported', { count: saved }));
        setCsv('');
        onImported();
      },
      (caught) => {
        setStatus('');
        setRejected(problemsIn(caught));
      },
    );
  }

  return (
    <form class="stacked-form" aria-labelledby="csv-import-title" onSubmit={submit} noValidate>
      <h2 id="csv-import-title">{t('vaultAdmin.importTitle')}</h2>
      <p id="csv-import-hint" class="hint">
        {t('vaultAdmin.csvHint', { columns: VAULT_CSV_COLUMNS })}
      </p>
      <label for="csv-file">{t('vaultAdmin.csvFile')}</label>
      <input id="csv-file" type="file" accept=".csv,text/csv" onChange={chooseFile} />
      <label for="csv-text">{t('vaultAdmin.csvText')}</label>
      <textarea
        id="csv-text"
        class="code"
        rows={6}
        spellcheck={false}
        aria-describedby="csv-import-hint"
        value={csv}
        onInput={(event) => setCsv((event.target as HTMLTextAreaElement).value)}
      />
      <button type="submit" disabled={working}>
        {working ? t('admin.importing') : t('vaultAdmin.import')}
      </button>
      <StatusMessage message={status} />
      <ErrorMessage message={error}>
        <RejectedRows problems={rejected} />
      </ErrorMessage>
    </form>
  );
}
