import { APP_ICONS, type AppIcon as AppIconName } from '../../../../../shared/catalog-admin';
import { AppIcon } from '../../components/AppIcon';
import { useI18n } from '../../i18n';
import { iconFileProblem } from './app-form';
import { FieldProblem, problemAttributes } from './FieldProblem';

/** What happens to the uploaded icon when the app is saved. */
export type IconUpload = { kind: 'keep' } | { kind: 'replace'; file: File; previewUrl: string } | { kind: 'remove' };

interface IconPickerProps {
  name: string;
  color: string;
  icon: AppIconName | '';
  onIcon(icon: AppIconName | ''): void;
  /** The icon uploaded before, if any. */
  savedUploadUrl: string | null;
  upload: IconUpload;
  onUpload(upload: IconUpload): void;
  uploadProblem: string;
  onUploadProblem(problem: string): void;
}

/**
 * The built-in icons as one radio group (arrow keys move between them, each has its name), and an upload that
 * replaces them on the tile.
 */
export function IconPicker(props: IconPickerProps) {
  const { t } = useI18n();
  const { name, color, icon, onIcon, savedUploadUrl, upload, onUpload, uploadProblem, onUploadProblem } = props;
  const shownUpload = upload.kind === 'replace' ? upload.previewUrl : upload.kind === 'remove' ? null : savedUploadUrl;

  function chooseFile(event: Event) {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const problem = iconFileProblem(file);
    onUploadProblem(problem ? t(`catalog.icon.problem.${problem}`) : '');
    if (!problem) onUpload({ kind: 'replace', file, previewUrl: URL.createObjectURL(file) });
  }

  return (
    <fieldset class="icon-picker">
      <legend>{t('catalog.icon.legend')}</legend>
      <div class="icon-choices" role="radiogroup" aria-label={t('catalog.icon.builtIn')}>
        {(['', ...APP_ICONS] as const).map((choice) => (
          <label key={choice || 'initial'} class="icon-choice">
            <input
              type="radio"
              name="app-icon"
              value={choice}
              checked={icon === choice}
              onChange={() => onIcon(choice)}
              class="visually-hidden"
            />
            <AppIcon name={name || '?'} color={color} icon={choice} size="small" />
            <span class="visually-hidden">{t(choice ? `catalog.icon.${choice}` : 'catalog.icon.initial')}</span>
          </label>
        ))}
      </div>
      <label for="app-icon-upload">{t('catalog.icon.upload')}</label>
      <input
        id="app-icon-upload"
        type="file"
        accept="image/png,image/jpeg,image/webp"
        onChange={chooseFile}
        {...problemAttributes('app-icon-upload', uploadProblem, 'app-icon-upload-hint')}
      />
      <p id="app-icon-upload-hint" class="hint">
        {t('catalog.icon.uploadHint')}
      </p>
      <FieldProblem fieldId="app-icon-upload" problem={uploadProblem} />
      {shownUpload && (
        <div class="icon-upload-row">
          <AppIcon name={name} color={color} icon={icon} iconUrl={shownUpload} size="small" />
          <span>{upload.kind === 'replace' ? t('catalog.icon.newUpload') : t('catalog.icon.uploaded')}</span>
          <button type="button" class="secondary danger" onClick={() => onUpload({ kind: 'remove' })}>
            {t('catalog.icon.removeUpload')}
          </button>
        </div>
      )}
      {upload.kind === 'remove' && savedUploadUrl && <p class="hint">{t('catalog.icon.willRemove')}</p>}
    </fieldset>
  );
}
