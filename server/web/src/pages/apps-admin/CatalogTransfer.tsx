import { useState } from 'preact/hooks';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { ProblemList, problemsIn, type Problem } from '../../components/Problems';
import { useI18n } from '../../i18n';
import { catalogApi, CATALOG_EXPORT_URL } from './catalog-api';

/** The whole catalog as one JSON file: out, and in (checked whole by the server, saved all or nothing). */
export function CatalogTransfer({ onImported }: { onImported(): void }) {
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
      return fail(t('catalog.import.notJson'));
    }
    setStatus(t('admin.importing'));
    try {
      const result = await catalogApi.importFile(parsed);
      const list = (slugs: string[] | undefined) =>
        slugs && slugs.length > 0 ? slugs.join(', ') : t('catalog.import.noneListed');
      setStatus(
        t('catalog.import.done', {
          created: list(result.created),
          updated: list(result.updated),
          retired: list(result.retired),
        }),
      );
      onImported();
    } catch (caught) {
      fail(`${errorText(caught)} ${t('catalog.import.nothingSaved')}`, problemsIn(caught));
    }
  }

  return (
    <section aria-labelledby="catalog-transfer-title">
      <h2 id="catalog-transfer-title">{t('catalog.transfer.title')}</h2>
      <p>
        <a href={CATALOG_EXPORT_URL} download="gatehouse-catalog.json">
          {t('catalog.export')}
        </a>
      </p>
      <div class="stacked-form">
        <label for="catalog-import">{t('catalog.import.label')}</label>
        <input
          id="catalog-import"
          type="file"
          accept=".json,application/json"
          aria-describedby="catalog-import-hint"
          onChange={importFile}
        />
        <p id="catalog-import-hint" class="hint">
          {t('catalog.import.hint')}
        </p>
      </div>
      <StatusMessage message={status} />
      <ErrorMessage message={error}>
        <ProblemList problems={problems} withApp />
      </ErrorMessage>
    </section>
  );
}
