import type { BookmarkRepairs } from '../../../../extension/deployment/bookmark-repairs';
import type { ExtensionPolicies } from '../../../../extension/deployment/policy';

/** GET /api/admin/extension: the published build and what to set in Chrome policy for it. */
export interface ExtensionDeployment {
  /** Null until `npm run build` has packed the extension on this server. */
  extensionId: string | null;
  version: string | null;
  updateUrl: string;
  /** False when GATEHOUSE_PUBLIC_URL is plain http on a real host name: Chrome would not install from it. */
  portalUrlUsable: boolean;
  policies: ExtensionPolicies | null;
  bookmarkRepairs: BookmarkRepairs;
}

export const EXTENSION_ADMIN_PATH = '/admin/extension';
