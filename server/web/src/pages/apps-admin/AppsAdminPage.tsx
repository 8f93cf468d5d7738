import { useState } from 'preact/hooks';
import type { AdminApp } from '../../../../../shared/catalog-admin';
import { AppIcon } from '../../components/AppIcon';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { Panel } from '../../components/Panel';
import { ScrollBox } from '../../components/ScrollBox';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { useApi } from '../../use-api';
import { useTransientMessage } from '../../use-transient-message';
import { matchesFilter } from './app-form';
import { AppEditor } from './AppEditor';
import { CatalogTransfer } from './CatalogTransfer';
import { catalogApi, uploadedIconUrl, type Campus } from './catalog-api';

type Editing = { appId: string | undefined } | null;
type Confirming = { app: AdminApp; action: 'retire' | 'restore' } | null;

/** IT's catalog: every app with its kind and rules, add and edit, retire and restore, export and import. */
export function AppsAdminPage() {
  const { t } = useI18n();
  const apps = useApi<{ apps: AdminApp[] }>(catalogApi.listPath);
  const campuses = useApi<{ campuses: Campus[] }>(catalogApi.campusesPath);
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [notice, setNotice] = useTransientMessage();
  const { working, error, run } = useAction();
  const shown = apps.data?.apps.filter((app) => matchesFilter(app, filter)) ?? [];

  const changeState = ({ app, action }: NonNullable<Confirming>) =>
    run(async () => {
      await (action === 'retire' ? catalogApi.retire(app.id) : catalogApi.restore(app.id));
      setConfirming(null);
      setNotice(t(action === 'retire' ? 'catalog.retired' : 'catalog.restored', { name: app.name }));
      apps.reload();
    });

  const open = (next: Editing) => {
    setNotice('');
    setConfirming(null);
    setEditing(next);
  };

  return (
    <section aria-labelledby="apps-admin-title" class="apps-admin">
      <h1 id="apps-admin-title">{t('catalog.title')}</h1>
      <p>{t('catalog.intro')}</p>
      <ErrorMessage message={apps.error || campuses.error} />
      <StatusMessage message={notice} />
      {editing && (
        <AppEditor
          key={editing.appId ?? 'new'}
          appId={editing.appId}
          campuses={campuses.data?.campuses ?? []}
          onSaved={(app, iconRefusal) => {
            setEditing(null);
            setNotice(
              iconRefusal
                ? t('catalog.savedIconRefused', { name: app.name, problem: iconRefusal })
                : t('catalog.saved', { name: app.name }),
            );
            apps.reload();
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {confirming && (
        <Panel
          title={t(`catalog.confirm.${confirming.action}.title`, { name: confirming.app.name })}
          onClose={() => setConfirming(null)}
        >
          <p>{t(`catalog.confirm.${confirming.action}.text`)}</p>
          <ErrorMessage message={error} />
          <div class="button-row">
            <button
              type="button"
              class={confirming.action === 'retire' ? 'danger-solid' : ''}
              disabled={working}
              onClick={() => changeState(confirming)}
            >
              {t(`catalog.confirm.${confirming.action}.yes`)}
            </button>
          </div>
        </Panel>
      )}
      <div class="apps-admin-tools">
        <button type="button" onClick={() => open({ appId: undefined })}>
          {t('catalog.add')}
        </button>
        <span class="apps-filter">
          <label for="apps-filter">{t('catalog.filter')}</label>
          <input
            id="apps-filter"
            type="search"
            value={filter}
            onInput={(event) => setFilter((event.target as HTMLInputElement).value)}
          />
        </span>
      </div>
      {!apps.error && !apps.data && <p role="status">{t('admin.loading')}</p>}
      {apps.data && (
        <ScrollBox label={t('catalog.listTitle')}>
          <table class="data apps-list">
            <caption>{t('catalog.listCaption', { shown: shown.length, total: apps.data.apps.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.app')}</th>
                <th scope="col">{t('catalog.column.kind')}</th>
                <th scope="col">{t('catalog.column.rules')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((app) => (
                <tr key={app.id} class={app.retiredAt === null ? '' : 'retired'}>
                  <th scope="row">
                    <span class="app-cell">
                      <AppIcon
                        name={app.name}
                        color={app.color}
                        icon={app.icon}
                        iconUrl={uploadedIconUrl(app)}
                        size="small"
                      />
                      <span>
                        {app.name}
                        {app.retiredAt !== null && <span class="retired-mark"> {t('catalog.retiredMark')}</span>}
                      </span>
                    </span>
                  </th>
                  <td>{t(`catalog.kindShort.${app.signInKind}`)}</td>
                  <td>{app.rules.length}</td>
                  <td>
                    <span class="actions">
                      <button type="button" class="secondary" onClick={() => open({ appId: app.id })}>
                        {t('catalog.edit')}
                        <span class="visually-hidden"> ({app.name})</span>
                      </button>
                      <button
                        type="button"
                        class="secondary"
                        onClick={() => {
                          setEditing(null);
                          setConfirming({ app, action: app.retiredAt === null ? 'retire' : 'restore' });
                        }}
                      >
                        {t(app.retiredAt === null ? 'catalog.retire' : 'catalog.restore')}
                        <span class="visually-hidden"> ({app.name})</span>
                      </button>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {apps.data && shown.length === 0 && <p>{t('catalog.noMatch')}</p>}
      <CatalogTransfer onImported={apps.reload} />
    </section>
  );
}
