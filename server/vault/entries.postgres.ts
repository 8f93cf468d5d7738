import { and, asc, eq, gt, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { userOrgs } from '../directory/schema.pg';
import type { PostgresStorage } from '../storage/storage';
import type { EntryRecords, VaultEntryRow } from './entries';
import { vaultEntries } from './schema.pg';

const nullable = (column: AnyPgColumn, value: string | null) => (value === null ? isNull(column) : eq(column, value));

const notSealedUnder = (prefix: string): SQL =>
  or(
    ...[vaultEntries.username, vaultEntries.password, vaultEntries.extra, vaultEntries.derivationSecret].map(
      (column) => sql`NOT starts_with(${column}, ${prefix})`,
    ),
  )!;

export function postgresEntryRecords(storage: PostgresStorage): EntryRecords {
  const { db } = storage;
  const userId = sql.placeholder('userId');
  // Runs on every tile load and release.
  const candidates = db
    .select()
    .from(vaultEntries)
    .where(
      and(
        eq(vaultEntries.appId, sql.placeholder('appId')),
        or(
          and(eq(vaultEntries.scope, 'user'), eq(vaultEntries.userId, userId)),
          eq(vaultEntries.scope, 'template'),
          and(
            eq(vaultEntries.scope, 'group'),
            inArray(
              vaultEntries.orgId,
              db.select({ orgId: userOrgs.orgId }).from(userOrgs).where(eq(userOrgs.userId, userId)),
            ),
          ),
        ),
      ),
    )
    .prepare('vault_entry_candidates');
  const byId = db
    .select()
    .from(vaultEntries)
    .where(eq(vaultEntries.id, sql.placeholder('id')))
    .prepare('vault_entry_by_id');

  return {
    candidates: (appId, userId) => candidates.execute({ appId, userId }) as Promise<VaultEntryRow[]>,
    byId: async (id) => (await byId.execute({ id }))[0] as VaultEntryRow | undefined,
    async byKey(key, tx) {
      // Inside a save's unit of work: two processes saving one key take turns (the unique indexes do not cover a
      // NULL owner, so two templates could otherwise both be inserted).
      if (tx) {
        const lockName = [key.appId, key.scope, key.setBy, key.userId ?? '', key.orgId ?? ''].join('\u001f');
        await storage.executor(tx).execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${lockName}, 0))`);
      }
      const [row] = await storage
        .executor(tx)
        .select()
        .from(vaultEntries)
        .where(
          and(
            eq(vaultEntries.appId, key.appId),
            eq(vaultEntries.scope, key.scope),
            eq(vaultEntries.setBy, key.setBy),
            nullable(vaultEntries.userId, key.userId),
            nullable(vaultEntries.orgId, key.orgId),
          ),
        );
      return row as VaultEntryRow | undefined;
    },
    async insert(row, tx) {
      await storage.executor(tx).insert(vaultEntries).values(row);
    },
    async update({ id, username, password, extra, derivationSecret, version, updatedAt, updatedBy }, tx) {
      await storage
        .executor(tx)
        .update(vaultEntries)
        .set({ username, password, extra, derivationSecret, version, updatedAt, updatedBy })
        .where(eq(vaultEntries.id, id));
    },
    async remove(id, tx) {
      const removed = await storage
        .executor(tx)
        .delete(vaultEntries)
        .where(eq(vaultEntries.id, id))
        .returning({ id: vaultEntries.id });
      return removed.length > 0;
    },
    list: ({ appId, userId }) =>
      db
        .select()
        .from(vaultEntries)
        .where(
          and(
            appId === undefined ? undefined : eq(vaultEntries.appId, appId),
            userId === undefined ? undefined : eq(vaultEntries.userId, userId),
          ),
        )
        // SQLite sorts NULLs first; so does this, to list entries in the same order on both engines.
        .orderBy(
          asc(vaultEntries.appId),
          asc(vaultEntries.scope),
          sql`${vaultEntries.userId} NULLS FIRST`,
          sql`${vaultEntries.orgId} NULLS FIRST`,
        ) as Promise<VaultEntryRow[]>,
    notOnKey: (prefix, afterId, limit, tx) =>
      storage
        .executor(tx)
        .select()
        .from(vaultEntries)
        .where(and(gt(vaultEntries.id, afterId), notSealedUnder(prefix)))
        .orderBy(asc(vaultEntries.id))
        .limit(limit) as Promise<VaultEntryRow[]>,
    async countNotOnKey(prefix) {
      const [row] = await db
        .select({ found: sql<number>`count(*)::int` })
        .from(vaultEntries)
        .where(notSealedUnder(prefix));
      return row!.found;
    },
    async reseal(id, version, fields, tx) {
      const changed = await storage
        .executor(tx)
        .update(vaultEntries)
        .set(fields)
        .where(and(eq(vaultEntries.id, id), eq(vaultEntries.version, version)))
        .returning({ id: vaultEntries.id });
      return changed.length === 1;
    },
  };
}
