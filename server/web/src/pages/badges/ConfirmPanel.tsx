import type { BadgeGroup, BadgeStudent } from '../../../../../shared/badges';
import { Panel } from '../../components/Panel';
import { useI18n } from '../../i18n';

/** A step that changes which badges work, waiting for a yes. */
export type PendingAction =
  | { kind: 'print'; student: BadgeStudent }
  | { kind: 'void'; student: BadgeStudent }
  | { kind: 'voidClass'; group: BadgeGroup };

interface ConfirmPanelProps {
  action: PendingAction;
  onConfirm(): void;
  onClose(): void;
}

/** Says plainly what will stop working before it does. */
export function ConfirmPanel({ action, onConfirm, onClose }: ConfirmPanelProps) {
  const { t } = useI18n();
  const words = (() => {
    switch (action.kind) {
      case 'print': {
        const name = action.student.displayName;
        return action.student.badge.status === 'none'
          ? {
              title: t('badges.confirmPrint.title', { name }),
              text: t('badges.confirmPrint.first'),
              yes: t('badges.confirmPrint.yes'),
            }
          : {
              title: t('badges.confirmPrint.title', { name }),
              text: t('badges.confirmPrint.replace'),
              yes: t('badges.confirmPrint.yes'),
            };
      }
      case 'void':
        return {
          title: t('badges.confirmVoid.title', { name: action.student.displayName }),
          text: t('badges.confirmVoid.text'),
          yes: t('badges.confirmVoid.yes'),
        };
      case 'voidClass':
        return {
          title: t('badges.voidClass.title', { group: action.group.title }),
          text: t('badges.voidClass.text'),
          yes: t('badges.voidClass.yes'),
        };
    }
  })();
  return (
    <Panel title={words.title} onClose={onClose}>
      <p>{words.text}</p>
      <div class="button-row">
        <button type="button" class={action.kind === 'print' ? '' : 'danger-solid'} onClick={onConfirm}>
          {words.yes}
        </button>
      </div>
    </Panel>
  );
}
