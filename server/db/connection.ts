import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import type { SqliteDb } from '../storage/storage';

export type Db = SqliteDb;

/** drizzle/<engine> at the repository root, found from this file whether run from source or from dist/server. */
export function findMigrationsFolder(engine: 'sqlite' | 'postgres' = 'sqlite'): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'drizzle', engine);
    if (fs.existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('The drizzle/ migrations folder was not found next to the server.');
}

const OWNER_ONLY_FILE = 0o600;
const OWNER_ONLY_DIR = 0o700;

/**
 * The database holds the directory and the sealed vault: readable by the portal's account only. The file is
 * created 0600 before SQLite opens it, and SQLite gives its -wal and -shm files the database file's mode.
 * Files from before this rule are tightened too.
 */
function createOwnerOnly(file: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: OWNER_ONLY_DIR });
  fs.closeSync(fs.openSync(file, 'a', OWNER_ONLY_FILE));
  for (const existing of [file, `${file}-wal`, `${file}-shm`]) {
    if (fs.existsSync(existing) && (fs.statSync(existing).mode & 0o077) !== 0) fs.chmodSync(existing, OWNER_ONLY_FILE);
  }
}

/**
 * Opens (or creates, unless `mustExist`) the database and applies every migration. `':memory:'` gives a
 * private database for tests. WAL and a busy timeout let readers run while a roster import writes.
 */
export function openDatabase(file: string, { mustExist = false } = {}): Db {
  if (file !== ':memory:' && !mustExist) createOwnerOnly(file);
  const sqlite = new Database(file, { fileMustExist: mustExist });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('cache_size = -65536');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: findMigrationsFolder() });
  return db as Db;
}
