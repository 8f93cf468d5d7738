import { useRef, useState } from 'preact/hooks';
import { LanguagePicker, useI18n } from '../i18n';
import type { MessageKey } from '../../../../shared/i18n';
import { onLinkClick } from '../router';
import { BADGE_SIGN_IN_PATH } from './badge/badge-paths';
import { BadgeIcon } from './badge/icons';
import { CLAIM_PATH, FORGOT_PATH, ownAccountApi, type Session } from './own-account/own-account-api';

interface SignInPageProps {
  district: string;
  /** Signed in; `next` names a step the session must take first (an authenticator code, a new password). */
  onSignedIn(session: Session): void;
}

export function SignInPage({ district, onSignedIn }: SignInPageProps) {
  const { t, errorText } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // Kept as what went wrong, not as words, so switching the language re-words it.
  const [failure, setFailure] = useState<{ key: MessageKey } | { caught: unknown } | null>(null);
  const error = failure === null ? '' : 'key' in failure ? t(failure.key) : errorText(failure.caught);
  const [working, setWorking] = useState(false);
  const usernameInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  async function submit(event: Event) {
    event.preventDefault();
    if (!username.trim()) return fail({ key: 'error.missingUsername' }, usernameInput.current);
    if (!password) return fail({ key: 'error.missingPassword' }, passwordInput.current);
    setWorking(true);
    setFailure(null);
    try {
      onSignedIn(await ownAccountApi.signIn(username, password));
    } catch (caught) {
      setPassword('');
      fail({ caught }, passwordInput.current);
    } finally {
      setWorking(false);
    }
  }

  function fail(reason: { key: MessageKey } | { caught: unknown }, field: HTMLInputElement | null) {
    setFailure(reason);
    field?.focus();
  }

  return (
    <main id="main" class="sign-in">
      <div class="sign-in-card">
        <LanguagePicker />
        <h1>{t('signIn.title', { district: district || t('app.name') })}</h1>
        <p>{t('signIn.intro')}</p>
        <form onSubmit={submit} noValidate aria-describedby={error ? 'sign-in-error' : undefined}>
          <label for="username">{t('signIn.username')}</label>
          <input
            id="username"
            ref={usernameInput}
            name="username"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            value={username}
            onInput={(event) => setUsername((event.target as HTMLInputElement).value)}
          />
          <label for="password">{t('signIn.password')}</label>
          <input
            id="password"
            ref={passwordInput}
            name="password"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={(event) => setPassword((event.target as HTMLInputElement).value)}
          />
          <p id="sign-in-error" class="error" role="alert">
            {error}
          </p>
          <button type="submit" disabled={working}>
            {working ? t('signIn.working') : t('signIn.submit')}
          </button>
        </form>
        <p class="sign-in-links">
          <a href={FORGOT_PATH} onClick={onLinkClick}>
            {t('recover.link')}
          </a>
          <a href={CLAIM_PATH} onClick={onLinkClick}>
            {t('claim.link')}
          </a>
        </p>
        <a href={BADGE_SIGN_IN_PATH} onClick={onLinkClick} class="badge-sign-in-link">
          <BadgeIcon />
          <span>{t('badge.signInWithBadge')}</span>
        </a>
      </div>
    </main>
  );
}
