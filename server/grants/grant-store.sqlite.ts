import { and, desc, eq, gt, inArray, isNull, or, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { SqliteStorage } from '../storage/storage';
import type { GrantFilter, GrantRecord, GrantStore } from './grant-store';
import { grants } from './schema';

const inForceAt = (at: number | SQL | SQL.Aliased | Placeholder) =>
  and(isNull(grants.revokedAt), or(isNull(grants.expiresAt), gt(grants.expiresAt, at)));

export function sqliteGrantStore(storage: SqliteStorage): GrantStore {
  const { db, run } = storage;
  const inForce = db
    .select()
    .from(grants)
    .where(and(eq(grants.userId, sql.placeholder('userId')), inForceAt(sql.placeholder('at'))))
    .prepare();

  return {
    give: async (grant, tx) => run(tx, () => void db.insert(grants).values(grant).run()),
    revoke: async (id, revokedBy, at, tx) =>
      run(tx, () =>
        db
          .update(grants)
          .set({ revokedAt: at, revokedBy })
          .where(and(eq(grants.id, id), isNull(grants.revokedAt)))
          .returning()
          .get(),
      ) as Promise<GrantRecord | undefined>,
    find: async (id) => run(undefined, () => db.select().from(grants).where(eq(grants.id, id)).get()),
    inForceFor: async (userId, at, tx) => run(tx, () => inForce.all({ userId, at })),
    // One connection per process, and a unit of work holds it whole: nothing can come between its statements.
    holdPerson: async () => undefined,
    list: async (filter, at) =>
      run(undefined, () =>
        db.select().from(grants).where(matching(filter, at)).orderBy(desc(grants.grantedAt), desc(grants.id)).all(),
      ),
  };
}

function matching(filter: GrantFilter, at: number) {
  return and(
    filter.campusIds ? inArray(grants.campusId, [...filter.campusIds]) : undefined,
    filter.userId ? eq(grants.userId, filter.userId) : undefined,
    filter.includeEnded ? undefined : inForceAt(at),
  );
}
