import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { pickLocale, translate, type MessageKey } from '../../../shared/i18n';
import type { PopupState } from '../../../shared/extension/messages';
import { CaptureSection } from './CaptureSection';
import './popup.css';

const locale = pickLocale(navigator.languages);
document.documentElement.lang = locale;
const t = (key: MessageKey, values?: Record<string, string | number>) => translate(locale, key, values);

const askWorker = <T,>(message: unknown) => browser.runtime.sendMessage(message) as Promise<T>;

function configMessage(config: PopupState['config'], district: string | null): string {
  // The district's own policy names it; the portal's name is the fallback.
  const districtName = String(config.values.districtName || district || '');
  if (config.state === 'ok' && !config.values.deviceSecret) return t('extension.notManaged');
  if (config.state === 'ok') return t('extension.configured', { district: districtName });
  if (config.inForce) return t('extension.keptLastGood');
  return t(config.state === 'missing' ? 'extension.notConfigured' : 'extension.invalidConfig');
}

/** Who is signed in, for which district, "Sign me in" on an app's page, and the effective policy. */
function Popup() {
  const [state, setState] = useState<PopupState | null>(null);
  const [signIn, setSignIn] = useState<'idle' | 'working' | 'started' | 'failed'>('idle');
  useEffect(() => {
    askWorker<PopupState>({ type: 'popup-state' }).then(setState, () => setState(null));
  }, []);

  if (!state) {
    return (
      <main>
        <h1>{t('app.name')}</h1>
        <p role="status">{t('extension.checking')}</p>
      </main>
    );
  }
  const offer = state.signInOffer;
  const startSignIn = async () => {
    if (!offer || signIn === 'working') return;
    setSignIn('working');
    const answer = await askWorker<{ started: boolean }>({ type: 'sign-me-in', tabId: offer.tabId }).catch(() => null);
    setSignIn(answer?.started ? 'started' : 'failed');
  };
  const usable = state.config.inForce;

  return (
    <main>
      <h1>{t('app.name')}</h1>
      <p role="status">{configMessage(state.config, state.district)}</p>
      {usable && (
        <p class="person">
          {state.person ? t('extension.signedInAs', { name: state.person.displayName }) : t('extension.notSignedIn')}
        </p>
      )}
      {usable && state.person && offer && (
        <button type="button" onClick={startSignIn} aria-busy={signIn === 'working'}>
          {t('extension.signMeIn', { app: offer.appName })}
        </button>
      )}
      <p role="status" class="sign-in-progress">
        {signIn === 'started' && offer ? t('extension.signingIn', { app: offer.appName }) : ''}
        {signIn === 'failed' ? t('extension.signInFailed') : ''}
      </p>
      {usable && state.person && <CaptureSection t={t} />}
      <Diagnostics state={state} />
    </main>
  );
}

function Diagnostics({ state }: { state: PopupState }) {
  const { diagnostics, config } = state;
  const rows: [string, string][] = [
    [t('extension.diagnostics.policyState'), t(`extension.diagnostics.state.${config.state}`)],
    ...Object.entries(config.values).map(([key, value]): [string, string] => [
      key,
      key === 'deviceSecret'
        ? t('extension.diagnostics.secretSet')
        : Array.isArray(value)
          ? value.join(', ') || t('extension.diagnostics.none')
          : String(value),
    ]),
    [t('extension.diagnostics.id'), diagnostics.extensionId],
    [t('extension.diagnostics.version'), diagnostics.version],
    [t('extension.diagnostics.installType'), diagnostics.installType],
    [
      t('extension.diagnostics.sessionUntil'),
      diagnostics.sessionExpiresAt
        ? new Date(diagnostics.sessionExpiresAt).toLocaleTimeString(locale)
        : t('extension.diagnostics.none'),
    ],
    [
      t('extension.diagnostics.passwordSaving'),
      t(`extension.diagnostics.passwordSaving.${diagnostics.passwordSaving}`),
    ],
  ];
  return (
    <details>
      <summary>{t('extension.diagnostics')}</summary>
      <dl aria-label={t('extension.diagnostics.policy')}>
        {rows.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

render(<Popup />, document.getElementById('root')!);
