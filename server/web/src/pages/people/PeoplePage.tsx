import { useState } from 'preact/hooks';
import type { PeopleSearchResponse } from '../../../../../shared/people';
import { gradeLabel } from '../../../../../shared/roles';
import { ApiError } from '../../api';
import { ErrorMessage } from '../../components/Messages';
import { usePeopleMatches } from '../../components/PersonSearch';
import { useI18n } from '../../i18n';
import { onLinkClick } from '../../router';
import { peopleSearchPath, personInPath, personPath } from './people-api';
import { PersonPage } from './PersonPage';

type Found = PeopleSearchResponse['people'][number];

/** The people search (`/people`), or one person's page (`/people/<id>`). */
export function PeoplePage({ path }: { path: string }) {
  const id = personInPath(path);
  return id ? <PersonPage key={id} id={id} /> : <PeopleSearch />;
}

/** Search as you type: only the people the server lets this viewer look at, each a link to their page. */
function PeopleSearch() {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [error, setError] = useState('');
  const matches = usePeopleMatches<Found>(query, peopleSearchPath, () => setError(''), setError);
  return (
    <section aria-labelledby="people-title">
      <h1 id="people-title">{t('peoplePages.search.title')}</h1>
      <p>{t('peoplePages.search.intro')}</p>
      <div class="stacked-form">
        <label for="people-search">{t('peoplePages.search.label')}</label>
        <input
          id="people-search"
          type="search"
          autocomplete="off"
          value={query}
          onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
        />
        <ErrorMessage message={error} />
      </div>
      <p class="hint" role="status">
        {matches && t('peoplePages.search.count', { count: matches.length, query: query.trim() })}
      </p>
      {matches && matches.length > 0 && <FoundList people={matches} />}
    </section>
  );
}

function FoundList({ people }: { people: Found[] }) {
  const { t, tOr } = useI18n();
  return (
    <ul class="people-found">
      {people.map((person) => (
        <li key={person.id}>
          <a href={personPath(person.id)} onClick={onLinkClick}>
            {person.displayName}
          </a>
          <span class="hint">
            {' '}
            ({person.username}) · {tOr(`role.${person.role}`, person.role)}
            {person.grade !== null && ` · ${t('peoplePages.grade', { grade: gradeLabel(person.grade) })}`}
            {person.campuses.length > 0 && ` · ${person.campuses.join(', ')}`}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** A failed load: a refusal said kindly (this person is not the viewer's to see), the server's words otherwise. */
export function PeopleLoadFailure({ failure }: { failure: unknown }) {
  const { t, errorText } = useI18n();
  if (failure instanceof ApiError && (failure.status === 403 || failure.status === 404))
    return (
      <div class="not-for-you">
        <h1>{t('peoplePages.notYours.title')}</h1>
        <p>{t('peoplePages.notYours.text')}</p>
        <a href="/" onClick={onLinkClick}>
          {t('badges.backToApps')}
        </a>
      </div>
    );
  return <ErrorMessage message={errorText(failure)} />;
}
