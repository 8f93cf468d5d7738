import type { SqliteStorage } from '../storage/storage';
import {
  accessFactsOf,
  containsPattern,
  localDate,
  peopleFactsOf,
  type PeopleFactsRows,
  type Campus,
  type ClassSummary,
  type Directory,
  type Person,
  type PersonSummary,
  type StudentInClass,
} from './directory';

/** A class counts in its terms (any that holds today), or always when the SIS gave it none. */
const IN_CURRENT_TERM = `(NOT EXISTS (SELECT 1 FROM class_terms ct WHERE ct.class_id = c.id) OR EXISTS (
  SELECT 1 FROM class_terms ct JOIN academic_sessions s ON s.id = ct.session_id
  WHERE ct.class_id = c.id AND s.status = 'active' AND s.start_date <= :today AND s.end_date >= :today))`;

/** OneRoster's orgs.csv gives no grade range: then a campus's youngest students say where it sorts. */
const YOUNGEST_GRADE = `coalesce(grade_low, (SELECT min(u.grade) FROM user_orgs uo JOIN users u ON u.id = uo.user_id
  WHERE uo.org_id = orgs.id AND u.role = 'student' AND u.status = 'active'))`;

/** The latest end of the class's terms that hold today; null when it has none. */
const CURRENT_TERM_END = `(SELECT max(s.end_date) FROM class_terms ct JOIN academic_sessions s ON s.id = ct.session_id
  WHERE ct.class_id = c.id AND s.status = 'active' AND s.start_date <= :today AND s.end_date >= :today)`;

const CLASS_SUMMARY = `SELECT c.id, c.title, c.org_id AS campusId, o.name AS campusName, ${CURRENT_TERM_END} AS termEndsOn
  FROM classes c JOIN orgs o ON o.id = c.org_id`;

const ACTIVE_STUDENTS = "FROM users WHERE role = 'student' AND status = 'active'";

type PersonRow = Omit<Person, 'sisFlags' | 'campusIds' | 'classIds'> & {
  sisFlags: string;
  campusIds: string | null;
  classIds: string | null;
};
type StudentRow = PersonRow & Pick<StudentInClass, 'classTitle' | 'campusName'>;

// Memberships come in the same statement as the person: on a file database each statement is its own read
// transaction, which costs more than the reads themselves, and every signed-in request needs both.
const PERSON_COLUMNS = `id, sourced_id AS sourcedId, username, given_name AS givenName, family_name AS familyName, email, role, grade,
  sis_flags AS sisFlags, status, password_hash AS passwordHash,
  (SELECT group_concat(org_id, char(31)) FROM user_orgs WHERE user_id = users.id) AS campusIds,
  (SELECT count(*) FROM enrollments e JOIN classes c ON c.id = e.class_id
    WHERE e.user_id = users.id AND e.status = 'active' AND c.status = 'active' AND ${IN_CURRENT_TERM}) AS classCount,
  (SELECT group_concat(c.id, char(31)) FROM enrollments e JOIN classes c ON c.id = e.class_id
    WHERE e.user_id = users.id AND e.status = 'active' AND c.status = 'active' AND ${IN_CURRENT_TERM}) AS classIds`;

const withLists = <Row extends PersonRow>(row: Row): Omit<Row, 'sisFlags' | 'campusIds' | 'classIds'> & Person => ({
  ...row,
  sisFlags: JSON.parse(row.sisFlags) as string[],
  campusIds: row.campusIds ? row.campusIds.split('\x1f') : [],
  classIds: row.classIds ? row.classIds.split('\x1f') : [],
});

const toPerson = (row: PersonRow | undefined): Person | undefined => row && withLists(row);
const toStudents = (rows: unknown[]): StudentInClass[] => (rows as StudentRow[]).map((row) => withLists(row));

/** Badge and credentials sheets: who a teacher teaches, and the students of a class or a campus. */
function prepareClassQueries(sqlite: SqliteStorage['db']['$client']) {
  return {
    taughtBy: sqlite.prepare(`${CLASS_SUMMARY}
      WHERE c.status = 'active' AND ${IN_CURRENT_TERM} AND EXISTS (SELECT 1 FROM enrollments e
        WHERE e.class_id = c.id AND e.user_id = :userId AND e.role = 'teacher' AND e.status = 'active')
      ORDER BY c.title, c.id`),
    classById: sqlite.prepare(`${CLASS_SUMMARY} WHERE c.id = :classId AND c.status = 'active'`),
    campusById: sqlite.prepare("SELECT id, name FROM orgs WHERE id = ? AND type = 'school' AND status = 'active'"),
    inClass: sqlite.prepare(`SELECT ${PERSON_COLUMNS},
        (SELECT k.title FROM classes k WHERE k.id = :classId) AS classTitle,
        (SELECT o.name FROM classes k JOIN orgs o ON o.id = k.org_id WHERE k.id = :classId) AS campusName
      ${ACTIVE_STUDENTS} AND id IN (SELECT e.user_id FROM enrollments e
        WHERE e.class_id = :classId AND e.role = 'student' AND e.status = 'active')
      ORDER BY family_name, given_name, id`),
    onCampus: sqlite.prepare(`SELECT ${PERSON_COLUMNS},
        (SELECT c.title FROM enrollments e JOIN classes c ON c.id = e.class_id
          WHERE e.user_id = users.id AND e.role = 'student' AND e.status = 'active' AND c.status = 'active'
            AND c.org_id = :campusId AND ${IN_CURRENT_TERM}
          ORDER BY c.title, c.id LIMIT 1) AS classTitle,
        (SELECT o.name FROM orgs o WHERE o.id = :campusId) AS campusName
      ${ACTIVE_STUDENTS} AND id IN (SELECT uo.user_id FROM user_orgs uo WHERE uo.org_id = :campusId)
      ORDER BY grade, family_name, given_name, id`),
    teaches: sqlite
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM enrollments te JOIN classes c ON c.id = te.class_id
          JOIN enrollments se ON se.class_id = c.id
        WHERE te.user_id = :teacherId AND te.role = 'teacher' AND te.status = 'active'
          AND se.user_id = :studentId AND se.role = 'student' AND se.status = 'active'
          AND c.status = 'active' AND ${IN_CURRENT_TERM})`,
      )
      .pluck(),
  };
}

/** Prepared statements: these run on every sign-in and dashboard load. */
export function sqliteDirectory(storage: SqliteStorage, now: () => number): Directory {
  const sqlite = storage.db.$client;
  const byUsername = sqlite.prepare(`SELECT ${PERSON_COLUMNS} FROM users WHERE username = :key`);
  const byId = sqlite.prepare(`SELECT ${PERSON_COLUMNS} FROM users WHERE id = :key`);
  const district = sqlite.prepare("SELECT name FROM orgs WHERE type = 'district' ORDER BY name LIMIT 1").pluck();
  const campusList = sqlite.prepare(
    `SELECT id, name FROM orgs WHERE type = 'school' AND status = 'active' ORDER BY ${YOUNGEST_GRADE}, name`,
  );
  const searchPeople = sqlite.prepare(`
    SELECT u.id, u.username, u.given_name || ' ' || u.family_name AS displayName, u.role, u.grade,
           (SELECT group_concat(o.name, ', ') FROM user_orgs uo JOIN orgs o ON o.id = uo.org_id
             WHERE uo.user_id = u.id) AS campuses
    FROM users u
    WHERE u.username LIKE :pattern ESCAPE '\\' OR (u.given_name || ' ' || u.family_name) LIKE :pattern ESCAPE '\\'
    ORDER BY u.username LIMIT :limit`);
  const savePasswordHash = sqlite.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?');
  const savePortalRole = sqlite.prepare('UPDATE users SET role = ?, updated_at = ? WHERE id = ?');
  const saveMissingPasswordHashes = sqlite.prepare(
    'UPDATE users SET password_hash = ?, updated_at = ? WHERE password_hash IS NULL',
  );
  const disable = sqlite.prepare(
    "UPDATE users SET status = 'disabled', updated_at = ? WHERE id = ? AND status = 'active'",
  );
  const classQueries = prepareClassQueries(sqlite);
  const studentGrades = sqlite.prepare(`SELECT uo.org_id AS campusId, u.grade, u.sis_flags AS sisFlags
    FROM users u JOIN user_orgs uo ON uo.user_id = u.id WHERE u.role = 'student' AND u.status = 'active'`);
  const staffOnCampus = sqlite.prepare(`SELECT ${PERSON_COLUMNS} FROM users
    WHERE role <> 'student' AND status = 'active'
      AND id IN (SELECT uo.user_id FROM user_orgs uo WHERE uo.org_id = :campusId)
      AND (username LIKE :pattern ESCAPE '\\' OR (given_name || ' ' || family_name) LIKE :pattern ESCAPE '\\')
    ORDER BY family_name, given_name, id LIMIT :limit`);
  const { run } = storage;
  const today = () => localDate(now());
  const readPeopleFacts = preparePeopleFacts(sqlite);
  const scopedSearch = sqlite.prepare(`
    SELECT u.id, u.username, u.given_name || ' ' || u.family_name AS displayName, u.role, u.grade,
           (SELECT group_concat(o.name, ', ') FROM user_orgs uo JOIN orgs o ON o.id = uo.org_id
             WHERE uo.user_id = u.id) AS campuses
    FROM users u
    WHERE (u.username LIKE :pattern ESCAPE '\\' OR (u.given_name || ' ' || u.family_name) LIKE :pattern ESCAPE '\\')
      AND (:everyone = 1 OR (u.role = 'student' AND (
        u.id IN (SELECT uo.user_id FROM user_orgs uo WHERE uo.org_id IN (SELECT value FROM json_each(:campusIds)))
        OR u.id IN (SELECT se.user_id FROM enrollments te JOIN classes c ON c.id = te.class_id
          JOIN enrollments se ON se.class_id = c.id
          WHERE te.user_id = :teacherId AND te.role = 'teacher' AND te.status = 'active'
            AND se.role = 'student' AND se.status = 'active' AND c.status = 'active' AND ${IN_CURRENT_TERM}))))
    ORDER BY u.username LIMIT :limit`);
  const classTitles = sqlite
    .prepare(
      `SELECT c.title FROM enrollments e JOIN classes c ON c.id = e.class_id
      WHERE e.user_id = :userId AND e.status = 'active' AND c.status = 'active' AND ${IN_CURRENT_TERM}
      ORDER BY c.title, c.id`,
    )
    .pluck();

  return {
    findByUsername: async (username) =>
      run(undefined, () => toPerson(byUsername.get({ key: username, today: localDate(now()) }) as PersonRow)),
    findById: async (id) =>
      run(undefined, () => toPerson(byId.get({ key: id, today: localDate(now()) }) as PersonRow | undefined)),
    accessFacts: accessFactsOf,
    async search(query, limit) {
      const rows = (await run(undefined, () => searchPeople.all({ pattern: containsPattern(query), limit }))) as (Omit<
        PersonSummary,
        'campuses'
      > & { campuses: string | null })[];
      return rows.map((row) => ({ ...row, campuses: row.campuses ? row.campuses.split(', ') : [] }));
    },
    campuses: async () => run(undefined, () => campusList.all() as Campus[]),
    districtName: async () => run(undefined, () => (district.get() as string | undefined) ?? ''),
    async setPasswordHash(userId, passwordHash, tx) {
      await run(tx, () => savePasswordHash.run(passwordHash, now(), userId));
    },
    setPortalRole: async (userId, role, tx) => run(tx, () => savePortalRole.run(role, now(), userId).changes > 0),
    setMissingPasswordHashes: async (passwordHash, tx) =>
      run(tx, () => saveMissingPasswordHashes.run(passwordHash, now()).changes),
    classesTaughtBy: async (userId) =>
      run(undefined, () => classQueries.taughtBy.all({ userId, today: today() }) as ClassSummary[]),
    findClass: async (classId) =>
      run(undefined, () => classQueries.classById.get({ classId, today: today() }) as ClassSummary | undefined),
    findCampus: async (campusId) => run(undefined, () => classQueries.campusById.get(campusId) as Campus | undefined),
    studentsInClass: async (classId) =>
      run(undefined, () => toStudents(classQueries.inClass.all({ classId, today: today() }))),
    studentsOnCampus: async (campusId) =>
      run(undefined, () => toStudents(classQueries.onCampus.all({ campusId, today: today() }))),
    async studentGradesByCampus() {
      const rows = (await run(undefined, () => studentGrades.all())) as {
        campusId: string;
        grade: number | null;
        sisFlags: string;
      }[];
      return rows.map((row) => ({ ...row, sisFlags: JSON.parse(row.sisFlags) as string[] }));
    },
    staffOnCampus: async (campusId, query, limit) =>
      run(undefined, () =>
        (staffOnCampus.all({ campusId, pattern: containsPattern(query), limit, today: today() }) as PersonRow[]).map(
          (row) => withLists(row),
        ),
      ),
    teaches: async (teacherId, studentId) =>
      run(undefined, () => classQueries.teaches.get({ teacherId, studentId, today: today() }) === 1),
    deactivate: async (userId, tx) => run(tx, () => disable.run(now(), userId).changes > 0),
    activePeopleFacts: async () => peopleFactsOf(await run(undefined, () => readPeopleFacts(today()))),
    async searchWithin(query, scope, limit) {
      const bound = {
        pattern: containsPattern(query),
        everyone: scope.everyone ? 1 : 0,
        campusIds: JSON.stringify(scope.everyone ? [] : scope.studentCampusIds),
        teacherId: scope.everyone ? null : scope.teacherId,
        today: today(),
        limit,
      };
      const rows = (await run(undefined, () => scopedSearch.all(bound))) as (Omit<PersonSummary, 'campuses'> & {
        campuses: string | null;
      })[];
      return rows.map((row) => ({ ...row, campuses: row.campuses ? row.campuses.split(', ') : [] }));
    },
    classTitlesOf: async (userId) => run(undefined, () => classTitles.all({ userId, today: today() }) as string[]),
  };
}

/** The three reads of `activePeopleFacts`, in one read transaction so they are of one moment. */
function preparePeopleFacts(sqlite: SqliteStorage['db']['$client']) {
  const people = sqlite.prepare(`SELECT id, username, given_name AS givenName, family_name AS familyName, email, role,
    grade, sis_flags AS sisFlags FROM users WHERE status = 'active'`);
  const memberships = sqlite.prepare(`SELECT uo.user_id AS userId, uo.org_id AS campusId FROM user_orgs uo
    JOIN users u ON u.id = uo.user_id WHERE u.status = 'active'`);
  const enrolments = sqlite.prepare(`SELECT e.user_id AS userId, c.id AS classId FROM enrollments e
    JOIN classes c ON c.id = e.class_id JOIN users u ON u.id = e.user_id
    WHERE u.status = 'active' AND e.status = 'active' AND c.status = 'active' AND ${IN_CURRENT_TERM}`);
  return sqlite.transaction((today: string): PeopleFactsRows => ({
    people: (people.all() as (PeopleFactsRows['people'][number] & { sisFlags: string })[]).map((row) => ({
      ...row,
      sisFlags: JSON.parse(row.sisFlags as unknown as string) as string[],
    })),
    memberships: memberships.all() as PeopleFactsRows['memberships'],
    enrolments: enrolments.all({ today }) as PeopleFactsRows['enrolments'],
  }));
}
