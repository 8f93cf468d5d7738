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
  /** Spent proof ids, pairing codes and extension sessions past their end. */
  extensionRowsDeleted: number;
  launchesDeleted: number;
}

/** Launches feed the per-app health figures (30 days); older ones only take space. */
const LAUNCH_MEMORY_MS = 90 * DAY_MS;

/**
 * Deletes what the retention policy says to: old audit rows, ended sessions, stale failure counters, spent
 * extension proofs and pairing codes, and old launches.
 */
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
    extensionRowsDeleted: ['used_proofs', 'extension_pairings', 'extension_sessions']
      .map((table) => sqlite.prepare(`DELETE FROM ${table} WHERE expires_at < ?`).run(now).changes)
      .reduce((a, b) => a + b, 0),
    launchesDeleted: sqlite.prepare('DELETE FROM launches WHERE created_at < ?').run(now - LAUNCH_MEMORY_MS).changes,
  }))();
}
