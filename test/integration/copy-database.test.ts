// Moving a portal between engines: SQLite → an empty PostgreSQL → a new SQLite file, all or nothing,
// checked by row counts; and `backup` on PostgreSQL points at pg_dump instead of doing the wrong thing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../../server/audit/audit-log';
import { seedDemoDistrict } from '../../server/demo/seed';
import { createDirectory } from '../../server/directory/directory';
import { copyDatabase } from '../../server/storage/copy-database';
import { openPostgresStorage } from '../../server/storage/postgres-storage';
import { openSqliteStorage } from '../../server/storage/sqlite-storage';
import type { Storage } from '../../server/storage/storage';
import { countRows } from '../../server/storage/table-rows';
import { portalTables } from '../../server/storage/tables';
import { runCli } from '../helpers/run-cli';
import { freshPostgresDatabase } from '../helpers/test-storage';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-copy-'));
const dataDir = path.join(tmp, 'data');
const sqliteFile = path.join(dataDir, 'gatehouse.sqlite');

async function rowCounts(storage: Storage) {
  const counts: Record<string, number> = {};
  for (const table of portalTables()) counts[table.name] = await countRows(storage, table);
  return counts;
}

async function withStorage<T>(open: Promise<Storage> | Storage, use: (storage: Storage) => Promise<T>) {
  const storage = await open;
  try {
    return await use(storage);
  } finally {
    await storage.close();
  }
}

describe('copy-database', { timeout: 60_000 }, () => {
  let sourceCounts: Record<string, number>;
  beforeAll(async () => {
    await withStorage(openSqliteStorage(sqliteFile), async (storage) => {
      await seedDemoDistrict(storage, 'not-a-real-hash', Date.now());
      const audit = createAuditLog(storage, Date.now);
      for (let i = 0; i < 3; i++) await audit.record({ action: 'sign_in', outcome: 'success', detail: { i } });
      sourceCounts = await rowCounts(storage);
    });
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('copies a SQLite portal into an empty PostgreSQL database, and back into a new SQLite file', async () => {
    const url = await freshPostgresDatabase();
    const there = runCli(['copy-database', '--to', url], { GATEHOUSE_DATA_DIR: dataDir });
    expect(there.status, there.stderr).toBe(0);
    expect(there.stdout).toContain(`Copied ${Object.values(sourceCounts).reduce((a, b) => a + b)} rows`);
    expect(there.stderr).toMatch(/Copied users: \d+ rows/);

    await withStorage(openPostgresStorage(url), async (postgres) => {
      expect(await rowCounts(postgres)).toEqual(sourceCounts);
      const teacher = await createDirectory(postgres).findByUsername('demo.teacher');
      expect(teacher).toMatchObject({ role: 'teacher', status: 'active' });
      expect(teacher!.campusIds.length).toBeGreaterThan(0);
      // The copied audit ids are taken: the next event gets a fresh one instead of failing.
      const audit = createAuditLog(postgres, Date.now);
      await audit.record({ action: 'sign_out', outcome: 'success' });
      const [newest, previous] = await audit.list({ limit: 2 });
      expect(newest!.action).toBe('sign_out');
      expect(previous!.detail).toEqual({ i: 2 });
    });

    const back = path.join(tmp, 'back', 'gatehouse.sqlite');
    const home = runCli(['copy-database', '--to', back], { GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_DATABASE_URL: url });
    expect(home.status, home.stderr).toBe(0);
    await withStorage(openSqliteStorage(back, { mustExist: true }), async (sqlite) => {
      expect(await rowCounts(sqlite)).toEqual({ ...sourceCounts, audit_events: sourceCounts.audit_events! + 1 });
    });
  });

  it('refuses a target that already holds data, and changes nothing there', async () => {
    const url = await freshPostgresDatabase();
    expect(runCli(['copy-database', '--to', url], { GATEHOUSE_DATA_DIR: dataDir }).status).toBe(0);
    const again = runCli(['copy-database', '--to', url], { GATEHOUSE_DATA_DIR: dataDir });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('not empty');
    await withStorage(openPostgresStorage(url), async (postgres) => {
      expect(await rowCounts(postgres)).toEqual(sourceCounts);
    });
    const existing = runCli(['copy-database', '--to', sqliteFile], { GATEHOUSE_DATA_DIR: dataDir });
    expect(existing.status).toBe(2);
    expect(existing.stderr).toContain('already exists');
  });

  it('keeps nothing when a row cannot be copied', async () => {
    const url = await freshPostgresDatabase();
    const file = path.join(tmp, 'odd.sqlite');
    await withStorage(openSqliteStorage(file), async (source) => {
      await seedDemoDistrict(source, 'not-a-real-hash', Date.now());
      // SQLite stores a NUL inside text; PostgreSQL refuses it. The audit table is copied after the others.
      await createAuditLog(source, Date.now).record({
        action: 'sign_in',
        outcome: 'success',
        detail: { note: 'a\u0000b' },
      });
      await withStorage(openPostgresStorage(url), async (target) => {
        await expect(copyDatabase(source, target)).rejects.toThrow();
        expect(Object.values(await rowCounts(target)).every((n) => n === 0)).toBe(true);
      });
    });
  });

  it('backup on PostgreSQL says to use pg_dump, without printing the password', async () => {
    const url = (await freshPostgresDatabase()).replace('postgres@', 'postgres:hunter2-secret@');
    const run = runCli(['backup', path.join(tmp, 'backup.sqlite')], {
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_DATABASE_URL: url,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('pg_dump');
    expect(run.stdout + run.stderr).not.toContain('hunter2');
    expect(fs.existsSync(path.join(tmp, 'backup.sqlite'))).toBe(false);
  });
});
