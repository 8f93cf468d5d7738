import { useState } from 'preact/hooks';
import type { AccountState, ResetResult } from '../../../../../shared/accounts';
import type { BadgeGroup, BadgeState } from '../../../../../shared/badges';
import type { PersonAction } from '../../../../../shared/people';
import { ErrorMessage } from '../../components/Messages';
import { Panel } from '../../components/Panel';
import { saveFile } from '../../download';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { accountsApi, sheetFileName as accountSheetName } from '../accounts/accounts-api';
import { ConfirmAccountAction, type ActionPerson } from '../accounts/ConfirmAccountAction';
import { ResetResultDialog } from '../accounts/ResetResultDialog';
import { useFocusReturn } from '../accounts/use-focus-return';
import { actionPerson } from '../accounts/AccountStudentsTable';
import { badgesApi } from '../badges/badges-api';
import { ConfirmPanel } from '../badges/ConfirmPanel';
import { defaultChoices, expiresOn, printRequest, sheetFileName, type PrintChoices } from '../badges/print-choices';
import { PrintOptions } from '../badges/PrintOptions';
import { peopleApi } from './people-api';

/** The person an action is for, with what the confirmations say about them. */
export interface ActionSubject {
  id: string;
  displayName: string;
  username: string;
  /** Known on the person's page (a reset's words follow what it gives); null where the page does not know. */
  account: AccountState | null;
  badge: BadgeState | null;
}

/** An action waiting for a yes, or for its options (a badge's layout). */
type Pending = 'print_badge' | 'void_badge' | 'print_claim_letter' | 'reset_password' | 'reset_second_factor';

const ASKS_FIRST: readonly PersonAction[] = [
  'print_badge',
  'void_badge',
  'print_claim_letter',
  'reset_password',
  'reset_second_factor',
];

/** One student's badge has no class term to offer as its end: "never" or a chosen day. */
const ONE_BADGE: BadgeGroup = { kind: 'class', id: '', title: '', campusName: '', termEndsOn: null, eligibleCount: 1 };

const NO_BADGE: BadgeState = {
  status: 'none',
  issuedAt: null,
  expiresAt: null,
  picture: null,
  lastUsedAt: null,
  secretPictures: null,
};

/**
 * The actions a helper takes for one person (the same on their page and in "why can't … get in?"): each asks
 * first where something stops working, runs with progress shown, and says what happened. `onChanged` reloads
 * what the page shows.
 */
export function usePersonActions(subject: ActionSubject, onChanged: () => void) {
  const { t, locale } = useI18n();
  const [pending, setPending] = useState<Pending | null>(null);
  const [shown, setShown] = useState<ResetResult | null>(null);
  const [status, setStatus] = useState('');
  const [choices, setChoices] = useState<PrintChoices>(() => defaultChoices(ONE_BADGE));
  const { working, error, setError, run } = useAction();
  const focus = useFocusReturn(working || shown !== null);
  const name = subject.displayName;
  const person: ActionPerson = subject.account
    ? actionPerson({ ...subject, grade: null, classTitle: null, account: subject.account })
    : { id: subject.id, displayName: name, username: subject.username, status: null };

  /** Runs a call with a progress line, then says it is done and reloads. */
  async function perform(working: string, job: () => Promise<string>) {
    setPending(null);
    setStatus(working);
    await run(
      async () => {
        const done = await job();
        setStatus(done);
        onChanged();
      },
      () => setStatus(''),
    );
  }

  async function printBadge() {
    const expires = expiresOn(choices, ONE_BADGE);
    if (expires === undefined) return setError(t('badges.expiry.dateMissing'));
    focus.returnWhenDone();
    await perform(t('badges.print.working'), async () => {
      const request = printRequest({ userId: subject.id }, choices, expires, locale);
      saveFile(await badgesApi.print(request), sheetFileName(name));
      return t('peoplePages.done.badge', { name });
    });
  }

  async function confirm(action: Pending) {
    focus.returnWhenDone();
    switch (action) {
      case 'print_badge':
        return printBadge();
      case 'void_badge':
        return perform(t('peoplePages.working'), async () => {
          await badgesApi.voidFor({ userId: subject.id });
          return t('badges.void.done', { name });
        });
      case 'print_claim_letter':
        return perform(t('accounts.letters.working'), async () => {
          const letter = await accountsApi.claimLetters({ userId: subject.id }, false, locale);
          saveFile(letter, accountSheetName('claim-letters', name));
          return t('accounts.letters.done');
        });
      case 'reset_password':
        return perform(t('peoplePages.working'), async () => {
          setShown(await accountsApi.reset(subject.id));
          return '';
        });
      case 'reset_second_factor':
        return perform(t('peoplePages.working'), async () => {
          await accountsApi.totpReset(subject.id);
          return t('accounts.totp.done', { name });
        });
    }
  }

  /** Starts an action: those that stop something working ask first; the others run at once. */
  function ask(action: PersonAction, appId?: string) {
    setStatus('');
    setError('');
    if ((ASKS_FIRST as readonly string[]).includes(action)) {
      focus.remember();
      setPending(action as Pending);
      return;
    }
    if (action === 'print_credentials')
      return perform(t('accounts.credentials.working'), async () => {
        saveFile(await accountsApi.credentials({ userId: subject.id }, locale), accountSheetName('credentials', name));
        return t('accounts.credentials.done');
      });
    if (action === 'release_throttle')
      return perform(t('peoplePages.working'), async () => {
        const { released } = await peopleApi.releaseThrottle(subject.id);
        return t(released.length > 0 ? 'peoplePages.done.released' : 'peoplePages.done.nothingHeld', { name });
      });
    if (action === 'confirm_credential' && appId)
      return perform(t('peoplePages.working'), async () => {
        const { lifted } = await peopleApi.confirmCredential(subject.id, appId);
        return t(lifted ? 'peoplePages.done.confirmed' : 'peoplePages.done.nothingHeld', { name });
      });
  }

  const student = {
    id: subject.id,
    username: subject.username,
    displayName: name,
    grade: null,
    eligible: true,
    badge: subject.badge ?? NO_BADGE,
  };
  const view = (
    <>
      <ErrorMessage message={error} />
      <p class={working ? 'status badge-busy' : 'status'} role="status">
        {working && <span class="spinner" aria-hidden="true" />}
        {status}
      </p>
      {pending === 'print_badge' && (
        <Panel title={t('badges.confirmPrint.title', { name })} onClose={() => setPending(null)}>
          <form
            class="stacked-form"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void confirm('print_badge');
            }}
          >
            <PrintOptions group={ONE_BADGE} choices={choices} onChange={setChoices} oneStudent />
            {subject.badge?.status === 'active' && <p class="warning">{t('badges.confirmPrint.replace')}</p>}
            <button type="submit">{t('badges.confirmPrint.yes')}</button>
          </form>
        </Panel>
      )}
      {pending === 'void_badge' && (
        <ConfirmPanel
          action={{ kind: 'void', student }}
          onConfirm={() => void confirm('void_badge')}
          onClose={() => setPending(null)}
        />
      )}
      {pending && pending !== 'print_badge' && pending !== 'void_badge' && (
        <ConfirmAccountAction
          action={{ kind: ACCOUNT_CONFIRMATION[pending], person }}
          onConfirm={() => void confirm(pending)}
          onClose={() => setPending(null)}
        />
      )}
      {shown && (
        <ResetResultDialog
          person={person}
          result={shown}
          onClose={() => {
            setShown(null);
            setStatus(t('accounts.reset.done', { name }));
          }}
        />
      )}
    </>
  );
  return { working, ask, view };
}

const ACCOUNT_CONFIRMATION = {
  print_claim_letter: 'letter',
  reset_password: 'reset',
  reset_second_factor: 'totpReset',
} as const;
