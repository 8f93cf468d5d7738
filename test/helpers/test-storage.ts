import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import { openPostgresStorage } from '../../server/storage/postgres-storage';
import { sqliteStorage } from '../../server/storage/sqlite-storage';
import type { Engine, Storage } from '../../server/storage/storage';

/** The engine this test run stores in: the vitest project sets GATEHOUSE_TEST_ENGINE (SQLite otherwise). */
export const testEngine: Engine = process.env.GATEHOUSE_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** A new empty, migrated PostgreSQL database on the run's throwaway server; returns its URL. */
export async function freshPostgresDatabase(): Promise<string> {
  const serverUrl = inject('postgresUrl');
  if (!serverUrl) throw new Error('No PostgreSQL server for this run: the test needs the postgres project.');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE gatehouse_template`);
  } finally {
    await admin.end();
  }
  return serverUrl.replace(/\/postgres$/, `/${name}`);
}

/**
 * Fresh, migrated, empty storage on the run's engine: in-memory SQLite (or `sqliteFile`), or a new database
 * on the throwaway PostgreSQL server.
 */
export async function createTestStorage(
  options: { engine?: Engine; sqliteFile?: string } = {},
): Promise<Storage & { url?: string }> {
  const engine = options.engine ?? testEngine;
  if (engine === 'sqlite') return sqliteStorage(openDatabase(options.sqliteFile ?? ':memory:'));
  const url = await freshPostgresDatabase();
  return Object.assign(await openPostgresStorage(url, { maxConnections: 5 }), { url });
}

/** Makes fresh storages on `engine` for a test file's tests, and closes them all after the file. */
export function freshStorages(engine: Engine) {
  const opened: Storage[] = [];
  afterAll(async () => void (await Promise.all(opened.map((storage) => storage.close()))));
  return async () => {
    const storage = await createTestStorage({ engine });
    opened.push(storage);
    return storage;
  };
}
