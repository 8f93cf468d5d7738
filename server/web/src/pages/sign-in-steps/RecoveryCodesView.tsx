import { useEffect, useRef, useState } from 'preact/hooks';
import { saveFile } from '../../download';
import { useI18n } from '../../i18n';

interface RecoveryCodesViewProps {
  username: string;
  codes: string[];
  onContinue(): void;
}

/**
 * The one-time recovery codes, shown this once: the server keeps only their hashes. Continue waits for the
 * person to say they saved them, since a lost phone without them means a call to IT.
 */
export function RecoveryCodesView({ username, codes, onContinue }: RecoveryCodesViewProps) {
  const { t } = useI18n();
  const [saved, setSaved] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  function download() {
    const lines = [t('totp.codes.fileTitle', { username }), '', ...codes, '', t('totp.codes.fileHint'), ''];
    saveFile(new Blob([lines.join('\n')], { type: 'text/plain' }), `recovery-codes-${username}.txt`);
  }

  return (
    <section class="recovery-codes" aria-labelledby="recovery-codes-title">
      <h2 id="recovery-codes-title" ref={heading} tabIndex={-1}>
        {t('totp.codes.title')}
      </h2>
      <p>{t('totp.codes.intro', { count: codes.length })}</p>
      <ol class="recovery-code-list">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div class="button-row no-print">
        <button type="button" class="secondary" onClick={download}>
          {t('totp.codes.download')}
        </button>
        <button type="button" class="secondary" onClick={() => print()}>
          {t('totp.codes.print')}
        </button>
      </div>
      <label class="check no-print">
        <input type="checkbox" checked={saved} onChange={() => setSaved(!saved)} />
        {t('totp.codes.saved')}
      </label>
      <button type="button" class="no-print" disabled={!saved} onClick={onContinue}>
        {t('totp.codes.continue')}
      </button>
    </section>
  );
}
