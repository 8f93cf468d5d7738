import { useEffect, useRef, useState } from 'preact/hooks';
import {
  SIGN_IN_KINDS,
  type AdminApp,
  type AppVersionView,
  type CatalogPreview,
} from '../../../../../shared/catalog-admin';
import { ApiError } from '../../api';
import { ErrorMessage } from '../../components/Messages';
import { Panel } from '../../components/Panel';
import { useI18n } from '../../i18n';
import { onLinkClick } from '../../router';
import { useAction } from '../../use-action';
import {
  BLANK_DRAFT,
  draftOf,
  draftProblems,
  serverFieldProblems,
  slugFrom,
  toDraft,
  type EditableDraft,
  type FieldProblems,
} from './app-form';
import { catalogApi, uploadedIconUrl, type Campus } from './catalog-api';
import { ChangePreview } from './ChangePreview';
import { FieldProblem, problemAttributes, TextField, useProblemText } from './FieldProblem';
import { IconPicker, type IconUpload } from './IconPicker';
import { RuleList } from './RuleList';
import { SsoRegistrationPanel } from './SsoRegistrationPanel';
import { VersionHistory } from './VersionHistory';

interface AppEditorProps {
  /** The app to edit; undefined adds a new one. */
  appId: string | undefined;
  campuses: Campus[];
  /** `iconRefusal` says why an uploaded picture was refused after the app itself was saved; '' when it was not. */
  onSaved(app: AdminApp, iconRefusal: string): void;
  onClose(): void;
}

interface Loaded {
  app: AdminApp | null;
  versions: AppVersionView[];
}

/** One app as a form: its names, address, kind, look and access rules; a preview of who gains and loses it; Save. */
export function AppEditor({ appId, campuses, onSaved, onClose }: AppEditorProps) {
  const { t, errorText } = useI18n();
  const problemText = useProblemText();
  const [loaded, setLoaded] = useState<Loaded | null>(appId ? null : { app: null, versions: [] });
  const [loadError, setLoadError] = useState('');
  const [draft, setDraftState] = useState<EditableDraft>(BLANK_DRAFT);
  const [problems, setProblems] = useState<FieldProblems>({});
  const [upload, setUpload] = useState<IconUpload>({ kind: 'keep' });
  const [uploadProblem, setUploadProblem] = useState('');
  const [preview, setPreview] = useState<{ of: string; result: CatalogPreview } | null>(null);
  const [stale, setStale] = useState(false);
  const { working, error, setError, run } = useAction();
  const slugTouched = useRef(Boolean(appId));
  // What the form held when it opened or last loaded: closing with changes asks first.
  const [openedAs, setOpenedAs] = useState(JSON.stringify(BLANK_DRAFT));
  const draftKey = JSON.stringify(draft);
  const currentPreview = preview?.of === draftKey ? preview.result : null;

  function load() {
    if (!appId) return;
    setLoadError('');
    catalogApi.get(appId).then(
      (answer) => {
        setLoaded(answer);
        setDraftState(draftOf(answer.app));
        setOpenedAs(JSON.stringify(draftOf(answer.app)));
        setUpload({ kind: 'keep' });
        setStale(false);
        setProblems({});
        setError('');
      },
      (caught) => setLoadError(errorText(caught)),
    );
  }
  useEffect(load, [appId]);

  function setDraft(change: Partial<EditableDraft>) {
    setDraftState((current) => {
      const next = { ...current, ...change };
      if ('name' in change && !slugTouched.current) next.slug = slugFrom(next.name);
      return next;
    });
  }

  /** Problems the page can see by itself, shown beside their fields; true when there are none. */
  function checkDraft(): boolean {
    const found = Object.fromEntries(
      Object.entries(draftProblems(draft)).map(([path, problem]) => [path, problemText({ problem })]),
    );
    setProblems(found);
    if (Object.keys(found).length === 0) return true;
    setError(t('catalog.fixProblems'));
    focusFirstProblem();
    return false;
  }

  const failed = (caught: unknown) => {
    const found = serverFieldProblems(caught);
    if (found.length > 0) {
      setProblems(Object.fromEntries(found.map((problem) => [problem.path, problemText(problem)])));
      focusFirstProblem();
    }
    if (caught instanceof ApiError && caught.status === 409 && caught.code === 'stale_version') setStale(true);
  };

  const showPreview = () =>
    run(async () => {
      if (!checkDraft()) return;
      const result = await catalogApi.preview(toDraft(draft), appId);
      setPreview({ of: draftKey, result });
    }, failed);

  const save = (event: Event) => {
    event.preventDefault();
    return run(async () => {
      if (!checkDraft() || !currentPreview) return;
      const version = loaded?.app?.version;
      const app =
        appId && version !== undefined
          ? await catalogApi.save(appId, toDraft(draft), version)
          : await catalogApi.create(toDraft(draft));
      // The app is saved by now: a refused picture is told with the save, not as a failed save.
      const iconRefusal = await sendUpload(app.id, app.hasUploadedIcon).then(
        () => '',
        (caught: unknown) => errorText(caught),
      );
      onSaved(app, iconRefusal);
    }, failed);
  };

  const changed = draftKey !== openedAs || upload.kind !== 'keep';
  // Escape closes the panel too, and is easy to press in a search field: unsaved edits are not dropped silently.
  const close = () => {
    if (!changed || window.confirm(t('catalog.discard'))) onClose();
  };

  async function sendUpload(savedId: string, hasUploadedIcon: boolean) {
    if (upload.kind === 'replace') await catalogApi.putIcon(savedId, upload.file);
    if (upload.kind === 'remove' && hasUploadedIcon) await catalogApi.deleteIcon(savedId);
  }

  const title = appId ? t('catalog.editTitle', { name: loaded?.app?.name ?? '' }) : t('catalog.addTitle');
  const field = (name: keyof EditableDraft) => ({
    id: `app-${name}`,
    problem: problems[name],
  });

  return (
    <Panel title={title} onClose={close}>
      <ErrorMessage message={loadError} />
      {!loaded && !loadError && <p role="status">{t('admin.loading')}</p>}
      {loaded && (
        <form class="stacked-form app-editor" onSubmit={save} noValidate>
          <TextField
            {...field('name')}
            label={t('catalog.field.name')}
            value={draft.name}
            onInput={(name) => setDraft({ name })}
          />
          <TextField
            {...field('nameEs')}
            lang="es"
            label={t('catalog.field.nameEs')}
            value={draft.nameEs}
            onInput={(nameEs) => setDraft({ nameEs })}
          />
          <TextField
            {...field('description')}
            multiline
            label={t('catalog.field.description')}
            value={draft.description}
            onInput={(description) => setDraft({ description })}
          />
          <TextField
            {...field('descriptionEs')}
            multiline
            lang="es"
            label={t('catalog.field.descriptionEs')}
            value={draft.descriptionEs}
            onInput={(descriptionEs) => setDraft({ descriptionEs })}
          />
          <TextField
            {...field('slug')}
            label={t('catalog.field.slug')}
            hint={t('catalog.field.slugHint')}
            value={draft.slug}
            onInput={(slug) => {
              slugTouched.current = true;
              setDraft({ slug });
            }}
          />
          <TextField
            {...field('launchUrl')}
            type="url"
            label={t('catalog.field.launchUrl')}
            value={draft.launchUrl}
            onInput={(launchUrl) => setDraft({ launchUrl })}
          />
          <fieldset {...problemAttributes('app-signInKind', problems['signInKind'])}>
            <legend>{t('catalog.field.kind')}</legend>
            {SIGN_IN_KINDS.map((kind) => (
              <label key={kind} class="check">
                <input
                  type="radio"
                  name="app-kind"
                  value={kind}
                  checked={draft.signInKind === kind}
                  onChange={() => setDraft({ signInKind: kind })}
                />
                {t(`catalog.kind.${kind}`)}
              </label>
            ))}
            {draft.signInKind === 'vault' && (
              <p class="hint">
                <a href="/admin/connectors" onClick={onLinkClick}>
                  {t('catalog.kind.vaultConnector')}
                </a>
              </p>
            )}
            <FieldProblem fieldId="app-signInKind" problem={problems['signInKind']} />
          </fieldset>
          <div class="color-field">
            <label for="app-color">{t('catalog.field.color')}</label>
            <input
              id="app-color"
              type="color"
              value={draft.color}
              onInput={(event) => setDraft({ color: (event.target as HTMLInputElement).value })}
              {...problemAttributes('app-color', problems['color'])}
            />
            <FieldProblem fieldId="app-color" problem={problems['color']} />
          </div>
          <IconPicker
            name={draft.name}
            color={draft.color}
            icon={draft.icon}
            onIcon={(icon) => setDraft({ icon })}
            savedUploadUrl={loaded.app ? uploadedIconUrl(loaded.app) : null}
            upload={upload}
            onUpload={(next) => {
              setUpload(next);
            }}
            uploadProblem={uploadProblem || problems['icon'] || ''}
            onUploadProblem={setUploadProblem}
          />
          <label for="app-sortOrder">{t('catalog.field.sortOrder')}</label>
          <input
            id="app-sortOrder"
            type="number"
            min={0}
            max={10000}
            value={draft.sortOrder}
            onInput={(event) => setDraft({ sortOrder: Number((event.target as HTMLInputElement).value) })}
            {...problemAttributes('app-sortOrder', problems['sortOrder'], 'app-sortOrder-hint')}
          />
          <p id="app-sortOrder-hint" class="hint">
            {t('catalog.field.sortOrderHint')}
          </p>
          <FieldProblem fieldId="app-sortOrder" problem={problems['sortOrder']} />
          <RuleList
            rules={draft.rules}
            onChange={(rules) => setDraft({ rules })}
            campuses={campuses}
            problems={problems}
            onError={setError}
          />
          <section class="preview-step" aria-labelledby="app-preview-title">
            <h3 id="app-preview-title">{t('catalog.preview.title')}</h3>
            <p class="hint">{t('catalog.preview.hint')}</p>
            <p class="preview-summary" role="status">
              {currentPreview
                ? `${t('catalog.preview.summary', { gains: currentPreview.gains, losses: currentPreview.losses })} ${t('catalog.preview.total', { total: currentPreview.total })}`
                : preview && t('catalog.preview.outdated')}
            </p>
            {currentPreview && <ChangePreview key={draftKey} draft={draft} appId={appId} preview={currentPreview} />}
            <div class="button-row">
              <button type="button" class={currentPreview ? 'secondary' : ''} onClick={showPreview} disabled={working}>
                {t('catalog.preview.button')}
              </button>
              {currentPreview && (
                <button type="submit" disabled={working}>
                  {working ? t('admin.saving') : t('catalog.save')}
                </button>
              )}
            </div>
          </section>
          <ErrorMessage message={stale ? t('catalog.staleVersion') : error}>
            {stale && (
              <button type="button" class="secondary" onClick={load}>
                {t('catalog.reload')}
              </button>
            )}
          </ErrorMessage>
        </form>
      )}
      {loaded?.app?.signInKind === 'sso' && <SsoRegistrationPanel app={loaded.app} />}
      {loaded && draft.signInKind === 'sso' && loaded.app?.signInKind !== 'sso' && (
        <p class="hint">{t('ssoAdmin.saveFirst')}</p>
      )}
      {loaded && <VersionHistory versions={loaded.versions} />}
    </Panel>
  );
}

/** Moves focus to the first field marked invalid, once the page has drawn the marks. */
function focusFirstProblem() {
  requestAnimationFrame(() => {
    const first = document.querySelector<HTMLElement>('.app-editor [aria-invalid="true"]');
    if (first instanceof HTMLFieldSetElement)
      first.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
    else first?.focus();
  });
}
