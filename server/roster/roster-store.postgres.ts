import { Param, sql, type SQL } from 'drizzle-orm';
import type { RosterReport } from '../../shared/roster';
import type { PostgresExecutor, PostgresStorage } from '../storage/storage';
import {
  summarize,
  type ClassRow,
  type CurrentRoster,
  type EnrollmentRow,
  type OrgRow,
  type PersonRow,
  type RosterStore,
  type SessionRow,
} from './roster-store';

/** Serialises syncs of several processes on one PostgreSQL (a transaction-scoped advisory lock). */
const SYNC_LOCK = 7_340_119;
/** Rows per statement: each column travels as one array parameter, so this bounds memory, not parameter count. */
const BATCH = 5_000;

const rowsOf = async <T>(query: Promise<{ rows: unknown[] }>) => (await query).rows as T[];

/** A column's values as one array parameter: `unnest(${array(values)}::text[])`. */
const array = (values: unknown[]) => new Param(values);

export function postgresRosterStore(storage: PostgresStorage): RosterStore {
  const on = (tx?: Parameters<PostgresStorage['executor']>[0]) => storage.executor(tx);

  async function loadCurrent(db: PostgresExecutor): Promise<CurrentRoster> {
    const [lastApplied, orgs, sessions, people, classes, enrollments, usernames, orgIds] = [
      await lastAppliedSyncId(db),
      await rowsOf<OrgRow>(db.execute(sql.raw(ORG_SELECT))),
      await rowsOf<SessionRow>(db.execute(sql.raw(SESSION_SELECT))),
      await rowsOf<PersonRow>(db.execute(sql.raw(PERSON_SELECT))),
      await rowsOf<ClassRow>(db.execute(sql.raw(CLASS_SELECT))),
      await rowsOf<EnrollmentRow>(db.execute(sql.raw(ENROLLMENT_SELECT))),
      await rowsOf<{ username: string }>(db.execute(sql`SELECT lower(username) AS username FROM users`)),
      await rowsOf<{ id: string }>(db.execute(sql`SELECT id FROM orgs`)),
    ];
    return {
      lastAppliedSyncId: lastApplied,
      orgs: keyed(orgs),
      sessions: keyed(sessions),
      people: keyed(people),
      classes: keyed(classes),
      enrollments: keyed(enrollments),
      usernames: new Set(usernames.map((row) => row.username)),
      orgIds: new Set(orgIds.map((row) => row.id)),
    };
  }

  return {
    async loadCurrent(tx) {
      if (tx) return loadCurrent(on(tx));
      // One snapshot: the rows of every table as of the same moment.
      return storage.db.transaction((snapshot) => loadCurrent(snapshot), {
        isolationLevel: 'repeatable read',
        accessMode: 'read only',
      });
    },
    async lockForSync(tx) {
      await on(tx).execute(sql`SELECT pg_advisory_xact_lock(${SYNC_LOCK})`);
      return lastAppliedSyncId(on(tx));
    },
    async write(plan, now, tx) {
      const db = on(tx);
      await inBatches(plan.sessions.insert, (rows) => db.execute(insertSessions(rows)));
      await inBatches(plan.sessions.update, (rows) => db.execute(updateSessions(rows)));
      await inBatches(plan.orgs.insert, (rows) => db.execute(insertOrgs(rows)));
      await inBatches(plan.orgs.update, (rows) => db.execute(updateOrgs(rows)));
      await inBatches(plan.people.insert, (rows) => db.execute(insertPeople(rows, now)));
      await inBatches(plan.people.update, (rows) => db.execute(updatePeople(rows, now)));
      await inBatches(plan.membershipsOf, async (rows) => {
        await db.execute(sql`DELETE FROM user_orgs WHERE user_id = ANY(${array(rows.map((row) => row.id))}::text[])`);
        const pairs = rows.flatMap((row) => row.orgIds.map((orgId) => [row.id, orgId] as const));
        if (pairs.length) await db.execute(insertPairs('user_orgs', 'user_id', 'org_id', pairs));
      });
      await inBatches(plan.classes.insert, (rows) => db.execute(insertClasses(rows)));
      await inBatches(plan.classes.update, (rows) => db.execute(updateClasses(rows)));
      await inBatches(plan.termsOf, async (rows) => {
        await db.execute(
          sql`DELETE FROM class_terms WHERE class_id = ANY(${array(rows.map((row) => row.id))}::text[])`,
        );
        const pairs = rows.flatMap((row) => row.termIds.map((sessionId) => [row.id, sessionId] as const));
        if (pairs.length) await db.execute(insertPairs('class_terms', 'class_id', 'session_id', pairs));
      });
      await inBatches(plan.enrollments.insert, (rows) => db.execute(insertEnrollments(rows)));
      await inBatches(plan.enrollments.update, (rows) => db.execute(updateEnrollments(rows)));
    },
    async recordSync(record, tx) {
      const [row] = await rowsOf<{ id: number }>(
        on(tx).execute(sql`
          INSERT INTO roster_syncs (started_at, finished_at, source, source_name, format, file_hash, actor_id, outcome,
            report, held_bundle)
          VALUES (${record.startedAt}, ${record.finishedAt}, ${record.source}, ${record.sourceName}, ${record.format},
            ${record.fileHash}, ${record.actorId}, ${record.outcome}, ${JSON.stringify(record.report)}::jsonb,
            ${record.heldBundle})
          RETURNING id`),
      );
      return Number(row!.id);
    },
    async markApproved(syncId, actorId, at, tx) {
      const result = await on(tx).execute(sql`
        UPDATE roster_syncs SET outcome = 'approved', approved_by = ${actorId}, approved_at = ${at}, held_bundle = NULL
        WHERE id = ${syncId} AND outcome = 'held'`);
      return (result.rowCount ?? 0) > 0;
    },
    async findHeld(syncId) {
      const [row] = await rowsOf<{ id: number; heldBundle: string; sourceName: string; fileHash: string }>(
        on().execute(sql`
          SELECT id, held_bundle AS "heldBundle", source_name AS "sourceName", file_hash AS "fileHash"
          FROM roster_syncs WHERE id = ${syncId} AND outcome = 'held' AND held_bundle IS NOT NULL`),
      );
      return row && { ...row, id: Number(row.id) };
    },
    async history(limit) {
      const rows = await rowsOf<Parameters<typeof summarize>[0]>(
        on().execute(sql`SELECT ${sql.raw(SYNC_COLUMNS)} FROM ${sql.raw(SYNC_FROM)} ORDER BY s.id DESC LIMIT ${limit}`),
      );
      return rows.map((row) => summarize({ ...row, id: Number(row.id) }));
    },
    async report(syncId) {
      const [row] = await rowsOf<{ report: RosterReport }>(
        on().execute(sql`SELECT report FROM roster_syncs WHERE id = ${syncId}`),
      );
      return row && { ...row.report, syncId };
    },
    async lastGoodSyncAt() {
      const [row] = await rowsOf<{ at: number | null }>(
        on().execute(sql`SELECT max(coalesce(approved_at, finished_at)) AS at FROM roster_syncs
          WHERE outcome IN ('applied', 'approved', 'unchanged')`),
      );
      return row?.at ?? null;
    },
    async lastGoodSync() {
      const [row] = await rowsOf<{ id: number; syncKey: string | null }>(
        on().execute(sql`SELECT id, report->>'syncKey' AS "syncKey" FROM roster_syncs
          WHERE outcome IN ('applied', 'approved', 'unchanged') ORDER BY id DESC LIMIT 1`),
      );
      return row && { id: Number(row.id), syncKey: row.syncKey };
    },
    async heldCount() {
      const [row] = await rowsOf<{ held: number }>(
        on().execute(sql`SELECT count(*)::int AS held FROM roster_syncs WHERE outcome = 'held'`),
      );
      return row?.held ?? 0;
    },
  };
}

async function lastAppliedSyncId(db: PostgresExecutor): Promise<number> {
  const [row] = await rowsOf<{ id: number }>(
    db.execute(sql`SELECT coalesce(max(id), 0) AS id FROM roster_syncs WHERE outcome IN ('applied', 'approved')`),
  );
  return Number(row?.id ?? 0);
}

function keyed<T extends { sourcedId: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.sourcedId, row]));
}

async function inBatches<T>(rows: T[], write: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) await write(rows.slice(start, start + BATCH));
}

const column = <T>(rows: T[], pick: (row: T) => unknown) => array(rows.map(pick));

const insertSessions = (rows: SessionRow[]) => sql`
  INSERT INTO academic_sessions (id, sourced_id, title, type, start_date, end_date, status)
  SELECT * FROM unnest(${column(rows, (r) => r.id)}::text[], ${column(rows, (r) => r.sourcedId)}::text[],
    ${column(rows, (r) => r.title)}::text[], ${column(rows, (r) => r.type)}::text[],
    ${column(rows, (r) => r.startDate)}::text[], ${column(rows, (r) => r.endDate)}::text[],
    ${column(rows, (r) => r.status)}::text[])`;

const updateSessions = (rows: SessionRow[]) => sql`
  UPDATE academic_sessions t SET title = v.title, type = v.type, start_date = v.start_date, end_date = v.end_date,
    status = v.status
  FROM unnest(${column(rows, (r) => r.id)}::text[], ${column(rows, (r) => r.title)}::text[],
    ${column(rows, (r) => r.type)}::text[], ${column(rows, (r) => r.startDate)}::text[],
    ${column(rows, (r) => r.endDate)}::text[], ${column(rows, (r) => r.status)}::text[])
    AS v(id, title, type, start_date, end_date, status)
  WHERE t.id = v.id`;

const orgColumns = (rows: OrgRow[]): SQL => sql`
  ${column(rows, (r) => r.id)}::text[], ${column(rows, (r) => r.sourcedId)}::text[], ${column(rows, (r) => r.name)}::text[],
  ${column(rows, (r) => r.type)}::text[], ${column(rows, (r) => r.parentId)}::text[],
  ${column(rows, (r) => r.gradeLow)}::int[], ${column(rows, (r) => r.gradeHigh)}::int[],
  ${column(rows, (r) => r.status)}::text[]`;

const insertOrgs = (rows: OrgRow[]) => sql`
  INSERT INTO orgs (id, sourced_id, name, type, parent_id, grade_low, grade_high, status)
  SELECT * FROM unnest(${orgColumns(rows)})`;

const updateOrgs = (rows: OrgRow[]) => sql`
  UPDATE orgs t SET name = v.name, type = v.type, parent_id = v.parent_id, grade_low = v.grade_low,
    grade_high = v.grade_high, status = v.status
  FROM unnest(${orgColumns(rows)}) AS v(id, sourced_id, name, type, parent_id, grade_low, grade_high, status)
  WHERE t.id = v.id`;

const personColumns = (rows: PersonRow[]): SQL => sql`
  ${column(rows, (r) => r.id)}::text[], ${column(rows, (r) => r.sourcedId)}::text[],
  ${column(rows, (r) => r.username)}::text[], ${column(rows, (r) => r.givenName)}::text[],
  ${column(rows, (r) => r.familyName)}::text[], ${column(rows, (r) => r.email)}::text[],
  ${column(rows, (r) => r.role)}::text[], ${column(rows, (r) => r.grade)}::int[],
  ${column(rows, (r) => JSON.stringify(r.sisFlags))}::text[], ${column(rows, (r) => r.status)}::text[]`;

const insertPeople = (rows: PersonRow[], now: number) => sql`
  INSERT INTO users (id, sourced_id, username, given_name, family_name, email, role, grade, sis_flags, status,
    created_at, updated_at)
  SELECT id, sourced_id, username, given_name, family_name, email, role, grade, sis_flags::jsonb, status, ${now}, ${now}
  FROM unnest(${personColumns(rows)})
    AS v(id, sourced_id, username, given_name, family_name, email, role, grade, sis_flags, status)`;

const updatePeople = (rows: PersonRow[], now: number) => sql`
  UPDATE users t SET given_name = v.given_name, family_name = v.family_name, email = v.email, role = v.role,
    grade = v.grade, sis_flags = v.sis_flags::jsonb, status = v.status, updated_at = ${now}
  FROM unnest(${personColumns(rows)})
    AS v(id, sourced_id, username, given_name, family_name, email, role, grade, sis_flags, status)
  WHERE t.id = v.id`;

const insertPairs = (table: string, left: string, right: string, pairs: (readonly [string, string])[]) => sql`
  INSERT INTO ${sql.raw(table)} (${sql.raw(left)}, ${sql.raw(right)})
  SELECT * FROM unnest(${array(pairs.map((pair) => pair[0]))}::text[], ${array(pairs.map((pair) => pair[1]))}::text[])`;

const classColumns = (rows: ClassRow[]): SQL => sql`
  ${column(rows, (r) => r.id)}::text[], ${column(rows, (r) => r.sourcedId)}::text[], ${column(rows, (r) => r.orgId)}::text[],
  ${column(rows, (r) => r.title)}::text[], ${column(rows, (r) => r.grade)}::int[], ${column(rows, (r) => r.status)}::text[]`;

const insertClasses = (rows: ClassRow[]) => sql`
  INSERT INTO classes (id, sourced_id, org_id, title, grade, status) SELECT * FROM unnest(${classColumns(rows)})`;

const updateClasses = (rows: ClassRow[]) => sql`
  UPDATE classes t SET org_id = v.org_id, title = v.title, grade = v.grade, status = v.status
  FROM unnest(${classColumns(rows)}) AS v(id, sourced_id, org_id, title, grade, status)
  WHERE t.id = v.id`;

const enrollmentColumns = (rows: EnrollmentRow[]): SQL => sql`
  ${column(rows, (r) => r.id)}::text[], ${column(rows, (r) => r.sourcedId)}::text[],
  ${column(rows, (r) => r.classId)}::text[], ${column(rows, (r) => r.userId)}::text[],
  ${column(rows, (r) => r.role)}::text[], ${column(rows, (r) => r.status)}::text[]`;

const insertEnrollments = (rows: EnrollmentRow[]) => sql`
  INSERT INTO enrollments (id, sourced_id, class_id, user_id, role, status)
  SELECT * FROM unnest(${enrollmentColumns(rows)})`;

const updateEnrollments = (rows: EnrollmentRow[]) => sql`
  UPDATE enrollments t SET class_id = v.class_id, user_id = v.user_id, role = v.role, status = v.status
  FROM unnest(${enrollmentColumns(rows)}) AS v(id, sourced_id, class_id, user_id, role, status)
  WHERE t.id = v.id`;

const ORG_SELECT = `SELECT id, sourced_id AS "sourcedId", name, type, parent_id AS "parentId", grade_low AS "gradeLow",
  grade_high AS "gradeHigh", status FROM orgs WHERE sourced_id IS NOT NULL`;
const SESSION_SELECT = `SELECT id, sourced_id AS "sourcedId", title, type, start_date AS "startDate",
  end_date AS "endDate", status FROM academic_sessions`;
const PERSON_SELECT = `SELECT id, sourced_id AS "sourcedId", username, given_name AS "givenName",
  family_name AS "familyName", email, role, grade, sis_flags AS "sisFlags", status,
  coalesce((SELECT array_agg(org_id ORDER BY org_id COLLATE "C") FROM user_orgs WHERE user_id = users.id), '{}') AS "orgIds"
  FROM users WHERE sourced_id IS NOT NULL`;
const CLASS_SELECT = `SELECT id, sourced_id AS "sourcedId", org_id AS "orgId", title, grade, status,
  coalesce((SELECT array_agg(session_id ORDER BY session_id COLLATE "C") FROM class_terms WHERE class_id = classes.id), '{}')
    AS "termIds"
  FROM classes WHERE sourced_id IS NOT NULL`;
const ENROLLMENT_SELECT = `SELECT id, sourced_id AS "sourcedId", class_id AS "classId", user_id AS "userId", role, status
  FROM enrollments WHERE sourced_id IS NOT NULL`;

const SYNC_COLUMNS = `s.id, s.started_at AS "startedAt", s.finished_at AS "finishedAt", s.source,
  s.source_name AS "sourceName", s.format, s.file_hash AS "fileHash", u.username AS "actorUsername", s.outcome,
  s.report, a.username AS "approvedBy", s.approved_at AS "approvedAt"`;
const SYNC_FROM = `roster_syncs s LEFT JOIN users u ON u.id = s.actor_id LEFT JOIN users a ON a.id = s.approved_by`;
