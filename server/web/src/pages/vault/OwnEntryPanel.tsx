import { useRef, useState } from 'preact/hooks';
import type { Tile } from '../../api';
import { ErrorMessage } from '../../components/Messages';
import { Panel } from '../../components/Panel';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { vaultApi, type VaultTileStatus } from './vault-api';

interface OwnEntryPanelProps {
  app: Tile;
  status: VaultTileStatus;
  onSaved(statuses: VaultTileStatus[]): void;
  onClose(): void;
}

/** A person stores their own sign-in for an app that allows it. */
export function OwnEntryPanel({ app, status, onSaved, onClose }: OwnEntryPanelProps) {
  const { t } = useI18n();
  const [values, setValues] = useState({ username: '', password: '', extra: '' });
  const { working, error, setError, run } = useAction();
  const usernameInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  const field = (name: keyof typeof values) => ({
    id: `own-${name}`,
    value: values[name],
    onInput: (event: Event) => setValues({ ...values, [name]: (event.target as HTMLInputElement).value }),
  });

  function fail(message: string, input: HTMLInputElement | null) {
    setError(message);
    input?.focus();
  }

  async function save(event: Event) {
    event.preventDefault();
    if (!values.username.trim()) return fail(t('error.missingUsername'), usernameInput.current);
    if (!values.password) return fail(t('error.missingPassword'), passwordInput.current);
    const { username, password, extra } = values;
    await run(
      async () => onSaved(await vaultApi.saveOwnEntry(app.id, { username, password, ...(extra ? { extra } : {}) })),
      () => usernameInput.current?.focus(),
    );
  }

  return (
    <Panel title={t('vault.own.title', { app: app.name })} onClose={onClose}>
      <p>{t(status.userEntries === 'user_wins' ? 'vault.own.introUserWins' : 'vault.own.introItWins')}</p>
      <form class="stacked-form" onSubmit={save} noValidate>
        <label for="own-username">{t('vault.field.username')}</label>
        <input {...field('username')} ref={usernameInput} autocomplete="off" autocapitalize="none" spellcheck={false} />
        <label for="own-password">{t('vault.field.password')}</label>
        <input {...field('password')} ref={passwordInput} type="password" autocomplete="new-password" />
        {status.extraFieldLabel && (
          <>
            <label for="own-extra">{status.extraFieldLabel}</label>
            <input {...field('extra')} autocomplete="off" />
          </>
        )}
        <ErrorMessage message={error} />
        <button type="submit" disabled={working}>
          {working ? t('vault.own.saving') : t('vault.own.save')}
        </button>
      </form>
    </Panel>
  );
}
