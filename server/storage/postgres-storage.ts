import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from '../db/schema.pg';
import { findMigrationsFolder } from '../db/connection';
import type { PostgresDb, PostgresStorage, Tx } from './storage';

// node-postgres returns int8 as a string; every bigint here is a millisecond timestamp or a row id, far
// below 2^53, so they are read as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Serialises migrations when several portal processes start at once against one database. */
const MIGRATION_LOCK = 7_340_117;

export interface PostgresOptions {
  /** Connections per process; the default suits a few processes on one PostgreSQL's default 100. */
  maxConnections?: number;
}

/** Connects to PostgreSQL, applies every migration under an advisory lock, and returns the storage. */
export async function openPostgresStorage(url: string, { maxConnections = 10 }: PostgresOptions = {}) {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections });
  // An idle connection the server dropped must not take the process down.
  pool.on('error', (error) => console.error('PostgreSQL connection error:', error.message));
  const db = drizzle(pool, { schema }) as PostgresDb;
  try {
    await migrateUnderLock(pool);
  } catch (error) {
    await pool.end();
    throw new Error(`Could not open the PostgreSQL database (GATEHOUSE_DATABASE_URL): ${(error as Error).message}`);
  }
  return postgresStorage(db);
}

/** On one connection, which holds the lock while it migrates. */
async function migrateUnderLock(pool: pg.Pool) {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder: findMigrationsFolder('postgres') });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

export function postgresStorage(db: PostgresDb): PostgresStorage {
  return {
    engine: 'postgres',
    db,
    executor: (tx?: Tx) => tx?.postgres ?? db,
    transaction: (work) => db.transaction((postgres) => work({ engine: 'postgres', postgres })),
    close: () => db.$client.end(),
  };
}
