import { useRef, useState } from 'preact/hooks';
import type { Tile } from '../../api';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { PersonSearch, type PersonSummary } from '../../components/PersonSearch';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { vaultAdminApi, type EntryScope } from './vault-admin-api';

const SCOPES: EntryScope[] = ['user', 'group', 'template'];

/** Adds a stored sign-in for one app, or replaces the one that has the same owner. */
export function EntryForm({ app, onSaved }: { app: Tile; onSaved(): void }) {
  const { t } = useI18n();
  const [scope, setScope] = useState<EntryScope>('user');
  const [person, setPerson] = useState<PersonSummary | null>(null);
  const [values, setValues] = useState({ orgId: '', username: '', password: '', extra: '' });
  const [status, setStatus] = useState('');
  const { working, error, setError, run } = useAction();
  const usernameInput = useRef<HTMLInputElement>(null);

  const field = (name: keyof typeof values) => ({
    id: `entry-${name}`,
    value: values[name],
    autocomplete: 'off',
    onInput: (event: Event) => setValues({ ...values, [name]: (event.target as HTMLInputElement).value }),
  });
  const optional = (value: string) => (value ? value : undefined);

  async function save(event: Event) {
    event.preventDefault();
    setError('');
    setStatus('');
    if (scope === 'user' && !person) return setError(t('explain.pickPerson'));
    await run(
      async () => {
        await vaultAdminApi.save({
          appId: app.id,
          scope,
          ...(scope === 'user' ? { userId: person!.id } : {}),
          ...(scope === 'group' ? { orgId: values.orgId.trim() } : {}),
          username: values.username,
          password: optional(values.password),
          extra: optional(values.extra),
        });
        setValues({ ...values, username: '', password: '', extra: '' });
        setStatus(t('vaultAdmin.saved', { app: app.name }));
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
              onChange={() => setScope(option)}
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
          <input {...field('orgId')} aria-describedby="entry-orgId-hint" />
          <p id="entry-orgId-hint" class="hint">
            {t('vaultAdmin.campusHint')}
          </p>
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
