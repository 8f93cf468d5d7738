import { useState } from 'preact/hooks';
import { ErrorMessage, StatusMessage } from './Messages';
import { ProblemList, problemsIn, type Problem } from './Problems';
import { useI18n } from '../i18n';

interface JsonFileTransferProps {
  /** What is moved (`catalog`, `connector`): the element ids are made from it. */
  name: string;
  title: string;
  exportUrl: string;
  exportFileName: string;
  exportLabel: string;
  importLabel: string;
  importHint: string;
  /** What to say when the chosen file is not JSON at all. */
  notJsonText: string;
  /** Sends the parsed file; answers what to say once it is saved. */
  send(parsed: unknown): Promise<string>;
  /** Said after the server's refusal (e.g. that nothing was saved). */
  refusedSuffix?: string;
  onImported(): void;
}

/** A whole set (the catalog, the connectors) as one JSON file: out, and in (checked whole, saved all or nothing). */
export function JsonFileTransfer(props: JsonFileTransferProps) {
  const { t, errorText } = useI18n();
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);

  function fail(message: string, found: Problem[] = []) {
    setStatus('');
    setError(message);
    setProblems(found);
  }

  async function importFile(event: Event) {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const text = await file.text();
    // The same file can be chosen again once it is fixed.
    input.value = '';
    setError('');
    setProblems([]);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return fail(props.notJsonText);
    }
    setStatus(t('admin.importing'));
    try {
      setStatus(await props.send(parsed));
      props.onImported();
    } catch (caught) {
      const message = errorText(caught);
      fail(props.refusedSuffix ? `${message} ${props.refusedSuffix}` : message, problemsIn(caught));
    }
  }

  return (
    <section aria-labelledby={`${props.name}-transfer-title`}>
      <h2 id={`${props.name}-transfer-title`}>{props.title}</h2>
      <p>
        <a href={props.exportUrl} download={props.exportFileName}>
          {props.exportLabel}
        </a>
      </p>
      <div class="stacked-form">
        <label for={`${props.name}-import`}>{props.importLabel}</label>
        <input
          id={`${props.name}-import`}
          type="file"
          accept=".json,application/json"
          aria-describedby={`${props.name}-import-hint`}
          onChange={importFile}
        />
        <p id={`${props.name}-import-hint`} class="hint">
          {props.importHint}
        </p>
      </div>
      <StatusMessage message={status} />
      <ErrorMessage message={error}>
        <ProblemList problems={problems} withApp />
      </ErrorMessage>
    </section>
  );
}
