import { useEffect, useState } from 'preact/hooks';
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
  onSelect(person: PersonSummary): void;
  onError(message: string): void;
}

/** A search field (name or username) and the matching people as radio buttons. */
export function PersonSearch({ id, label, selectedId, onSelect, onError }: PersonSearchProps) {
  const { t, errorText } = useI18n();
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<PersonSummary[] | null>(null);

  useEffect(() => {
    if (query.trim().length < 2) return setMatches(null);
    const timer = setTimeout(() => {
      api<{ people: PersonSummary[] }>(`/admin/people?q=${encodeURIComponent(query.trim())}`).then(
        (result) => setMatches(result.people),
        (caught) => onError(errorText(caught)),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [query]);

  return (
    <>
      <label for={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={query}
        autocomplete="off"
        onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
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
