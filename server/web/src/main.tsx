import { render } from 'preact';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { api } from './api';
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
import { isPeoplePath, isTroubleshootPath, MY_CLASSES_PATH } from './pages/people/people-api';
import { PeoplePage } from './pages/people/PeoplePage';
import { TroubleshootPage } from './pages/people/TroubleshootPage';
import { MyClassesPage } from './pages/my-classes/MyClassesPage';
import { MyClassesSummary } from './pages/my-classes/MyClassesSummary';
import { GRANTS_PATH } from './pages/grants/grants-api';
import { GrantsPage } from './pages/grants/GrantsPage';
import { CHANGE_PASSWORD_PATH, CLAIM_PATH, FORGOT_PATH, type Session } from './pages/own-account/own-account-api';
import { ChangePasswordPage } from './pages/own-account/ChangePasswordPage';
import { ClaimPage } from './pages/own-account/ClaimPage';
import { ForgotPasswordPage } from './pages/own-account/ForgotPasswordPage';
import { SignInStepPage } from './pages/sign-in-steps/SignInStepPage';
import { STEP_PATHS, STEP_REQUIRED_EVENT } from './pages/sign-in-steps/step-paths';
import type { SignInStep } from '../../../shared/accounts';
import { navigate, usePath } from './router';
import './styles.css';
import './pages/own-account/own-account.css';
import type { ViewerRights } from '../../../shared/rights';
import { isContinuePath } from '../../../shared/federation';

const NO_RIGHTS: ViewerRights = { district: [], campuses: [], ownStudents: [] };
const CONTINUE_KEY = 'gatehouse.continue';

/**
 * An app sent the person here to sign in (`/?continue=/oidc/…`): kept across the sign-in's steps (which
 * change the address), and followed once the session is a full one.
 */
function rememberContinue() {
  const requested = new URLSearchParams(location.search).get('continue');
  if (requested && isContinuePath(requested)) sessionStorage.setItem(CONTINUE_KEY, requested);
}

function followContinue(): boolean {
  const target = sessionStorage.getItem(CONTINUE_KEY);
  sessionStorage.removeItem(CONTINUE_KEY);
  if (!target || !isContinuePath(target)) return false;
  location.assign(target);
  return true;
}
rememberContinue();

function App() {
  const { t } = useI18n();
  const path = usePath();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [district, setDistrict] = useState('');
  const viewer = session?.user;
  const pendingStep = session?.next;

  useEffect(() => {
    api<{ districtName: string }>('/portal').then(
      (info) => setDistrict(info.districtName),
      () => setDistrict(''),
    );
    api<Session>('/auth/me').then(setSession, () => setSession(null));
    // A call refused because the session has a step to take first leads to that step, from any page.
    const stepRequired = (event: Event) => {
      const next = (event as CustomEvent<SignInStep>).detail;
      setSession((current) => current && { ...current, next });
    };
    addEventListener(STEP_REQUIRED_EVENT, stepRequired);
    return () => removeEventListener(STEP_REQUIRED_EVENT, stepRequired);
  }, []);

  useEffect(() => {
    if (viewer && !pendingStep) void connectExtension(viewer.username).catch(() => false);
  }, [viewer?.username, pendingStep]);

  // A pending session has one page: its address says which, whatever was asked for (before the page is painted,
  // so the step never shows under another page's address).
  useLayoutEffect(() => {
    if (pendingStep && path !== STEP_PATHS[pendingStep]) history.replaceState(null, '', STEP_PATHS[pendingStep]);
  }, [pendingStep, path]);

  if (session === undefined)
    return (
      <p class="loading" role="status">
        {t('dashboard.loading')}
      </p>
    );

  const signedIn = (next: Session) => {
    setSession(next);
    if (next.next) return;
    if (followContinue()) return;
    if (location.pathname !== '/') navigate('/');
    // The sign-in's answer says who; `me` adds what they may do for others (the menu's pages).
    api<Session>('/auth/me').then(setSession, () => undefined);
  };
  const signOut = async () => {
    await api('/auth/sign-out', { method: 'POST', body: {} }).catch(() => undefined);
    await tellExtensionSignedOut();
    setSession(null);
    navigate('/');
  };

  if (session === null) return <SignedOutPage path={path} district={district} onSignedIn={signedIn} />;
  if (pendingStep)
    return (
      <SignInStepPage
        key={pendingStep}
        step={pendingStep}
        viewer={session.user}
        district={district}
        onDone={signedIn}
        onSignOut={signOut}
      />
    );

  const rights = session.rights ?? NO_RIGHTS;
  const isAdmin = rights.district.includes('manage_district');
  const AdminPage = isAdmin ? ADMIN_PAGES.find((page) => page.path === path)?.Page : undefined;
  const page = AdminPage ? (
    <AdminPage />
  ) : isBadgesPath(path) ? (
    <BadgesPage path={path} />
  ) : isAccountsPath(path) ? (
    <AccountsPage path={path} />
  ) : isPeoplePath(path) ? (
    <PeoplePage path={path} />
  ) : isTroubleshootPath(path) ? (
    <TroubleshootPage key={path} path={path} />
  ) : path === MY_CLASSES_PATH ? (
    <MyClassesPage />
  ) : path === GRANTS_PATH ? (
    <GrantsPage />
  ) : path === CHANGE_PASSWORD_PATH ? (
    <ChangePasswordPage />
  ) : (
    <>
      <DashboardPage viewer={session.user} onSessionEnded={() => setSession(null)} />
      {/* A teacher's home also says which of their students need them (My classes is first in the menu). */}
      {path === '/' && rights.ownStudents.length > 0 && <MyClassesSummary />}
    </>
  );
  return (
    <Layout
      viewer={session.user}
      mayChangePassword={session.mayChangePassword !== false}
      district={district}
      rights={rights}
      isAdmin={isAdmin}
      path={path}
      onSignOut={signOut}
    >
      {page}
    </Layout>
  );
}

interface SignedOutPageProps {
  path: string;
  district: string;
  onSignedIn(session: Session): void;
}

/** The ways in for someone not signed in: password, badge, claiming an account, a forgotten password. */
function SignedOutPage({ path, district, onSignedIn }: SignedOutPageProps) {
  if (path === BADGE_SIGN_IN_PATH) return <BadgeSignInPage onSignedIn={(user) => onSignedIn({ user })} />;
  if (path === CLAIM_PATH) return <ClaimPage onSignedIn={onSignedIn} />;
  if (path === FORGOT_PATH) return <ForgotPasswordPage onSignedIn={onSignedIn} />;
  return <SignInPage district={district} onSignedIn={onSignedIn} />;
}

render(
  <I18nProvider>
    <App />
  </I18nProvider>,
  document.getElementById('root')!,
);
