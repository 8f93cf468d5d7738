import { useEffect, useRef, useState } from 'preact/hooks';
import type { Tile } from '../../api';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { Panel } from '../../components/Panel';
import { ProblemList, problemsIn, type Problem } from '../../components/Problems';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { useApi } from '../../use-api';
import { connectorApi, STARTER_DEFINITION, type ConnectorVersion } from './connector-api';

interface ConnectorEditorProps {
  app: Tile;
  onSaved(): void;
  onClose(): void;
}

/** One app's connector as JSON: edit, save as a new version, and see the versions before it. */
export function ConnectorEditor({ app, onSaved, onClose }: ConnectorEditorProps) {
  const { t, formatTime } = useI18n();
  const history = useApi<{ versions: ConnectorVersion[] }>(connectorApi.historyPath(app.id));
  const [text, setText] = useState<string | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [status, setStatus] = useState('');
  const { working, error, setError, run } = useAction();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const versions = history.data?.versions;

  useEffect(() => {
    if (versions && text === null) setText(JSON.stringify(versions[0]?.definition ?? STARTER_DEFINITION, null, 2));
  }, [versions]);

  function showProblems(found: Problem[]) {
    setProblems(found);
    textarea.current?.focus();
  }

  async function save(event: Event) {
    event.preventDefault();
    setError('');
    setProblems([]);
    setStatus('');
    let definition: unknown;
    try {
      definition = JSON.parse(text ?? '');
    } catch {
      setError(t('connectors.notJson'));
      return showProblems([]);
    }
    await run(
      async () => {
        const { connector, changed } = await connectorApi.save(app.id, definition);
        setStatus(changed ? t('connectors.saved', { version: connector.version }) : t('connectors.unchanged'));
        history.reload();
        onSaved();
      },
      (caught) => showProblems(problemsIn(caught)),
    );
  }

  return (
    <Panel title={t('connectors.editTitle', { app: app.name })} onClose={onClose}>
      <ErrorMessage message={history.error} />
      {text !== null && (
        <form class="stacked-form" onSubmit={save}>
          <label for="connector-json">{t('connectors.definition')}</label>
          <textarea
            id="connector-json"
            ref={textarea}
            class="code"
            rows={18}
            spellcheck={false}
            aria-describedby="connector-json-hint"
            value={text}
            onInput={(event) => setText((event.target as HTMLTextAreaElement).value)}
          />
          <p id="connector-json-hint" class="hint">
            {versions?.length === 0 && `${t('connectors.starterHint')} `}
            {t('connectors.definitionHint')}
          </p>
          <ErrorMessage message={error}>
            <ProblemList problems={problems} />
          </ErrorMessage>
          <StatusMessage message={status} />
          <button type="submit" disabled={working}>
            {working ? t('admin.saving') : t('connectors.save')}
          </button>
        </form>
      )}
      {versions && versions.length > 0 && (
        <table class="data">
          <caption>{t('connectors.history')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('connectors.version')}</th>
              <th scope="col">{t('connectors.savedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((version, index) => (
              <tr key={version.version}>
                <td>{index === 0 ? t('connectors.currentVersion', { version: version.version }) : version.version}</td>
                <td>{formatTime(version.savedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
