import { useI18n } from '../../i18n';
import { GroupLinks } from '../../components/GroupLinks';
import { badgesApi, groupPath, useLoaded } from './badges-api';
import { LoadFailure } from './BadgesPage';
import { VoidAllForm } from './VoidAllForm';

/** The classes (teachers) or campuses (principals, IT) the viewer may print badges for. */
export function BadgeGroupsList() {
  const { t } = useI18n();
  const loaded = useLoaded(badgesApi.groups, 'groups');
  if (loaded.failure) return <LoadFailure failure={loaded.failure} what="page" />;
  if (!loaded.data) return <p role="status">{t('badges.loading')}</p>;
  const { groups, mayVoidAll } = loaded.data;
  return (
    <section aria-labelledby="badges-title">
      <h1 id="badges-title">{t('badges.title')}</h1>
      <p>{t('badges.intro')}</p>
      <GroupLinks
        groups={groups}
        pathOf={groupPath}
        countOf={(group) => t('badges.eligibleCount', { count: group.eligibleCount })}
        emptyText={t('badges.noGroups')}
      />
      {mayVoidAll && <VoidAllForm />}
    </section>
  );
}
