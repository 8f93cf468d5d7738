import type { SqliteStorage } from '../storage/storage';
import type { Session, SessionRecords } from './sessions';

/** Raw prepared statements: `find` runs on every signed-in request. */
export function sqliteSessionRecords(storage: SqliteStorage): SessionRecords {
  const sqlite = storage.db.$client;
  const insert =
    sqlite.prepare(`INSERT INTO sessions (id_hash, user_id, method, badge_id, pending, created_at, last_seen_at,
    expires_at) VALUES (@idHash, @userId, @method, @badgeId, @pending, @createdAt, @lastSeenAt, @expiresAt)`);
  const read =
    sqlite.prepare(`SELECT id_hash AS idHash, user_id AS userId, method, badge_id AS badgeId, pending, created_at AS createdAt,
    last_seen_at AS lastSeenAt, expires_at AS expiresAt FROM sessions WHERE id_hash = ?`);
  const touch = sqlite.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?');
  const remove = sqlite.prepare('DELETE FROM sessions WHERE id_hash = ?');
  const removeForUser = sqlite.prepare('DELETE FROM sessions WHERE user_id = ?');
  const removeAllBadgeSessions = sqlite.prepare('DELETE FROM sessions WHERE badge_id IS NOT NULL');
  const removeForBadges = sqlite.prepare('DELETE FROM sessions WHERE badge_id IN (SELECT value FROM json_each(?))');
  const removeEnded = sqlite.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?');
  const { run } = storage;

  return {
    insert: async (session, tx) => void (await run(tx, () => insert.run(session))),
    find: async (idHash) => run(undefined, () => read.get(idHash) as Session | undefined),
    touch: async (idHash, at) => void (await run(undefined, () => touch.run(at, idHash))),
    remove: async (idHash) => void (await run(undefined, () => remove.run(idHash))),
    removeAllFor: async (userId, tx) => run(tx, () => removeForUser.run(userId).changes),
    removeForBadges: async (badgeIds, tx) =>
      run(tx, () =>
        badgeIds === 'all'
          ? removeAllBadgeSessions.run().changes
          : removeForBadges.run(JSON.stringify(badgeIds)).changes,
      ),
    removeEnded: async (at, idleSince) => run(undefined, () => removeEnded.run(at, idleSince).changes),
  };
}
