import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type Viewer } from './api';
import { I18nProvider, useI18n } from './i18n';
import { Layout } from './Layout';
import { ADMIN_PAGES } from './admin-pages';
import { connectExtension, tellExtensionSignedOut } from './extension/extension-bridge';
import { DashboardPage } from './pages/DashboardPage';
import { SignInPage } from './pages/SignInPage';
import { BADGE_SIGN_IN_PATH } from './pages/badge/badge-paths';
import { BadgeSignInPage } from './pages/badge/BadgeSignInPage';
import { isBadgesPath } from './pages/badges/badges-api';
import { BadgesPage } from './pages/badges/BadgesPage';
import { isAccountsPath } from './pages/accounts/accounts-api';
import { AccountsPage } from './pages/accounts/AccountsPage';
import { navigate, usePath } from './router';
import './styles.css';
import { ADMIN_ROLES } from '../../../shared/roles';

function App() {
  const { t } = useI18n();
  const path = usePath();
  const [viewer, setViewer] = useState<Viewer | null | undefined>(undefined);
  const [district, setDistrict] = useState('');

  useEffect(() => {
    api<{ districtName: string }>('/portal').then(
      (info) => setDistrict(info.districtName),
      () => setDistrict(''),
    );
    api<{ user: Viewer }>('/auth/me').then(
      ({ user }) => setViewer(user),
      () => setViewer(null),
    );
  }, []);

  useEffect(() => {
    if (viewer) void connectExtension(viewer.username).catch(() => false);
  }, [viewer?.username]);

  if (viewer === undefined)
    return (
      <p class="loading" role="status">
        {t('dashboard.loading')}
      </p>
    );
  if (viewer === null)
    return path === BADGE_SIGN_IN_PATH ? (
      <BadgeSignInPage onSignedIn={setViewer} />
    ) : (
      <SignInPage district={district} onSignedIn={setViewer} />
    );

  const isAdmin = ADMIN_ROLES.includes(viewer.role);
  const signOut = async () => {
    await api('/auth/sign-out', { method: 'POST', body: {} }).catch(() => undefined);
    await tellExtensionSignedOut();
    setViewer(null);
    navigate('/');
  };
  const AdminPage = isAdmin ? ADMIN_PAGES.find((page) => page.path === path)?.Page : undefined;
  const page = AdminPage ? (
    <AdminPage />
  ) : isBadgesPath(path) ? (
    <BadgesPage path={path} />
  ) : isAccountsPath(path) ? (
    <AccountsPage path={path} viewer={viewer} />
  ) : (
    <DashboardPage viewer={viewer} onSessionEnded={() => setViewer(null)} />
  );
  return (
    <Layout viewer={viewer} district={district} isAdmin={isAdmin} path={path} onSignOut={signOut}>
      {page}
    </Layout>
  );
}

render(
  <I18nProvider>
    <App />
  </I18nProvider>,
  document.getElementById('root')!,
);
