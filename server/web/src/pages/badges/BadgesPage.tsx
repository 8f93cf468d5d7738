import { ApiError } from '../../api';
import { ErrorMessage } from '../../components/Messages';
import { useI18n } from '../../i18n';
import { onLinkClick } from '../../router';
import { groupInPath } from './badges-api';
import { BadgeGroupPage } from './BadgeGroupPage';
import { BadgeGroupsList } from './BadgeGroupsList';

/** Printing and voiding students' QR badges: the list of groups, or one group (`/badges/class/<id>`). */
export function BadgesPage({ path }: { path: string }) {
  const group = groupInPath(path);
  return group ? <BadgeGroupPage key={`${group.kind}:${group.id}`} which={group} /> : <BadgeGroupsList />;
}

/**
 * A failed load: a refusal said kindly (badges are not for this account at all, or this group is someone
 * else's), the server's words otherwise.
 */
export function LoadFailure({ failure, what }: { failure: unknown; what: 'page' | 'group' }) {
  const { t, errorText } = useI18n();
  if (failure instanceof ApiError && failure.status === 403)
    return (
      <div class="not-for-you">
        <h1>{t(what === 'page' ? 'badges.notForYou.title' : 'badges.notYours.title')}</h1>
        <p>{t(what === 'page' ? 'badges.notForYou.text' : 'badges.notYours.text')}</p>
        <a href="/" onClick={onLinkClick}>
          {t('badges.backToApps')}
        </a>
      </div>
    );
  return <ErrorMessage message={errorText(failure)} />;
}
