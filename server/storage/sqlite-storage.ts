import type { SqliteDb, SqliteStorage, Tx } from './storage';
import { openDatabase } from '../db/connection';

/** The embedded default: one better-sqlite3 connection per process, in WAL mode. */
export function sqliteStorage(db: SqliteDb): SqliteStorage {
  const sqlite = db.$client;
  let holder: Tx | undefined;
  let released: Promise<void> = Promise.resolve();

  // `work` runs in the same tick as the check that the connection is free, so nothing can begin between them.
  const run = <T>(tx: Tx | undefined, work: () => T): T | Promise<T> =>
    holder && holder !== tx ? released.then(() => run(tx, work)) : work();

  return {
    engine: 'sqlite',
    db,
    run,
    async transaction(work) {
      while (holder) await released;
      const tx: Tx = { engine: 'sqlite' };
      let release!: () => void;
      holder = tx;
      released = new Promise((resolve) => (release = resolve));
      try {
        sqlite.exec('BEGIN IMMEDIATE');
        const result = await work(tx);
        sqlite.exec('COMMIT');
        return result;
      } catch (error) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
        throw error;
      } finally {
        holder = undefined;
        release();
      }
    },
    async close() {
      if (sqlite.open) sqlite.close();
    },
  };
}

/** Opens (or creates, unless `mustExist`) a SQLite portal database and migrates it. */
export function openSqliteStorage(file: string, options: { mustExist?: boolean } = {}): SqliteStorage {
  return sqliteStorage(openDatabase(file, options));
}
