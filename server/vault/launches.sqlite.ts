import type { SqliteStorage } from '../storage/storage';
import {
  HEALTH_WINDOW_MS,
  newLaunch,
  toHealth,
  type HealthCounts,
  type Launch,
  type LaunchStore,
  type PersonHold,
} from './launches';

type HealthRow = Omit<HealthCounts, 'lastFailure' | 'failureReasons'> & {
  lastFailure: string | null;
  failureReasons: string | null;
};

/** Raw prepared statements: a launch and its release are the vault's busiest path. */
export function sqliteLaunchStore(storage: SqliteStorage, now: () => number): LaunchStore {
  const sqlite = storage.db.$client;
  const { run } = storage;
  const insert = sqlite.prepare(
    'INSERT INTO launches (id, user_id, app_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
  );
  const read = sqlite.prepare(`SELECT id, user_id AS userId, app_id AS appId, created_at AS createdAt,
    expires_at AS expiresAt, released_at AS releasedAt, entry_id AS entryId, entry_version AS entryVersion,
    outcome, outcome_reason AS outcomeReason FROM launches WHERE id = ?`);
  const release = sqlite.prepare(
    'UPDATE launches SET released_at = @at, entry_id = @entryId, entry_version = @entryVersion WHERE id = @id AND released_at IS NULL AND expires_at > @at',
  );
  const outcome = sqlite.prepare('UPDATE launches SET outcome = ?, outcome_reason = ?, outcome_at = ? WHERE id = ?');
  const previous = sqlite.prepare(`SELECT outcome_reason AS reason FROM launches
    WHERE entry_id = ? AND user_id = ? AND entry_version = ? AND id <> ? AND outcome IN ('succeeded', 'failed')
    ORDER BY outcome_at DESC LIMIT 1`);
  const holdFor = sqlite.prepare(
    'SELECT reason, held_at AS heldAt FROM credential_holds WHERE entry_id = ? AND user_id = ? AND entry_version = ?',
  );
  const placeHold = sqlite.prepare(`INSERT INTO credential_holds (entry_id, user_id, entry_version, reason, held_at)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT (entry_id, user_id) DO UPDATE SET entry_version = excluded.entry_version,
    reason = excluded.reason, held_at = excluded.held_at`);
  const clearHold = sqlite.prepare('DELETE FROM credential_holds WHERE entry_id = ? AND user_id = ?');
  const health = sqlite.prepare(`SELECT l.app_id AS appId, count(*) AS launches,
      coalesce(sum(l.outcome = 'succeeded'), 0) AS succeeded, coalesce(sum(l.outcome = 'failed'), 0) AS failed,
      (SELECT json_object('at', f.outcome_at, 'reason', f.outcome_reason) FROM launches f
        WHERE f.app_id = l.app_id AND f.outcome = 'failed' ORDER BY f.outcome_at DESC LIMIT 1) AS lastFailure,
      (SELECT json_group_object(r.reason, r.n) FROM (SELECT outcome_reason AS reason, count(*) AS n FROM launches
        WHERE app_id = l.app_id AND outcome = 'failed' AND outcome_reason IS NOT NULL AND created_at >= @cutoff
        GROUP BY outcome_reason) r) AS failureReasons,
      (SELECT count(*) FROM credential_holds h JOIN vault_entries e ON e.id = h.entry_id
        WHERE e.app_id = l.app_id AND h.entry_version = e.version) AS heldCredentials
    FROM launches l WHERE l.created_at >= @cutoff GROUP BY l.app_id ORDER BY l.app_id`);
  const unreleasedOf = sqlite.prepare('DELETE FROM launches WHERE user_id = ? AND released_at IS NULL');
  const olderThan = sqlite.prepare('DELETE FROM launches WHERE created_at < ?');
  const holdsOf = sqlite.prepare(`SELECT h.user_id AS userId, e.app_id AS appId, h.entry_id AS entryId, h.reason,
      h.held_at AS heldAt
    FROM credential_holds h JOIN vault_entries e ON e.id = h.entry_id AND e.version = h.entry_version
    WHERE h.user_id IN (SELECT value FROM json_each(?)) ORDER BY h.held_at`);

  return {
    async create(userId, appId, tx) {
      const launch = newLaunch(userId, appId, now());
      await run(tx, () => insert.run(launch.id, userId, appId, launch.createdAt, launch.expiresAt));
      return launch;
    },
    find: async (id, tx) => run(tx, () => read.get(id) as Launch | undefined),
    markReleased: async (id, entryId, entryVersion, tx) =>
      run(tx, () => release.run({ at: now(), entryId, entryVersion, id }).changes === 1),
    async recordOutcome(id, reported, reason, tx) {
      await run(tx, () => outcome.run(reported, reason, now(), id));
    },
    previousReason: async (launchId, entryId, userId, entryVersion, tx) =>
      run(
        tx,
        () => (previous.get(entryId, userId, entryVersion, launchId) as { reason: string | null } | undefined)?.reason,
      ),
    holdOn: async (entryId, userId, entryVersion, tx) =>
      run(tx, () => holdFor.get(entryId, userId, entryVersion) as { reason: string; heldAt: number } | undefined),
    async placeHold(entryId, userId, entryVersion, reason, tx) {
      await run(tx, () => placeHold.run(entryId, userId, entryVersion, reason, now()));
    },
    liftHold: async (entryId, userId, tx) => run(tx, () => clearHold.run(entryId, userId).changes > 0),
    async health() {
      const rows = (await run(undefined, () => health.all({ cutoff: now() - HEALTH_WINDOW_MS }))) as HealthRow[];
      const parsed = (json: string | null) => (json ? JSON.parse(json) : null);
      return rows.map((row) =>
        toHealth({ ...row, lastFailure: parsed(row.lastFailure), failureReasons: parsed(row.failureReasons) }),
      );
    },
    cancelUnreleasedFor: async (userId, tx) => run(tx, () => unreleasedOf.run(userId).changes),
    pruneOlderThan: async (cutoff, tx) => run(tx, () => olderThan.run(cutoff).changes),
    currentHoldsFor: async (userIds) => run(undefined, () => holdsOf.all(JSON.stringify(userIds)) as PersonHold[]),
  };
}
