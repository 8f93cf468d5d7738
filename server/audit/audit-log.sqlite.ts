import type { SqliteStorage } from '../storage/storage';
import { auditRowFor, type AuditEvent, type AuditLog, type AuditRow } from './audit-log';

export function sqliteAuditLog(storage: SqliteStorage, now: () => number): AuditLog {
  const sqlite = storage.db.$client;
  // A raw prepared statement: every release writes one of these inside its transaction, and drizzle's
  // per-call query building cost more than the insert itself.
  const insert = sqlite.prepare(`INSERT INTO audit_events (at, action, outcome, actor_user_id, subject_user_id,
    app_id, ip, detail) VALUES (@at, @action, @outcome, @actorUserId, @subjectUserId, @appId, @ip, @detail)`);
  const page = sqlite.prepare(`
    SELECT e.id, e.at, e.action, e.outcome, e.actor_user_id AS actorUserId, a.username AS actorUsername,
           e.subject_user_id AS subjectUserId, s.username AS subjectUsername, e.app_id AS appId,
           p.name AS appName, e.ip, e.detail
    FROM audit_events e
    LEFT JOIN users a ON a.id = e.actor_user_id
    LEFT JOIN users s ON s.id = e.subject_user_id
    LEFT JOIN apps p ON p.id = e.app_id
    WHERE e.id < ? ORDER BY e.id DESC LIMIT ?`);
  const deleteBefore = sqlite.prepare('DELETE FROM audit_events WHERE at < ?');
  const about = sqlite.prepare(`SELECT id, at, action, outcome, detail FROM audit_events
    WHERE subject_user_id = ? AND action = ? ORDER BY id DESC LIMIT ?`);

  return {
    async record(entry, tx) {
      const row = auditRowFor(entry, now());
      const detail = row.detail === null ? null : JSON.stringify(row.detail);
      await storage.run(tx, () => insert.run({ ...row, detail }));
    },
    async list({ limit, beforeId }) {
      const rows = (await storage.run(undefined, () => page.all(beforeId ?? Number.MAX_SAFE_INTEGER, limit))) as (Omit<
        AuditRow,
        'detail'
      > & { detail: string | null })[];
      return rows.map((row) => ({ ...row, detail: row.detail ? JSON.parse(row.detail) : null }));
    },
    deleteOlderThan: async (cutoff) => storage.run(undefined, () => deleteBefore.run(cutoff).changes),
    async recentAbout(subjectUserId, action, limit) {
      const rows = (await storage.run(undefined, () => about.all(subjectUserId, action, limit))) as (Omit<
        AuditEvent,
        'detail'
      > & { detail: string | null })[];
      return rows.map((row) => ({ ...row, detail: row.detail ? JSON.parse(row.detail) : null }));
    },
  };
}
