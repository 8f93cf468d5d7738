import { useI18n } from '../../i18n';
import { onLinkClick } from '../../router';
import { useLoaded } from '../badges/badges-api';
import { accountsApi, groupPath } from './accounts-api';
import { LoadFailure } from './AccountsPage';
import { StaffSignIn } from './StaffSignIn';

/** The classes (teachers) or campuses (principals, IT) whose students the viewer helps sign in. */
export function AccountGroupsList() {
  const { t } = useI18n();
  const loaded = useLoaded(accountsApi.groups, 'groups');
  if (loaded.failure) return <LoadFailure failure={loaded.failure} what="page" />;
  if (!loaded.data) return <p role="status">{t('accounts.loading')}</p>;
  const { groups, mayResetSecondFactor } = loaded.data;
  return (
    <section aria-labelledby="accounts-title">
      <h1 id="accounts-title">{t('accounts.title')}</h1>
      <p>{t('accounts.intro')}</p>
      {groups.length === 0 ? (
        <p>{t('accounts.noGroups')}</p>
      ) : (
        <ul class="badge-groups">
          {groups.map((group) => (
            <li key={`${group.kind}:${group.id}`}>
              <a href={groupPath(group)} onClick={onLinkClick}>
                {group.title}
              </a>
              <span class="hint">
                {group.kind === 'class' && `${group.campusName} · `}
                {t('accounts.studentCount', { count: group.studentCount })}
              </span>
            </li>
          ))}
        </ul>
      )}
      {mayResetSecondFactor && <StaffSignIn />}
    </section>
  );
}
