import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { useI18n } from '../i18n';

interface PanelProps {
  title: string;
  onClose(): void;
  children: ComponentChildren;
}

/**
 * A titled section that opens in place: its heading takes focus when it opens, Escape or Close shuts it,
 * and focus goes back to whatever opened it.
 */
export function Panel({ title, onClose, children }: PanelProps) {
  const { t } = useI18n();
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef(document.activeElement instanceof HTMLElement ? document.activeElement : null);

  useEffect(() => {
    heading.current?.focus();
    return () => {
      if (opener.current?.isConnected) opener.current.focus();
    };
  }, []);

  return (
    <section class="panel" aria-labelledby={titleId} onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <div class="panel-head">
        <h2 id={titleId} ref={heading} tabIndex={-1}>
          {title}
        </h2>
        <button type="button" class="secondary" onClick={onClose}>
          {t('panel.close')}
        </button>
      </div>
      {children}
    </section>
  );
}
