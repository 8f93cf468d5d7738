// What the auth contract suites need on either engine: two "processes" on one database, raw peeks at rows,
// and a person to hang sessions off.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPostgresStorage } from '../../server/storage/postgres-storage';
import { openSqliteStorage } from '../../server/storage/sqlite-storage';
import type { Engine, Storage } from '../../server/storage/storage';
import { createTestStorage } from '../helpers/test-storage';

/**
 * Opens storage on `engine` and a second, independent connection to the same database, as a second portal
 * process would: a SQLite file opened twice, or a second pool on the same PostgreSQL database.
 */
export async function twoProcesses(engine: Engine): Promise<{ first: Storage; second: Storage }> {
  if (engine === 'sqlite') {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-contract-')), 'portal.sqlite');
    return { first: openSqliteStorage(file), second: openSqliteStorage(file) };
  }
  const first = await createTestStorage({ engine });
  return { first, second: await openPostgresStorage(first.url!, { maxConnections: 5 }) };
}

/** Rows of a read-only SQL query (no parameters), straight from the engine. */
export async function selectRows(storage: Storage, query: string): Promise<Record<string, unknown>[]> {
  if (storage.engine === 'sqlite') return storage.db.$client.prepare(query).all() as Record<string, unknown>[];
  return (await storage.db.$client.query(query)).rows;
}

/** Runs a writing SQL statement with positional parameters (`?`), straight on the engine. */
export async function runStatement(storage: Storage, statement: string, values: unknown[]): Promise<void> {
  if (storage.engine === 'sqlite') {
    storage.db.$client.prepare(statement).run(...values);
    return;
  }
  let n = 0;
  await storage.db.$client.query(
    statement.replace(/\?/g, () => `$${++n}`),
    values,
  );
}

/** A person the directory would hold (sessions refer to one). */
export async function addPerson(storage: Storage, id: string): Promise<void> {
  await runStatement(
    storage,
    `INSERT INTO users (id, username, given_name, family_name, role, created_at, updated_at)
     VALUES (?, ?, 'Test', 'Person', 'teacher', 0, 0)`,
    [id, `user.${id}`],
  );
}
