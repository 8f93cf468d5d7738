import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { auditEvents as sqliteAudit } from '../../audit/schema';
import { auditEvents as postgresAudit } from '../../audit/schema.pg';
import { displayName } from '../../directory/directory';
import { users as sqliteUsers } from '../../directory/schema';
import { users as postgresUsers } from '../../directory/schema.pg';
import { byEngine, type PostgresStorage, type SqliteStorage, type Storage } from '../../storage/storage';

/** The audit action the extension's bookmark repair writes, with `detail: { count }`. */
export const BOOKMARKS_REPAIRED = 'extension.bookmarks_repaired';

export interface BookmarkRepairs {
  /** Bookmarks repaired in all. */
  total: number;
  /** People who had at least one repaired. */
  people: number;
  /** The most recent repairs, newest first. */
  last: { at: number; userId: string | null; displayName: string | null; count: number }[];
}

type RepairRow = {
  at: number;
  userId: string | null;
  givenName: string | null;
  familyName: string | null;
  count: number;
};
type Totals = { total: number; people: number } | undefined;

/**
 * How many old portal bookmarks the extension has pointed at the portal's canonical URL, from the audit
 * log (kept as long as GATEHOUSE_AUDIT_RETENTION_DAYS). The person is the repair's subject, else its actor.
 */
export async function bookmarkRepairs(storage: Storage, recent = 10): Promise<BookmarkRepairs> {
  const [totals, rows] = await byEngine(storage, {
    sqlite: (sqlite) => readOnSqlite(sqlite, recent),
    postgres: (postgres) => readOnPostgres(postgres, recent),
  });
  return {
    total: totals?.total ?? 0,
    people: totals?.people ?? 0,
    last: rows.map((row) => ({
      at: row.at,
      userId: row.userId,
      displayName:
        row.givenName !== null && row.familyName !== null
          ? displayName({ givenName: row.givenName, familyName: row.familyName })
          : null,
      count: row.count,
    })),
  };
}

function readOnSqlite(storage: SqliteStorage, recent: number) {
  const count = sql<number>`coalesce(cast(json_extract(${sqliteAudit.detail}, '$.count') as integer), 0)`;
  const person = sql<string | null>`coalesce(${sqliteAudit.subjectUserId}, ${sqliteAudit.actorUserId})`;
  const repaired = and(eq(sqliteAudit.action, BOOKMARKS_REPAIRED), eq(sqliteAudit.outcome, 'success'));
  const { db } = storage;
  return storage.run(undefined, (): [Totals, RepairRow[]] => [
    db
      .select({ total: sql<number>`coalesce(sum(${count}), 0)`, people: sql<number>`count(distinct ${person})` })
      .from(sqliteAudit)
      .where(repaired)
      .get(),
    db
      .select({
        at: sqliteAudit.at,
        userId: person,
        givenName: sqliteUsers.givenName,
        familyName: sqliteUsers.familyName,
        count,
      })
      .from(sqliteAudit)
      .leftJoin(sqliteUsers, eq(sqliteUsers.id, person))
      .where(repaired)
      .orderBy(desc(sqliteAudit.id))
      .limit(recent)
      .all(),
  ]);
}

async function readOnPostgres(storage: PostgresStorage, recent: number): Promise<[Totals, RepairRow[]]> {
  // detail is jsonb; a count that is not a whole number counts as none, as SQLite's cast makes it.
  const count: SQL<number> = sql<number>`coalesce(CASE WHEN jsonb_typeof(${postgresAudit.detail} -> 'count') = 'number'
    THEN floor((${postgresAudit.detail} ->> 'count')::numeric)::int END, 0)`;
  const person = sql<string | null>`coalesce(${postgresAudit.subjectUserId}, ${postgresAudit.actorUserId})`;
  const repaired = and(eq(postgresAudit.action, BOOKMARKS_REPAIRED), eq(postgresAudit.outcome, 'success'));
  const { db } = storage;
  const [totals] = await db
    .select({
      total: sql<number>`coalesce(sum(${count}), 0)::int`,
      people: sql<number>`count(distinct ${person})::int`,
    })
    .from(postgresAudit)
    .where(repaired);
  const rows = await db
    .select({
      at: postgresAudit.at,
      userId: person,
      givenName: postgresUsers.givenName,
      familyName: postgresUsers.familyName,
      count,
    })
    .from(postgresAudit)
    .leftJoin(postgresUsers, eq(postgresUsers.id, person))
    .where(repaired)
    .orderBy(desc(postgresAudit.id))
    .limit(recent);
  return [totals, rows];
}
