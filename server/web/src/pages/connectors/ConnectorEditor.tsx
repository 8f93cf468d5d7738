import { useEffect, useRef, useState } from 'preact/hooks';
import type { Tile } from '../../api';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { Panel } from '../../components/Panel';
import { ProblemList, problemsIn, type Problem } from '../../components/Problems';
import { useI18n } from '../../i18n';
import { useAction } from '../../use-action';
import { useApi } from '../../use-api';
import { connectorApi, STARTER_DEFINITION, type ConnectorVersion } from './connector-api';
import { draftFromText, draftText, fieldIdOf, type ConnectorDraft } from './connector-form';
import { ConnectorForm } from './ConnectorForm';
import { ConnectorTest } from './ConnectorTest';
import { useProblemText } from '../apps-admin/FieldProblem';

interface ConnectorEditorProps {
  app: Tile;
  /** A draft from capture to start from, saved (as edited) by its own call instead of as a plain new version. */
  fromDraft?: {
    definition: object;
    save(definition: ConnectorDraft): Promise<{ connector: ConnectorVersion; changed: boolean }>;
  };
  onSaved(): void;
  onClose(): void;
}

/** What the editor holds: the JSON view's text, and the connector it reads as (null while it is not JSON). */
interface Editing {
  text: string;
  draft: ConnectorDraft | null;
}

/**
 * One app's connector as a form, with its JSON as an advanced view that stays in step with it: edit either,
 * save as a new version, and see the versions before it.
 */
export function ConnectorEditor({ app, fromDraft, onSaved, onClose }: ConnectorEditorProps) {
  const { t, formatTime } = useI18n();
  const problemText = useProblemText();
  const history = useApi<{ versions: ConnectorVersion[] }>(connectorApi.historyPath(app.id));
  const [editing, setEditing] = useState<Editing | null>(null);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [status, setStatus] = useState('');
  const [advancedOpen, setAdvancedOpen] = useState(false);
  const { working, error, setError, run } = useAction();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const versions = history.data?.versions;

  useEffect(() => {
    if (versions && editing === null) {
      const draft = (fromDraft?.definition ?? versions[0]?.definition ?? STARTER_DEFINITION) as ConnectorDraft;
      setEditing({ text: draftText(draft), draft });
    }
  }, [versions]);

  function fromForm(draft: ConnectorDraft) {
    setEditing({ text: draftText(draft), draft });
    setStatus('');
  }

  function fromJson(text: string) {
    setEditing({ text, draft: draftFromText(text) });
    setStatus('');
  }

  /** Focus goes to the first field named by a problem, or to the JSON when no field of the form has it. */
  function showProblems(found: Problem[]) {
    setProblems(found);
    const field = found.map((problem) => document.getElementById(fieldIdOf(problem.field))).find(Boolean);
    if (field) return field.focus();
    setAdvancedOpen(true);
    requestAnimationFrame(() => textarea.current?.focus());
  }

  async function save(event: Event) {
    event.preventDefault();
    setError('');
    setProblems([]);
    setStatus('');
    const definition = editing?.draft;
    if (!definition) {
      setError(t('connectors.notJson'));
      return showProblems([]);
    }
    await run(
      async () => {
        const { connector, changed } = await (fromDraft?.save(definition) ?? connectorApi.save(app.id, definition));
        setStatus(changed ? t('connectors.saved', { version: connector.version }) : t('connectors.unchanged'));
        history.reload();
        onSaved();
      },
      (caught) => showProblems(problemsIn(caught)),
    );
  }

  const problemsByField = Object.fromEntries(
    problems.map((problem) => [problem.field, problemText({ problem: problem.problem })]),
  );

  return (
    <Panel
      title={t(fromDraft ? 'captureDrafts.reviewTitle' : 'connectors.editTitle', { app: app.name })}
      onClose={onClose}
    >
      <ErrorMessage message={history.error} />
      {editing !== null && (
        <form class="stacked-form connector-editor" onSubmit={save}>
          <p class="hint">
            {fromDraft && `${t('captureDrafts.reviewHint')} `}
            {!fromDraft && versions?.length === 0 && `${t('connectors.starterHint')} `}
            {t('connectors.definitionHint')}
          </p>
          {editing.draft ? (
            <ConnectorForm draft={editing.draft} onChange={fromForm} problems={problemsByField} />
          ) : (
            <p class="hint">{t('connectorForm.jsonFirst')}</p>
          )}
          <details
            class="connector-advanced"
            open={advancedOpen}
            onToggle={(event) => setAdvancedOpen((event.currentTarget as HTMLDetailsElement).open)}
          >
            <summary>{t('connectorForm.advanced')}</summary>
            <label for="connector-json">{t('connectors.definition')}</label>
            <textarea
              id="connector-json"
              ref={textarea}
              class="code"
              rows={18}
              spellcheck={false}
              aria-describedby="connector-json-hint"
              value={editing.text}
              onInput={(event) => fromJson((event.target as HTMLTextAreaElement).value)}
            />
            <p id="connector-json-hint" class="hint">
              {editing.draft ? t('connectorForm.jsonHint') : t('connectors.notJson')}
            </p>
          </details>
          <ErrorMessage message={error}>
            <ProblemList problems={problems} />
          </ErrorMessage>
          <StatusMessage message={status} />
          <button type="submit" disabled={working}>
            {working ? t('admin.saving') : t(fromDraft ? 'captureDrafts.saveAsConnector' : 'connectors.save')}
          </button>
        </form>
      )}
      {editing !== null && <ConnectorTest app={app} draft={editing.draft} />}
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
