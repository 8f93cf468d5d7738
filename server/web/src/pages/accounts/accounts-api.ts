import type {
  AccountGroup,
  AccountGroupResponse,
  AccountGroupsResponse,
  AccountState,
  ResetResult,
} from '../../../../../shared/accounts';
import type { Locale } from '../../../../../shared/i18n';
import { api, apiFile } from '../../api';

export const ACCOUNTS_PATH = '/accounts';

/**
 * Whether a student signs in with a password from the school: they have one, or they are in the grades that may
 * not change theirs (PreK-2 by default), which only fixed-password grades are.
 */
export function hasSchoolPassword(account: AccountState): boolean {
  return account.getsFixedPassword;
}

export type AccountTarget = { classId: string } | { campusId: string } | { userId: string };

export function isAccountsPath(path: string): boolean {
  return path === ACCOUNTS_PATH || path.startsWith(`${ACCOUNTS_PATH}/`);
}

export function groupPath(group: Pick<AccountGroup, 'kind' | 'id'>): string {
  return `${ACCOUNTS_PATH}/${group.kind}/${encodeURIComponent(group.id)}`;
}

/** The group a page path names (`/accounts/class/<id>`), or null for the list. */
export function groupInPath(path: string): Pick<AccountGroup, 'kind' | 'id'> | null {
  const match = /^\/accounts\/(class|campus)\/([^/]+)$/.exec(path);
  return match ? { kind: match[1] as AccountGroup['kind'], id: decodeURIComponent(match[2]!) } : null;
}

export function groupTarget(group: Pick<AccountGroup, 'kind' | 'id'>): AccountTarget {
  return group.kind === 'class' ? { classId: group.id } : { campusId: group.id };
}

/** A file name that says what is inside, safe on every system. */
export function sheetFileName(kind: 'credentials' | 'claim-letters', title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase();
  return `${kind}-${slug || 'sheet'}.pdf`;
}

export const accountsApi = {
  groups: () => api<AccountGroupsResponse>('/accounts/groups'),
  group: (group: Pick<AccountGroup, 'kind' | 'id'>) =>
    api<AccountGroupResponse>(`/accounts/groups/${group.kind}/${encodeURIComponent(group.id)}`),
  credentials: (target: AccountTarget, language: Locale) =>
    apiFile('/accounts/credentials', { method: 'POST', body: { ...target, language } }),
  claimLetters: (target: AccountTarget, onlyUnclaimed: boolean, language: Locale) =>
    apiFile('/accounts/claim-letters', { method: 'POST', body: { ...target, onlyUnclaimed, language } }),
  reset: (userId: string) => api<ResetResult>('/accounts/reset', { method: 'POST', body: { userId } }),
  totpReset: (userId: string) => api<{ reset: true }>('/accounts/totp-reset', { method: 'POST', body: { userId } }),
};
