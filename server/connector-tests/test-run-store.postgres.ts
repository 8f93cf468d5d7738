import { and, eq, gt, inArray, isNull, lte, ne, or } from 'drizzle-orm';
import type { PostgresStorage } from '../storage/storage';
import { connectorTestRuns } from './schema.pg';
import type { TestRun, TestRunStore } from './test-run-store';

const WIPED = { username: '', password: '', extra: null };

/** A run whose outcome is not final yet: a final one (succeeded, failed) is what IT was shown. */
const openOutcome = or(isNull(connectorTestRuns.outcome), inArray(connectorTestRuns.outcome, ['filled', 'submitted']));

export function postgresTestRunStore(storage: PostgresStorage): TestRunStore {
  return {
    async create(run, tx) {
      await storage.executor(tx).insert(connectorTestRuns).values(run);
    },
    async find(id, tx) {
      const [row] = await storage.executor(tx).select().from(connectorTestRuns).where(eq(connectorTestRuns.id, id));
      return row as TestRun | undefined;
    },
    async markReleased(id, at, tx) {
      // A second transaction waits on the row lock, then finds released_at set and changes nothing.
      const changed = await storage
        .executor(tx)
        .update(connectorTestRuns)
        .set({ releasedAt: at, ...WIPED })
        .where(
          and(
            eq(connectorTestRuns.id, id),
            isNull(connectorTestRuns.releasedAt),
            gt(connectorTestRuns.expiresAt, at),
            openOutcome,
          ),
        )
        .returning({ id: connectorTestRuns.id });
      return changed.length === 1;
    },
    async recordOutcome(id, { outcome, reason, seen }, at, tx) {
      const changed = await storage
        .executor(tx)
        .update(connectorTestRuns)
        .set({ outcome, outcomeReason: reason, seen, outcomeAt: at })
        .where(and(eq(connectorTestRuns.id, id), openOutcome))
        .returning({ id: connectorTestRuns.id });
      return changed.length === 1;
    },
    async wipeExpired(at, tx) {
      const wiped = await storage
        .executor(tx)
        .update(connectorTestRuns)
        .set(WIPED)
        .where(
          and(
            isNull(connectorTestRuns.releasedAt),
            lte(connectorTestRuns.expiresAt, at),
            ne(connectorTestRuns.password, ''),
          ),
        );
      return wiped.rowCount ?? 0;
    },
  };
}
