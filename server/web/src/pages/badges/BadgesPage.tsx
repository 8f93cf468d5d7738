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

/** A failed load: "not for you" said kindly for a refusal, the server's words otherwise. */
export function LoadFailure({ failure }: { failure: unknown }) {
  const { t, errorText } = useI18n();
  if (failure instanceof ApiError && failure.status === 403)
    return (
      <div class="not-for-you">
        <h1>{t('badges.notForYou.title')}</h1>
        <p>{t('badges.notForYou.text')}</p>
        <a href="/" onClick={onLinkClick}>
          {t('badges.backToApps')}
        </a>
      </div>
    );
  return <ErrorMessage message={errorText(failure)} />;
}
