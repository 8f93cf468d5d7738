import { CATALOG_TOPIC } from '../apps/catalog';
import { createDirectory } from '../directory/directory';
import type { PersonRow } from '../roster/roster-store';
import { rosterServiceFor, type RosterServiceConfig } from '../roster/roster-service';
import { createChangeGenerations } from '../storage/change-generations';
import { countRows, insertRows } from '../storage/table-rows';
import { portalTable } from '../storage/tables';
import type { PostgresStorage, Storage, Tx } from '../storage/storage';
import { generateLakeside, type DemoDistrict } from './lakeside';
import { demoPortalRoles, lakesideRoster } from './lakeside-roster';
import { seedPracticeSaml } from './practice-saml';
import { seedPracticeOidc } from './practice-oidc';

/** True when the database holds no people yet, i.e. on a first start. */
export async function isEmpty(storage: Storage): Promise<boolean> {
  return (await countRows(storage, portalTable('users'))) === 0;
}

/** Serialises first starts of several processes on one PostgreSQL, so the district is loaded once. */
const SEED_LOCK = 7_340_118;

/**
 * How the demo's roster is read, whatever the district's settings say: its usernames come from the SIS
 * column (the README names them), and `sped` from `metadata.sped`, as the default GATEHOUSE_ROSTER_FLAGS reads it. Sessions only matter
 * when a sync deactivates someone, which a first import never does.
 */
const DEMO_ROSTER: RosterServiceConfig = {
  sessionIdleMs: 60 * 60_000,
  sessionMaxMs: 12 * 3_600_000,
  roster: { usernames: 'sis', flagColumns: { sped: ['metadata.sped'] }, holdShare: 0.1 },
};

/**
 * Loads Lakeside ISD on a first start, as a district's SIS would: its OneRoster bundle through the roster
 * importer (source `demo`). Inside the import's own transaction, when it creates the people, every account
 * gets the demo password hash, IT and the district admin get the portal rights no SIS may give, and the demo
 * apps and their rules go in: a crash at any point leaves either an empty database or the whole demo.
 * False when people were already there (another process starting at the same moment won). Every account
 * shares one hash (hashed once: 640 argon2id hashes would take half a minute and protect nothing in a demo).
 */
export async function seedDemoDistrict(
  storage: Storage,
  demoPasswordHash: string,
  now: number,
  district: DemoDistrict = generateLakeside(),
): Promise<boolean> {
  return oneSeedAtATime(storage, async () => {
    if (!(await isEmpty(storage))) return false;
    let seeded = false;
    const finishDemo = async (people: PersonRow[], tx: Tx) => {
      await finishDemoDistrict(storage, { people, district, demoPasswordHash, now }, tx);
      seeded = true;
    };
    const roster = rosterServiceFor(storage, DEMO_ROSTER, () => now, finishDemo);
    const report = await roster.importFiles(lakesideRoster(now, district), { source: 'demo', actorId: null });
    // `unchanged`: a process on the same SQLite file imported it between our check and our import.
    if (report.outcome !== 'applied' && report.outcome !== 'unchanged')
      throw new Error(`The demo roster was not imported (${report.outcome}): ${report.errors[0]?.message ?? ''}`);
    return seeded;
  });
}

/** What the SIS does not bring, in the import's transaction: passwords, portal rights, the app catalog. */
async function finishDemoDistrict(
  storage: Storage,
  demo: { people: PersonRow[]; district: DemoDistrict; demoPasswordHash: string; now: number },
  tx: Tx,
) {
  const directory = createDirectory(storage, () => demo.now);
  await directory.setMissingPasswordHashes(demo.demoPasswordHash, tx);
  const idOf = new Map(demo.people.map((person) => [person.username, person.id]));
  for (const { username, role } of demoPortalRoles(demo.district)) {
    const userId = idOf.get(username);
    if (!userId || !(await directory.setPortalRole(userId, role, tx)))
      throw new Error(`The demo roster did not create ${username}`);
  }
  await insertRows(storage, portalTable('apps'), demo.district.apps, tx);
  await insertRows(storage, portalTable('access_rules'), demo.district.rules, tx);
  await seedPracticeSaml(storage, demo.now, tx);
  await seedPracticeOidc(storage, demo.now, tx);
  // Processes already running (started at the same moment) reload the catalog they found empty.
  await createChangeGenerations(storage).bump(CATALOG_TOPIC, tx);
}

/**
 * On PostgreSQL, a session-level advisory lock held on a connection of its own for the whole seed (the
 * import opens its own transaction): a second process starting at the same moment waits here, then finds the
 * district there and does nothing. On SQLite one file has one writer at a time, and the importer compares
 * again inside its transaction, so a second import finds nothing to change.
 */
async function oneSeedAtATime<T>(storage: Storage, work: () => Promise<T>): Promise<T> {
  if (storage.engine === 'sqlite') return work();
  return withSessionLock(storage, work);
}

async function withSessionLock<T>(storage: PostgresStorage, work: () => Promise<T>): Promise<T> {
  const client = await storage.db.$client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SEED_LOCK]);
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK]);
    }
  } finally {
    client.release();
  }
}
