import { asc } from 'drizzle-orm';
import type { SqliteStorage } from '../storage/storage';
import type { CatalogRows } from './catalog';
import { accessRules, apps } from './schema';

export function sqliteCatalogRows(storage: SqliteStorage): CatalogRows {
  const { db } = storage;
  const appList = db.select().from(apps).orderBy(asc(apps.sortOrder), asc(apps.name)).prepare();
  const ruleList = db.select().from(accessRules).orderBy(asc(accessRules.id)).prepare();
  // One read transaction: apps and rules from the same moment.
  const readBoth = db.$client.transaction(() => ({ apps: appList.all(), rules: ruleList.all() }));
  return { load: async () => storage.run(undefined, () => readBoth()) };
}
