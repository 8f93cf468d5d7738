import { eq, inArray, isNotNull, lte, or, sql } from 'drizzle-orm';
import type { PostgresStorage } from '../storage/storage';
import type { SessionRecords } from './sessions';
import { sessions } from './schema.pg';

/** Prepared queries for what every signed-in request does: find the session, now and then touch it. */
export function postgresSessionRecords(storage: PostgresStorage): SessionRecords {
  const { db } = storage;
  const find = db
    .select()
    .from(sessions)
    .where(eq(sessions.idHash, sql.placeholder('idHash')))
    .prepare('sessions_find');
  const touch = db
    .update(sessions)
    .set({ lastSeenAt: sql`${sql.placeholder('at')}` })
    .where(eq(sessions.idHash, sql.placeholder('idHash')))
    .prepare('sessions_touch');

  return {
    insert: async (session, tx) => void (await storage.executor(tx).insert(sessions).values(session)),
    find: async (idHash) => (await find.execute({ idHash }))[0],
    touch: async (idHash, at) => void (await touch.execute({ idHash, at })),
    remove: async (idHash) => void (await db.delete(sessions).where(eq(sessions.idHash, idHash))),
    async removeAllFor(userId, tx) {
      const removed = await storage.executor(tx).delete(sessions).where(eq(sessions.userId, userId)).returning({
        idHash: sessions.idHash,
      });
      return removed.length;
    },
    async removeForBadges(badgeIds, tx) {
      const which = badgeIds === 'all' ? isNotNull(sessions.badgeId) : inArray(sessions.badgeId, [...badgeIds]);
      const removed = await storage.executor(tx).delete(sessions).where(which).returning({ idHash: sessions.idHash });
      return removed.length;
    },
    async removeEnded(at, idleSince) {
      const removed = await db
        .delete(sessions)
        .where(or(lte(sessions.expiresAt, at), lte(sessions.lastSeenAt, idleSince)))
        .returning({ idHash: sessions.idHash });
      return removed.length;
    },
  };
}
