import type { GrantView } from '../../../../../shared/grants';
import { useI18n } from '../../i18n';
import { lastDay } from './grants-api';

interface GrantListProps {
  grants: GrantView[];
  showEnded: boolean;
  onShowEnded(show: boolean): void;
  /** Whether the viewer may revoke this grant (a principal: delegates; IT: any). */
  mayRevoke(grant: GrantView): boolean;
  onRevoke(grant: GrantView): void;
}

/** Who holds what, where, until when: one card each (a table would not fit a phone), those in force first. */
export function GrantList({ grants, showEnded, onShowEnded, mayRevoke, onRevoke }: GrantListProps) {
  const { t } = useI18n();
  const { what, until, given } = useGrantWords();
  return (
    <section aria-labelledby="grant-list-title">
      <h2 id="grant-list-title">{t('grants.list.title')}</h2>
      <label class="check">
        <input
          type="checkbox"
          checked={showEnded}
          onChange={(event) => onShowEnded((event.target as HTMLInputElement).checked)}
        />
        {t('grants.list.showEnded')}
      </label>
      {grants.length === 0 && <p>{t('grants.list.empty')}</p>}
      <ul class="grant-list">
        {grants.map((grant) => (
          <li key={grant.id} class={grant.state === 'in_force' ? 'grant-card' : 'grant-card ended'}>
            <p class="grant-who">
              <strong>{grant.person.displayName}</strong> ({grant.person.username})
            </p>
            <p>{what(grant)}</p>
            <p>{grant.campus ? grant.campus.name : t('grants.list.district')}</p>
            <p class={grant.state === 'in_force' ? '' : 'grant-ended'}>{until(grant)}</p>
            <p class="hint">{given(grant)}</p>
            {grant.state === 'in_force' && mayRevoke(grant) && (
              <button
                type="button"
                class="secondary"
                aria-label={t('grants.revoke.label', { name: grant.person.displayName })}
                onClick={() => onRevoke(grant)}
              >
                {t('grants.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A grant in words: what it lets one do, until when, given by whom. */
export function useGrantWords() {
  const { t, locale } = useI18n();
  const day = (at: Date | number) => new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(at);
  return {
    what: (grant: GrantView) =>
      grant.rights.length
        ? `${t(`grants.kind.${grant.kind}`)}: ${grant.rights.map((right) => t(`grants.rightShort.${right}`)).join(', ')}`
        : t(`grants.kind.${grant.kind}`),
    until(grant: GrantView) {
      if (grant.state === 'revoked') {
        const date = day(grant.revokedAt!);
        return grant.revokedBy
          ? t('grants.list.revoked', { date, name: grant.revokedBy.displayName })
          : t('grants.list.revokedByCli', { date });
      }
      if (grant.expiresAt === null) return t('grants.list.untilRevoked');
      const date = day(lastDay(grant.expiresAt));
      return grant.state === 'expired' ? t('grants.list.expired', { date }) : t('grants.list.until', { date });
    },
    given: (grant: GrantView) =>
      grant.grantedBy
        ? t('grants.list.givenBy', { name: grant.grantedBy.displayName, date: day(grant.grantedAt) })
        : t('grants.list.givenByCli', { date: day(grant.grantedAt) }),
  };
}
