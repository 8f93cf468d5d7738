import { useEffect, useState } from 'preact/hooks';
import type { MessageKey } from '../../../shared/i18n';
import type { CapturePopupState, CaptureStatus } from '../../../shared/extension/messages';

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

const askWorker = <T,>(message: unknown) => browser.runtime.sendMessage(message) as Promise<T>;

const RUNNING: CaptureStatus['phase'][] = ['picking', 'continue', 'signing-in', 'sending'];
const REFRESH_MS = 500;

function statusText(t: Translate, status: CaptureStatus): string {
  switch (status.phase) {
    case 'picking':
      return status.part ? t(`capture.next.${status.part}`) : t('capture.starting');
    case 'continue':
      return t('capture.continue');
    case 'signing-in':
      return t('capture.signIn');
    case 'sending':
      return t('capture.sending');
    case 'sent':
      return t('capture.sent', { app: status.appName });
    case 'cancelled':
      return t('capture.cancelled');
    case 'failed':
      return t('capture.failed', { reason: status.reason ?? '' });
  }
}

/** IT's "Capture this login": offered only when the portal says the person may capture. */
export function CaptureSection({ t }: { t: Translate }) {
  const [state, setState] = useState<CapturePopupState | null>(null);
  const [appId, setAppId] = useState('');
  const running = state?.status ? RUNNING.includes(state.status.phase) : false;

  const refresh = () =>
    askWorker<CapturePopupState>({ type: 'capture-state' }).then(
      (next) => {
        setState(next);
        setAppId((chosen) => chosen || next.suggestedAppId || next.apps[0]?.appId || '');
      },
      () => undefined,
    );
  useEffect(() => void refresh(), []);
  // While a capture runs the popup follows it (it says which click is next, as the page's banner does).
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, [running]);

  if (!state?.mayCapture) return null;

  const start = async (event: Event) => {
    event.preventDefault();
    if (state.tabId === null || !appId) return;
    await askWorker({ type: 'capture-start', tabId: state.tabId, appId }).catch(() => undefined);
    await refresh();
  };
  const cancel = async () => {
    await askWorker({ type: 'capture-cancel' }).catch(() => undefined);
    await refresh();
  };

  return (
    <section class="capture" aria-labelledby="capture-title">
      <h2 id="capture-title">{t('capture.title')}</h2>
      <p role="status" class="capture-status">
        {state.status ? statusText(t, state.status) : ''}
      </p>
      {running ? (
        <button type="button" onClick={cancel}>
          {t('capture.cancel')}
        </button>
      ) : state.tabId === null ? (
        <p>{t('capture.noPage')}</p>
      ) : (
        <form onSubmit={start}>
          <p class="hint">{t('capture.intro')}</p>
          <label for="capture-app">{t('capture.app')}</label>
          <select id="capture-app" value={appId} onChange={(event) => setAppId(event.currentTarget.value)}>
            {state.apps.map((app) => (
              <option key={app.appId} value={app.appId}>
                {app.name}
              </option>
            ))}
          </select>
          <button type="submit">{t('capture.start')}</button>
        </form>
      )}
    </section>
  );
}
