import { sql } from 'drizzle-orm';
import type { Storage } from '../../server/storage/storage';

/**
 * Runs SQL behind the stores' backs, as someone with write access to the database (or a failing disk) would:
 * for tests of what the portal does when its tables are tampered with. Plain SQL both engines understand.
 */
export async function tamperWithDatabase(storage: Storage, statements: string) {
  if (storage.engine === 'sqlite') storage.db.$client.exec(statements);
  else await storage.db.execute(sql.raw(statements));
}

/** Makes every audit write fail (as a full disk would) until the returned function mends it. */
export async function breakAuditWrites(storage: Storage): Promise<() => Promise<void>> {
  if (storage.engine === 'sqlite') {
    await tamperWithDatabase(
      storage,
      `CREATE TRIGGER audit_broken BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    return () => tamperWithDatabase(storage, 'DROP TRIGGER audit_broken');
  }
  await tamperWithDatabase(
    storage,
    `CREATE FUNCTION audit_broken() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
     CREATE TRIGGER audit_broken BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_broken();`,
  );
  return () => tamperWithDatabase(storage, 'DROP TRIGGER audit_broken ON audit_events; DROP FUNCTION audit_broken();');
}
