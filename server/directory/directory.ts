import type { Db } from '../db/connection';
import type { Role } from '../../shared/roles';
import type { AccessFacts } from '../apps/access-rules';

export interface Person {
  id: string;
  username: string;
  givenName: string;
  familyName: string;
  email: string | null;
  role: Role;
  grade: number | null;
  sisFlags: string[];
  status: 'active' | 'disabled';
  passwordHash: string | null;
}

export interface PersonSummary {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  grade: number | null;
  campuses: string[];
}

export interface Campus {
  id: string;
  name: string;
}

export interface Directory {
  findByUsername(username: string): Person | undefined;
  findById(id: string): Person | undefined;
  accessFacts(person: Person): AccessFacts;
  search(query: string, limit: number): PersonSummary[];
  campuses(): Campus[];
}

type PersonRow = Omit<Person, 'sisFlags'> & { sisFlags: string };

const PERSON_COLUMNS = `id, username, given_name AS givenName, family_name AS familyName, email, role, grade,
  sis_flags AS sisFlags, status, password_hash AS passwordHash`;

const toPerson = (row: PersonRow | undefined): Person | undefined =>
  row && { ...row, sisFlags: JSON.parse(row.sisFlags) as string[] };

/** Reads people and campuses. Prepared statements: these run on every sign-in and dashboard load. */
export function createDirectory(db: Db): Directory {
  const sqlite = db.$client;
  const byUsername = sqlite.prepare(`SELECT ${PERSON_COLUMNS} FROM users WHERE username = ?`);
  const byId = sqlite.prepare(`SELECT ${PERSON_COLUMNS} FROM users WHERE id = ?`);
  const campusIds = sqlite.prepare('SELECT org_id FROM user_orgs WHERE user_id = ?').pluck();
  const classCount = sqlite.prepare('SELECT count(*) FROM enrollments WHERE user_id = ?').pluck();
  const campusList = sqlite.prepare("SELECT id, name FROM orgs WHERE type = 'school' ORDER BY grade_low, name");
  const searchPeople = sqlite.prepare(`
    SELECT u.id, u.username, u.given_name || ' ' || u.family_name AS displayName, u.role, u.grade,
           (SELECT group_concat(o.name, ', ') FROM user_orgs uo JOIN orgs o ON o.id = uo.org_id
             WHERE uo.user_id = u.id) AS campuses
    FROM users u
    WHERE u.username LIKE :pattern ESCAPE '\\' OR (u.given_name || ' ' || u.family_name) LIKE :pattern ESCAPE '\\'
    ORDER BY u.username LIMIT :limit`);

  return {
    findByUsername: (username) => toPerson(byUsername.get(username) as PersonRow | undefined),
    findById: (id) => toPerson(byId.get(id) as PersonRow | undefined),
    accessFacts: (person) => ({
      role: person.role,
      grade: person.grade,
      campusIds: campusIds.all(person.id) as string[],
      classCount: classCount.get(person.id) as number,
      hasEmail: Boolean(person.email),
      sisFlags: person.sisFlags,
    }),
    search(query, limit) {
      const pattern = `%${query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      const rows = searchPeople.all({ pattern, limit }) as (Omit<PersonSummary, 'campuses'> & {
        campuses: string | null;
      })[];
      return rows.map((row) => ({ ...row, campuses: row.campuses ? row.campuses.split(', ') : [] }));
    },
    campuses: () => campusList.all() as Campus[],
  };
}
