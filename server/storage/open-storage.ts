import type { Config } from '../config';
import { openPostgresStorage } from './postgres-storage';
import { openSqliteStorage } from './sqlite-storage';
import type { Storage } from './storage';

/** The portal's storage as configured: PostgreSQL when GATEHOUSE_DATABASE_URL is set, SQLite in the data folder otherwise. */
export async function openStorage(config: Pick<Config, 'databaseUrl' | 'databaseFile'>): Promise<Storage> {
  return config.databaseUrl ? openPostgresStorage(config.databaseUrl) : openSqliteStorage(config.databaseFile);
}
