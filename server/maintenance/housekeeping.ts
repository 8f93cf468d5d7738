import type { Db } from '../db/connection';

export interface RetentionPolicy {
  /** Audit rows older than this are deleted (FERPA: keep what is needed, no longer). */
  auditRetentionDays: number;
}

/** A quiet day forgets an account's failed sign-ins; the longest delay is an hour, so nothing is lost. */
const FAILURE_MEMORY_MS = 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

export interface HousekeepingResult {
  auditRowsDeleted: number;
  sessionsDeleted: number;
  failureCountersDeleted: number;
}

/** Deletes what the retention policy says to: old audit rows, ended sessions, stale failure counters. */
export function runHousekeeping(db: Db, now: number, policy: RetentionPolicy): HousekeepingResult {
  const sqlite = db.$client;
  return sqlite.transaction(() => ({
    auditRowsDeleted: sqlite
      .prepare('DELETE FROM audit_events WHERE at < ?')
      .run(now - policy.auditRetentionDays * DAY_MS).changes,
    sessionsDeleted: sqlite.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes,
    failureCountersDeleted: sqlite
      .prepare('DELETE FROM sign_in_failures WHERE last_failure_at < ?')
      .run(now - FAILURE_MEMORY_MS).changes,
  }))();
}
