import type { SqliteDb, SqliteStorage, Tx } from './storage';
import { openDatabase } from '../db/connection';

/** Longer than any unit of work should hold the connection (a key rotation of 100,000 entries takes ~6 s). */
const MAX_HOLD_MS = 30_000;

/** A store call inside a unit of work that forgot its `tx` waits for that very unit: it fails, it does not hang. */
export class UnitOfWorkStuckError extends Error {
  constructor(heldMs: number) {
    super(
      `A database call waited ${heldMs} ms for a unit of work to finish; a store call inside storage.transaction() ` +
        'must pass its tx.',
    );
  }
}

/** The embedded default: one better-sqlite3 connection per process, in WAL mode. */
export function sqliteStorage(db: SqliteDb, { maxHoldMs = MAX_HOLD_MS } = {}): SqliteStorage {
  const sqlite = db.$client;
  let holder: Tx | undefined;
  /** Settles when the holder finishes; rejects for the waiters if it holds the connection longer than maxHoldMs. */
  let turnOver: Promise<void> = Promise.resolve();

  // `work` runs in the same tick as the check that the connection is free, so nothing can begin between them.
  const run = <T>(tx: Tx | undefined, work: () => T): T | Promise<T> =>
    holder && holder !== tx ? turnOver.then(() => run(tx, work)) : work();

  function takeTurn(tx: Tx) {
    holder = tx;
    let finish!: () => void;
    let timer: NodeJS.Timeout;
    turnOver = new Promise<void>((resolve, reject) => {
      finish = resolve;
      timer = setTimeout(() => reject(new UnitOfWorkStuckError(maxHoldMs)), maxHoldMs).unref();
    });
    turnOver.catch(() => undefined);
    return () => {
      clearTimeout(timer);
      holder = undefined;
      finish();
    };
  }

  return {
    engine: 'sqlite',
    db,
    run,
    async transaction(work) {
      while (holder) await turnOver;
      const tx: Tx = { engine: 'sqlite' };
      const endTurn = takeTurn(tx);
      try {
        sqlite.exec('BEGIN IMMEDIATE');
        const result = await work(tx);
        sqlite.exec('COMMIT');
        return result;
      } catch (error) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
        throw error;
      } finally {
        endTurn();
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
