import type { ComponentType } from 'preact';
import type { MessageKey } from '../../../shared/i18n';
import { AuditLogPage } from './pages/AuditLogPage';
import { AppsAdminPage } from './pages/apps-admin/AppsAdminPage';
import { APPS_ADMIN_PATH } from './pages/apps-admin/catalog-api';
import { ConnectorsPage } from './pages/connectors/ConnectorsPage';
import { ExplainAccessPage } from './pages/ExplainAccessPage';
import { RosterPage } from './pages/roster/RosterPage';
import { ExtensionAdminPage } from './pages/extension-admin/ExtensionAdminPage';
import { AppHealthPage } from './pages/vault-admin/AppHealthPage';
import { StoredSignInsPage } from './pages/vault-admin/StoredSignInsPage';

/** IT's and district admins' pages: where each lives, its name in the navigation, and what it shows. */
export const ADMIN_PAGES: { path: string; label: MessageKey; Page: ComponentType }[] = [
  { path: '/admin/explain', label: 'nav.explain', Page: ExplainAccessPage },
  { path: '/admin/roster', label: 'nav.roster', Page: RosterPage },
  { path: '/admin/audit', label: 'nav.audit', Page: AuditLogPage },
  { path: APPS_ADMIN_PATH, label: 'catalog.nav', Page: AppsAdminPage },
  { path: '/admin/connectors', label: 'nav.connectors', Page: ConnectorsPage },
  { path: '/admin/vault', label: 'nav.vault', Page: StoredSignInsPage },
  { path: '/admin/health', label: 'nav.health', Page: AppHealthPage },
  { path: '/admin/extension', label: 'nav.extension', Page: ExtensionAdminPage },
];
