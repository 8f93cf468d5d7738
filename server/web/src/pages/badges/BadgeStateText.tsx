import type { BadgeStudent } from '../../../../../shared/badges';
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
    </span>
  );
}
