import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Viewer } from '../../api';
import { LanguagePicker, useI18n } from '../../i18n';

interface StepLayoutProps {
  viewer: Viewer;
  district: string;
  title: string;
  onSignOut(): void;
  children: ComponentChildren;
}

/**
 * A sign-in step's frame: no navigation (there is nowhere else to go yet), but Sign out stays, so a person
 * at a shared computer who cannot finish can leave.
 */
export function StepLayout({ viewer, district, title, onSignOut, children }: StepLayoutProps) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [title]);
  return (
    <>
      <header class="top-bar">
        <div class="brand">
          <span class="brand-name">{t('app.name')}</span>
          {district && <span class="district">{district}</span>}
        </div>
        <div class="account">
          <span class="who">{viewer.displayName}</span>
          <LanguagePicker />
          <button type="button" onClick={onSignOut}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" class="sign-in-step">
        <div class="sign-in-card step-card">
          <h1 ref={heading} tabIndex={-1}>
            {title}
          </h1>
          {children}
        </div>
      </main>
    </>
  );
}
