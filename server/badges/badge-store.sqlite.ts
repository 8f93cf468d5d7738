import type { SqliteStorage } from '../storage/storage';
import type { BadgeRecord, BadgeStore, BadgeVoid } from './badge-store';

const COLUMNS = `id, user_id AS userId, secret_hash AS secretHash, picture, secret_pictures AS secretPictures, issued_at AS issuedAt, issued_by AS issuedBy,
  expires_at AS expiresAt, last_used_at AS lastUsedAt`;

/** Raw prepared statements: `findLive` runs on every badge sign-in. */
export function sqliteBadgeStore(storage: SqliteStorage): BadgeStore {
  const sqlite = storage.db.$client;
  const { run } = storage;
  const voidLiveOf = sqlite.prepare(`UPDATE badges SET voided_at = @at, voided_by = @actorId, void_reason = @reason
    WHERE user_id = @userId AND voided_at IS NULL RETURNING id`);
  const insert =
    sqlite.prepare(`INSERT INTO badges (id, user_id, secret_hash, picture, secret_pictures, issued_at, issued_by, expires_at)
    VALUES (@id, @userId, @secretHash, @picture, @secretPictures, @issuedAt, @issuedBy, @expiresAt)`);
  const live = sqlite.prepare(`SELECT ${COLUMNS} FROM badges WHERE id = ? AND voided_at IS NULL`);
  const liveOf = sqlite.prepare(
    `SELECT ${COLUMNS} FROM badges WHERE user_id IN (SELECT value FROM json_each(?)) AND voided_at IS NULL`,
  );
  const used = sqlite.prepare('UPDATE badges SET last_used_at = ? WHERE id = ?');
  const isLive = sqlite.prepare('SELECT 1 FROM badges WHERE id = ? AND voided_at IS NULL').pluck();
  const voidEvery = sqlite.prepare(
    "UPDATE badges SET voided_at = ?, voided_by = ?, void_reason = 'year_end' WHERE voided_at IS NULL",
  );

  // SQLite takes the bare columns from the row holding the max.
  const lastVoidOf = sqlite.prepare(`SELECT user_id AS userId, max(voided_at) AS voidedAt, void_reason AS reason
    FROM badges WHERE user_id IN (SELECT value FROM json_each(?)) AND voided_at IS NOT NULL GROUP BY user_id`);

  const voidOne = (userId: string, reason: string, actorId: string | null, at: number) =>
    (voidLiveOf.all({ userId, reason, actorId, at }) as { id: string }[]).map((row) => row.id);

  return {
    issue: async (badge, tx) =>
      run(tx, () => {
        const [replaced] = voidOne(badge.userId, 'regenerated', badge.issuedBy, badge.issuedAt);
        insert.run(badge);
        return replaced;
      }),
    findLive: async (badgeId) => run(undefined, () => live.get(badgeId) as BadgeRecord | undefined),
    async liveFor(userIds) {
      const rows = (await run(undefined, () => liveOf.all(JSON.stringify(userIds)))) as BadgeRecord[];
      return new Map(rows.map((row) => [row.userId, row]));
    },
    holdLive: async (badgeId, tx) => run(tx, () => isLive.get(badgeId) !== undefined),
    markUsed: async (badgeId, at, tx) => void (await run(tx, () => used.run(at, badgeId))),
    voidFor: async (userIds, reason, actorId, at, tx) =>
      run(tx, () => userIds.flatMap((userId) => voidOne(userId, reason, actorId, at))),
    voidAll: async (actorId, at, tx) => run(tx, () => voidEvery.run(at, actorId).changes),
    async lastVoidedFor(userIds) {
      const rows = (await run(undefined, () => lastVoidOf.all(JSON.stringify(userIds)))) as (BadgeVoid & {
        userId: string;
      })[];
      return new Map(rows.map(({ userId, voidedAt, reason }) => [userId, { voidedAt, reason }]));
    },
  };
}
