import { TextField } from '../apps-admin/FieldProblem';
import { useI18n } from '../../i18n';
import {
  CREDENTIAL_FIELDS,
  fieldIdOf,
  LOGIN_MODES,
  loginModeOf,
  MAX_ORIGINS,
  MAX_STEPS,
  MIN_STEPS,
  staticFieldsFrom,
  staticFieldsText,
  textAt,
  USER_ENTRY_CHOICES,
  valueAt,
  withLoginMode,
  withNewStep,
  withoutItem,
  withoutEmptySignals,
  withValue,
  type ConnectorDraft,
  type Path,
} from './connector-form';

interface ConnectorFormProps {
  draft: ConnectorDraft;
  onChange(draft: ConnectorDraft): void;
  /** Problems by field path ("login.fields.password"). */
  problems: Record<string, string>;
}

/** A connector as a form: where it may sign in, how (fill, post or steps), and how it knows it worked. */
export function ConnectorForm({ draft, onChange, problems }: ConnectorFormProps) {
  const { t } = useI18n();
  const mode = loginModeOf(draft);
  const set = (path: Path, value: unknown) => onChange(withoutEmptySignals(withValue(draft, path, value)));
  const text = (path: Path, label: string, hint?: string) => (
    <TextField
      id={fieldIdOf(path)}
      label={label}
      hint={hint}
      value={textAt(draft, path)}
      onInput={(value) => set(path, value)}
      problem={problems[path.join('.')]}
    />
  );
  const check = (path: Path, label: string, fallback: boolean) => {
    const value = valueAt(draft, path);
    return (
      <label class="check">
        <input
          type="checkbox"
          checked={typeof value === 'boolean' ? value : fallback}
          onChange={(event) => set(path, (event.target as HTMLInputElement).checked)}
        />
        {label}
      </label>
    );
  };
  const credentialPlaces = (path: Path, kind: 'selector' | 'name') => (
    <fieldset>
      <legend>{t(kind === 'selector' ? 'connectorForm.fields.selectors' : 'connectorForm.fields.names')}</legend>
      {CREDENTIAL_FIELDS.map((field) => (
        <span key={field} class="form-row">
          {text([...path, field], t(`connectorForm.credential.${field}`))}
        </span>
      ))}
    </fieldset>
  );
  const origins = valueAt(draft, ['origins']);
  const originList = Array.isArray(origins) ? origins : [];
  const steps = valueAt(draft, ['login', 'steps']);
  const stepList = Array.isArray(steps) ? steps : [];

  return (
    <div class="connector-form">
      {text(['launchUrl'], t('connectorForm.launchUrl'), t('connectorForm.launchUrlHint'))}
      <fieldset>
        <legend>{t('connectorForm.origins')}</legend>
        <p class="hint">{t('connectorForm.originsHint')}</p>
        {originList.map((_, index) => (
          <span key={index} class="form-row">
            {text(['origins', index], t('connectorForm.origin', { number: index + 1 }))}
            <button
              type="button"
              class="secondary danger"
              onClick={() => onChange(withoutItem(draft, ['origins'], index))}
            >
              {t('connectorForm.removeOrigin', { number: index + 1 })}
            </button>
          </span>
        ))}
        {problems['origins'] && <p class="error field-problem">{problems['origins']}</p>}
        {originList.length < MAX_ORIGINS && (
          <button type="button" class="secondary" onClick={() => set(['origins', originList.length], 'https://')}>
            {t('connectorForm.addOrigin')}
          </button>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('connectors.mode')}</legend>
        {LOGIN_MODES.map((choice) => (
          <label key={choice} class="check">
            <input
              type="radio"
              name="connector-mode"
              value={choice}
              checked={mode === choice}
              onChange={() => onChange(withLoginMode(draft, choice))}
            />
            {t(`connectors.mode.${choice}`)}
          </label>
        ))}
      </fieldset>
      {problems['login.fields'] && <p class="error field-problem">{problems['login.fields']}</p>}
      {mode === 'fill' && (
        <>
          {credentialPlaces(['login', 'fields'], 'selector')}
          {text(['login', 'submit'], t('connectorForm.submit'), t('connectorForm.submitHint'))}
          {text(['login', 'frame'], t('connectorForm.frame'), t('connectorForm.frameHint'))}
          {check(['login', 'passwordInAddress'], t('connectorForm.passwordInAddress'), false)}
        </>
      )}
      {mode === 'post' && (
        <>
          {text(['login', 'action'], t('connectorForm.action'))}
          {credentialPlaces(['login', 'fields'], 'name')}
          <label for="connector-login-staticFields">{t('connectorForm.staticFields')}</label>
          <textarea
            id="connector-login-staticFields"
            class="code"
            rows={3}
            aria-describedby="connector-login-staticFields-hint"
            value={staticFieldsText(valueAt(draft, ['login', 'staticFields']))}
            onChange={(event) =>
              set(['login', 'staticFields'], staticFieldsFrom((event.target as HTMLTextAreaElement).value))
            }
          />
          <p id="connector-login-staticFields-hint" class="hint">
            {t('connectorForm.staticFieldsHint')}
          </p>
        </>
      )}
      {mode === 'steps' && (
        <>
          {stepList.map((_, index) => (
            <fieldset key={index} class="connector-step">
              <legend>{t('connectorForm.step', { number: index + 1 })}</legend>
              {credentialPlaces(['login', 'steps', index, 'fields'], 'selector')}
              {text(['login', 'steps', index, 'submit'], t('connectorForm.submit'))}
              {check(['login', 'steps', index, 'autoSubmit'], t('connectorForm.autoSubmit'), true)}
              {stepList.length > MIN_STEPS && (
                <button
                  type="button"
                  class="secondary danger"
                  onClick={() => onChange(withoutItem(draft, ['login', 'steps'], index))}
                >
                  {t('connectorForm.removeStep', { number: index + 1 })}
                </button>
              )}
            </fieldset>
          ))}
          {stepList.length < MAX_STEPS && (
            <button type="button" class="secondary" onClick={() => onChange(withNewStep(draft))}>
              {t('connectorForm.addStep')}
            </button>
          )}
        </>
      )}
      {text(['extraFieldLabel'], t('connectorForm.extraFieldLabel'), t('connectorForm.extraFieldLabelHint'))}
      {(['success', 'failure'] as const).map((signal) => (
        <fieldset key={signal}>
          <legend>{t(`connectorForm.${signal}`)}</legend>
          <p class="hint">{t('connectorForm.signalHint')}</p>
          {text([signal, 'urlPattern'], t('connectorForm.urlPattern'))}
          {text([signal, 'element'], t('connectorForm.element'))}
          {signal === 'failure' &&
            text(['failure', 'text'], t('connectorForm.failureText'), t('connectorForm.failureTextHint'))}
          {problems[signal] && <p class="error field-problem">{problems[signal]}</p>}
        </fieldset>
      ))}
      <label for="connector-userEntries">{t('connectorForm.userEntries')}</label>
      <select
        id="connector-userEntries"
        value={textAt(draft, ['userEntries']) || 'off'}
        onChange={(event) => set(['userEntries'], (event.target as HTMLSelectElement).value)}
      >
        {USER_ENTRY_CHOICES.map((choice) => (
          <option key={choice} value={choice}>
            {t(`connectorForm.userEntries.${choice}`)}
          </option>
        ))}
      </select>
      <fieldset>
        <legend>{t('connectorForm.withoutExtension')}</legend>
        {check(['withoutExtension', 'showUsername'], t('connectorForm.showUsername'), true)}
        {check(['withoutExtension', 'revealPassword'], t('connectorForm.revealPassword'), false)}
      </fieldset>
    </div>
  );
}
