import type { Db } from '../db/connection';
import type { Role } from '../../shared/roles';
import type { AccessFacts } from '../apps/access-rules';

export interface Person {
  id: string;
  /** The SIS identifier (OneRoster sourcedId, the student or staff number); null for people made by hand. */
  sourcedId: string | null;
  username: string;
  givenName: string;
  familyName: string;
  email: string | null;
  role: Role;
  grade: number | null;
  sisFlags: string[];
  status: 'active' | 'disabled';
  passwordHash: string | null;
  /** Campuses (org ids) the person belongs to. */
  campusIds: string[];
  /** Class sections the person is enrolled in or teaches. */
  classCount: number;
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
  /** The district's name, or '' before one exists. */
  districtName(): string;
}

/** How a person is named on screen and in explanations. */
export const displayName = (person: Pick<Person, 'givenName' | 'familyName'>) =>
  `${person.givenName} ${person.familyName}`;

type PersonRow = Omit<Person, 'sisFlags' | 'campusIds'> & { sisFlags: string; campusIds: string | null };

// Memberships come in the same statement as the person: on a file database each statement is its own read
// transaction, which costs more than the reads themselves, and every signed-in request needs both.
const PERSON_COLUMNS = `id, sourced_id AS sourcedId, username, given_name AS givenName, family_name AS familyName, email, role, grade,
  sis_flags AS sisFlags, status, password_hash AS passwordHash,
  (SELECT group_concat(org_id, char(31)) FROM user_orgs WHERE user_id = users.id) AS campusIds,
  (SELECT count(*) FROM enrollments WHERE user_id = users.id) AS classCount`;

const toPerson = (row: PersonRow | undefined): Person | undefined =>
  row && {
    ...row,
    sisFlags: JSON.parse(row.sisFlags) as string[],
    campusIds: row.campusIds ? row.campusIds.split('\x1f') : [],
  };

/** Reads people and campuses. Prepared statements: these run on every sign-in and dashboard load. */
export function createDirectory(db: Db): Directory {
  const sqlite = db.$client;
  const byUsername = sqlite.prepare(`SELECT ${PERSON_COLUMNS} FROM users WHERE username = ?`);
  const byId = sqlite.prepare(`SELECT ${PERSON_COLUMNS} FROM users WHERE id = ?`);
  const district = sqlite.prepare("SELECT name FROM orgs WHERE type = 'district' ORDER BY name LIMIT 1").pluck();
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
      campusIds: person.campusIds,
      classCount: person.classCount,
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
    districtName: () => (district.get() as string | undefined) ?? '',
  };
}
