import { sql } from 'drizzle-orm';
import { CATALOG_TOPIC } from '../apps/catalog';
import { createChangeGenerations } from '../storage/change-generations';
import { countRows, insertRows } from '../storage/table-rows';
import { portalTable } from '../storage/tables';
import type { Storage } from '../storage/storage';
import { generateLakeside, type DemoDistrict } from './lakeside';

/** True when the database holds no people yet, i.e. on a first start. */
export async function isEmpty(storage: Storage): Promise<boolean> {
  return (await countRows(storage, portalTable('users'))) === 0;
}

/** Serialises first starts of several processes on one PostgreSQL, so the district is loaded once. */
const SEED_LOCK = 7_340_118;

/**
 * Loads the demo district as a dataset, in one transaction, unless people are already there (another process
 * starting at the same moment won); true when it did. Every account gets the same demo password hash (hashed
 * once: 640 argon2id hashes would take half a minute and protect nothing in a demo).
 */
export async function seedDemoDistrict(
  storage: Storage,
  demoPasswordHash: string,
  now: number,
  district: DemoDistrict = generateLakeside(),
) {
  const people = district.users.map(({ orgIds: _orgIds, ...user }) => ({
    ...user,
    status: 'active',
    passwordHash: demoPasswordHash,
    createdAt: now,
    updatedAt: now,
  }));
  const memberships = district.users.flatMap((user) => user.orgIds.map((orgId) => ({ userId: user.id, orgId })));
  return storage.transaction(async (tx) => {
    if (storage.engine === 'postgres')
      await storage.executor(tx).execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`);
    if ((await countRows(storage, portalTable('users'), tx)) > 0) return false;
    await insertRows(storage, portalTable('orgs'), district.orgs, tx);
    await insertRows(storage, portalTable('users'), people, tx);
    await insertRows(storage, portalTable('user_orgs'), memberships, tx);
    await insertRows(storage, portalTable('classes'), district.classes, tx);
    await insertRows(storage, portalTable('enrollments'), district.enrollments, tx);
    await insertRows(storage, portalTable('apps'), district.apps, tx);
    await insertRows(storage, portalTable('access_rules'), district.rules, tx);
    // Processes already running (started at the same moment) reload the catalog they found empty.
    await createChangeGenerations(storage).bump(CATALOG_TOPIC, tx);
    return true;
  });
}
