import { useState } from 'preact/hooks';
import type { Tile } from '../../api';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { useI18n } from '../../i18n';
import { RevealDialog } from './RevealDialog';
import { vaultAdminApi, type StoredEntry } from './vault-admin-api';
import { ScrollBox } from '../../components/ScrollBox';

interface EntriesTableProps {
  app: Tile;
  /** Null while they load. */
  entries: StoredEntry[] | null;
  error: string;
  onChanged(): void;
}

/** One app's stored sign-ins, each with reveal and delete. */
export function EntriesTable({ app, entries, error, onChanged }: EntriesTableProps) {
  const { t, errorText, formatTime } = useI18n();
  const [revealing, setRevealing] = useState<StoredEntry | null>(null);
  const [status, setStatus] = useState('');
  const [actionError, setActionError] = useState('');

  const ownerText = (entry: StoredEntry) =>
    entry.scope === 'user'
      ? entry.person
        ? `${entry.person.displayName} (${entry.person.username})`
        : t('vaultAdmin.owner.unknownPerson')
      : entry.scope === 'group'
        ? t('vaultAdmin.owner.group', { campus: entry.orgId ?? '' })
        : t('vaultAdmin.owner.template');

  async function remove(entry: StoredEntry) {
    if (!confirm(t('vaultAdmin.confirmDelete', { owner: ownerText(entry), app: app.name }))) return;
    setActionError('');
    try {
      await vaultAdminApi.remove(entry.id);
      setStatus(t('vaultAdmin.deleted', { owner: ownerText(entry) }));
      onChanged();
    } catch (caught) {
      setActionError(errorText(caught));
    }
  }

  return (
    <section aria-labelledby="entries-title">
      <h2 id="entries-title">{t('vaultAdmin.entriesTitle', { app: app.name })}</h2>
      <ErrorMessage message={error || actionError} />
      <StatusMessage message={status} />
      {!error && entries === null && <p role="status">{t('admin.loading')}</p>}
      {entries?.length === 0 && <p>{t('vaultAdmin.noEntries')}</p>}
      {entries && entries.length > 0 && (
        <ScrollBox label={t('vaultAdmin.entriesTitle', { app: app.name })}>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{t('vaultAdmin.owner')}</th>
                <th scope="col">{t('vaultAdmin.scope')}</th>
                <th scope="col">{t('vaultAdmin.setBy')}</th>
                <th scope="col">{t('vaultAdmin.password')}</th>
                <th scope="col">{t('connectors.version')}</th>
                <th scope="col">{t('vaultAdmin.updatedAt')}</th>
                <th scope="col">{t('admin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row">{ownerText(entry)}</th>
                  <td>{t(`vaultAdmin.scope.${entry.scope}`)}</td>
                  <td>{t(`vaultAdmin.setBy.${entry.setBy}`)}</td>
                  <td>{t(entry.derivesPassword ? 'vaultAdmin.password.derived' : 'vaultAdmin.password.stored')}</td>
                  <td>{entry.version}</td>
                  <td>{formatTime(entry.updatedAt)}</td>
                  <td>
                    <div class="actions">
                      <button type="button" class="secondary" onClick={() => setRevealing(entry)}>
                        {t('vaultAdmin.reveal')}
                        <span class="visually-hidden"> ({ownerText(entry)})</span>
                      </button>
                      <button type="button" class="secondary danger" onClick={() => remove(entry)}>
                        {t('vaultAdmin.delete')}
                        <span class="visually-hidden"> ({ownerText(entry)})</span>
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {revealing && (
        <RevealDialog
          key={revealing.id}
          entryId={revealing.id}
          title={t('vaultAdmin.revealTitle', { owner: ownerText(revealing), app: app.name })}
          onClose={() => setRevealing(null)}
        />
      )}
    </section>
  );
}
