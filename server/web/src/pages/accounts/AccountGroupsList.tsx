import { useI18n } from '../../i18n';
import { GroupLinks } from '../../components/GroupLinks';
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
      <GroupLinks
        groups={groups}
        pathOf={groupPath}
        countOf={(group) => t('accounts.studentCount', { count: group.studentCount })}
        emptyText={t('accounts.noGroups')}
      />
      {mayResetSecondFactor && <StaffSignIn />}
    </section>
  );
}
