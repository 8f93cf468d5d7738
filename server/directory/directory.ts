import { byEngine, type Storage, type Tx } from '../storage/storage';
import { sqliteDirectory } from './directory.sqlite';
import { postgresDirectory } from './directory.postgres';
import type { Role } from '../../shared/roles';
import type { AccessFacts } from '../apps/access-rules';

/** Roles only the portal gives, never the SIS. */
export type PortalRole = Extract<Role, 'it' | 'district_admin'>;

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
  /** Class sections of the current term the person is enrolled in or teaches (active enrolments only). */
  classCount: number;
  /** Those classes' ids. */
  classIds: string[];
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

/** An active class taught in a current term (or with no term), as a helper picks it. */
export interface ClassSummary {
  id: string;
  title: string;
  campusId: string;
  campusName: string;
  /** The latest end date (`YYYY-MM-DD`) of the class's current terms; null when it has none. */
  termEndsOn: string | null;
}

export interface CampusStudentFacts {
  campusId: string;
  grade: number | null;
  sisFlags: string[];
}

/** A student as a badge or credentials sheet prints them: with the class they are printed under. */
export interface StudentInClass extends Person {
  /** The class this listing is of, or (for a campus or a single person) their first current class by title. */
  classTitle: string | null;
  campusName: string;
}

export interface Directory {
  findByUsername(username: string): Promise<Person | undefined>;
  findById(id: string): Promise<Person | undefined>;
  accessFacts(person: Person): AccessFacts;
  search(query: string, limit: number): Promise<PersonSummary[]>;
  campuses(): Promise<Campus[]>;
  /** The district's name, or '' before one exists. */
  districtName(): Promise<string>;
  /**
   * Stores a new password hash (a rehash on sign-in, a new password), or null: a reset takes the old password away
   * at once, and nobody signs in with a password until the person has a new one.
   */
  setPasswordHash(userId: string, passwordHash: string | null, tx?: Tx): Promise<void>;
  /**
   * Gives portal rights the SIS never decides (IT, district admin); false when the person is not there. A roster
   * import keeps them: it never sets nor unsets `it` or `district_admin`.
   */
  setPortalRole(userId: string, role: PortalRole, tx?: Tx): Promise<boolean>;
  /** Gives every account without a password this hash (the demo's shared password); how many it gave. */
  setMissingPasswordHashes(passwordHash: string, tx?: Tx): Promise<number>;
  /** The current classes this person teaches (active teacher enrolment), by title. */
  classesTaughtBy(userId: string): Promise<ClassSummary[]>;
  /** One active class, current or not; undefined when unknown or inactive. */
  findClass(classId: string): Promise<ClassSummary | undefined>;
  /** Active campus by id. */
  findCampus(campusId: string): Promise<Campus | undefined>;
  /** Active students actively enrolled in the class, by family then given name. */
  studentsInClass(classId: string): Promise<StudentInClass[]>;
  /** Active students of the campus, by grade, family then given name. */
  studentsOnCampus(campusId: string): Promise<StudentInClass[]>;
  /** Each active student's grade and flags, once per campus they belong to: enough to count who may have a badge. */
  studentGradesByCampus(): Promise<CampusStudentFacts[]>;
  /**
   * Active staff (anyone but students) who belong to the campus, whose name or username holds `query`, by family
   * then given name; at most `limit`. Whom a principal may name a delegate.
   */
  staffOnCampus(campusId: string, query: string, limit: number): Promise<Person[]>;
  /** Whether the teacher teaches the student in a class of a current term (both enrolments active). */
  teaches(teacherId: string, studentId: string): Promise<boolean>;
  /** Turns the account off; false when it already was. Ending what lets them in is the caller's unit of work. */
  deactivate(userId: string, tx?: Tx): Promise<boolean>;
  /** Every active person with the facts access rules look at, read at one moment (a catalog change's preview). */
  activePeopleFacts(): Promise<PersonFacts[]>;
  /** People whose name or username holds `query`, only within `scope`, by username; turned-off accounts too. */
  searchWithin(query: string, scope: PeopleScope, limit: number): Promise<PersonSummary[]>;
  /** Titles of the current classes the person is enrolled in or teaches (active enrolments), by title. */
  classTitlesOf(userId: string): Promise<string[]>;
}

/** An active person as a catalog preview counts and names them. */
export interface PersonFacts {
  id: string;
  username: string;
  givenName: string;
  familyName: string;
  displayName: string;
  role: Role;
  grade: number | null;
  facts: AccessFacts;
}

/**
 * Whom a helper's search may find: everyone (a district right), or only students: those of some campuses and
 * those of one teacher's current classes.
 */
export type PeopleScope =
  { everyone: true } | { everyone: false; studentCampusIds: readonly string[]; teacherId: string | null };

/** How a person is named on screen and in explanations. */
export const displayName = (person: Pick<Person, 'givenName' | 'familyName'>) =>
  `${person.givenName} ${person.familyName}`;

/** The facts access rules are decided on. */
export const accessFactsOf = (person: Person): AccessFacts => ({
  userId: person.id,
  role: person.role,
  grade: person.grade,
  campusIds: person.campusIds,
  classCount: person.classCount,
  classIds: person.classIds,
  hasEmail: Boolean(person.email),
  sisFlags: person.sisFlags,
});

/** What each engine reads for `activePeopleFacts`: people, campus memberships, current class enrolments. */
export interface PeopleFactsRows {
  people: (Pick<Person, 'id' | 'username' | 'givenName' | 'familyName' | 'email' | 'role' | 'grade'> & {
    sisFlags: string[];
  })[];
  memberships: { userId: string; campusId: string }[];
  enrolments: { userId: string; classId: string }[];
}

/** Joins the three reads in memory: three plain scans beat one correlated subquery per person. */
export function peopleFactsOf({ people, memberships, enrolments }: PeopleFactsRows): PersonFacts[] {
  const group = (rows: { userId: string; id: string }[]) => {
    const byUser = new Map<string, string[]>();
    for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.id]);
    return byUser;
  };
  const campuses = group(memberships.map((row) => ({ userId: row.userId, id: row.campusId })));
  const classes = group(enrolments.map((row) => ({ userId: row.userId, id: row.classId })));
  return people.map((person) => {
    const classIds = classes.get(person.id) ?? [];
    return {
      id: person.id,
      username: person.username,
      givenName: person.givenName,
      familyName: person.familyName,
      displayName: displayName(person),
      role: person.role,
      grade: person.grade,
      facts: {
        userId: person.id,
        role: person.role,
        grade: person.grade,
        campusIds: campuses.get(person.id) ?? [],
        classCount: classIds.length,
        classIds,
        hasEmail: Boolean(person.email),
        sisFlags: person.sisFlags,
      },
    };
  });
}

/** Today in the server's time zone (TZ), `YYYY-MM-DD`, as terms' dates are written. */
export function localDate(at: number): string {
  const day = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

/** An escaped `LIKE` pattern matching `query` anywhere; `\` is the escape character. */
export const containsPattern = (query: string) => `%${query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** Reads people and campuses, on the configured engine. */
export function createDirectory(storage: Storage, now: () => number = Date.now): Directory {
  return byEngine(storage, {
    sqlite: (sqlite) => sqliteDirectory(sqlite, now),
    postgres: (postgres) => postgresDirectory(postgres, now),
  });
}
