import { Panel } from '../../components/Panel';
import { useI18n } from '../../i18n';
import type { AccountStudent } from '../../../../../shared/accounts';

/** A person an action is for: a student of the group, or a staff member IT found. */
export interface ActionPerson {
  id: string;
  displayName: string;
  username: string;
  /** Null when the page does not know it (a staff member found by a search). */
  status: AccountStudent['account']['status'] | null;
}

/** A step that stops something working, waiting for a yes. */
export type PendingAction =
  | { kind: 'reset'; person: ActionPerson }
  | { kind: 'totpReset'; person: ActionPerson }
  | { kind: 'letter'; person: ActionPerson };

interface ConfirmProps {
  action: PendingAction;
  onConfirm(): void;
  onClose(): void;
}

/** Says plainly what stops working, and at once, before it does. */
export function ConfirmAccountAction({ action, onConfirm, onClose }: ConfirmProps) {
  const { t } = useI18n();
  const name = action.person.displayName;
  const words = (() => {
    switch (action.kind) {
      case 'reset':
        return {
          title: t('accounts.reset.title', { name }),
          text: t(`accounts.reset.text.${action.person.status ?? 'unknown'}`),
          yes: t('accounts.reset.yes'),
        };
      case 'totpReset':
        return {
          title: t('accounts.totp.title', { name }),
          text: t('accounts.totp.text'),
          yes: t('accounts.totp.yes'),
        };
      case 'letter':
        return {
          title: t('accounts.letter.title', { name }),
          text: t('accounts.letters.replaces'),
          yes: t('accounts.letter.yes'),
        };
    }
  })();
  return (
    <Panel title={words.title} onClose={onClose}>
      <p>{words.text}</p>
      <div class="button-row">
        <button type="button" class={action.kind === 'letter' ? '' : 'danger-solid'} onClick={onConfirm}>
          {words.yes}
        </button>
      </div>
    </Panel>
  );
}
