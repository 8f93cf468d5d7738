import type { Viewer } from '../../api';
import { useI18n } from '../../i18n';
import { onLinkClick } from '../../router';
import { useLoaded } from '../badges/badges-api';
import { accountsApi, groupPath, TOTP_RESET_ROLES } from './accounts-api';
import { LoadFailure } from './AccountsPage';
import { StaffSignIn } from './StaffSignIn';

/** The classes (teachers) or campuses (principals, IT) whose students the viewer helps sign in. */
export function AccountGroupsList({ viewer }: { viewer: Viewer }) {
  const { t } = useI18n();
  const loaded = useLoaded(accountsApi.groups, 'groups');
  if (loaded.failure) return <LoadFailure failure={loaded.failure} what="page" />;
  if (!loaded.data) return <p role="status">{t('accounts.loading')}</p>;
  const { groups } = loaded.data;
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
              {group.kind === 'class' && <span class="hint">{group.campusName}</span>}
            </li>
          ))}
        </ul>
      )}
      {TOTP_RESET_ROLES.includes(viewer.role) && <StaffSignIn />}
    </section>
  );
}
