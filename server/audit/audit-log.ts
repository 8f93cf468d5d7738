import { byEngine, type Storage, type Tx } from '../storage/storage';
import { postgresAuditLog } from './audit-log.postgres';
import { sqliteAuditLog } from './audit-log.sqlite';

export type AuditAction =
  | 'sign_in'
  | 'sign_out'
  | 'access.denied'
  | 'request.csrf_rejected'
  | 'admin.explain_access'
  | 'admin.user_search'
  | 'admin.audit_viewed'
  | 'connector.saved'
  | 'connector.imported'
  | 'vault.entry_saved'
  | 'vault.entry_deleted'
  | 'vault.import'
  | 'vault.export'
  | 'vault.reveal'
  | 'vault.launch'
  | 'vault.sign_in_help'
  | 'vault.release'
  | 'vault.outcome_report'
  | 'vault.fill_failed'
  | 'vault.hold_lifted'
  | 'extension.paired'
  | 'extension.pairing_refused'
  | 'extension.policy_viewed'
  | 'extension.sessions_ended'
  | 'extension.bookmarks_repaired'
  | 'roster.applied'
  | 'roster.unchanged'
  | 'roster.previewed'
  | 'roster.held'
  | 'roster.refused'
  | 'roster.approved'
  | 'roster.superseded'
  | 'badge.printed'
  | 'badge.voided'
  | 'badge.voided_all'
  | 'account.claim_code_issued'
  | 'account.claimed'
  | 'account.claim_failed'
  | 'account.credentials_printed'
  | 'account.password_reset'
  | 'account.password_changed'
  | 'account.recovered'
  | 'account.recovery_failed'
  | 'account.totp_enrolled'
  | 'account.totp_reset'
  | 'grant.given'
  | 'grant.revoked'
  | 'grant.used'
  | 'app.created'
  | 'app.edited'
  | 'app.retired'
  | 'app.restored'
  | 'catalog.imported'
  | 'catalog.exported'
  | 'person.viewed'
  | 'person.troubleshot'
  | 'sign_in.throttle_released'
  | 'connector.draft_captured'
  | 'connector.draft_discarded'
  | 'connector.test_run'
  | 'connector.test_released'
  | 'connector.test_outcome'
  | 'sso.registered'
  | 'sso.registration_edited'
  | 'sso.registration_removed'
  | 'sso.client_secret_rotated'
  | 'sso.registration_refused'
  | 'sso.assertion_previewed'
  | 'sso.assertion'
  | 'sso.refused'
  | 'sso.signed_out'
  | 'sso.keys_rotated';

export interface AuditEntry {
  action: AuditAction;
  outcome: 'success' | 'failure';
  actorUserId?: string | null;
  subjectUserId?: string | null;
  appId?: string | null;
  ip?: string | null;
  /** Never a secret: no password, token or typed username that matched no one. */
  detail?: Record<string, unknown>;
}

export interface AuditRow {
  id: number;
  at: number;
  action: string;
  outcome: string;
  actorUserId: string | null;
  actorUsername: string | null;
  subjectUserId: string | null;
  subjectUsername: string | null;
  appId: string | null;
  appName: string | null;
  ip: string | null;
  detail: Record<string, unknown> | null;
}

export interface AuditLog {
  /** Appends one event; with `tx`, in the caller's unit of work (if that fails, the event is not kept either). */
  record(entry: AuditEntry, tx?: Tx): Promise<void>;
  list(options: { limit: number; beforeId?: number }): Promise<AuditRow[]>;
  /** Retention: deletes events older than `cutoff` (ms); returns how many. */
  deleteOlderThan(cutoff: number): Promise<number>;
  /** The latest `limit` events of this action about one person, newest first (a helper's "recent sign-ins"). */
  recentAbout(subjectUserId: string, action: AuditAction, limit: number): Promise<AuditEvent[]>;
}

/** One event as a person's page reads it. */
export type AuditEvent = Pick<AuditRow, 'id' | 'at' | 'action' | 'outcome' | 'detail'>;

/** The row an entry is stored as (each adapter encodes `detail` its own way). */
export const auditRowFor = (entry: AuditEntry, at: number) => ({
  at,
  action: entry.action,
  outcome: entry.outcome,
  actorUserId: entry.actorUserId ?? null,
  subjectUserId: entry.subjectUserId ?? null,
  appId: entry.appId ?? null,
  ip: entry.ip ?? null,
  detail: entry.detail ?? null,
});

/** The audit trail: append-only rows, on the configured engine. */
export function createAuditLog(storage: Storage, now: () => number): AuditLog {
  return byEngine(storage, {
    sqlite: (sqlite) => sqliteAuditLog(sqlite, now),
    postgres: (postgres) => postgresAuditLog(postgres, now),
  });
}
