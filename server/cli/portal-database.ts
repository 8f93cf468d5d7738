import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Config } from '../config';
import { withoutPassword } from '../config';
import { openPostgresStorage } from '../storage/postgres-storage';
import { openSqliteStorage } from '../storage/sqlite-storage';
import type { Storage } from '../storage/storage';
import { createDirectory } from '../directory/directory';

export type PortalDatabase = { ok: true; storage: Storage } | { ok: false; problem: string };

const POINT_AT_DATA_DIR =
  "Point the CLI at the portal's data folder with GATEHOUSE_DATA_DIR, e.g. GATEHOUSE_DATA_DIR=/srv/gatehouse/data " +
  'npm run cli -- apps (the portal creates its database on its first start).';

/** True when `file` is a SQLite database the portal has migrated; an unrelated or broken file is not. */
function holdsPortalTables(file: string): boolean {
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    return Boolean(sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = '__drizzle_migrations'").get());
  } catch {
    return false;
  } finally {
    sqlite?.close();
  }
}

/**
 * Opens the portal's existing database for a CLI command, never creating one: run from the wrong folder,
 * a command would otherwise work on (and back up) a new empty database and report success.
 */
export async function openPortalDatabase(config: Config): Promise<PortalDatabase> {
  if (config.databaseUrl) return { ok: true, storage: await openPostgresStorage(config.databaseUrl) };
  if (!fs.existsSync(config.databaseFile))
    return {
      ok: false,
      problem: `No portal database in ${config.dataDir}: ${config.databaseFile} does not exist. ${POINT_AT_DATA_DIR}`,
    };
  if (!holdsPortalTables(config.databaseFile))
    return { ok: false, problem: `${config.databaseFile} is not a Gatehouse portal database. ${POINT_AT_DATA_DIR}` };
  return { ok: true, storage: openSqliteStorage(config.databaseFile, { mustExist: true }) };
}

/** Commands about people and apps need a district; a database without one is the wrong one or a new one. */
export async function districtProblem(storage: Storage, config: Config): Promise<string | undefined> {
  if (await createDirectory(storage).districtName()) return undefined;
  const database = config.databaseUrl ? withoutPassword(config.databaseUrl) : config.databaseFile;
  return (
    `The database ${database} holds no district yet. Start the portal with this data folder ` +
    "(npm start creates the demo district), or check that GATEHOUSE_DATA_DIR names the portal's data folder."
  );
}

/** `cli backup` copies SQLite files; a PostgreSQL portal is backed up with the engine's own tools. */
export function postgresBackupAdvice(databaseUrl: string): string {
  const url = withoutPassword(databaseUrl);
  return (
    `This portal stores its data in PostgreSQL (${url}); "backup" copies SQLite files only. Back up with ` +
    `PostgreSQL's own tool, which takes a consistent copy while the portals run: pg_dump --format=custom ` +
    `--file=gatehouse-$(date +%F).dump "${url}" (restore with pg_restore --clean --dbname=…). Keep the key files ` +
    '(GATEHOUSE_DATA_DIR/keys) with it: the vault cannot be opened without them.'
  );
}
