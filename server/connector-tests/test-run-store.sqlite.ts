import type { SqliteStorage } from '../storage/storage';
import type { TestRun, TestRunStore } from './test-run-store';

type Row = Omit<TestRun, 'definition' | 'seen'> & { definition: string; seen: string | null };

const toRun = (row: Row): TestRun => ({
  ...row,
  definition: JSON.parse(row.definition),
  seen: row.seen === null ? null : JSON.parse(row.seen),
});

/** Not final: a later report may still replace it. */
const OPEN_OUTCOME = "(outcome IS NULL OR outcome IN ('filled', 'submitted'))";

export function sqliteTestRunStore(storage: SqliteStorage): TestRunStore {
  const sqlite = storage.db.$client;
  const { run } = storage;
  const insert = sqlite.prepare(`INSERT INTO connector_test_runs (id, app_id, definition, username, password, extra,
    created_by, created_at, expires_at) VALUES (@id, @appId, @definition, @username, @password, @extra, @createdBy,
    @createdAt, @expiresAt)`);
  const read = sqlite.prepare(`SELECT id, app_id AS appId, definition, username, password, extra,
    created_by AS createdBy, created_at AS createdAt, expires_at AS expiresAt, released_at AS releasedAt, outcome,
    outcome_reason AS outcomeReason, seen, outcome_at AS outcomeAt FROM connector_test_runs WHERE id = ?`);
  const release = sqlite.prepare(`UPDATE connector_test_runs SET released_at = @at, username = '', password = '',
    extra = NULL WHERE id = @id AND released_at IS NULL AND expires_at > @at AND ${OPEN_OUTCOME}`);
  const outcome = sqlite.prepare(`UPDATE connector_test_runs SET outcome = @outcome, outcome_reason = @reason,
    seen = @seen, outcome_at = @at WHERE id = @id AND ${OPEN_OUTCOME}`);
  const wipe = sqlite.prepare(`UPDATE connector_test_runs SET username = '', password = '', extra = NULL
    WHERE released_at IS NULL AND expires_at <= ? AND password <> ''`);

  return {
    async create(testRun, tx) {
      await run(tx, () => insert.run({ ...testRun, definition: JSON.stringify(testRun.definition) }));
    },
    async find(id, tx) {
      const row = (await run(tx, () => read.get(id))) as Row | undefined;
      return row && toRun(row);
    },
    markReleased: async (id, at, tx) => run(tx, () => release.run({ id, at }).changes === 1),
    recordOutcome: async (id, { outcome: reported, reason, seen }, at, tx) =>
      run(
        tx,
        () =>
          outcome.run({ id, at, outcome: reported, reason, seen: seen === null ? null : JSON.stringify(seen) })
            .changes === 1,
      ),
    wipeExpired: async (at, tx) => run(tx, () => wipe.run(at).changes),
  };
}
