import type { SqliteStorage } from '../storage/storage';
import {
  accessFactsOf,
  containsPattern,
  localDate,
  type Campus,
  type Directory,
  type Person,
  type PersonSummary,
} from './directory';

/** A class counts in its terms (any that holds today), or always when the SIS gave it none. */
const IN_CURRENT_TERM = `(NOT EXISTS (SELECT 1 FROM class_terms ct WHERE ct.class_id = c.id) OR EXISTS (
  SELECT 1 FROM class_terms ct JOIN academic_sessions s ON s.id = ct.session_id
  WHERE ct.class_id = c.id AND s.status = 'active' AND s.start_date <= :today AND s.end_date >= :today))`;

/** OneRoster's orgs.csv gives no grade range: then a campus's youngest students say where it sorts. */
const YOUNGEST_GRADE = `coalesce(grade_low, (SELECT min(u.grade) FROM user_orgs uo JOIN users u ON u.id = uo.user_id
  WHERE uo.org_id = orgs.id AND u.role = 'student' AND u.status = 'active'))`;

type PersonRow = Omit<Person, 'sisFlags' | 'campusIds'> & { sisFlags: string; campusIds: string | null };

// Memberships come in the same statement as the person: on a file database each statement is its own read
// transaction, which costs more than the reads themselves, and every signed-in request needs both.
const PERSON_COLUMNS = `id, sourced_id AS sourcedId, username, given_name AS givenName, family_name AS familyName, email, role, grade,
  sis_flags AS sisFlags, status, password_hash AS passwordHash,
  (SELECT group_concat(org_id, char(31)) FROM user_orgs WHERE user_id = users.id) AS campusIds,
  (SELECT count(*) FROM enrollments e JOIN classes c ON c.id = e.class_id
    WHERE e.user_id = users.id AND e.status = 'active' AND c.status = 'active' AND ${IN_CURRENT_TERM}) AS classCount`;

const toPerson = (row: PersonRow | undefined): Person | undefined =>
  row && {
    ...row,
    sisFlags: JSON.parse(row.sisFlags) as string[],
    campusIds: row.campusIds ? row.campusIds.split('\x1f') : [],
  };

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
  const { run } = storage;

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
    // Filled in by the badges work (helper): placeholders so the interface can land first.
    classesTaughtBy: async () => notYet('classesTaughtBy'),
    findClass: async () => notYet('findClass'),
    findCampus: async () => notYet('findCampus'),
    studentsInClass: async () => notYet('studentsInClass'),
    studentsOnCampus: async () => notYet('studentsOnCampus'),
    teaches: async () => notYet('teaches'),
    deactivate: async (userId, tx) => run(tx, () => disable.run(now(), userId).changes > 0),
  };
}

const notYet = (name: string): never => {
  throw new Error(`directory.${name} is not built yet`);
};
