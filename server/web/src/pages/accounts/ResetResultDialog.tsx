import { useEffect, useId, useRef } from 'preact/hooks';
import type { ResetResult } from '../../../../../shared/accounts';
import { useI18n } from '../../i18n';

interface ResetResultDialogProps {
  person: { displayName: string; username: string };
  result: ResetResult;
  /** The caller forgets the result: once closed, nothing in the page holds the secret. */
  onClose(): void;
}

/** What a reset handed the helper, shown once, large enough to read aloud, and printable on its own. */
export function ResetResultDialog({ person, result, onClose }: ResetResultDialogProps) {
  const { t, locale } = useI18n();
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const day = (at: number) => new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(at);

  // A modal dialog keeps focus inside, closes on Escape and returns focus to the button that opened it.
  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const { label, secret, hint } = (() => {
    switch (result.kind) {
      case 'temporary_password':
        return {
          label: t('accounts.result.temporaryPassword'),
          secret: result.temporaryPassword,
          hint: t('accounts.result.temporaryHint', { date: day(result.expiresAt) }),
        };
      case 'claim_code':
        return {
          label: t('accounts.result.claimCode'),
          secret: result.claimCode,
          hint: t('accounts.result.claimHint', { date: day(result.expiresAt) }),
        };
      case 'fixed_password':
        return {
          label: t('accounts.result.fixedPassword'),
          secret: result.password,
          hint: t('accounts.result.fixedHint'),
        };
    }
  })();

  return (
    <dialog ref={dialog} class="dialog reset-result" aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId}>{t('accounts.result.title', { name: person.displayName })}</h2>
      <dl class="reset-values">
        <dt>{t('accounts.result.username')}</dt>
        <dd>
          <code>{person.username}</code>
        </dd>
        <dt>{label}</dt>
        <dd>
          <code class="secret-value">{secret}</code>
        </dd>
      </dl>
      <p>{hint}</p>
      <p class="hint no-print">{t('accounts.result.onceOnly')}</p>
      <div class="button-row no-print">
        <button type="button" class="secondary" onClick={() => print()}>
          {t('accounts.result.print')}
        </button>
        <button type="button" onClick={() => dialog.current?.close()}>
          {t('accounts.result.close')}
        </button>
      </div>
    </dialog>
  );
}
