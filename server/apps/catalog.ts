import { asc } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { ruleConditionsSchema } from '../../shared/access-rules';
import { isGranted, type AccessFacts, type AccessRule } from './access-rules';
import { accessRules, apps } from './schema';

export type CatalogApp = typeof apps.$inferSelect & { rules: AccessRule[] };

export interface AppCatalog {
  all(): readonly CatalogApp[];
  byId(id: string): CatalogApp | undefined;
  /** The apps a person may see, in catalog order. */
  visibleTo(facts: AccessFacts): CatalogApp[];
  /** Re-reads apps and rules after a change. */
  reload(): void;
}

/** The catalog is small and read on every dashboard load, so it is held in memory and reloaded on change. */
export function createAppCatalog(db: Db): AppCatalog {
  let cached: CatalogApp[] | undefined;

  function load(): CatalogApp[] {
    const rulesByApp = new Map<string, AccessRule[]>();
    for (const rule of db.select().from(accessRules).orderBy(asc(accessRules.id)).all()) {
      // Conditions are validated on the way in; re-checking here means a hand-edited row cannot crash the dashboard.
      const conditions = ruleConditionsSchema.safeParse(rule.conditions);
      if (!conditions.success) {
        console.warn(`access rule ${rule.id} has invalid conditions and is ignored`);
        continue;
      }
      const list = rulesByApp.get(rule.appId) ?? [];
      list.push({ id: rule.id, name: rule.name, conditions: conditions.data });
      rulesByApp.set(rule.appId, list);
    }
    return db
      .select()
      .from(apps)
      .orderBy(asc(apps.sortOrder), asc(apps.name))
      .all()
      .map((app) => ({ ...app, rules: rulesByApp.get(app.id) ?? [] }));
  }

  const current = () => (cached ??= load());
  return {
    all: current,
    byId: (id) => current().find((app) => app.id === id),
    visibleTo: (facts) => current().filter((app) => isGranted(app.rules, facts)),
    reload() {
      cached = load();
    },
  };
}
