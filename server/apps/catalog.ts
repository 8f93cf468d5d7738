import type { ChangeWatch } from '../storage/change-generations';
import { byEngine, type Storage } from '../storage/storage';
import { ruleConditionsSchema } from '../../shared/access-rules';
import { isGranted, type AccessFacts, type AccessRule } from './access-rules';
import type { apps } from './schema';
import { sqliteCatalogRows } from './catalog.sqlite';
import { postgresCatalogRows } from './catalog.postgres';

export type CatalogApp = typeof apps.$inferSelect & { rules: AccessRule[] };

/** The live apps (retired ones show no tile, release nothing and are explained to no one). */
export interface AppCatalog {
  all(): readonly CatalogApp[];
  byId(id: string): CatalogApp | undefined;
  /** The apps a person may see, in catalog order. */
  visibleTo(facts: AccessFacts): CatalogApp[];
  /** Reads the catalog again now: the process that wrote calls it once its transaction has committed. */
  refresh(): Promise<void>;
}

export interface StoredRule {
  id: string;
  appId: string;
  name: string;
  conditions: unknown;
}

/** What each engine's adapter reads: apps in catalog order, rules in id order. */
export interface CatalogRows {
  load(): Promise<{ apps: (typeof apps.$inferSelect)[]; rules: StoredRule[] }>;
}

/** A writer of apps or access rules bumps this topic's generation in its transaction. */
export const CATALOG_TOPIC = 'catalog';

/**
 * The catalog is small and read on every dashboard load, so each process holds it in memory. A change made by any
 * process or the CLI (its generation bumped) is in force here within about 1 s (the watch's check interval).
 */
export async function createAppCatalog(storage: Storage, changes: ChangeWatch): Promise<AppCatalog> {
  const rows = catalogRowsOf(storage);
  let live: CatalogApp[] = [];
  const followed = await changes.follow(CATALOG_TOPIC, async () => {
    live = catalogAppsOf(await rows.load()).filter((app) => app.retiredAt === null);
  });
  return {
    all: () => live,
    byId: (id) => live.find((app) => app.id === id),
    visibleTo: (facts) => live.filter((app) => isGranted(app.rules, facts)),
    refresh: () => followed.refresh(),
  };
}

/** Each engine's reader of the catalog's rows. */
export const catalogRowsOf = (storage: Storage): CatalogRows =>
  byEngine(storage, { sqlite: sqliteCatalogRows, postgres: postgresCatalogRows });

// Sorted here as well as in SQL: PostgreSQL orders text by its locale, SQLite by code unit, and both engines
// must show the same dashboard.
const inCatalogOrder = (a: { sortOrder: number; name: string }, b: { sortOrder: number; name: string }) =>
  a.sortOrder - b.sortOrder || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Apps in catalog order, each with its valid rules; retired ones too. */
export function catalogAppsOf({ apps: appRows, rules }: Awaited<ReturnType<CatalogRows['load']>>): CatalogApp[] {
  const rulesByApp = new Map<string, AccessRule[]>();
  for (const rule of rules) {
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
  return appRows.toSorted(inCatalogOrder).map((app) => ({ ...app, rules: rulesByApp.get(app.id) ?? [] }));
}
