import { ApiError } from '../../api';
import { ErrorMessage } from '../../components/Messages';
import { useI18n } from '../../i18n';
import { onLinkClick } from '../../router';
import { groupInPath } from './accounts-api';
import { AccountGroupPage } from './AccountGroupPage';
import { AccountGroupsList } from './AccountGroupsList';

/** Helping students sign in: the list of groups, or one group (`/accounts/class/<id>`). */
export function AccountsPage({ path }: { path: string }) {
  const group = groupInPath(path);
  return group ? <AccountGroupPage key={`${group.kind}:${group.id}`} which={group} /> : <AccountGroupsList />;
}

/**
 * A failed load: a refusal said kindly (this page is not for this account at all, or this group is someone
 * else's), the server's words otherwise.
 */
export function LoadFailure({ failure, what }: { failure: unknown; what: 'page' | 'group' }) {
  const { t, errorText } = useI18n();
  if (failure instanceof ApiError && failure.status === 403)
    return (
      <div class="not-for-you">
        <h1>{t(what === 'page' ? 'accounts.notForYou.title' : 'accounts.notYours.title')}</h1>
        <p>{t(what === 'page' ? 'accounts.notForYou.text' : 'accounts.notYours.text')}</p>
        <a href="/" onClick={onLinkClick}>
          {t('accounts.backToApps')}
        </a>
      </div>
    );
  return <ErrorMessage message={errorText(failure)} />;
}
