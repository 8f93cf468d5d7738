import { useRef, useState } from 'preact/hooks';
import type { Tile } from '../../api';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { PersonSearch, type PersonSummary } from '../../components/PersonSearch';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { useApi } from '../../use-api';
import { vaultAdminApi, type EntryScope } from './vault-admin-api';

const SCOPES: EntryScope[] = ['user', 'group', 'template'];

interface Campus {
  id: string;
  name: string;
}

/** Adds a stored sign-in for one app, or replaces the one that has the same owner. */
export function EntryForm({ app, onSaved }: { app: Tile; onSaved(): void }) {
  const { t } = useI18n();
  const [scope, setScope] = useState<EntryScope>('user');
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [values, setValues] = useState({ orgId: '', username: '', password: '', extra: '' });
  const [status, setStatus] = useState('');
  const { working, error, setError, run } = useAction();
  const usernameInput = useRef<HTMLInputElement>(null);
  const campuses = useApi<{ campuses: Campus[] }>(scope === 'group' ? '/admin/campuses' : null);

  const field = (name: keyof typeof values) => ({
    id: `entry-${name}`,
    value: values[name],
    autocomplete: 'off',
    onInput: (event: Event) => setValues({ ...values, [name]: (event.target as HTMLInputElement).value }),
  });
  const optional = (value: string) => (value ? value : undefined);

  function savedFor(): string {
    if (scope === 'user' && person)
      return t('vaultAdmin.savedForPerson', { person: person.displayName, username: person.username, app: app.name });
    const campus = campuses.data?.campuses.find((item) => item.id === values.orgId);
    if (scope === 'group' && campus) return t('vaultAdmin.savedForCampus', { campus: campus.name, app: app.name });
    return t('vaultAdmin.saved', { app: app.name });
  }

  async function save(event: Event) {
    event.preventDefault();
    setError('');
    setStatus('');
    if (scope === 'user' && !person) return setError(t('explain.pickPerson'));
    if (scope === 'group' && !values.orgId) return setError(t('vaultAdmin.chooseCampus'));
    // Named from what was sent, so the message says whose sign-in this now is.
    const owner = savedFor();
    await run(
      async () => {
        await vaultAdminApi.save({
          appId: app.id,
          scope,
          ...(scope === 'user' ? { userId: person!.id } : {}),
          ...(scope === 'group' ? { orgId: values.orgId } : {}),
          username: values.username,
          password: optional(values.password),
          extra: optional(values.extra),
        });
        setValues({ ...values, username: '', password: '', extra: '' });
        setStatus(owner);
        onSaved();
      },
      () => usernameInput.current?.focus(),
    );
  }

  return (
    <form class="stacked-form" aria-labelledby="entry-form-title" onSubmit={save} noValidate>
      <h2 id="entry-form-title">{t('vaultAdmin.formTitle', { app: app.name })}</h2>
      <fieldset>
        <legend>{t('vaultAdmin.scope')}</legend>
        {SCOPES.map((option) => (
          <label key={option} class="match">
            <input
              type="radio"
              name="entry-scope"
              value={option}
              checked={scope === option}
              onChange={() => {
                setScope(option);
                // The person search starts empty when it comes back, so no earlier choice may remain.
                setPerson(null);
              }}
            />
            {t(`vaultAdmin.scope.${option}`)}
          </label>
        ))}
      </fieldset>
      {scope === 'user' && (
        <PersonSearch
          id="entry-person"
          label={t('explain.person')}
          selectedId={person?.id ?? ''}
          onSelect={setPerson}
          onError={setError}
        />
      )}
      {scope === 'group' && (
        <>
          <label for="entry-orgId">{t('vaultAdmin.campus')}</label>
          <select
            id="entry-orgId"
            value={values.orgId}
            aria-describedby="entry-orgId-hint"
            onChange={(event) => setValues({ ...values, orgId: (event.target as HTMLSelectElement).value })}
          >
            <option value="">{t('vaultAdmin.chooseCampus')}</option>
            {campuses.data?.campuses.map((campus) => (
              <option key={campus.id} value={campus.id}>
                {campus.name}
              </option>
            ))}
          </select>
          <p id="entry-orgId-hint" class="hint">
            {t('vaultAdmin.campusHint')}
          </p>
          <ErrorMessage message={campuses.error} />
        </>
      )}
      <label for="entry-username">
        {t(scope === 'template' ? 'vaultAdmin.usernamePattern' : 'vault.field.username')}
      </label>
      <input
        {...field('username')}
        ref={usernameInput}
        autocapitalize="none"
        spellcheck={false}
        aria-describedby={scope === 'template' ? 'entry-template-hint' : undefined}
      />
      {scope === 'template' && (
        <p id="entry-template-hint" class="hint">
          {t('vaultAdmin.templateHint', { example: '{sourced_id}' })}
        </p>
      )}
      <label for="entry-password">
        {t(scope === 'template' ? 'vaultAdmin.passwordOptional' : 'vault.field.password')}
      </label>
      <input {...field('password')} type="password" autocomplete="new-password" />
      <label for="entry-extra">{t('vaultAdmin.extraOptional')}</label>
      <input {...field('extra')} />
      <ErrorMessage message={error} />
      <StatusMessage message={status} />
      <button type="submit" disabled={working}>
        {working ? t('admin.saving') : t('vaultAdmin.save')}
      </button>
    </form>
  );
}
