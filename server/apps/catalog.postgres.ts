import { asc } from 'drizzle-orm';
import type { PostgresStorage } from '../storage/storage';
import type { CatalogRows } from './catalog';
import { accessRules, apps } from './schema.pg';

export function postgresCatalogRows(storage: PostgresStorage): CatalogRows {
  return {
    // One snapshot (repeatable read): apps and rules from the same moment, not a commit apart.
    load: () =>
      storage.db.transaction(
        async (tx) => ({
          apps: await tx.select().from(apps).orderBy(asc(apps.sortOrder), asc(apps.name)),
          rules: await tx.select().from(accessRules).orderBy(asc(accessRules.id)),
        }),
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      ),
  };
}
