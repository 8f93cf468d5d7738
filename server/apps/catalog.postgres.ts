import { asc } from 'drizzle-orm';
import type { PostgresStorage } from '../storage/storage';
import type { CatalogRows } from './catalog';
import { accessRules, apps } from './schema.pg';

export function postgresCatalogRows(storage: PostgresStorage): CatalogRows {
  return {
    // One transaction: apps and rules from the same moment.
    load: () =>
      storage.transaction(async (tx) => {
        const executor = storage.executor(tx);
        return {
          apps: await executor.select().from(apps).orderBy(asc(apps.sortOrder), asc(apps.name)),
          rules: await executor.select().from(accessRules).orderBy(asc(accessRules.id)),
        };
      }),
  };
}
