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
}

/**
 * A search field (name or username) and the matching people as radio buttons. Only a person shown can be
 * chosen: a new search drops the choice, so a form never submits for someone the results no longer show.
 */
export function PersonSearch({ id, label, selectedId, onSelect, onError }: PersonSearchProps) {
  const { t, errorText } = useI18n();
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<PersonSummary[] | null>(null);
  // Read when an answer arrives, which may be after a choice made from the list it replaces.
  const chosen = useRef(selectedId);
  chosen.current = selectedId;

  useEffect(() => {
    if (query.trim().length < 2) return setMatches(null);
    let latest = true;
    const timer = setTimeout(() => {
      api<{ people: PersonSummary[] }>(`/admin/people?q=${encodeURIComponent(query.trim())}`).then(
        (result) => {
          if (!latest) return; // an answer to an earlier search, arriving late
          setMatches(result.people);
          // A choice made from the previous list while this search ran, and not in the new one.
          if (chosen.current && !result.people.some((person) => person.id === chosen.current)) onSelect(null);
        },
        (caught) => onError(errorText(caught)),
      );
    }, 200);
    return () => {
      latest = false;
      clearTimeout(timer);
    };
  }, [query]);

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
          {matches.map((person) => (
            <label key={person.id} class="match">
              <input
                type="radio"
                name={`${id}-match`}
                value={person.id}
                checked={selectedId === person.id}
                onChange={() => onSelect(person)}
              />
              {person.displayName} ({person.username}) · {t(`role.${person.role}`)}
              {person.campuses.length > 0 && ` · ${person.campuses.join(', ')}`}
            </label>
          ))}
        </fieldset>
      )}
    </>
  );
}
