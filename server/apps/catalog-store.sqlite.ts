import { and, desc, eq } from 'drizzle-orm';
import { sqliteGenerationBump } from '../storage/change-generations.sqlite';
import type { SqliteStorage } from '../storage/storage';
import { CATALOG_TOPIC } from './catalog';
import { snapshotOf, type CatalogWrites, type StoredVersion } from './catalog-store';
import { accessRules, apps, appVersions } from './schema';

export function sqliteCatalogWrites(storage: SqliteStorage): CatalogWrites {
  const { db } = storage;
  const bump = sqliteGenerationBump(db.$client);
  return {
    save: async (app, change, tx) =>
      storage.run(tx, () => {
        const { rules, ...row } = app;
        if (app.version === 1) db.insert(apps).values(row).run();
        else {
          const guard = and(eq(apps.id, app.id), eq(apps.version, app.version - 1));
          if (db.update(apps).set(row).where(guard).run().changes === 0) return false;
        }
        db.delete(accessRules).where(eq(accessRules.appId, app.id)).run();
        for (const rule of rules)
          db.insert(accessRules)
            .values({ id: rule.id, appId: app.id, name: rule.name, conditions: [...rule.conditions] })
            .run();
        db.insert(appVersions)
          .values({
            appId: app.id,
            version: app.version,
            snapshot: snapshotOf(app),
            change: change.kind,
            changedBy: change.by,
            changedAt: change.at,
          })
          .run();
        bump(CATALOG_TOPIC);
        return true;
      }),
    versions: async (appId) =>
      storage.run(
        undefined,
        () =>
          db
            .select({
              version: appVersions.version,
              change: appVersions.change,
              changedAt: appVersions.changedAt,
              changedBy: appVersions.changedBy,
            })
            .from(appVersions)
            .where(eq(appVersions.appId, appId))
            .orderBy(desc(appVersions.version))
            .all() as StoredVersion[],
      ),
  };
}
