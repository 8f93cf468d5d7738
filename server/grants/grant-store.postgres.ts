import { and, desc, eq, gt, inArray, isNull, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { PostgresStorage } from '../storage/storage';
import type { GrantFilter, GrantRecord, GrantStore } from './grant-store';
import { grants } from './schema.pg';

const inForceAt = (at: number | SQL | SQL.Aliased | Placeholder) =>
  and(isNull(grants.revokedAt), or(isNull(grants.expiresAt), gt(grants.expiresAt, at)));

export function postgresGrantStore(storage: PostgresStorage): GrantStore {
  const { db } = storage;
  const inForce = db
    .select()
    .from(grants)
    .where(and(eq(grants.userId, sql.placeholder('userId')), inForceAt(sql.placeholder('at'))))
    .prepare('grants_in_force_for');

  return {
    give: async (grant, tx) => void (await storage.executor(tx).insert(grants).values(grant)),
    async revoke(id, revokedBy, at, tx) {
      const [row] = await storage
        .executor(tx)
        .update(grants)
        .set({ revokedAt: at, revokedBy })
        .where(and(eq(grants.id, id), isNull(grants.revokedAt)))
        .returning();
      return row as GrantRecord | undefined;
    },
    find: async (id) => (await db.select().from(grants).where(eq(grants.id, id)))[0] as GrantRecord | undefined,
    inForceFor: async (userId, at, tx) =>
      (tx
        ? await storage
            .executor(tx)
            .select()
            .from(grants)
            .where(and(eq(grants.userId, userId), inForceAt(at)))
        : await inForce.execute({ userId, at })) as GrantRecord[],
    async holdPerson(userId, tx) {
      // Released when the transaction ends; the key names this store, so no other feature's lock collides.
      await storage.executor(tx).execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`grants:${userId}`}))`);
    },
    list: async (filter, at) =>
      (await db
        .select()
        .from(grants)
        .where(matching(filter, at))
        .orderBy(desc(grants.grantedAt), desc(grants.id))) as GrantRecord[],
  };
}

function matching(filter: GrantFilter, at: number) {
  return and(
    filter.campusIds ? inArray(grants.campusId, [...filter.campusIds]) : undefined,
    filter.userId ? eq(grants.userId, filter.userId) : undefined,
    filter.includeEnded ? undefined : inForceAt(at),
  );
}
