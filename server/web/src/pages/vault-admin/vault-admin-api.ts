import type { FailureBlame } from '../../../../../shared/vault/fill-outcome';
import { api, apiFile } from '../../api';

export type EntryScope = 'user' | 'group' | 'template';

/** A stored sign-in as IT's list shows it: who and what, never the secret. */
export interface StoredEntry {
  id: string;
  appId: string;
  scope: EntryScope;
  setBy: 'it' | 'self';
  person: { id: string; username: string; displayName: string } | null;
  orgId: string | null;
  derivesPassword: boolean;
  version: number;
  updatedAt: number;
}

export interface EntryInput {
  appId: string;
  scope: EntryScope;
  userId?: string;
  orgId?: string;
  username: string;
  password?: string;
  extra?: string;
}

export interface RevealedValues {
  username: string;
  password: string | null;
  extra: string | null;
}

/** How launches of one app went in the last weeks. */
export interface AppHealth {
  appId: string;
  launches: number;
  /** Null (not 0) while no launch of the app has reported an outcome. */
  succeeded: number | null;
  failed: number | null;
  successRate: number | null;
  lastFailure: { at: number; reason: string; blame: FailureBlame } | null;
  /** Failures by whom they point at: only 'credential' ones hold a password. */
  failedBy: Record<FailureBlame, number>;
  heldCredentials: number;
}

/** The server asks every reveal and every export of secrets to say why, in at least this many characters. */
export const REASON_MIN_LENGTH = 10;

export const VAULT_CSV_COLUMNS = 'app,scope,owner,username,password,extra';

const entryPath = (id: string) => `/admin/vault/entries/${encodeURIComponent(id)}`;

export const vaultAdminApi = {
  entriesPath: (appId: string) => `/admin/vault/entries?app=${encodeURIComponent(appId)}`,
  save: (input: EntryInput) => api<{ entry: StoredEntry }>('/admin/vault/entries', { method: 'PUT', body: input }),
  remove: (id: string) => api<void>(entryPath(id), { method: 'DELETE', body: {} }),
  reveal: (id: string, reason: string) =>
    api<{ entry: StoredEntry; values: RevealedValues }>(`${entryPath(id)}/reveal`, {
      method: 'POST',
      body: { reason },
    }),
  importCsv: (csv: string) =>
    api<{ ok: true; saved: number }>('/admin/vault/import', { method: 'POST', body: { csv } }),
  exportCsv: (includeSecrets: boolean, reason: string) =>
    apiFile('/admin/vault/export', {
      method: 'POST',
      body: includeSecrets ? { includeSecrets, reason } : { includeSecrets },
    }),
};
