import type { RosterReport } from '../../shared/roster';
import type { SqliteStorage } from '../storage/storage';
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

const SYNC_COLUMNS = `s.id, s.started_at AS startedAt, s.finished_at AS finishedAt, s.source, s.source_name AS sourceName,
  s.format, s.file_hash AS fileHash, u.username AS actorUsername, s.outcome, s.report,
  a.username AS approvedBy, s.approved_at AS approvedAt`;
const SYNC_FROM = `roster_syncs s LEFT JOIN users u ON u.id = s.actor_id LEFT JOIN users a ON a.id = s.approved_by`;

const splitSorted = (joined: string | null) => (joined ? joined.split('\x1f').sort() : []);

/** Prepared statements; the whole write runs as one synchronous transaction inside one unit of work. */
export function sqliteRosterStore(storage: SqliteStorage): RosterStore {
  const sqlite = storage.db.$client;
  const { run } = storage;
  const statements = prepareWrites(sqlite);
  const readSyncs = sqlite.prepare(`SELECT ${SYNC_COLUMNS} FROM ${SYNC_FROM} ORDER BY s.id DESC LIMIT ?`);
  const readSync = sqlite.prepare(`SELECT s.report FROM roster_syncs s WHERE s.id = ?`).pluck();
  const lastApplied = sqlite
    .prepare("SELECT coalesce(max(id), 0) FROM roster_syncs WHERE outcome IN ('applied', 'approved')")
    .pluck();

  const loadCurrent = (): CurrentRoster => ({
    lastAppliedSyncId: lastApplied.get() as number,
    orgs: keyed(sqlite.prepare(ORG_SELECT).all() as OrgRow[]),
    sessions: keyed(sqlite.prepare(SESSION_SELECT).all() as SessionRow[]),
    people: keyed(
      (sqlite.prepare(PERSON_SELECT).all() as (PersonRow & { sisFlags: string; orgIds: string | null })[]).map(
        (row) => ({ ...row, sisFlags: JSON.parse(row.sisFlags) as string[], orgIds: splitSorted(row.orgIds) }),
      ),
    ),
    classes: keyed(
      (sqlite.prepare(CLASS_SELECT).all() as (ClassRow & { termIds: string | null })[]).map((row) => ({
        ...row,
        termIds: splitSorted(row.termIds),
      })),
    ),
    enrollments: keyed(sqlite.prepare(ENROLLMENT_SELECT).all() as EnrollmentRow[]),
    usernames: new Set(sqlite.prepare('SELECT lower(username) FROM users').pluck().all() as string[]),
    orgIds: new Set(sqlite.prepare('SELECT id FROM orgs').pluck().all() as string[]),
  });

  return {
    loadCurrent: async (tx) => run(tx, () => sqlite.transaction(loadCurrent)()),
    lockForSync: async (tx) => run(tx, () => lastApplied.get() as number),
    async write(plan, now, tx) {
      await run(tx, () => {
        const s = statements;
        for (const row of plan.sessions.insert) s.insertSession.run(row);
        for (const row of plan.sessions.update) s.updateSession.run(row);
        for (const row of plan.orgs.insert) s.insertOrg.run(row);
        for (const row of plan.orgs.update) s.updateOrg.run(row);
        for (const row of plan.people.insert) s.insertPerson.run(personParams(row, now));
        for (const row of plan.people.update) s.updatePerson.run(personParams(row, now));
        for (const person of plan.membershipsOf) {
          s.deleteMemberships.run(person.id);
          for (const orgId of person.orgIds) s.insertMembership.run(person.id, orgId);
        }
        for (const row of plan.classes.insert) s.insertClass.run(classParams(row));
        for (const row of plan.classes.update) s.updateClass.run(classParams(row));
        for (const row of plan.termsOf) {
          s.deleteTerms.run(row.id);
          for (const sessionId of row.termIds) s.insertTerm.run(row.id, sessionId);
        }
        for (const row of plan.enrollments.insert) s.insertEnrollment.run(row);
        for (const row of plan.enrollments.update) s.updateEnrollment.run(row);
      });
    },
    recordSync: async (record, tx) =>
      run(tx, () => Number(statements.insertSync.run(syncParams(record)).lastInsertRowid)),
    markApproved: async (syncId, actorId, at, tx) =>
      run(tx, () => statements.approve.run(actorId, at, syncId).changes > 0),
    findHeld: async (syncId) =>
      run(undefined, () => statements.findHeld.get(syncId) as Awaited<ReturnType<RosterStore['findHeld']>>),
    async history(limit) {
      const rows = (await run(undefined, () => readSyncs.all(limit))) as (Parameters<typeof summarize>[0] & {
        report: string;
      })[];
      return rows.map((row) => summarize({ ...row, report: JSON.parse(row.report) as RosterReport }));
    },
    async report(syncId) {
      const text = (await run(undefined, () => readSync.get(syncId))) as string | undefined;
      return text === undefined ? undefined : ({ ...JSON.parse(text), syncId } as RosterReport);
    },
    lastGoodSyncAt: async () => run(undefined, () => statements.lastGood.get() as number | null),
    heldCount: async () => run(undefined, () => statements.heldCount.get() as number),
    lastGoodSync: async () =>
      run(undefined, () => statements.lastGoodSync.get() as { id: number; syncKey: string | null } | undefined),
  };
}

function keyed<T extends { sourcedId: string }>(rows: T[]): Map<string, T> {
  return new Map(rows.map((row) => [row.sourcedId, row]));
}

const ORG_SELECT = `SELECT id, sourced_id AS sourcedId, name, type, parent_id AS parentId, grade_low AS gradeLow,
  grade_high AS gradeHigh, status FROM orgs WHERE sourced_id IS NOT NULL`;
const SESSION_SELECT = `SELECT id, sourced_id AS sourcedId, title, type, start_date AS startDate, end_date AS endDate,
  status FROM academic_sessions`;
const PERSON_SELECT = `SELECT id, sourced_id AS sourcedId, username, given_name AS givenName, family_name AS familyName,
  email, role, grade, sis_flags AS sisFlags, status,
  (SELECT group_concat(org_id, char(31)) FROM user_orgs WHERE user_id = users.id) AS orgIds
  FROM users WHERE sourced_id IS NOT NULL`;
const CLASS_SELECT = `SELECT id, sourced_id AS sourcedId, org_id AS orgId, title, grade, status,
  (SELECT group_concat(session_id, char(31)) FROM class_terms WHERE class_id = classes.id) AS termIds
  FROM classes WHERE sourced_id IS NOT NULL`;
const ENROLLMENT_SELECT = `SELECT id, sourced_id AS sourcedId, class_id AS classId, user_id AS userId, role, status
  FROM enrollments WHERE sourced_id IS NOT NULL`;

const personParams = (row: PersonRow, now: number) => ({
  id: row.id,
  sourcedId: row.sourcedId,
  username: row.username,
  givenName: row.givenName,
  familyName: row.familyName,
  email: row.email,
  role: row.role,
  grade: row.grade,
  sisFlags: JSON.stringify(row.sisFlags),
  status: row.status,
  now,
});

const classParams = ({ termIds: _termIds, ...row }: ClassRow) => row;

const syncParams = (record: Parameters<RosterStore['recordSync']>[0]) => ({
  ...record,
  report: JSON.stringify(record.report),
});

function prepareWrites(sqlite: SqliteStorage['db']['$client']) {
  const prepare = (text: string) => sqlite.prepare(text);
  return {
    insertSession: prepare(`INSERT INTO academic_sessions (id, sourced_id, title, type, start_date, end_date, status)
      VALUES (:id, :sourcedId, :title, :type, :startDate, :endDate, :status)`),
    updateSession: prepare(`UPDATE academic_sessions SET title = :title, type = :type, start_date = :startDate,
      end_date = :endDate, status = :status WHERE id = :id`),
    insertOrg: prepare(`INSERT INTO orgs (id, sourced_id, name, type, parent_id, grade_low, grade_high, status)
      VALUES (:id, :sourcedId, :name, :type, :parentId, :gradeLow, :gradeHigh, :status)`),
    updateOrg: prepare(`UPDATE orgs SET name = :name, type = :type, parent_id = :parentId, grade_low = :gradeLow,
      grade_high = :gradeHigh, status = :status WHERE id = :id`),
    insertPerson: prepare(`INSERT INTO users (id, sourced_id, username, given_name, family_name, email, role, grade,
      sis_flags, status, created_at, updated_at)
      VALUES (:id, :sourcedId, :username, :givenName, :familyName, :email, :role, :grade, :sisFlags, :status, :now, :now)`),
    updatePerson: prepare(`UPDATE users SET given_name = :givenName, family_name = :familyName, email = :email,
      role = :role, grade = :grade, sis_flags = :sisFlags, status = :status, updated_at = :now WHERE id = :id`),
    deleteMemberships: prepare('DELETE FROM user_orgs WHERE user_id = ?'),
    insertMembership: prepare('INSERT INTO user_orgs (user_id, org_id) VALUES (?, ?)'),
    insertClass: prepare(`INSERT INTO classes (id, sourced_id, org_id, title, grade, status)
      VALUES (:id, :sourcedId, :orgId, :title, :grade, :status)`),
    updateClass: prepare(`UPDATE classes SET org_id = :orgId, title = :title, grade = :grade, status = :status
      WHERE id = :id`),
    deleteTerms: prepare('DELETE FROM class_terms WHERE class_id = ?'),
    insertTerm: prepare('INSERT INTO class_terms (class_id, session_id) VALUES (?, ?)'),
    insertEnrollment: prepare(`INSERT INTO enrollments (id, sourced_id, class_id, user_id, role, status)
      VALUES (:id, :sourcedId, :classId, :userId, :role, :status)`),
    updateEnrollment: prepare(`UPDATE enrollments SET class_id = :classId, user_id = :userId, role = :role,
      status = :status WHERE id = :id`),
    insertSync: prepare(`INSERT INTO roster_syncs (started_at, finished_at, source, source_name, format, file_hash,
      actor_id, outcome, report, held_bundle)
      VALUES (:startedAt, :finishedAt, :source, :sourceName, :format, :fileHash, :actorId, :outcome, :report, :heldBundle)`),
    approve: prepare(`UPDATE roster_syncs SET outcome = 'approved', approved_by = ?, approved_at = ?, held_bundle = NULL
      WHERE id = ? AND outcome = 'held'`),
    findHeld: prepare(`SELECT id, held_bundle AS heldBundle, source_name AS sourceName, file_hash AS fileHash
      FROM roster_syncs WHERE id = ? AND outcome = 'held' AND held_bundle IS NOT NULL`),
    lastGood: prepare(`SELECT max(coalesce(approved_at, finished_at)) FROM roster_syncs
      WHERE outcome IN ('applied', 'approved', 'unchanged')`).pluck(),
    heldCount: prepare("SELECT count(*) FROM roster_syncs WHERE outcome = 'held'").pluck(),
    lastGoodSync: prepare(`SELECT id, json_extract(report, '$.syncKey') AS syncKey FROM roster_syncs
      WHERE outcome IN ('applied', 'approved', 'unchanged') ORDER BY id DESC LIMIT 1`),
  };
}
