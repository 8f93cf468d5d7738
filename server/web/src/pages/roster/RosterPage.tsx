import { useEffect, useRef, useState } from 'preact/hooks';
import { ROSTER_KINDS, type RosterChangeCounts, type RosterKind } from '../../../../../shared/roster';
import { ErrorMessage, StatusMessage } from '../../components/Messages';
import { ScrollBox } from '../../components/ScrollBox';
import { ApiError } from '../../api';
import { useI18n } from '../../i18n';
import { useApi } from '../../use-api';
import { RosterReportView } from './RosterReportView';
import { ROSTER_PATHS, rosterApi, type RosterHealth, type RosterReport, type RosterSyncSummary } from './roster-api';

type Busy = 'preview' | 'import' | 'approve' | null;

/** IT brings the SIS's roster in: upload, preview the diff, apply (or approve a held sync), and see the history. */
export function RosterPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const health = useApi<RosterHealth>(ROSTER_PATHS.health);
  const history = useApi<{ syncs: RosterSyncSummary[] }>(ROSTER_PATHS.syncs);
  const [files, setFiles] = useState<File[]>([]);
  const [preview, setPreview] = useState<RosterReport | null>(null);
  const [result, setResult] = useState<RosterReport | null>(null);
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const reload = () => {
    health.reload();
    history.reload();
  };

  /** Runs one call at a time, with a busy state; a refused bundle is shown as a result, not a failure. */
  async function run(kind: Exclude<Busy, null>, job: () => Promise<void>) {
    if (busy) return;
    setBusy(kind);
    setFailure(null);
    setStatus(t(`roster.busy.${kind}`));
    try {
      await job();
    } catch (caught) {
      setStatus('');
      setFailure(caught);
    } finally {
      setBusy(null);
    }
  }

  function choose(event: Event) {
    chosen([...((event.target as HTMLInputElement).files ?? [])]);
  }

  /** Files dropped on the form count as chosen (the file input stays the way in for the keyboard). */
  function drop(event: DragEvent) {
    event.preventDefault();
    const dropped = [...(event.dataTransfer?.files ?? [])];
    if (dropped.length === 0) return;
    if (fileInput.current) fileInput.current.value = '';
    chosen(dropped);
    setStatus(t('roster.upload.dropped', { count: dropped.length }));
  }

  function chosen(list: File[]) {
    setFiles(list);
    setPreview(null);
    setResult(null);
    setFailure(null);
    setStatus('');
  }

  const showResult = (report: RosterReport) => {
    setResult(report);
    setStatus(t(`roster.result.${report.outcome}`));
    reload();
    requestAnimationFrame(() => resultHeading.current?.focus());
  };

  async function submitPreview(event: Event) {
    event.preventDefault();
    setResult(null);
    setPreview(null);
    if (files.length === 0) return setFailure(new ApiError('roster_no_files', 0, ''));
    await run('preview', async () => {
      const { report } = await rosterApi.preview(files);
      if (report.outcome === 'refused') return showResult(report);
      setPreview(report);
      setStatus(t('roster.previewReady'));
      requestAnimationFrame(() => previewHeading.current?.focus());
    });
  }

  const apply = () =>
    run('import', async () => {
      const { report } = await rosterApi.importFiles(files);
      setPreview(null);
      showResult(report);
    });

  const cancel = () => {
    setPreview(null);
    setFiles([]);
    setStatus(t('roster.cancelled'));
    if (fileInput.current) fileInput.current.value = '';
    fileInput.current?.focus();
  };

  const approve = (syncId: number) =>
    run('approve', async () => {
      const { report } = await rosterApi.approve(syncId);
      showResult(report);
    });

  const syncs = history.data?.syncs;
  return (
    <section aria-labelledby="roster-title" aria-busy={busy !== null}>
      <h1 id="roster-title">{t('roster.title')}</h1>
      <HealthSummary health={health.data} error={health.error} />

      <form
        class="stacked-form"
        aria-labelledby="roster-upload-title"
        onSubmit={submitPreview}
        onDragOver={(event) => event.preventDefault()}
        onDrop={drop}
        noValidate
      >
        <h2 id="roster-upload-title">{t('roster.upload.title')}</h2>
        <p id="roster-upload-hint" class="hint">
          {t('roster.upload.hint')}
        </p>
        <label for="roster-files">{t('roster.upload.files')}</label>
        <input
          id="roster-files"
          ref={fileInput}
          type="file"
          multiple
          accept=".zip,.csv,application/zip,text/csv"
          aria-describedby="roster-upload-hint"
          onChange={choose}
        />
        <button type="submit" disabled={busy !== null}>
          {busy === 'preview' ? t('roster.busy.preview') : t('roster.upload.preview')}
        </button>
      </form>
      <BusyNote busy={busy} />
      <StatusMessage message={status} />
      <ErrorMessage message={failure ? errorWords(i18n, failure) : ''} />

      {preview && (
        <section class="roster-preview" aria-labelledby="roster-preview-title">
          <h2 id="roster-preview-title" ref={previewHeading} tabIndex={-1}>
            {t('roster.preview.title', { name: preview.sourceName })}
          </h2>
          <p>{t(preview.hold ? 'roster.preview.wouldHold' : 'roster.preview.intro')}</p>
          <RosterReportView report={preview} idPrefix="preview" />
          <div class="button-row">
            <button type="button" onClick={apply} disabled={busy !== null}>
              {busy === 'import' ? t('roster.busy.import') : t('roster.preview.apply')}
            </button>
            <button type="button" class="secondary" onClick={cancel} disabled={busy !== null}>
              {t('roster.preview.cancel')}
            </button>
          </div>
        </section>
      )}

      {result && (
        <section class="roster-result" aria-labelledby="roster-result-title">
          <h2 id="roster-result-title" ref={resultHeading} tabIndex={-1}>
            {t(`roster.result.${result.outcome}`)}
          </h2>
          <RosterReportView report={result} idPrefix="result" />
          {result.outcome === 'held' && result.syncId !== undefined && (
            <ApproveButton syncId={result.syncId} busy={busy} onApprove={approve} />
          )}
        </section>
      )}

      <HeldSyncs syncs={syncs} busy={busy} onApprove={approve} />
      <History syncs={syncs} error={history.error} />
    </section>
  );
}

function errorWords({ t, errorText }: ReturnType<typeof useI18n>, failure: unknown): string {
  return failure instanceof ApiError && failure.code === 'roster_no_files'
    ? t('roster.upload.none')
    : errorText(failure);
}

/** Seconds since the call began, beside the status: the one request of a large district can take a while. */
function BusyNote({ busy }: { busy: Busy }) {
  const { t } = useI18n();
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    setSeconds(0);
    if (!busy) return;
    const timer = setInterval(() => setSeconds((value) => value + 1), 1000);
    return () => clearInterval(timer);
  }, [busy]);
  if (!busy) return null;
  return (
    <p class="roster-busy" aria-hidden="true">
      <span class="spinner" /> {t('roster.busy.elapsed', { seconds })}
    </p>
  );
}

function HealthSummary({ health, error }: { health: RosterHealth | null; error: string }) {
  const { t, formatTime } = useI18n();
  if (error) return <ErrorMessage message={error} />;
  if (!health) return <p>{t('admin.loading')}</p>;
  return (
    <div class="roster-health">
      <p>
        {health.lastGoodSyncAt === null
          ? t('roster.health.never')
          : t('roster.health.last', { when: formatTime(health.lastGoodSyncAt) })}
      </p>
      {health.stale && (
        <p class="warning">
          <strong>{t('roster.health.staleTitle')}</strong> {t('roster.health.stale')}
        </p>
      )}
      {health.held > 0 && <p class="warning">{t('roster.health.held', { count: health.held })}</p>}
    </div>
  );
}

function ApproveButton(props: { syncId: number; busy: Busy; onApprove(syncId: number): void }) {
  const { t } = useI18n();
  return (
    <button type="button" onClick={() => props.onApprove(props.syncId)} disabled={props.busy !== null}>
      {props.busy === 'approve' ? t('roster.busy.approve') : t('roster.held.approve', { id: props.syncId })}
    </button>
  );
}

/** Held syncs, each with its diff on demand and an "Approve and apply" button. */
function HeldSyncs(props: { syncs: RosterSyncSummary[] | undefined; busy: Busy; onApprove(syncId: number): void }) {
  const { t, formatTime, errorText } = useI18n();
  const [open, setOpen] = useState<{ id: number; report: RosterReport } | null>(null);
  const [error, setError] = useState('');
  const held = props.syncs?.filter((sync) => sync.outcome === 'held') ?? [];
  if (held.length === 0) return null;
  const show = async (id: number) => {
    setError('');
    try {
      setOpen({ id, report: (await rosterApi.report(id)).report });
    } catch (caught) {
      setError(errorText(caught));
    }
  };
  return (
    <section aria-labelledby="roster-held-title">
      <h2 id="roster-held-title">{t('roster.held.title')}</h2>
      <ul class="roster-held">
        {held.map((sync) => (
          <li key={sync.id}>
            {t('roster.held.item', { id: sync.id, name: sync.sourceName, when: formatTime(sync.finishedAt) })}{' '}
            <button
              type="button"
              class="secondary"
              aria-expanded={open?.id === sync.id}
              onClick={() => (open?.id === sync.id ? setOpen(null) : show(sync.id))}
            >
              {t('roster.held.show', { id: sync.id })}
            </button>
            {open?.id === sync.id && (
              <div>
                <RosterReportView report={open.report} idPrefix={`held-${sync.id}`} />
                <ApproveButton syncId={sync.id} busy={props.busy} onApprove={props.onApprove} />
              </div>
            )}
          </li>
        ))}
      </ul>
      <ErrorMessage message={error} />
    </section>
  );
}

function countsWords(t: ReturnType<typeof useI18n>['t'], counts: Record<RosterKind, RosterChangeCounts> | null) {
  if (!counts) return '';
  const parts = ROSTER_KINDS.flatMap((kind) => {
    const c = counts[kind];
    const changes = (['added', 'changed', 'deactivated', 'reactivated'] as const)
      .filter((change) => c[change] > 0)
      .map((change) => t(`roster.countPart.${change}`, { count: c[change] }));
    return changes.length ? [`${t(`roster.kind.${kind}`)}: ${changes.join(', ')}`] : [];
  });
  return parts.length ? parts.join('; ') : t('roster.noChanges');
}

function History({ syncs, error }: { syncs: RosterSyncSummary[] | undefined; error: string }) {
  const { t, formatTime } = useI18n();
  return (
    <section aria-labelledby="roster-history-title">
      <h2 id="roster-history-title">{t('roster.history.title')}</h2>
      <ErrorMessage message={error} />
      {!error && !syncs && <p>{t('admin.loading')}</p>}
      {syncs?.length === 0 && <p>{t('roster.history.empty')}</p>}
      {syncs && syncs.length > 0 && (
        <ScrollBox label={t('roster.history.title')}>
          <table class="data roster-history">
            <thead>
              <tr>
                <th scope="col">{t('roster.history.when')}</th>
                <th scope="col">{t('roster.history.source')}</th>
                <th scope="col">{t('roster.file')}</th>
                <th scope="col">{t('roster.history.outcome')}</th>
                <th scope="col">{t('roster.history.changes')}</th>
                <th scope="col">{t('roster.history.warnings')}</th>
              </tr>
            </thead>
            <tbody>
              {syncs.map((sync) => (
                <tr key={sync.id}>
                  <td>{formatTime(sync.finishedAt)}</td>
                  <td>{t(`roster.source.${sync.source}`)}</td>
                  <td>
                    <code>{sync.sourceName}</code>
                  </td>
                  <td>
                    {t(`roster.outcome.${sync.outcome}`)}
                    {sync.outcome === 'held' && ` (#${sync.id})`}
                  </td>
                  <td>
                    {sync.outcome === 'refused'
                      ? t('roster.history.errors', { count: sync.errorCount })
                      : countsWords(t, sync.counts)}
                  </td>
                  <td>{sync.warningCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </section>
  );
}
