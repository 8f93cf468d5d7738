import type { AuditLog } from '../audit/audit-log';
import type { SessionStore } from '../auth/sessions';
import { forgetStaleSignInFailures } from '../auth/sign-in-throttle';
import type { ExtensionSessionStore } from '../extension/extension-sessions';
import type { Storage } from '../storage/storage';
import type { LaunchStore } from '../vault/launches';
import type { OidcPayloadStore } from '../federation/oidc/payload-store';

export interface RetentionPolicy {
  /** Audit rows older than this are deleted (FERPA: keep what is needed, no longer). */
  auditRetentionDays: number;
}

const DAY_MS = 24 * 3_600_000;
/** Launches feed the per-app health figures (30 days); older ones only take space. */
const LAUNCH_MEMORY_MS = 90 * DAY_MS;

export interface HousekeepingResult {
  auditRowsDeleted: number;
  sessionsDeleted: number;
  failureCountersDeleted: number;
  /** Spent proof ids, pairing codes and extension sessions past their end. */
  extensionRowsDeleted: number;
  launchesDeleted: number;
  /** The OIDC provider's expired codes, tokens, interactions and sessions. */
  oidcPayloadsDeleted: number;
}

/** The stores whose old rows housekeeping deletes, each through its own method. */
export interface HousekeepingStores {
  storage: Storage;
  audit: Pick<AuditLog, 'deleteOlderThan'>;
  sessions: Pick<SessionStore, 'pruneExpired'>;
  extensionSessions: Pick<ExtensionSessionStore, 'pruneExpired'>;
  launches: Pick<LaunchStore, 'pruneOlderThan'>;
  oidcPayloads: Pick<OidcPayloadStore, 'sweepExpired'>;
}

/**
 * Deletes what the retention policy says to: old audit rows, ended sessions, stale failure counters, spent
 * extension proofs and pairing codes, old launches and the OIDC provider's expired rows. Each delete stands alone: there is nothing to keep
 * consistent between them, and on PostgreSQL one process's run does not hold up another's requests.
 */
export async function runHousekeeping(
  stores: HousekeepingStores,
  now: number,
  policy: RetentionPolicy,
): Promise<HousekeepingResult> {
  return {
    auditRowsDeleted: await stores.audit.deleteOlderThan(now - policy.auditRetentionDays * DAY_MS),
    sessionsDeleted: await stores.sessions.pruneExpired(now),
    failureCountersDeleted: await forgetStaleSignInFailures(stores.storage, now),
    extensionRowsDeleted: await stores.extensionSessions.pruneExpired(now),
    launchesDeleted: await stores.launches.pruneOlderThan(now - LAUNCH_MEMORY_MS),
    oidcPayloadsDeleted: await stores.oidcPayloads.sweepExpired(),
  };
}
