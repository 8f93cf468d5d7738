import type { BadgePicture, BadgeStudent } from '../../../../../shared/badges';
import { BadgePictureImage } from '../badge/BadgePictureImage';
import { useI18n } from '../../i18n';

/** A student's badge in words: none, works until…, expired, and when it was last used. */
export function BadgeStateText({ student }: { student: BadgeStudent }) {
  const { t, locale, formatTime } = useI18n();
  const day = (at: number) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(at);
  if (!student.eligible) return <span class="hint">{t('badges.state.notEligible')}</span>;
  const { badge } = student;
  const main =
    badge.status === 'none'
      ? t('badges.state.none')
      : badge.status === 'expired'
        ? t('badges.state.expired', { date: day(badge.expiresAt ?? 0) })
        : badge.expiresAt === null
          ? t('badges.state.active')
          : t('badges.state.activeUntil', { date: day(badge.expiresAt) });
  return (
    <span class={`badge-state ${badge.status}`}>
      {main}
      {badge.status !== 'none' && badge.lastUsedAt !== null && (
        <span class="hint"> · {t('badges.state.lastUsed', { time: formatTime(badge.lastUsedAt) })}</span>
      )}
      {badge.status !== 'none' && badge.secretPictures && <SecretPictures pair={badge.secretPictures} />}
    </span>
  );
}

/** The two pictures this child picks after the scan, for the teacher to teach them. */
function SecretPictures({ pair }: { pair: [BadgePicture, BadgePicture] }) {
  const { t } = useI18n();
  const [first, second] = pair.map((picture) => t(`badge.picture.${picture}`));
  return (
    <span class="secret-pictures">
      <BadgePictureImage picture={pair[0]} class="badge-picture small" />
      <BadgePictureImage picture={pair[1]} class="badge-picture small" />
      {t('badges.state.pictures', { first: first!, second: second! })}
    </span>
  );
}
