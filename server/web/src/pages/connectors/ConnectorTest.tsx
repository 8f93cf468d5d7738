import { useEffect, useState } from 'preact/hooks';
import { api, type Tile } from '../../api';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { extensionReadyNow, testWithExtension } from '../../extension/extension-bridge';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { TextField } from '../apps-admin/FieldProblem';
import type { ConnectorTestRunView, ConnectorTestStarted } from '../../../../../shared/connector-tests';
import type { ConnectorDraft } from './connector-form';
import { describeTestRun } from './describe-test-run';

const POLL_MS = 1_000;

interface ConnectorTestProps {
  app: Tile;
  /** The connector as the editor holds it; null while its JSON does not parse. */
  draft: ConnectorDraft | null;
}

/** Keeps asking for the run while it may still change. */
function useTestRun(started: ConnectorTestRunView | null) {
  const [run, setRun] = useState(started);
  useEffect(() => {
    setRun(started);
    if (!started) return;
    let stopped = false;
    const poll = async () => {
      const { run: latest } = await api<{ run: ConnectorTestRunView }>(`/admin/connector-tests/${started.id}`).catch(
        () => ({ run: null }),
      );
      if (stopped) return;
      if (latest) setRun(latest);
      if (!latest || latest.state === 'waiting' || latest.state === 'running') timer = setTimeout(poll, POLL_MS);
    };
    let timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [started]);
  return run;
}

/**
 * IT signs in once with a test account through this browser's extension, with the connector in the editor, and
 * reads how it went in words. The test password goes to the server once and is cleared from the form at once.
 */
export function ConnectorTest({ app, draft }: ConnectorTestProps) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [extra, setExtra] = useState('');
  const [started, setStarted] = useState<ConnectorTestRunView | null>(null);
  const { working, error, setError, run: act } = useAction();
  const run = useTestRun(started);
  const words = run && describeTestRun(run, t);
  const extraLabel = typeof draft?.extraFieldLabel === 'string' && draft.extraFieldLabel ? draft.extraFieldLabel : null;

  async function startTest(event: Event) {
    event.preventDefault();
    setStarted(null);
    if (!draft) return setError(t('connectorTest.notJson'));
    await act(async () => {
      if (!(await extensionReadyNow())) return setError(t('connectorTest.noExtension'));
      const body = { appId: app.id, definition: draft, username, password, ...(extra ? { extra } : {}) };
      const test = await api<ConnectorTestStarted>('/admin/connector-tests', { method: 'POST', body });
      setPassword('');
      setStarted(test.run);
      if (!(await testWithExtension(test.ticket))) setError(t('connectorTest.noExtension'));
    });
  }

  return (
    <section class="connector-test" aria-labelledby="connector-test-title">
      <h3 id="connector-test-title">{t('connectorTest.title')}</h3>
      <p class="hint">{t('connectorTest.intro')}</p>
      <form class="stacked-form" onSubmit={startTest}>
        <TextField
          id="connector-test-username"
          label={t('connectorTest.username')}
          value={username}
          onInput={setUsername}
        />
        <TextField
          id="connector-test-password"
          type="password"
          label={t('connectorTest.password')}
          value={password}
          onInput={setPassword}
        />
        <TextField
          id="connector-test-extra"
          label={t('connectorTest.extra', { label: extraLabel ?? t('connectorTest.extraDefault') })}
          value={extra}
          onInput={setExtra}
        />
        <ErrorMessage message={error} />
        <button type="submit" class="secondary" disabled={working}>
          {working ? t('connectorTest.starting') : t('connectorTest.start')}
        </button>
      </form>
      <StatusMessage message={words?.summary ?? ''} />
      {words && !words.pending && (
        <div class="connector-test-result">
          {words.alreadySignedIn && <p>{words.alreadySignedIn}</p>}
          {words.blame && <p>{words.blame}</p>}
          {words.seen.length > 0 && (
            <>
              <h4>{t('connectorTest.seen.title')}</h4>
              <ul>
                {words.seen.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
