import { and, desc, eq } from 'drizzle-orm';
import { postgresGenerationBump } from '../storage/change-generations.postgres';
import type { PostgresStorage } from '../storage/storage';
import { CATALOG_TOPIC } from './catalog';
import { snapshotOf, type CatalogWrites } from './catalog-store';
import { accessRules, apps, appVersions } from './schema.pg';

export function postgresCatalogWrites(storage: PostgresStorage): CatalogWrites {
  return {
    async save(app, change, tx) {
      const executor = storage.executor(tx);
      // First: the generation's row lock makes catalog writers in every process take turns.
      await postgresGenerationBump(executor, CATALOG_TOPIC);
      const { rules, ...row } = app;
      if (app.version === 1) await executor.insert(apps).values(row);
      else {
        const guard = and(eq(apps.id, app.id), eq(apps.version, app.version - 1));
        const updated = await executor.update(apps).set(row).where(guard).returning({ id: apps.id });
        if (updated.length === 0) return false;
      }
      await executor.delete(accessRules).where(eq(accessRules.appId, app.id));
      if (rules.length > 0)
        await executor
          .insert(accessRules)
          .values(
            rules.map((rule) => ({ id: rule.id, appId: app.id, name: rule.name, conditions: [...rule.conditions] })),
          );
      await executor.insert(appVersions).values({
        appId: app.id,
        version: app.version,
        snapshot: snapshotOf(app),
        change: change.kind,
        changedBy: change.by,
        changedAt: change.at,
      });
      return true;
    },
    versions: (appId) =>
      storage.db
        .select({
          version: appVersions.version,
          change: appVersions.change,
          changedAt: appVersions.changedAt,
          changedBy: appVersions.changedBy,
        })
        .from(appVersions)
        .where(eq(appVersions.appId, appId))
        .orderBy(desc(appVersions.version)),
  };
}
