import type { AccountState } from '../../../../../shared/accounts';
import { useI18n } from '../../i18n';

/**
 * How a person signs in, in words: the password's kind, until when a code works, the second factor, and the last
 * reset by a helper (so the person's teacher sees who reset it).
 */
export function AccountStateText({ account }: { account: AccountState }) {
  const { t, locale } = useI18n();
  const day = (at: number) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(at);
  const until = account.codeExpiresAt;
  const main = (() => {
    switch (account.status) {
      case 'fixed':
        return t(account.mayChangePassword ? 'accounts.state.fixedMayChange' : 'accounts.state.fixed');
      case 'unclaimed':
        return until === null
          ? t('accounts.state.unclaimed')
          : t('accounts.state.unclaimedUntil', { date: day(until) });
      case 'claimed':
        return t('accounts.state.claimed');
      case 'temporary':
        return until === null
          ? t('accounts.state.temporary')
          : t('accounts.state.temporaryUntil', { date: day(until) });
    }
  })();
  return (
    <span class={`account-state ${account.status}`}>
      {main}
      {account.secondFactor !== 'not_needed' && (
        <span class="hint"> · {t(`accounts.state.secondFactor.${account.secondFactor}`)}</span>
      )}
      {account.status === 'claimed' && account.recoverySet && (
        <span class="hint"> · {t('accounts.state.recoverySet')}</span>
      )}
      {account.lastReset && (
        <span class="hint">
          {' · '}
          {account.lastReset.byName === null
            ? t('accounts.state.lastResetByIt', { date: day(account.lastReset.at) })
            : t('accounts.state.lastReset', { date: day(account.lastReset.at), name: account.lastReset.byName })}
        </span>
      )}
    </span>
  );
}
