import { useState } from 'preact/hooks';
import type { GrantsResponse, GrantView } from '../../../../../shared/grants';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { Panel } from '../../components/Panel';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { useApi } from '../../use-api';
import { GiveGrantForm } from './GiveGrantForm';
import { GrantList, useGrantWords } from './GrantList';
import { grantsApi, lastDay } from './grants-api';
import './grants.css';

/** `/grants`, "Delegation": who holds which rights on which campus until when; give and revoke them. */
export function GrantsPage() {
  const { t, locale } = useI18n();
  const [showEnded, setShowEnded] = useState(false);
  const loaded = useApi<GrantsResponse>(grantsApi.list(showEnded));
  const [status, setStatus] = useState('');
  const [revoking, setRevoking] = useState<GrantView | null>(null);
  const revoke = useAction();
  const { what } = useGrantWords();

  if (loaded.error) return <ErrorMessage message={loaded.error} />;
  if (!loaded.data) return <p role="status">{t('grants.loading')}</p>;
  const page = loaded.data;

  const given = (grant: GrantView) => {
    const name = grant.person.displayName;
    const until =
      grant.expiresAt === null
        ? null
        : new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(lastDay(grant.expiresAt));
    setStatus(until === null ? t('grants.give.doneNoEnd', { name }) : t('grants.give.done', { name, until }));
    loaded.reload();
  };

  const confirmRevoke = (grant: GrantView) =>
    revoke.run(async () => {
      await grantsApi.revoke(grant.id);
      setRevoking(null);
      setStatus(t('grants.revoke.done', { name: grant.person.displayName }));
      loaded.reload();
    });

  return (
    <div class="grants-page">
      <h1>{t('grants.title')}</h1>
      <p>{t('grants.intro')}</p>
      <StatusMessage message={status} />
      <GiveGrantForm page={page} onGiven={given} />
      {revoking && (
        <Panel
          title={t('grants.revoke.title', { name: revoking.person.displayName })}
          onClose={() => setRevoking(null)}
        >
          <p>{t('grants.revoke.text', { name: revoking.person.displayName, what: what(revoking) })}</p>
          <ErrorMessage message={revoke.error} />
          <div class="button-row">
            <button
              type="button"
              class="danger-solid"
              disabled={revoke.working}
              onClick={() => confirmRevoke(revoking)}
            >
              {t('grants.revoke.yes')}
            </button>
          </div>
        </Panel>
      )}
      <GrantList
        grants={page.grants}
        showEnded={showEnded}
        onShowEnded={setShowEnded}
        mayRevoke={(grant) => page.mayGiveDistrict || grant.kind === 'delegate'}
        onRevoke={(grant) => {
          setStatus('');
          setRevoking(grant);
        }}
      />
    </div>
  );
}
