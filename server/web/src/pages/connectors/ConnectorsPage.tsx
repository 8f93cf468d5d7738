import { useState } from 'preact/hooks';
import type { Tile } from '../../api';
import { ErrorMessage } from '../../components/Messages';
import { useI18n } from '../../i18n';
import { useApi, useVaultApps } from '../../use-api';
import type { ConnectorVersion } from './connector-api';
import { ConnectorEditor } from './ConnectorEditor';
import { ConnectorTransfer } from './ConnectorTransfer';
import { CaptureDrafts } from './CaptureDrafts';
import { ScrollBox } from '../../components/ScrollBox';

/** IT's list of stored-sign-in apps and how the extension signs into each. */
export function ConnectorsPage() {
  const { t, tOr } = useI18n();
  const apps = useVaultApps();
  const connectors = useApi<{ connectors: ConnectorVersion[] }>('/admin/connectors');
  const [editing, setEditing] = useState<Tile | null>(null);
  const connectorOf = (appId: string) => connectors.data?.connectors.find((item) => item.appId === appId);

  return (
    <section aria-labelledby="connectors-title">
      <h1 id="connectors-title">{t('connectors.title')}</h1>
      <p>{t('connectors.intro')}</p>
      <ErrorMessage message={apps.error || connectors.error} />
      {!apps.error && !apps.data && <p role="status">{t('admin.loading')}</p>}
      {apps.data?.length === 0 && <p>{t('connectors.noApps')}</p>}
      {apps.data && apps.data.length > 0 && (
        <ScrollBox label={t('connectors.title')}>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{t('admin.app')}</th>
                <th scope="col">{t('connectors.version')}</th>
                <th scope="col">{t('connectors.mode')}</th>
                <th scope="col">{t('connectors.origins')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {apps.data.map((app) => {
                const connector = connectorOf(app.id);
                return (
                  <tr key={app.id}>
                    <th scope="row">{app.name}</th>
                    <td>{connector ? connector.version : t('connectors.none')}</td>
                    <td>{connector && tOr(`connectors.mode.${connector.definition.login?.mode}`, '')}</td>
                    <td>{connector?.definition.origins?.join(', ')}</td>
                    <td>
                      <button type="button" class="secondary" onClick={() => setEditing(app)}>
                        {t('connectors.edit')}
                        <span class="visually-hidden"> ({app.name})</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {editing && (
        <ConnectorEditor key={editing.id} app={editing} onSaved={connectors.reload} onClose={() => setEditing(null)} />
      )}
      {apps.data && <CaptureDrafts apps={apps.data} onSaved={connectors.reload} />}
      <ConnectorTransfer onImported={connectors.reload} />
    </section>
  );
}
