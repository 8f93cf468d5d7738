import { and, desc, eq, sql } from 'drizzle-orm';
import { auditEvents } from '../../audit/schema';
import type { Db } from '../../db/connection';
import { displayName } from '../../directory/directory';
import { users } from '../../directory/schema';

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

/**
 * How many old portal bookmarks the extension has pointed at the portal's canonical URL, from the audit
 * log (kept as long as GATEHOUSE_AUDIT_RETENTION_DAYS). The person is the repair's subject, else its actor.
 */
export function bookmarkRepairs(db: Db, recent = 10): BookmarkRepairs {
  const count = sql<number>`coalesce(cast(json_extract(${auditEvents.detail}, '$.count') as integer), 0)`;
  const person = sql<string | null>`coalesce(${auditEvents.subjectUserId}, ${auditEvents.actorUserId})`;
  const repaired = and(eq(auditEvents.action, BOOKMARKS_REPAIRED), eq(auditEvents.outcome, 'success'));

  const totals = db
    .select({
      total: sql<number>`coalesce(sum(${count}), 0)`,
      people: sql<number>`count(distinct ${person})`,
    })
    .from(auditEvents)
    .where(repaired)
    .get();
  const rows = db
    .select({
      at: auditEvents.at,
      userId: person,
      givenName: users.givenName,
      familyName: users.familyName,
      count,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, person))
    .where(repaired)
    .orderBy(desc(auditEvents.id))
    .limit(recent)
    .all();

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
