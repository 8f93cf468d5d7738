import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type { PostgresStorage } from '../storage/storage';
import { users } from '../directory/schema.pg';
import type { BadgeRecord, BadgeStore, BadgeVoid } from './badge-store';
import { badges } from './schema.pg';

const columns = {
  id: badges.id,
  userId: badges.userId,
  secretHash: badges.secretHash,
  picture: badges.picture,
  secretPictures: badges.secretPictures,
  issuedAt: badges.issuedAt,
  issuedBy: badges.issuedBy,
  expiresAt: badges.expiresAt,
  lastUsedAt: badges.lastUsedAt,
};

export function postgresBadgeStore(storage: PostgresStorage): BadgeStore {
  const { db } = storage;
  const findLive = db
    .select(columns)
    .from(badges)
    .where(and(eq(badges.id, sql.placeholder('badgeId')), isNull(badges.voidedAt)))
    .prepare('badges_find_live');

  return {
    async issue(badge, tx) {
      const executor = storage.executor(tx);
      // Two prints for one child at once: the second waits here for the first to commit, then replaces its badge.
      // Without the lock it would not see the first's new row, void nothing, and break the one-live-badge index.
      await executor.select({ id: users.id }).from(users).where(eq(users.id, badge.userId)).for('no key update');
      const replaced = await executor
        .update(badges)
        .set({ voidedAt: badge.issuedAt, voidedBy: badge.issuedBy, voidReason: 'regenerated' })
        .where(and(eq(badges.userId, badge.userId), isNull(badges.voidedAt)))
        .returning({ id: badges.id });
      await executor.insert(badges).values(badge);
      return replaced[0]?.id;
    },
    findLive: async (badgeId) => (await findLive.execute({ badgeId }))[0] as BadgeRecord | undefined,
    async liveFor(userIds) {
      if (!userIds.length) return new Map();
      const rows = await db
        .select(columns)
        .from(badges)
        .where(and(inArray(badges.userId, [...userIds]), isNull(badges.voidedAt)));
      return new Map(rows.map((row) => [row.userId, row as BadgeRecord]));
    },
    async holdLive(badgeId, tx) {
      const live = await storage
        .executor(tx)
        .select({ id: badges.id })
        .from(badges)
        .where(and(eq(badges.id, badgeId), isNull(badges.voidedAt)))
        .for('no key update');
      return live.length > 0;
    },
    markUsed: async (badgeId, at, tx) =>
      void (await storage.executor(tx).update(badges).set({ lastUsedAt: at }).where(eq(badges.id, badgeId))),
    async voidFor(userIds, reason, actorId, at, tx) {
      if (!userIds.length) return [];
      const voided = await storage
        .executor(tx)
        .update(badges)
        .set({ voidedAt: at, voidedBy: actorId, voidReason: reason })
        .where(and(inArray(badges.userId, [...userIds]), isNull(badges.voidedAt)))
        .returning({ id: badges.id });
      return voided.map((row) => row.id);
    },
    async voidAll(actorId, at, tx) {
      const voided = await storage
        .executor(tx)
        .update(badges)
        .set({ voidedAt: at, voidedBy: actorId, voidReason: 'year_end' })
        .where(isNull(badges.voidedAt))
        .returning({ id: badges.id });
      return voided.length;
    },
    async lastVoidedFor(userIds) {
      if (!userIds.length) return new Map();
      const rows = await db
        .selectDistinctOn([badges.userId], {
          userId: badges.userId,
          voidedAt: badges.voidedAt,
          reason: badges.voidReason,
        })
        .from(badges)
        .where(and(inArray(badges.userId, [...userIds]), isNotNull(badges.voidedAt)))
        .orderBy(badges.userId, desc(badges.voidedAt));
      return new Map(rows.map(({ userId, voidedAt, reason }) => [userId, { voidedAt, reason } as BadgeVoid]));
    },
  };
}
