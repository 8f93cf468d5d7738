import { useState } from 'preact/hooks';
import { StatusMessage } from '../../components/Messages';
import { useI18n } from '../../i18n';

interface CopyableBlockProps {
  id: string;
  label: string;
  text: string;
}

/**
 * Text IT pastes somewhere else: a read-only field (selectable and reachable by keyboard) and a button
 * that copies it. Where the clipboard is not available (plain http), it selects the text to copy by hand.
 */
export function CopyableBlock({ id, label, text }: CopyableBlockProps) {
  const { t } = useI18n();
  const [status, setStatus] = useState('');

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setStatus(t('extensionAdmin.copied'));
    } catch {
      const field = document.getElementById(id) as HTMLTextAreaElement | null;
      field?.focus();
      field?.select();
      setStatus(t('extensionAdmin.copyByHand'));
    }
  }

  return (
    <div class="stacked-form">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        class="code"
        readOnly
        rows={Math.min(text.split('\n').length, 18)}
        spellcheck={false}
        value={text}
      />
      <div class="button-row">
        <button type="button" class="secondary" onClick={copy}>
          {t('extensionAdmin.copy', { what: label })}
        </button>
      </div>
      <StatusMessage message={status} />
    </div>
  );
}
