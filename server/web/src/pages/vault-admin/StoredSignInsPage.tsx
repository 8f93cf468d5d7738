import { useState } from 'preact/hooks';
import { ErrorMessage } from '../../components/Messages';
import { useI18n } from '../../i18n';
import { useApi, useVaultApps } from '../../use-api';
import { EntriesTable } from './EntriesTable';
import { EntryForm } from './EntryForm';
import { VaultCsvImport } from './VaultCsvImport';
import { VaultExport } from './VaultExport';
import { vaultAdminApi, type StoredEntry } from './vault-admin-api';

/** IT's stored sign-ins: per app, who has one, adding and replacing, audited reveal, CSV in and out. */
export function StoredSignInsPage() {
  const { t } = useI18n();
  const apps = useVaultApps();
  const [appId, setAppId] = useState('');
  const entries = useApi<{ entries: StoredEntry[] }>(appId ? vaultAdminApi.entriesPath(appId) : null);
  const app = apps.data?.find((item) => item.id === appId);

  return (
    <section aria-labelledby="vault-admin-title">
      <h1 id="vault-admin-title">{t('vaultAdmin.title')}</h1>
      <p>{t('vaultAdmin.intro')}</p>
      <ErrorMessage message={apps.error} />
      <div class="stacked-form">
        <label for="vault-app">{t('admin.app')}</label>
        <select id="vault-app" value={appId} onChange={(event) => setAppId((event.target as HTMLSelectElement).value)}>
          <option value="">{t('explain.chooseApp')}</option>
          {apps.data?.map((item) => (
            <option key={item.id} value={item.id}>
              {item.name}
            </option>
          ))}
        </select>
      </div>
      {app && (
        <>
          <EntriesTable
            app={app}
            entries={entries.data?.entries ?? null}
            error={entries.error}
            onChanged={entries.reload}
          />
          <EntryForm key={app.id} app={app} onSaved={entries.reload} />
        </>
      )}
      <VaultCsvImport onImported={entries.reload} />
      <VaultExport />
    </section>
  );
}
