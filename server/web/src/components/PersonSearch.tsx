import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api';
import { useI18n } from '../i18n';
import type { Role } from '../../../../shared/roles';

export interface PersonSummary {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  campuses: string[];
}

interface PersonSearchProps {
  /** The search field's id; the radio group's name derives from it. */
  id: string;
  label: string;
  selectedId: string;
  /** A person picked from the results shown; null when the search changes, so no hidden choice lingers. */
  onSelect(person: PersonSummary | null): void;
  onError(message: string): void;
  /** Where a query is searched; IT's search of everyone otherwise. */
  searchPath?: (query: string) => string;
  /** Words for how many were found, announced as each answer arrives (a page whose results are its point). */
  countText?: (count: number) => string;
}

const everyone = (query: string) => `/admin/people?q=${encodeURIComponent(query)}`;

/**
 * The people matching `query` (2 characters at least), searched a moment after the typing stops; null while
 * there is no search. `onAnswer` sees each answer that is still current.
 */
export function usePeopleMatches<P extends { id: string }>(
  query: string,
  searchPath: (query: string) => string,
  onAnswer: (people: P[]) => void,
  onError: (message: string) => void,
): P[] | null {
  const { errorText } = useI18n();
  const [matches, setMatches] = useState<P[] | null>(null);
  useEffect(() => {
    if (query.trim().length < 2) return setMatches(null);
    let latest = true;
    const timer = setTimeout(() => {
      api<{ people: P[] }>(searchPath(query.trim())).then(
        (result) => {
          if (!latest) return; // an answer to an earlier search, arriving late
          setMatches(result.people);
          onAnswer(result.people);
        },
        (caught) => onError(errorText(caught)),
      );
    }, 200);
    return () => {
      latest = false;
      clearTimeout(timer);
    };
  }, [query]);
  return matches;
}

/**
 * A search field (name or username) and the matching people as radio buttons. Only a person shown can be
 * chosen: a new search drops the choice, so a form never submits for someone the results no longer show.
 */
export function PersonSearch(props: PersonSearchProps) {
  const { id, label, selectedId, onSelect, onError, searchPath = everyone, countText } = props;
  const { t, tOr } = useI18n();
  const [query, setQuery] = useState('');
  // Read when an answer arrives, which may be after a choice made from the list it replaces.
  const chosen = useRef(selectedId);
  chosen.current = selectedId;
  const matches = usePeopleMatches<PersonSummary>(
    query,
    searchPath,
    (people) => {
      // A choice made from the previous list while this search ran, and not in the new one.
      if (chosen.current && !people.some((person) => person.id === chosen.current)) onSelect(null);
    },
    onError,
  );

  return (
    <>
      <label for={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={query}
        autocomplete="off"
        onInput={(event) => {
          setQuery((event.target as HTMLInputElement).value);
          if (selectedId) onSelect(null);
        }}
      />
      {matches && (
        <fieldset class="matches">
          <legend class="visually-hidden">{label}</legend>
          {matches.length === 0 && <p role="status">{t('explain.noMatches', { query })}</p>}
          {matches.length > 0 && countText && (
            <p class="hint" role="status">
              {countText(matches.length)}
            </p>
          )}
          {matches.map((person) => (
            <label key={person.id} class="match">
              <input
                type="radio"
                name={`${id}-match`}
                value={person.id}
                checked={selectedId === person.id}
                onChange={() => onSelect(person)}
              />
              {person.displayName} ({person.username}) · {tOr(`role.${person.role}`, person.role)}
              {person.campuses.length > 0 && ` · ${person.campuses.join(', ')}`}
            </label>
          ))}
        </fieldset>
      )}
    </>
  );
}
