import { useState } from 'preact/hooks';
import type { AccountGroup, AccountStudent, ResetResult } from '../../../../../shared/accounts';
import type { Locale } from '../../../../../shared/i18n';
import { ErrorMessage } from '../../components/Messages';
import { saveFile } from '../../download';
import { useI18n } from '../../i18n';
import { onLinkClick } from '../../router';
import { useAction } from '../../use-action';
import { useLoaded } from '../badges/badges-api';
import { ACCOUNTS_PATH, accountsApi, groupTarget, sheetFileName, type AccountTarget } from './accounts-api';
import { LoadFailure } from './AccountsPage';
import { AccountStudentsTable } from './AccountStudentsTable';
import { ConfirmAccountAction, type ActionPerson, type PendingAction } from './ConfirmAccountAction';
import { PrintSheets, type SheetKind } from './PrintSheets';
import { ResetResultDialog } from './ResetResultDialog';
import { useFocusReturn } from './use-focus-return';

/** One class or campus: how each student signs in, the sheets to print, and resets. */
export function AccountGroupPage({ which }: { which: Pick<AccountGroup, 'kind' | 'id'> }) {
  const { t } = useI18n();
  const loaded = useLoaded(() => accountsApi.group(which), `${which.kind}:${which.id}`);
  if (loaded.failure) return <LoadFailure failure={loaded.failure} what="group" />;
  if (!loaded.data) return <p role="status">{t('accounts.loading')}</p>;
  return <LoadedGroup {...loaded.data} reload={loaded.reload} />;
}

interface LoadedGroupProps {
  group: AccountGroup;
  students: AccountStudent[];
  /** Teachers may reset only where the district allows it. */
  mayReset: boolean;
  reload(): void;
}

function LoadedGroup({ group, students, mayReset, reload }: LoadedGroupProps) {
  const { t, locale } = useI18n();
  const [pending, setPending] = useState<PendingAction | null>(null);
  const [shown, setShown] = useState<{ person: ActionPerson; result: ResetResult } | null>(null);
  const [status, setStatus] = useState('');
  // The page's language until the helper picks another for the printed sheets (a family's, say).
  const [chosenLanguage, setLanguage] = useState<Locale | null>(null);
  const language = chosenLanguage ?? locale;
  const { working, error, run } = useAction();
  const focus = useFocusReturn(working || shown !== null);

  function ask(action: PendingAction) {
    focus.remember();
    setPending(action);
  }

  /** Makes a PDF on the server, hands it to the browser as a download, then shows the new states. */
  async function print(kind: SheetKind, target: AccountTarget, title: string, onlyUnclaimed = false) {
    setPending(null);
    setStatus(t(kind === 'credentials' ? 'accounts.credentials.working' : 'accounts.letters.working'));
    await run(
      async () => {
        const sheet =
          kind === 'credentials'
            ? await accountsApi.credentials(target, language)
            : await accountsApi.claimLetters(target, onlyUnclaimed, language);
        saveFile(sheet, sheetFileName(kind, title));
        setStatus(t(kind === 'credentials' ? 'accounts.credentials.done' : 'accounts.letters.done'));
        reload();
      },
      () => setStatus(''),
    );
  }

  async function reset(person: ActionPerson) {
    setPending(null);
    setStatus('');
    await run(async () => {
      setShown({ person, result: await accountsApi.reset(person.id) });
      reload();
    });
  }

  function confirm(action: PendingAction) {
    const { person } = action;
    focus.returnWhenDone();
    if (action.kind === 'reset') return reset(person);
    if (action.kind === 'letter') return print('claim-letters', { userId: person.id }, person.displayName);
  }

  return (
    <section aria-labelledby="account-group-title">
      <p>
        <a href={ACCOUNTS_PATH} onClick={onLinkClick}>
          {t('accounts.allGroups')}
        </a>
      </p>
      <h1 id="account-group-title">{group.title}</h1>
      {group.kind === 'class' && <p class="hint">{group.campusName}</p>}
      <PrintSheets
        group={group}
        students={students}
        working={working}
        language={language}
        onLanguage={setLanguage}
        onPrint={(kind, onlyUnclaimed) => void print(kind, groupTarget(group), group.title, onlyUnclaimed)}
      />
      <ErrorMessage message={error} />
      <p class={working ? 'status badge-busy' : 'status'} role="status">
        {working && <span class="spinner" aria-hidden="true" />}
        {status}
      </p>
      {pending && (
        <ConfirmAccountAction
          action={pending}
          onConfirm={() => void confirm(pending)}
          onClose={() => setPending(null)}
        />
      )}
      <AccountStudentsTable
        students={students}
        working={working}
        showClass={group.kind === 'campus'}
        mayReset={mayReset}
        onAction={ask}
        onPrintCredentials={(student) => void print('credentials', { userId: student.id }, student.displayName)}
      />
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
