import type { Db } from '../db/connection';

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
  | 'extension.bookmarks_repaired';

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
  record(entry: AuditEntry): void;
  list(options: { limit: number; beforeId?: number }): AuditRow[];
}

/** The audit trail: append-only rows written with a prepared statement (sign-in writes one each time). */
export function createAuditLog(db: Db, now: () => number): AuditLog {
  // A raw prepared statement: every release writes one of these inside its transaction, and drizzle's
  // per-call query building cost more than the insert itself.
  const insert = db.$client.prepare(`INSERT INTO audit_events (at, action, outcome, actor_user_id, subject_user_id,
    app_id, ip, detail) VALUES (@at, @action, @outcome, @actorUserId, @subjectUserId, @appId, @ip, @detail)`);
  const page = db.$client.prepare(`
    SELECT e.id, e.at, e.action, e.outcome, e.actor_user_id AS actorUserId, a.username AS actorUsername,
           e.subject_user_id AS subjectUserId, s.username AS subjectUsername, e.app_id AS appId,
           p.name AS appName, e.ip, e.detail
    FROM audit_events e
    LEFT JOIN users a ON a.id = e.actor_user_id
    LEFT JOIN users s ON s.id = e.subject_user_id
    LEFT JOIN apps p ON p.id = e.app_id
    WHERE e.id < ? ORDER BY e.id DESC LIMIT ?`);

  return {
    record(entry) {
      insert.run({
        at: now(),
        action: entry.action,
        outcome: entry.outcome,
        actorUserId: entry.actorUserId ?? null,
        subjectUserId: entry.subjectUserId ?? null,
        appId: entry.appId ?? null,
        ip: entry.ip ?? null,
        detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      });
    },
    list({ limit, beforeId }) {
      const rows = page.all(beforeId ?? Number.MAX_SAFE_INTEGER, limit) as (Omit<AuditRow, 'detail'> & {
        detail: string | null;
      })[];
      return rows.map((row) => ({ ...row, detail: row.detail ? JSON.parse(row.detail) : null }));
    },
  };
}
