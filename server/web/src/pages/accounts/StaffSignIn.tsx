import { useState } from 'preact/hooks';
import type { ResetResult } from '../../../../../shared/accounts';
import { ErrorMessage } from '../../components/Messages';
import { PersonSearch, type PersonSummary } from '../../components/PersonSearch';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { accountsApi } from './accounts-api';
import { ConfirmAccountAction, type ActionPerson, type PendingAction } from './ConfirmAccountAction';
import { ResetResultDialog } from './ResetResultDialog';
import { useFocusReturn } from './use-focus-return';

/** IT finds anyone (staff above all, who are in no class list) to reset their password or authenticator app. */
export function StaffSignIn() {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<PersonSummary | null>(null);
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [shown, setShown] = useState<{ person: ActionPerson; result: ResetResult } | null>(null);
  const [status, setStatus] = useState('');
  const { working, error, setError, run } = useAction();
  const person: ActionPerson | null = chosen && { ...chosen, status: null };
  const focus = useFocusReturn(working || shown !== null);

  function ask(action: PendingAction) {
    focus.remember();
    setPending(action);
  }

  async function confirm(action: PendingAction) {
    focus.returnWhenDone();
    setPending(null);
    setStatus('');
    await run(async () => {
      if (action.kind === 'reset')
        return setShown({ person: action.person, result: await accountsApi.reset(action.person.id) });
      await accountsApi.totpReset(action.person.id);
      setStatus(t('accounts.totp.done', { name: action.person.displayName }));
    });
  }

  return (
    <section class="stacked-form" aria-labelledby="staff-sign-in-title">
      <h2 id="staff-sign-in-title">{t('accounts.staff.title')}</h2>
      <p>{t('accounts.staff.explain')}</p>
      <PersonSearch
        id="staff-sign-in-search"
        label={t('accounts.staff.search')}
        selectedId={chosen?.id ?? ''}
        onSelect={(picked) => {
          setChosen(picked);
          setPending(null);
        }}
        onError={setError}
      />
      {chosen && person && (
        <div class="button-row">
          <button
            type="button"
            class="secondary danger"
            disabled={working}
            onClick={() => ask({ kind: 'reset', person })}
          >
            {t('accounts.student.reset')}
          </button>
          {chosen.role !== 'student' && (
            <button
              type="button"
              class="secondary danger"
              disabled={working}
              onClick={() => ask({ kind: 'totpReset', person })}
            >
              {t('accounts.student.resetAuthenticator')}
            </button>
          )}
        </div>
      )}
      <ErrorMessage message={error} />
      <p class="status" role="status">
        {status}
      </p>
      {pending && (
        <ConfirmAccountAction
          action={pending}
          onConfirm={() => void confirm(pending)}
          onClose={() => setPending(null)}
        />
      )}
      {shown && (
        <ResetResultDialog
          person={shown.person}
          result={shown.result}
          onClose={() => {
            setShown(null);
            setStatus(t('accounts.reset.done', { name: shown.person.displayName }));
          }}
        />
      )}
    </section>
  );
}
