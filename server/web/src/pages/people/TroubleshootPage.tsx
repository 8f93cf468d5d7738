import { useEffect, useRef, useState } from 'preact/hooks';
import { isMessageKey } from '../../../../../shared/i18n';
import type { PeopleMessage, PersonPageResponse, TroubleshootAnswer } from '../../../../../shared/people';
import { ErrorMessage } from '../../components/Messages';
import { PersonSearch } from '../../components/PersonSearch';
import { useI18n } from '../../i18n';
import { navigate, onLinkClick } from '../../router';
import { useAction } from '../../use-action';
import { useApi } from '../../use-api';
import {
  TROUBLESHOOT_PATH,
  peopleApi,
  peopleSearchPath,
  personApiPath,
  personPath,
  troubleshootPersonIn,
} from './people-api';
import { usePersonActions } from './use-person-actions';

/** "Why can't … get in?": a person (and an app, or none), one answer in words, and the fix as a button. */
export function TroubleshootPage({ path }: { path: string }) {
  const { t, locale } = useI18n();
  const preset = troubleshootPersonIn(path);
  const [personId, setPersonId] = useState(preset ?? '');
  const [appId, setAppId] = useState('');
  const [answer, setAnswer] = useState<TroubleshootAnswer | null>(null);
  const [pickError, setPickError] = useState('');
  const { working, error, setError, run } = useAction();
  // Their page names them (when opened for one person) and lists their apps to ask about.
  const person = useApi<PersonPageResponse>(personId ? personApiPath(personId, locale) : null);

  async function ask(event: Event) {
    event.preventDefault();
    setAnswer(null);
    if (!personId) return setPickError(t('peoplePages.why.pickPerson'));
    await run(async () => setAnswer(await peopleApi.troubleshoot(personId, appId || null, locale)));
  }

  /** After a fix the answer is asked again, in place: what the fix did stays said above the new answer. */
  async function askAgain(asked: TroubleshootAnswer) {
    await run(async () => setAnswer(await peopleApi.troubleshoot(asked.person.id, asked.app?.id ?? null, locale)));
  }

  return (
    <section aria-labelledby="why-title">
      <h1 id="why-title">{t('peoplePages.why.title')}</h1>
      <p>{t('peoplePages.why.intro')}</p>
      <form class="stacked-form why-form" noValidate onSubmit={ask}>
        {preset ? (
          <p>
            {t('peoplePages.why.person')}: <strong>{person.data?.person.displayName ?? '…'}</strong>{' '}
            <button type="button" class="secondary" onClick={() => navigate(TROUBLESHOOT_PATH)}>
              {t('peoplePages.why.someoneElse')}
            </button>
          </p>
        ) : (
          <PersonSearch
            id="why-person"
            label={t('peoplePages.why.personLabel')}
            selectedId={personId}
            searchPath={peopleSearchPath}
            countText={(count) => t('peoplePages.why.found', { count })}
            onSelect={(picked) => {
              setPersonId(picked?.id ?? '');
              setAppId('');
              setAnswer(null);
              setPickError('');
            }}
            onError={setError}
          />
        )}
        <ErrorMessage message={pickError} />
        <label for="why-app">{t('peoplePages.why.appLabel')}</label>
        <select id="why-app" value={appId} onChange={(event) => setAppId((event.target as HTMLSelectElement).value)}>
          <option value="">{t('peoplePages.why.anyApp')}</option>
          {/* Every app on their page: one they do not have is a question too ("why is Lexia not there?"). */}
          {(person.data?.apps ?? []).map((app) => (
            <option key={app.app.id} value={app.app.id}>
              {app.app.name}
            </option>
          ))}
        </select>
        <button type="submit" disabled={working}>
          {t('peoplePages.why.submit')}
        </button>
      </form>
      <ErrorMessage message={error || person.error} />
      <p class="status" role="status">
        {working && t('peoplePages.why.looking')}
      </p>
      {answer && (
        <Answer
          key={`${answer.person.id}:${answer.app?.id ?? ''}`}
          answer={answer}
          onFixed={() => void askAgain(answer)}
        />
      )}
    </section>
  );
}

/** The answer, big and plain; the fix as a button when the viewer may make it; other findings below. */
function Answer({ answer, onFixed }: { answer: TroubleshootAnswer; onFixed(): void }) {
  const { t } = useI18n();
  const say = useSaid();
  const heading = useRef<HTMLHeadingElement>(null);
  const { person, action } = answer;
  const actions = usePersonActions({ ...person, account: null, badge: null }, onFixed);
  const name = person.displayName;

  // The answer replaces the question: its heading takes focus, so a screen reader reads it next.
  useEffect(() => heading.current?.focus(), []);

  return (
    <section class="why-answer" aria-labelledby="why-answer-title">
      <h2 id="why-answer-title" ref={heading} tabIndex={-1}>
        {answer.app
          ? t('peoplePages.why.answerTitleApp', { name, app: answer.app.name })
          : t('peoplePages.why.answerTitle', { name })}
      </h2>
      <p class="why-problem">{say(answer.problem) || t('peoplePages.why.unknownAnswer')}</p>
      {say(answer.fix) && <p class="why-fix">{say(answer.fix)}</p>}
      {action && (
        <p>
          <button type="button" class="why-fix-button" disabled={actions.working} onClick={() => actions.ask(action)}>
            {t(`peoplePages.fix.${action}`)}
          </button>
        </p>
      )}
      {actions.view}
      {answer.alsoNoticed.length > 0 && (
        <>
          <h3>{t('peoplePages.why.alsoNoticed')}</h3>
          <ul class="why-also">
            {answer.alsoNoticed.map((noticed, index) => (
              <li key={index}>{say(noticed) || t('peoplePages.why.unknownAnswer')}</li>
            ))}
          </ul>
        </>
      )}
      <p>
        <a href={personPath(person.id)} onClick={onLinkClick}>
          {t('peoplePages.why.personPage', { name })}
        </a>
      </p>
    </section>
  );
}

/**
 * A problem or fix the server named by key, in the viewer's language; '' for a key this page does not know yet
 * (a newer server), never the key itself.
 */
function useSaid() {
  const { t, formatTime } = useI18n();
  return ({ key, params }: PeopleMessage) => {
    if (!isMessageKey(key)) return '';
    const words = Object.fromEntries(
      // A parameter named …At is a moment (epoch milliseconds): said as a date and time in the viewer's language.
      Object.entries(params).map(([name, value]) => [
        name,
        name.endsWith('At') && typeof value === 'number' ? formatTime(value) : value,
      ]),
    );
    return t(key, words);
  };
}
