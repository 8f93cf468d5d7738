import { useState } from 'preact/hooks';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { ProblemList, problemsIn, type Problem } from '../../components/Problems';
import { useI18n } from '../../i18n';
import { connectorApi, CONNECTOR_EXPORT_URL } from './connector-api';

/** Sharing connectors with other districts: every connector as one JSON file, out and in. */
export function ConnectorTransfer({ onImported }: { onImported(): void }) {
  const { t, errorText } = useI18n();
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);

  function fail(message: string, found: Problem[] = []) {
    setStatus('');
    setError(message);
    setProblems(found);
  }

  async function importFile(event: Event) {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const text = await file.text();
    // The same file can be chosen again once it is fixed.
    input.value = '';
    setError('');
    setProblems([]);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return fail(t('connectors.fileNotJson'));
    }
    setStatus(t('admin.importing'));
    try {
      const result = await connectorApi.importFile(parsed);
      const list = (slugs: string[]) => (slugs.length > 0 ? slugs.join(', ') : t('connectors.noneListed'));
      setStatus(t('connectors.imported', { saved: list(result.saved), unchanged: list(result.unchanged) }));
      onImported();
    } catch (caught) {
      fail(errorText(caught), problemsIn(caught));
    }
  }

  return (
    <section aria-labelledby="connector-transfer-title">
      <h2 id="connector-transfer-title">{t('connectors.transferTitle')}</h2>
      <p>
        <a href={CONNECTOR_EXPORT_URL} download="gatehouse-connectors.json">
          {t('connectors.export')}
        </a>
      </p>
      <div class="stacked-form">
        <label for="connector-import">{t('connectors.import')}</label>
        <input
          id="connector-import"
          type="file"
          accept=".json,application/json"
          aria-describedby="connector-import-hint"
          onChange={importFile}
        />
        <p id="connector-import-hint" class="hint">
          {t('connectors.importHint')}
        </p>
      </div>
      <StatusMessage message={status} />
      <ErrorMessage message={error}>
        <ProblemList problems={problems} withApp />
      </ErrorMessage>
    </section>
  );
}
