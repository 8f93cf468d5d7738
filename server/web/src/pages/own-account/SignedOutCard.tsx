import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { LanguagePicker, useI18n } from '../../i18n';
import { onLinkClick } from '../../router';

/**
 * The frame of the pages a person uses before they are signed in (claim, forgot): the sign-in page's card,
 * a way back to it, and the page's name focused, as the link that opened it is gone.
 */
export function SignedOutCard({ title, children }: { title: string; children: ComponentChildren }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <main id="main" class="sign-in">
      <div class="sign-in-card own-account-card">
        <div class="card-bar">
          <LanguagePicker />
        </div>
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {children}
        <p class="sign-in-links">
          <a href="/" onClick={onLinkClick}>
            {t('claim.backToSignIn')}
          </a>
        </p>
      </div>
    </main>
  );
}
