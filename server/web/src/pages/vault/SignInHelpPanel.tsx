import { useEffect, useRef, useState } from 'preact/hooks';
import type { Tile } from '../../api';
import { ErrorMessage } from '../../components/Messages';
import { Panel } from '../../components/Panel';
import { useI18n } from '../../i18n';
import { vaultApi, type SignInHelp } from './vault-api';

/**
 * Signing in by hand, on a computer without the extension: the username (and extra value) to type, a link
 * to the app, and the password only when the app allows showing it and the person asks.
 */
export function SignInHelpPanel({ app, onClose }: { app: Tile; onClose(): void }) {
  const { t, errorText } = useI18n();
  const [help, setHelp] = useState<SignInHelp | null>(null);
  const [error, setError] = useState('');
  const [revealing, setRevealing] = useState(false);
  const password = useRef<HTMLElement>(null);

  useEffect(() => {
    vaultApi.help(app.id).then(setHelp, (caught) => setError(errorText(caught)));
  }, [app.id]);

  async function reveal() {
    setRevealing(true);
    setError('');
    try {
      setHelp(await vaultApi.reveal(app.id));
      // The button that was pressed is gone; the password it showed takes its place and focus.
      password.current?.focus();
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setRevealing(false);
    }
  }

  return (
    <Panel title={t('vault.help.title', { app: app.name })} onClose={onClose}>
      <p>{t('vault.help.intro')}</p>
      {!help && !error && <p role="status">{t('vault.help.loading')}</p>}
      <ErrorMessage message={error} />
      {help && (
        <>
          <dl class="sign-in-values">
            <dt>{t('vault.field.username')}</dt>
            <dd>{help.username ?? t('vault.help.notShown')}</dd>
            {help.extraFieldLabel && (
              <>
                <dt>{help.extraFieldLabel}</dt>
                <dd>{help.extra ?? t('vault.help.notShown')}</dd>
              </>
            )}
            <dt>{t('vault.field.password')}</dt>
            <dd ref={password} tabIndex={-1}>
              {help.password ?? t(help.canRevealPassword ? 'vault.help.passwordHidden' : 'vault.help.notShown')}
            </dd>
          </dl>
          {help.canRevealPassword && help.password === null && (
            <button type="button" class="secondary" disabled={revealing} onClick={reveal}>
              {t('vault.help.showPassword')}
            </button>
          )}
          <p>
            <a href={help.launchUrl} target="_blank" rel="noopener noreferrer">
              {t('vault.help.open', { app: app.name })}
            </a>
          </p>
        </>
      )}
    </Panel>
  );
}
