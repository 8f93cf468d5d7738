import { useState } from 'preact/hooks';
import type { Tile } from '../../api';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { useApi } from '../../use-api';
import { DRAFTS_PATH, draftApi, type ConnectorDraftSummary } from './connector-drafts-api';
import { ConnectorEditor } from './ConnectorEditor';

interface CaptureDraftsProps {
  apps: Tile[];
  /** The connectors changed (a draft was saved as one). */
  onSaved(): void;
}

/**
 * "Drafts from capture": logins IT recorded with the extension. Review opens one in the connector form, where
 * IT edits it and saves it as the app's connector; or IT discards it.
 */
export function CaptureDrafts({ apps, onSaved }: CaptureDraftsProps) {
  const { t, formatTime } = useI18n();
  const drafts = useApi<{ drafts: ConnectorDraftSummary[] }>(DRAFTS_PATH);
  const [reviewing, setReviewing] = useState<ConnectorDraftSummary | null>(null);
  const [status, setStatus] = useState('');
  const { error, run } = useAction();
  const list = drafts.data?.drafts ?? [];
  const appOf = (draft: ConnectorDraftSummary) => apps.find((app) => app.id === draft.appId);

  const discard = (draft: ConnectorDraftSummary) =>
    run(async () => {
      await draftApi.discard(draft.id);
      setStatus(t('captureDrafts.discarded', { app: draft.appName }));
      if (reviewing?.id === draft.id) setReviewing(null);
      drafts.reload();
    });

  const saveDraft = (draft: ConnectorDraftSummary) => async (definition: unknown) => {
    const saved = await draftApi.save(draft.id, definition);
    setStatus(t('connectors.saved', { version: saved.connector.version }));
    setReviewing(null);
    drafts.reload();
    onSaved();
    return saved;
  };

  const reviewedApp = reviewing && appOf(reviewing);
  return (
    <section aria-labelledby="capture-drafts-title">
      <h2 id="capture-drafts-title">{t('captureDrafts.title')}</h2>
      <p>{t('captureDrafts.intro')}</p>
      <ErrorMessage message={drafts.error || error} />
      <StatusMessage message={status} />
      {drafts.data && list.length === 0 && <p>{t('captureDrafts.none')}</p>}
      {list.length > 0 && (
        <ul class="capture-drafts">
          {list.map((draft) => (
            <li key={draft.id}>
              <strong>{draft.appName}</strong>{' '}
              <span>
                {t('captureDrafts.capturedBy', { name: draft.capturedByName, time: formatTime(draft.capturedAt) })}
              </span>{' '}
              <span>{t(`connectors.mode.${draft.definition.login.mode}`)}</span>{' '}
              {appOf(draft) && (
                <button type="button" class="secondary" onClick={() => setReviewing(draft)}>
                  {t('captureDrafts.review')}
                  <span class="visually-hidden"> ({draft.appName})</span>
                </button>
              )}{' '}
              <button type="button" class="secondary" onClick={() => discard(draft)}>
                {t('captureDrafts.discard')}
                <span class="visually-hidden"> ({draft.appName})</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {reviewing && reviewedApp && (
        <ConnectorEditor
          key={reviewing.id}
          app={reviewedApp}
          fromDraft={{ definition: reviewing.definition, save: saveDraft(reviewing) }}
          onSaved={() => undefined}
          onClose={() => setReviewing(null)}
        />
      )}
    </section>
  );
}
