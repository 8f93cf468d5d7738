// Test-only writes into the catalog's tables, on either engine: the catalog itself has no write operation yet, so
// the contract suites stand in for whatever writes apps (the roster, the demo seed) in another process.
import { accessRules as sqliteRules, apps as sqliteApps } from '../../server/apps/schema';
import { accessRules as postgresRules, apps as postgresApps } from '../../server/apps/schema.pg';
import type { Storage, Tx } from '../../server/storage/storage';
import type { Condition } from '../../shared/access-rules';

export async function addApp(storage: Storage, id: string, sortOrder = 0, tx?: Tx, name = `App ${id}`) {
  const row = { id, slug: id, name, launchUrl: `https://${id}.example.org/`, sortOrder };
  if (storage.engine === 'sqlite') await storage.run(tx, () => storage.db.insert(sqliteApps).values(row).run());
  else await storage.executor(tx).insert(postgresApps).values(row);
}

export async function addRule(storage: Storage, id: string, appId: string, conditions: Condition[] | unknown) {
  const row = { id, appId, name: `Rule ${id}`, conditions: conditions as Condition[] };
  if (storage.engine === 'sqlite') storage.db.insert(sqliteRules).values(row).run();
  else await storage.db.insert(postgresRules).values(row);
}
