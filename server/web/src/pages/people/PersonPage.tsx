import type { PersonAction, PersonApp, PersonPageResponse } from '../../../../../shared/people';
import { gradeLabel } from '../../../../../shared/roles';
import { ScrollBox } from '../../components/ScrollBox';
import { useI18n } from '../../i18n';
import { onLinkClick } from '../../router';
import { AccountStateText } from '../accounts/AccountStateText';
import { BadgeStateText } from '../badges/BadgeStateText';
import { useLoaded } from '../badges/badges-api';
import { PeopleLoadFailure } from './PeoplePage';
import { PEOPLE_PATH, peopleApi, troubleshootPath } from './people-api';
import { usePersonActions } from './use-person-actions';

/** One person as a helper needs them: who, how they sign in, what went wrong lately, their apps, what to do. */
export function PersonPage({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const loaded = useLoaded(() => peopleApi.person(id, locale), `${id}:${locale}`);
  if (loaded.failure) return <PeopleLoadFailure failure={loaded.failure} />;
  if (!loaded.data) return <p role="status">{t('peoplePages.loading')}</p>;
  return <LoadedPerson page={loaded.data} reload={loaded.reload} />;
}

/** The actions offered as buttons at the top; a throttle's release and a credential's confirmation sit beside them. */
const HEADER_ACTIONS: readonly PersonAction[] = [
  'print_badge',
  'void_badge',
  'print_credentials',
  'print_claim_letter',
  'reset_password',
  'reset_second_factor',
];

function LoadedPerson({ page, reload }: { page: PersonPageResponse; reload(): void }) {
  const { t } = useI18n();
  const { person } = page;
  const actions = usePersonActions(
    {
      id: person.id,
      displayName: person.displayName,
      username: person.username,
      account: page.account,
      badge: page.badge,
    },
    reload,
  );
  const offered = HEADER_ACTIONS.filter((action) => page.actions.includes(action));
  return (
    <section aria-labelledby="person-title" class="person-page">
      <p>
        <a href={PEOPLE_PATH} onClick={onLinkClick}>
          {t('peoplePages.backToSearch')}
        </a>
      </p>
      <h1 id="person-title">{person.displayName}</h1>
      <PersonFacts page={page} />
      <p>
        <a href={troubleshootPath(person.id)} onClick={onLinkClick}>
          {t('peoplePages.why.link', { name: person.displayName })}
        </a>
      </p>
      {offered.length > 0 && (
        <section aria-labelledby="person-actions-title">
          <h2 id="person-actions-title">{t('peoplePages.actions.title')}</h2>
          <div class="button-row person-actions">
            {offered.map((action) => (
              <button
                key={action}
                type="button"
                class={action === 'print_badge' || action === 'print_credentials' ? 'secondary' : 'secondary danger'}
                disabled={actions.working}
                onClick={() => actions.ask(action)}
              >
                {t(
                  action === 'print_badge' && page.badge?.status === 'none'
                    ? 'badges.student.print'
                    : `peoplePages.action.${action}`,
                )}
              </button>
            ))}
          </div>
        </section>
      )}
      {actions.view}
      <SignInWays page={page} />
      <Throttles page={page} onRelease={() => actions.ask('release_throttle')} working={actions.working} />
      <RecentSignIns page={page} />
      <Apps page={page} working={actions.working} onConfirm={(app) => actions.ask('confirm_credential', app.app.id)} />
    </section>
  );
}

function PersonFacts({ page }: { page: PersonPageResponse }) {
  const { t, tOr } = useI18n();
  const { person } = page;
  return (
    <dl class="person-facts">
      <dt>{t('peoplePages.facts.username')}</dt>
      <dd>
        <code>{person.username}</code>
      </dd>
      <dt>{t('peoplePages.facts.role')}</dt>
      <dd>
        {tOr(`role.${person.role}`, person.role)}
        {person.status === 'disabled' && <strong> · {t('peoplePages.facts.disabled')}</strong>}
      </dd>
      {person.grade !== null && (
        <>
          <dt>{t('peoplePages.facts.grade')}</dt>
          <dd>{gradeLabel(person.grade)}</dd>
        </>
      )}
      <dt>{t('peoplePages.facts.campuses')}</dt>
      <dd>{person.campuses.join(', ') || t('peoplePages.facts.none')}</dd>
      <dt>{t('peoplePages.facts.classes')}</dt>
      <dd>{person.classes.join(', ') || t('peoplePages.facts.none')}</dd>
    </dl>
  );
}

/** How they sign in, in words: the password's kind and second factor, and the badge. */
function SignInWays({ page }: { page: PersonPageResponse }) {
  const { t } = useI18n();
  const { person } = page;
  const badgeStudent = page.badge && { ...person, eligible: true, badge: page.badge };
  return (
    <section aria-labelledby="person-sign-in-title">
      <h2 id="person-sign-in-title">{t('peoplePages.signIn.title')}</h2>
      <dl class="person-facts">
        <dt>{t('peoplePages.signIn.password')}</dt>
        <dd>
          <AccountStateText account={page.account} />
        </dd>
        <dt>{t('peoplePages.signIn.badge')}</dt>
        <dd>{badgeStudent ? <BadgeStateText student={badgeStudent} /> : t('peoplePages.signIn.noBadge')}</dd>
      </dl>
    </section>
  );
}

function Throttles({ page, onRelease, working }: { page: PersonPageResponse; onRelease(): void; working: boolean }) {
  const { t, formatTime } = useI18n();
  return (
    <section aria-labelledby="person-throttles-title">
      <h2 id="person-throttles-title">{t('peoplePages.throttles.title')}</h2>
      {page.throttles.length === 0 ? (
        <p>{t('peoplePages.throttles.none')}</p>
      ) : (
        <>
          <ul>
            {page.throttles.map((throttle) => (
              <li key={throttle.kind}>
                {t(`peoplePages.throttle.${throttle.kind}`, { time: formatTime(throttle.until) })}
              </li>
            ))}
          </ul>
          {page.actions.includes('release_throttle') && (
            <button type="button" class="secondary" disabled={working} onClick={onRelease}>
              {t('peoplePages.action.release_throttle')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function RecentSignIns({ page }: { page: PersonPageResponse }) {
  const { t, formatTime } = useI18n();
  const reason = useReasonText();
  return (
    <section aria-labelledby="person-sign-ins-title">
      <h2 id="person-sign-ins-title">{t('peoplePages.signIns.title')}</h2>
      {page.signIns.length === 0 ? (
        <p>{t('peoplePages.signIns.none')}</p>
      ) : (
        <ScrollBox label={t('peoplePages.signIns.title')}>
          <table class="data person-sign-ins" aria-labelledby="person-sign-ins-title">
            <thead>
              <tr>
                <th scope="col">{t('peoplePages.signIns.when')}</th>
                <th scope="col">{t('peoplePages.signIns.method')}</th>
                <th scope="col">{t('peoplePages.signIns.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {page.signIns.map((event, index) => (
                <tr key={`${event.at}-${index}`} class={event.outcome}>
                  <td>{formatTime(event.at)}</td>
                  <td>{t(`peoplePages.method.${event.method}`)}</td>
                  <td>
                    {event.outcome === 'success'
                      ? t('peoplePages.outcome.success')
                      : event.reason
                        ? t('peoplePages.outcome.failureBecause', { reason: reason(event.reason) })
                        : t('peoplePages.outcome.failure')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}

/** A failure's reason in words: the people pages' own, the audit log's, or the code itself. */
function useReasonText() {
  const { tOr } = useI18n();
  return (reason: string) => tOr(`peoplePages.reason.${reason}`, tOr(`audit.reason.${reason}`, reason));
}

interface AppsProps {
  page: PersonPageResponse;
  working: boolean;
  onConfirm(app: PersonApp): void;
}

function Apps({ page, working, onConfirm }: AppsProps) {
  const { t } = useI18n();
  const mayConfirm = page.actions.includes('confirm_credential');
  return (
    <section aria-labelledby="person-apps-title">
      <h2 id="person-apps-title">{t('peoplePages.apps.title')}</h2>
      {page.apps.length === 0 ? (
        <p>{t('peoplePages.apps.none')}</p>
      ) : (
        <ScrollBox label={t('peoplePages.apps.title')}>
          <table class="data person-apps" aria-labelledby="person-apps-title">
            <thead>
              <tr>
                <th scope="col">{t('peoplePages.apps.app')}</th>
                <th scope="col">{t('peoplePages.apps.access')}</th>
                <th scope="col">{t('peoplePages.apps.storedSignIn')}</th>
              </tr>
            </thead>
            <tbody>
              {page.apps.map((app) => (
                <tr key={app.app.id}>
                  <th scope="row">{app.app.name}</th>
                  <td>
                    <strong>{t(app.granted ? 'peoplePages.apps.has' : 'peoplePages.apps.hasNot')}</strong>
                    <span class="hint"> {app.why}</span>
                  </td>
                  <td>
                    <VaultState app={app} />
                    {app.vault?.state === 'held' && mayConfirm && (
                      <button type="button" class="secondary" disabled={working} onClick={() => onConfirm(app)}>
                        {t('peoplePages.action.confirm_credential')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}

function VaultState({ app }: { app: PersonApp }) {
  const { t, tOr, formatTime } = useI18n();
  const { vault } = app;
  if (!vault) return <span class="hint">{t('peoplePages.vault.notVault')}</span>;
  if (vault.state !== 'held') return <span>{t(`peoplePages.vault.${vault.state}`)}</span>;
  const reason = vault.heldReason ? tOr(`health.reason.${vault.heldReason}`, vault.heldReason) : '';
  return (
    <p class="vault-held">
      {reason ? t('peoplePages.vault.heldBecause', { reason }) : t('peoplePages.vault.held')}
      {vault.heldAt !== null && <span class="hint"> ({formatTime(vault.heldAt)})</span>}
    </p>
  );
}
