import type { ComponentChildren } from 'preact';
import { ADMIN_PAGES } from './admin-pages';
import type { Viewer } from './api';
import { LanguagePicker, useI18n } from './i18n';
import { onLinkClick } from './router';
import { BADGES_PATH } from './pages/badges/badges-api';
import { ACCOUNTS_PATH } from './pages/accounts/accounts-api';
import { MY_CLASSES_PATH, PEOPLE_PATH, TROUBLESHOOT_PATH } from './pages/people/people-api';
import { GRANTS_PATH } from './pages/grants/grants-api';
import { holdsAnywhere, type ViewerRights } from '../../../shared/rights';
import { CHANGE_PASSWORD_PATH } from './pages/own-account/own-account-api';

interface LayoutProps {
  viewer: Viewer;
  /** The youngest grades and badge sessions are not offered "Change password". */
  mayChangePassword: boolean;
  district: string;
  rights: ViewerRights;
  isAdmin: boolean;
  path: string;
  onSignOut(): void;
  children: ComponentChildren;
}

export function Layout({
  viewer,
  mayChangePassword,
  district,
  rights,
  isAdmin,
  path,
  onSignOut,
  children,
}: LayoutProps) {
  const { t } = useI18n();
  const link = (href: string, label: string) => (
    <li key={href}>
      <a href={href} onClick={onLinkClick} aria-current={path === href ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header class="top-bar">
        <div class="brand">
          <span class="brand-name">{t('app.name')}</span>
          {district && <span class="district">{district}</span>}
        </div>
        <nav aria-label={t('nav.main')}>
          <ul>
            {rights.ownStudents.length > 0 && link(MY_CLASSES_PATH, t('peoplePages.nav.classes'))}
            {link('/', t('nav.apps'))}
            {holdsAnywhere(rights, 'print_badges') && link(BADGES_PATH, t('badges.nav'))}
            {holdsAnywhere(rights, 'view_people') && link(ACCOUNTS_PATH, t('accounts.nav'))}
            {holdsAnywhere(rights, 'view_people') && link(TROUBLESHOOT_PATH, t('peoplePages.nav.why'))}
            {holdsAnywhere(rights, 'view_people') && link(PEOPLE_PATH, t('peoplePages.nav.people'))}
            {holdsAnywhere(rights, 'manage_delegates') && link(GRANTS_PATH, t('grants.nav'))}
            {isAdmin && ADMIN_PAGES.map((page) => link(page.path, t(page.label)))}
          </ul>
        </nav>
        <div class="account">
          <span class="who">{viewer.displayName}</span>
          <LanguagePicker />
          {mayChangePassword && (
            <a
              href={CHANGE_PASSWORD_PATH}
              onClick={onLinkClick}
              aria-current={path === CHANGE_PASSWORD_PATH ? 'page' : undefined}
            >
              {t('changePassword.menu')}
            </a>
          )}
          <button type="button" onClick={onSignOut}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
