import { useEffect, useRef, useState } from 'preact/hooks';
import type { GrantCandidatesResponse } from '../../../../../shared/grants';
import { useI18n } from '../../i18n';
import { grantsApi } from './grants-api';

export type Candidate = GrantCandidatesResponse['people'][number];

interface StaffPickerProps {
  campusId: string;
  selectedId: string;
  /** A person picked from the list shown; null when the list changes, so no hidden choice lingers. */
  onSelect(person: Candidate | null): void;
  /** The error beside the list, if any (its element is `grant-userId-error`). */
  error: string;
}

/**
 * The campus's staff as radio buttons, narrowed by a search field (name or username). Only a person shown can be
 * chosen: a new search or campus drops the choice.
 */
export function StaffPicker({ campusId, selectedId, onSelect, error }: StaffPickerProps) {
  const { t, errorText } = useI18n();
  const [query, setQuery] = useState('');
  const [people, setPeople] = useState<Candidate[] | null>(null);
  const [failure, setFailure] = useState('');
  const chosen = useRef(selectedId);
  chosen.current = selectedId;

  useEffect(() => {
    let latest = true;
    const timer = setTimeout(() => {
      grantsApi.candidates(campusId, query).then(
        (answer) => {
          if (!latest) return;
          setFailure('');
          setPeople(answer.people);
          if (chosen.current && !answer.people.some((person) => person.id === chosen.current)) onSelect(null);
        },
        (caught) => latest && setFailure(errorText(caught)),
      );
    }, 200);
    return () => {
      latest = false;
      clearTimeout(timer);
    };
  }, [campusId, query]);

  return (
    <fieldset aria-describedby={error ? 'grant-userId-error' : undefined}>
      <legend>{t('grants.give.person')}</legend>
      <label for="grant-userId">{t('grants.give.search')}</label>
      <input
        id="grant-userId"
        type="search"
        value={query}
        autocomplete="off"
        onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
      />
      {failure && (
        <p class="error" role="alert">
          {failure}
        </p>
      )}
      {people === null && !failure && <p role="status">{t('grants.give.loadingStaff')}</p>}
      {people?.length === 0 && <p role="status">{t('grants.give.noMatches', { query })}</p>}
      <div class="matches staff-matches">
        {people?.map((person) => (
          <label key={person.id} class="match">
            <input
              type="radio"
              name="grant-person"
              value={person.id}
              checked={selectedId === person.id}
              onChange={() => onSelect(person)}
            />
            {person.displayName} ({person.username}) · {t(`role.${person.role}` as 'role.teacher')}
          </label>
        ))}
      </div>
      {error && (
        <p id="grant-userId-error" class="error field-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
