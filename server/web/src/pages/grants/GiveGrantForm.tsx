import { useState } from 'preact/hooks';
import type { GiveGrantRequest, GrantsResponse, GrantView } from '../../../../../shared/grants';
import {
  CAMPUS_GRANT_KINDS,
  DELEGATE_RIGHTS,
  GRANT_KINDS,
  type DelegateRight,
  type GrantKind,
} from '../../../../../shared/rights';
import { ApiError } from '../../api';
import { ErrorMessage } from '../../components/Messages';
import { PersonSearch } from '../../components/PersonSearch';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { grantsApi } from './grants-api';
import { StaffPicker } from './StaffPicker';

type Field = 'kind' | 'campusId' | 'userId' | 'rights' | 'expiresOn';
const FIELDS: readonly Field[] = ['kind', 'campusId', 'userId', 'rights', 'expiresOn'];

interface GiveGrantFormProps {
  page: GrantsResponse;
  onGiven(grant: GrantView): void;
}

const isCampusKind = (kind: GrantKind) => (CAMPUS_GRANT_KINDS as readonly GrantKind[]).includes(kind);

/**
 * A principal names a delegate on her campus: who (from the campus's staff), what (the rights, in words), until
 * when (the end of the school year unless she picks another day). IT also picks the kind, and any person for a
 * district grant. Each problem is shown beside its field, which takes focus.
 */
export function GiveGrantForm({ page, onGiven }: GiveGrantFormProps) {
  const { t, locale } = useI18n();
  const [kind, setKind] = useState<GrantKind>('delegate');
  const [campusId, setCampusId] = useState(page.campuses[0]?.id ?? '');
  const [person, setPerson] = useState<{ id: string; displayName: string } | null>(null);
  const [rights, setRights] = useState<DelegateRight[]>([]);
  const [expiresOn, setExpiresOn] = useState(page.defaultExpiresOn);
  const [noEnd, setNoEnd] = useState(false);
  const [problem, setProblem] = useState<{ field: Field; text: string } | null>(null);
  const { working, error, run } = useAction();
  const onCampus = isCampusKind(kind);
  const errorFor = (field: Field) => (problem?.field === field ? problem.text : '');
  const describedBy = (field: Field, hint?: string) =>
    [hint, problem?.field === field ? `grant-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;

  function fail(field: Field) {
    setProblem({ field, text: t(`grants.problem.${field}`) });
    // The field takes focus, so a screen reader reads it with its error.
    requestAnimationFrame(() => document.getElementById(`grant-${field}`)?.focus());
  }

  function mistake(): Field | null {
    if (onCampus && !campusId) return 'campusId';
    if (!person) return 'userId';
    if (kind === 'delegate' && rights.length === 0) return 'rights';
    if (!(noEnd && !onCampus) && !expiresOn) return 'expiresOn';
    return null;
  }

  function request(): GiveGrantRequest {
    return {
      userId: person!.id,
      kind,
      ...(onCampus ? { campusId } : {}),
      ...(kind === 'delegate' ? { rights } : {}),
      expiresOn: noEnd && !onCampus ? null : expiresOn,
    };
  }

  const submit = (event: Event) => {
    event.preventDefault();
    const wrong = mistake();
    if (wrong) return fail(wrong);
    setProblem(null);
    void run(
      async () => {
        onGiven(await grantsApi.give(request()));
        setPerson(null);
        setRights([]);
      },
      (caught) => {
        // A 400 names its field first ("rights: choose at least one"): said in the catalogue's words beside it.
        const field = caught instanceof ApiError && caught.status === 400 ? caught.message.split(':')[0] : undefined;
        if (FIELDS.includes(field as Field)) fail(field as Field);
      },
    );
  };

  const changeKind = (next: GrantKind) => {
    setKind(next);
    setPerson(null);
    setProblem(null);
  };

  const schoolYearEnd = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${page.defaultExpiresOn}T00:00:00Z`),
  );
  const fieldError = (field: Field) =>
    errorFor(field) && (
      <p id={`grant-${field}-error`} class="error field-error" role="alert">
        {errorFor(field)}
      </p>
    );

  return (
    <section aria-labelledby="grant-give-title">
      <h2 id="grant-give-title">{t('grants.give.title')}</h2>
      <form class="stacked-form" onSubmit={submit} noValidate>
        {page.mayGiveDistrict && (
          <>
            <label for="grant-kind">{t('grants.give.kind')}</label>
            <select
              id="grant-kind"
              value={kind}
              onChange={(event) => changeKind((event.target as HTMLSelectElement).value as GrantKind)}
            >
              {GRANT_KINDS.map((each) => (
                <option key={each} value={each}>
                  {t(`grants.kind.${each}`)}
                </option>
              ))}
            </select>
          </>
        )}
        {onCampus &&
          (page.campuses.length > 1 ? (
            <>
              <label for="grant-campusId">{t('grants.give.campus')}</label>
              <select
                id="grant-campusId"
                value={campusId}
                aria-describedby={describedBy('campusId')}
                aria-invalid={errorFor('campusId') ? 'true' : undefined}
                onChange={(event) => {
                  setCampusId((event.target as HTMLSelectElement).value);
                  setPerson(null);
                }}
              >
                {page.campuses.map((campus) => (
                  <option key={campus.id} value={campus.id}>
                    {campus.name}
                  </option>
                ))}
              </select>
              {fieldError('campusId')}
            </>
          ) : (
            <p>{t('grants.give.onCampus', { campus: page.campuses[0]?.name ?? '' })}</p>
          ))}
        {onCampus ? (
          campusId && (
            <StaffPicker
              campusId={campusId}
              selectedId={person?.id ?? ''}
              onSelect={setPerson}
              error={errorFor('userId')}
            />
          )
        ) : (
          <>
            <PersonSearch
              id="grant-userId"
              label={t('grants.give.searchPerson')}
              selectedId={person?.id ?? ''}
              onSelect={setPerson}
              onError={(text) => setProblem({ field: 'userId', text })}
            />
            {fieldError('userId')}
          </>
        )}
        {kind === 'delegate' && (
          <fieldset id="grant-rights" tabIndex={-1} aria-describedby={describedBy('rights')}>
            <legend>{t('grants.give.rights')}</legend>
            {DELEGATE_RIGHTS.map((right) => (
              <label key={right} class="check">
                <input
                  type="checkbox"
                  checked={rights.includes(right)}
                  onChange={(event) => {
                    const on = (event.target as HTMLInputElement).checked;
                    setRights(DELEGATE_RIGHTS.filter((each) => (each === right ? on : rights.includes(each))));
                  }}
                />
                {t(`grants.right.${right}`)}
              </label>
            ))}
            {fieldError('rights')}
          </fieldset>
        )}
        {!onCampus && (
          <label class="check">
            <input
              type="checkbox"
              checked={noEnd}
              onChange={(event) => setNoEnd((event.target as HTMLInputElement).checked)}
            />
            {t('grants.give.noEnd')}
          </label>
        )}
        {!(noEnd && !onCampus) && (
          <>
            <label for="grant-expiresOn">{t('grants.give.until')}</label>
            <input
              id="grant-expiresOn"
              type="date"
              value={expiresOn}
              required
              aria-describedby={describedBy('expiresOn', 'grant-expiresOn-hint')}
              aria-invalid={errorFor('expiresOn') ? 'true' : undefined}
              onInput={(event) => setExpiresOn((event.target as HTMLInputElement).value)}
            />
            <p id="grant-expiresOn-hint" class="hint">
              {t('grants.give.untilHint', { date: schoolYearEnd })}
            </p>
            {fieldError('expiresOn')}
          </>
        )}
        <p class="hint">{t('grants.give.replaces')}</p>
        <ErrorMessage message={problem ? '' : error} />
        <button type="submit" disabled={working}>
          {working ? t('grants.give.working') : t('grants.give.submit')}
        </button>
      </form>
    </section>
  );
}
