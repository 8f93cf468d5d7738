import type { Ref } from 'preact';
import { useId, useState } from 'preact/hooks';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../../../shared/accounts';
import { useI18n } from '../../i18n';

export interface NewPassword {
  password: string;
  repeat: string;
}

interface NewPasswordFieldsProps {
  value: NewPassword;
  onChange(value: NewPassword): void;
  /** The words for what is wrong with the new password (the server's reason, or the two copies differ). */
  error: string;
  passwordRef: Ref<HTMLInputElement>;
}

/**
 * A new password typed twice, with the rules in words and a "show" switch; paste is allowed (NIST SP 800-63B),
 * and nothing limits what may be typed but its length.
 */
export function NewPasswordFields({ value, onChange, error, passwordRef }: NewPasswordFieldsProps) {
  const { t } = useI18n();
  const id = useId();
  const [shown, setShown] = useState(false);
  const type = shown ? 'text' : 'password';
  const describedBy = `${id}-rules${error ? ` ${id}-error` : ''}`;
  const field = (key: keyof NewPassword) => (event: Event) =>
    onChange({ ...value, [key]: (event.target as HTMLInputElement).value });
  return (
    <>
      <label for={`${id}-new`}>{t('changePassword.new')}</label>
      <p id={`${id}-rules`} class="hint">
        {t('changePassword.rules', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })}
      </p>
      <input
        id={`${id}-new`}
        ref={passwordRef}
        type={type}
        autocomplete="new-password"
        autocapitalize="none"
        spellcheck={false}
        aria-describedby={describedBy}
        aria-invalid={error ? 'true' : undefined}
        value={value.password}
        onInput={field('password')}
      />
      <label for={`${id}-repeat`}>{t('changePassword.repeat')}</label>
      <input
        id={`${id}-repeat`}
        type={type}
        autocomplete="new-password"
        autocapitalize="none"
        spellcheck={false}
        value={value.repeat}
        onInput={field('repeat')}
      />
      <label class="check">
        <input type="checkbox" checked={shown} onChange={() => setShown(!shown)} />
        {t('changePassword.show')}
      </label>
      <p id={`${id}-error`} class="error field-error" role="alert">
        {error}
      </p>
    </>
  );
}
