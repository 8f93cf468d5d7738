import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import type * as sqliteSchema from '../db/schema';
import type * as postgresSchema from '../db/schema.pg';

export type Engine = 'sqlite' | 'postgres';

export type SqliteDb = BetterSQLite3Database<typeof sqliteSchema> & { $client: Database.Database };
export type PostgresDb = NodePgDatabase<typeof postgresSchema> & { $client: pg.Pool };
/** What a PostgreSQL adapter queries with: the pool, or the transaction it was handed. */
export type PostgresExecutor = Pick<PostgresDb, 'select' | 'insert' | 'update' | 'delete' | 'execute'>;

/**
 * A unit of work in progress. Store methods that can take part in a caller's transaction accept it as their
 * last argument; the adapters know what to do with it.
 */
export interface Tx {
  readonly engine: Engine;
  /** PostgreSQL only: the transaction's handle. */
  readonly postgres?: PostgresExecutor;
}

interface StorageBase {
  /**
   * Runs `work` as one transaction: all of it or none of it. Check-then-act belongs inside, decided by a guarded
   * update's affected-row count, so that a second request or a second process cannot slip in between.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface SqliteStorage extends StorageBase {
  readonly engine: 'sqlite';
  readonly db: SqliteDb;
  /**
   * Every SQLite store method runs its statements through this: `storage.run(tx, () => statement.get(id))`.
   * One connection serves the whole process, so while a unit of work is open (it may await between its
   * statements) other callers wait instead of joining it. Runs `work` at once when the connection is free.
   */
  run<T>(tx: Tx | undefined, work: () => T): T | Promise<T>;
}

export interface PostgresStorage extends StorageBase {
  readonly engine: 'postgres';
  readonly db: PostgresDb;
  /** The transaction's handle when `tx` is given, the pool otherwise. */
  executor(tx?: Tx): PostgresExecutor;
}

export type Storage = SqliteStorage | PostgresStorage;

/**
 * Picks a store's adapter for the engine: `byEngine(storage, { sqlite: createX, postgres: createY })`.
 * Each adapter gets the storage already narrowed to its engine.
 */
export function byEngine<T>(
  storage: Storage,
  adapters: { sqlite: (storage: SqliteStorage) => T; postgres: (storage: PostgresStorage) => T },
): T {
  return storage.engine === 'sqlite' ? adapters.sqlite(storage) : adapters.postgres(storage);
}
