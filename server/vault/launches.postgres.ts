import { and, asc, desc, eq, gt, inArray, isNull, lt, ne, sql } from 'drizzle-orm';
import type { PostgresStorage } from '../storage/storage';
import { HEALTH_WINDOW_MS, newLaunch, toHealth, type HealthCounts, type Launch, type LaunchStore } from './launches';
import { credentialHolds, launches, vaultEntries } from './schema.pg';

const launchColumns = {
  id: launches.id,
  userId: launches.userId,
  appId: launches.appId,
  createdAt: launches.createdAt,
  expiresAt: launches.expiresAt,
  releasedAt: launches.releasedAt,
  entryId: launches.entryId,
  entryVersion: launches.entryVersion,
  outcome: launches.outcome,
  outcomeReason: launches.outcomeReason,
};

export function postgresLaunchStore(storage: PostgresStorage, now: () => number): LaunchStore {
  const { db } = storage;
  // Prepared: read on every release and tile load.
  const read = db
    .select(launchColumns)
    .from(launches)
    .where(eq(launches.id, sql.placeholder('id')))
    .prepare('launch_by_id');
  const holdFor = db
    .select({ reason: credentialHolds.reason, heldAt: credentialHolds.heldAt })
    .from(credentialHolds)
    .where(
      and(
        eq(credentialHolds.entryId, sql.placeholder('entryId')),
        eq(credentialHolds.userId, sql.placeholder('userId')),
        eq(credentialHolds.entryVersion, sql.placeholder('entryVersion')),
      ),
    )
    .prepare('credential_hold_on');

  return {
    async create(userId, appId, tx) {
      const launch = newLaunch(userId, appId, now());
      await storage.executor(tx).insert(launches).values({
        id: launch.id,
        userId,
        appId,
        createdAt: launch.createdAt,
        expiresAt: launch.expiresAt,
      });
      return launch;
    },
    async find(id, tx) {
      const [launch] = tx
        ? await storage.executor(tx).select(launchColumns).from(launches).where(eq(launches.id, id))
        : await read.execute({ id });
      return launch as Launch | undefined;
    },
    async markReleased(id, entryId, entryVersion, tx) {
      // A second transaction waits on the row lock, then finds released_at set and changes nothing.
      const at = now();
      const changed = await storage
        .executor(tx)
        .update(launches)
        .set({ releasedAt: at, entryId, entryVersion })
        .where(and(eq(launches.id, id), isNull(launches.releasedAt), gt(launches.expiresAt, at)))
        .returning({ id: launches.id });
      return changed.length === 1;
    },
    async recordOutcome(id, outcome, reason, tx) {
      await storage
        .executor(tx)
        .update(launches)
        .set({ outcome, outcomeReason: reason, outcomeAt: now() })
        .where(eq(launches.id, id));
    },
    async previousReason(launchId, entryId, userId, entryVersion, tx) {
      const [row] = await storage
        .executor(tx)
        .select({ reason: launches.outcomeReason })
        .from(launches)
        .where(
          and(
            eq(launches.entryId, entryId),
            eq(launches.userId, userId),
            eq(launches.entryVersion, entryVersion),
            ne(launches.id, launchId),
            inArray(launches.outcome, ['succeeded', 'failed']),
          ),
        )
        .orderBy(desc(launches.outcomeAt))
        .limit(1);
      return row?.reason;
    },
    async holdOn(entryId, userId, entryVersion, tx) {
      const where = and(
        eq(credentialHolds.entryId, entryId),
        eq(credentialHolds.userId, userId),
        eq(credentialHolds.entryVersion, entryVersion),
      );
      const [hold] = tx
        ? await storage
            .executor(tx)
            .select({ reason: credentialHolds.reason, heldAt: credentialHolds.heldAt })
            .from(credentialHolds)
            .where(where)
        : await holdFor.execute({ entryId, userId, entryVersion });
      return hold;
    },
    async placeHold(entryId, userId, entryVersion, reason, tx) {
      const heldAt = now();
      await storage
        .executor(tx)
        .insert(credentialHolds)
        .values({ entryId, userId, entryVersion, reason, heldAt })
        .onConflictDoUpdate({
          target: [credentialHolds.entryId, credentialHolds.userId],
          set: { entryVersion, reason, heldAt },
        });
    },
    async liftHold(entryId, userId, tx) {
      const lifted = await storage
        .executor(tx)
        .delete(credentialHolds)
        .where(and(eq(credentialHolds.entryId, entryId), eq(credentialHolds.userId, userId)))
        .returning({ entryId: credentialHolds.entryId });
      return lifted.length > 0;
    },
    async health() {
      // SQLite's sum(a = b) and json_object, in PostgreSQL's words.
      const cutoff = now() - HEALTH_WINDOW_MS;
      const { rows } = await db.execute<HealthCounts>(sql`
        SELECT l.app_id AS "appId", count(*)::int AS launches,
          (count(*) FILTER (WHERE l.outcome = 'succeeded'))::int AS succeeded,
          (count(*) FILTER (WHERE l.outcome = 'failed'))::int AS failed,
          (SELECT json_build_object('at', f.outcome_at, 'reason', f.outcome_reason) FROM launches f
            WHERE f.app_id = l.app_id AND f.outcome = 'failed' ORDER BY f.outcome_at DESC LIMIT 1) AS "lastFailure",
          (SELECT json_object_agg(r.reason, r.n) FROM (SELECT f.outcome_reason AS reason, count(*)::int AS n
            FROM launches f WHERE f.app_id = l.app_id AND f.outcome = 'failed' AND f.outcome_reason IS NOT NULL
            AND f.created_at >= ${cutoff} GROUP BY f.outcome_reason) r) AS "failureReasons",
          (SELECT count(*)::int FROM credential_holds h JOIN vault_entries e ON e.id = h.entry_id
            WHERE e.app_id = l.app_id AND h.entry_version = e.version) AS "heldCredentials"
        FROM launches l WHERE l.created_at >= ${cutoff} GROUP BY l.app_id ORDER BY l.app_id COLLATE "C"`);
      return rows.map(toHealth);
    },
    async cancelUnreleasedFor(userId, tx) {
      const cancelled = await storage
        .executor(tx)
        .delete(launches)
        .where(and(eq(launches.userId, userId), isNull(launches.releasedAt)));
      return cancelled.rowCount ?? 0;
    },
    async pruneOlderThan(cutoff, tx) {
      // rowCount, not RETURNING: a first prune after months may delete many rows.
      const pruned = await storage.executor(tx).delete(launches).where(lt(launches.createdAt, cutoff));
      return pruned.rowCount ?? 0;
    },
    async currentHoldsFor(userIds) {
      if (!userIds.length) return [];
      return db
        .select({
          userId: credentialHolds.userId,
          appId: vaultEntries.appId,
          entryId: credentialHolds.entryId,
          reason: credentialHolds.reason,
          heldAt: credentialHolds.heldAt,
        })
        .from(credentialHolds)
        .innerJoin(
          vaultEntries,
          and(eq(vaultEntries.id, credentialHolds.entryId), eq(vaultEntries.version, credentialHolds.entryVersion)),
        )
        .where(inArray(credentialHolds.userId, [...userIds]))
        .orderBy(asc(credentialHolds.heldAt));
    },
  };
}
