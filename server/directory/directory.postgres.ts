import { and, eq, ilike, isNull, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { PostgresStorage } from '../storage/storage';
import {
  accessFactsOf,
  containsPattern,
  localDate,
  peopleFactsOf,
  type Campus,
  type ClassSummary,
  type Directory,
  type Person,
  type StudentInClass,
} from './directory';
import { classes, orgs, userOrgs, users } from './schema.pg';

// Byte (code unit) order, as SQLite sorts: the same people and campuses in the same order on either engine,
// whatever collation the PostgreSQL database was created with.
const inCodeUnitOrder = (column: AnyColumn) => sql`${column} COLLATE "C"`;

/** OneRoster's orgs.csv gives no grade range: then a campus's youngest students say where it sorts. */
const youngestGrade = sql`coalesce(${orgs.gradeLow}, (SELECT min(u.grade) FROM user_orgs uo JOIN users u ON u.id = uo.user_id
  WHERE uo.org_id = ${orgs.id} AND u.role = 'student' AND u.status = 'active'))`;

const today = sql.placeholder('today');

/** A class counts in its terms (any that holds today), or always when the SIS gave it none. */
const inCurrentTerm = (
  classId: AnyColumn | SQL,
  day: typeof today | string = today,
) => sql`(NOT EXISTS (SELECT 1 FROM class_terms ct
  WHERE ct.class_id = ${classId}) OR EXISTS (SELECT 1 FROM class_terms ct JOIN academic_sessions s ON s.id = ct.session_id
  WHERE ct.class_id = ${classId} AND s.status = 'active' AND s.start_date <= ${day} AND s.end_date >= ${day}))`;

/** `inCurrentTerm` with the day as a value rather than a placeholder, for queries that are not prepared. */
const currentTermOn = (classId: AnyColumn | SQL, on: string) => sql`(NOT EXISTS (SELECT 1 FROM class_terms ct
  WHERE ct.class_id = ${classId}) OR EXISTS (SELECT 1 FROM class_terms ct JOIN academic_sessions s ON s.id = ct.session_id
  WHERE ct.class_id = ${classId} AND s.status = 'active' AND s.start_date <= ${on} AND s.end_date >= ${on}))`;

/** Students of these campuses, and of this teacher's current classes. */
function withinStudentScope(campusIds: readonly string[], teacherId: string | null, on: string): SQL {
  const onCampuses = campusIds.length
    ? sql`${users.id} IN (SELECT uo.user_id FROM user_orgs uo WHERE uo.org_id IN ${[...campusIds]})`
    : sql`false`;
  const taught =
    teacherId === null
      ? sql`false`
      : sql`${users.id} IN (SELECT se.user_id FROM enrollments te JOIN classes c ON c.id = te.class_id
          JOIN enrollments se ON se.class_id = c.id
          WHERE te.user_id = ${teacherId} AND te.role = 'teacher' AND te.status = 'active'
            AND se.role = 'student' AND se.status = 'active' AND c.status = 'active'
            AND ${currentTermOn(sql.raw('c.id'), on)})`;
  return sql`(${users.role} = 'student' AND (${onCampuses} OR ${taught}))`;
}

const displayNameSql = sql<string>`${users.givenName} || ' ' || ${users.familyName}`;

/** A person as a search lists them, with their campuses' names. */
const summaryColumns = {
  id: users.id,
  username: users.username,
  displayName: displayNameSql,
  role: users.role,
  grade: users.grade,
  campuses: sql<string[]>`coalesce((SELECT array_agg(o.name ORDER BY o.name) FROM user_orgs uo
    JOIN orgs o ON o.id = uo.org_id WHERE uo.user_id = users.id), '{}')`,
};

/** SQLite's LIKE ignores ASCII case; ILIKE is PostgreSQL's equivalent. */
const nameMatches = (pattern: string) => or(ilike(users.username, pattern), sql`${displayNameSql} ILIKE ${pattern}`);

// Memberships in the same statement as the person, as on SQLite: every signed-in request needs both.
const personColumns = {
  id: users.id,
  sourcedId: users.sourcedId,
  username: users.username,
  givenName: users.givenName,
  familyName: users.familyName,
  email: users.email,
  role: users.role,
  grade: users.grade,
  sisFlags: users.sisFlags,
  status: users.status,
  passwordHash: users.passwordHash,
  campusIds: sql<
    string[]
  >`coalesce((SELECT array_agg(org_id ORDER BY org_id) FROM user_orgs WHERE user_id = users.id), '{}')`,
  classCount: sql<number>`(SELECT count(*) FROM enrollments e JOIN classes c ON c.id = e.class_id
    WHERE e.user_id = users.id AND e.status = 'active' AND c.status = 'active' AND ${inCurrentTerm(sql.raw('c.id'))})::int`,
  classIds: sql<
    string[]
  >`coalesce((SELECT array_agg(c.id ORDER BY c.id) FROM enrollments e JOIN classes c ON c.id = e.class_id
    WHERE e.user_id = users.id AND e.status = 'active' AND c.status = 'active' AND ${inCurrentTerm(sql.raw('c.id'))}), '{}')`,
};

const classSummaryColumns = {
  id: classes.id,
  title: classes.title,
  campusId: classes.orgId,
  campusName: orgs.name,
  termEndsOn: sql<string | null>`(SELECT max(s.end_date COLLATE "C") FROM class_terms ct
    JOIN academic_sessions s ON s.id = ct.session_id
    WHERE ct.class_id = ${classes.id} AND s.status = 'active' AND s.start_date <= ${today} AND s.end_date >= ${today})`,
};

const activeStudent = and(eq(users.role, 'student'), eq(users.status, 'active'));
const byName = [inCodeUnitOrder(users.familyName), inCodeUnitOrder(users.givenName), users.id] as const;

/** Badge and credentials sheets: who a teacher teaches, and the students of a class or a campus. */
function prepareClassQueries(db: PostgresStorage['db']) {
  const classId = sql.placeholder('classId');
  const campusId = sql.placeholder('campusId');
  const classSummaries = () => db.select(classSummaryColumns).from(classes).innerJoin(orgs, eq(orgs.id, classes.orgId));
  return {
    taughtBy: classSummaries()
      .where(
        and(
          eq(classes.status, 'active'),
          inCurrentTerm(classes.id),
          sql`EXISTS (SELECT 1 FROM enrollments e WHERE e.class_id = ${classes.id}
            AND e.user_id = ${sql.placeholder('userId')} AND e.role = 'teacher' AND e.status = 'active')`,
        ),
      )
      .orderBy(inCodeUnitOrder(classes.title), classes.id)
      .prepare('directory_classes_taught_by'),
    classById: classSummaries()
      .where(and(eq(classes.id, classId), eq(classes.status, 'active')))
      .prepare('directory_class_by_id'),
    campusById: db
      .select({ id: orgs.id, name: orgs.name })
      .from(orgs)
      .where(and(eq(orgs.id, campusId), eq(orgs.type, 'school'), eq(orgs.status, 'active')))
      .prepare('directory_campus_by_id'),
    inClass: db
      .select({
        ...personColumns,
        classTitle: sql<string | null>`(SELECT k.title FROM classes k WHERE k.id = ${classId})`,
        campusName: sql<string>`(SELECT o.name FROM classes k JOIN orgs o ON o.id = k.org_id WHERE k.id = ${classId})`,
      })
      .from(users)
      .where(
        and(
          activeStudent,
          sql`${users.id} IN (SELECT e.user_id FROM enrollments e
            WHERE e.class_id = ${classId} AND e.role = 'student' AND e.status = 'active')`,
        ),
      )
      .orderBy(...byName)
      .prepare('directory_students_in_class'),
    onCampus: db
      .select({
        ...personColumns,
        classTitle: sql<string | null>`(SELECT c.title FROM enrollments e JOIN classes c ON c.id = e.class_id
          WHERE e.user_id = users.id AND e.role = 'student' AND e.status = 'active' AND c.status = 'active'
            AND c.org_id = ${campusId} AND ${inCurrentTerm(sql.raw('c.id'))}
          ORDER BY c.title COLLATE "C", c.id LIMIT 1)`,
        campusName: sql<string>`(SELECT o.name FROM orgs o WHERE o.id = ${campusId})`,
      })
      .from(users)
      .where(
        and(activeStudent, sql`${users.id} IN (SELECT uo.user_id FROM user_orgs uo WHERE uo.org_id = ${campusId})`),
      )
      .orderBy(sql`${users.grade} NULLS FIRST`, ...byName)
      .prepare('directory_students_on_campus'),
    teaches: db
      .select({ yes: sql<number>`1` })
      .from(classes)
      .where(
        and(
          eq(classes.status, 'active'),
          inCurrentTerm(classes.id),
          sql`EXISTS (SELECT 1 FROM enrollments te WHERE te.class_id = ${classes.id}
            AND te.user_id = ${sql.placeholder('teacherId')} AND te.role = 'teacher' AND te.status = 'active')`,
          sql`EXISTS (SELECT 1 FROM enrollments se WHERE se.class_id = ${classes.id}
            AND se.user_id = ${sql.placeholder('studentId')} AND se.role = 'student' AND se.status = 'active')`,
        ),
      )
      .limit(1)
      .prepare('directory_teaches'),
  };
}

export function postgresDirectory(storage: PostgresStorage, now: () => number): Directory {
  const { db } = storage;
  const classQueries = prepareClassQueries(db);
  const day = () => localDate(now());
  const byUsername = db
    .select(personColumns)
    .from(users)
    .where(eq(users.username, sql.placeholder('username')))
    .prepare('directory_by_username');
  const byId = db
    .select(personColumns)
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare('directory_by_id');

  const pattern = sql.placeholder('pattern');
  const staffOnCampus = db
    .select(personColumns)
    .from(users)
    .where(
      and(
        sql`${users.role} <> 'student'`,
        eq(users.status, 'active'),
        sql`${users.id} IN (SELECT uo.user_id FROM user_orgs uo WHERE uo.org_id = ${sql.placeholder('campusId')})`,
        or(ilike(users.username, pattern), sql`${displayNameSql} ILIKE ${pattern}`),
      ),
    )
    .orderBy(...byName)
    .limit(sql.placeholder('limit'))
    .prepare('directory_staff_on_campus');

  return {
    findByUsername: async (username) =>
      (await byUsername.execute({ username, today: localDate(now()) }))[0] as Person | undefined,
    findById: async (id) => (await byId.execute({ id, today: localDate(now()) }))[0] as Person | undefined,
    accessFacts: accessFactsOf,
    async search(query, limit) {
      const pattern = containsPattern(query);
      const rows = await db
        .select(summaryColumns)
        .from(users)
        .where(nameMatches(pattern))
        .orderBy(inCodeUnitOrder(users.username))
        .limit(limit);
      return rows;
    },
    campuses: () =>
      db
        .select({ id: orgs.id, name: orgs.name })
        .from(orgs)
        .where(and(eq(orgs.type, 'school'), eq(orgs.status, 'active')))
        .orderBy(sql`${youngestGrade} NULLS FIRST`, inCodeUnitOrder(orgs.name)),
    async districtName() {
      const [row] = await db
        .select({ name: orgs.name })
        .from(orgs)
        .where(eq(orgs.type, 'district'))
        .orderBy(inCodeUnitOrder(orgs.name))
        .limit(1);
      return row?.name ?? '';
    },
    async setPasswordHash(userId, passwordHash, tx) {
      await storage.executor(tx).update(users).set({ passwordHash, updatedAt: now() }).where(eq(users.id, userId));
    },
    async setPortalRole(userId, role, tx) {
      const changed = await storage
        .executor(tx)
        .update(users)
        .set({ role, updatedAt: now() })
        .where(eq(users.id, userId))
        .returning({ id: users.id });
      return changed.length > 0;
    },
    async setMissingPasswordHashes(passwordHash, tx) {
      const changed = await storage
        .executor(tx)
        .update(users)
        .set({ passwordHash, updatedAt: now() })
        .where(isNull(users.passwordHash))
        .returning({ id: users.id });
      return changed.length;
    },
    classesTaughtBy: async (userId) =>
      (await classQueries.taughtBy.execute({ userId, today: day() })) as ClassSummary[],
    findClass: async (classId) =>
      (await classQueries.classById.execute({ classId, today: day() }))[0] as ClassSummary | undefined,
    findCampus: async (campusId) => (await classQueries.campusById.execute({ campusId }))[0] as Campus | undefined,
    studentsInClass: async (classId) =>
      (await classQueries.inClass.execute({ classId, today: day() })) as StudentInClass[],
    studentsOnCampus: async (campusId) =>
      (await classQueries.onCampus.execute({ campusId, today: day() })) as StudentInClass[],
    studentGradesByCampus: async () =>
      db
        .select({ campusId: userOrgs.orgId, grade: users.grade, sisFlags: users.sisFlags })
        .from(users)
        .innerJoin(userOrgs, eq(userOrgs.userId, users.id))
        .where(and(eq(users.role, 'student'), eq(users.status, 'active'))),
    staffOnCampus: async (campusId, query, limit) =>
      (await staffOnCampus.execute({ campusId, pattern: containsPattern(query), limit, today: day() })) as Person[],
    teaches: async (teacherId, studentId) =>
      (await classQueries.teaches.execute({ teacherId, studentId, today: day() })).length > 0,
    async searchWithin(query, scope, limit) {
      const pattern = containsPattern(query);
      return db
        .select(summaryColumns)
        .from(users)
        .where(
          and(
            nameMatches(pattern),
            scope.everyone ? undefined : withinStudentScope(scope.studentCampusIds, scope.teacherId, day()),
          ),
        )
        .orderBy(inCodeUnitOrder(users.username))
        .limit(limit);
    },
    async classTitlesOf(userId) {
      const { rows } = await db.execute<{ title: string }>(sql`SELECT c.title FROM enrollments e
        JOIN classes c ON c.id = e.class_id
        WHERE e.user_id = ${userId} AND e.status = 'active' AND c.status = 'active'
          AND ${currentTermOn(sql.raw('c.id'), day())}
        ORDER BY c.title COLLATE "C", c.id`);
      return rows.map((row) => row.title);
    },
    async deactivate(userId, tx) {
      const changed = await storage
        .executor(tx)
        .update(users)
        .set({ status: 'disabled', updatedAt: now() })
        .where(and(eq(users.id, userId), eq(users.status, 'active')))
        .returning({ id: users.id });
      return changed.length > 0;
    },
    activePeopleFacts: async () => peopleFactsOf(await readPeopleFacts(storage, day())),
  };
}

/** The three reads of `activePeopleFacts`, in one snapshot so they are of one moment. */
function readPeopleFacts(storage: PostgresStorage, today: string) {
  const active = eq(users.status, 'active');
  return storage.db.transaction(
    async (tx) => ({
      people: await tx
        .select({
          id: users.id,
          username: users.username,
          givenName: users.givenName,
          familyName: users.familyName,
          email: users.email,
          role: users.role,
          grade: users.grade,
          sisFlags: users.sisFlags,
        })
        .from(users)
        .where(active),
      memberships: await tx
        .select({ userId: userOrgs.userId, campusId: userOrgs.orgId })
        .from(userOrgs)
        .innerJoin(users, eq(users.id, userOrgs.userId))
        .where(active),
      enrolments: (
        await tx.execute<{ userId: string; classId: string }>(sql`SELECT e.user_id AS "userId", c.id AS "classId"
          FROM enrollments e JOIN classes c ON c.id = e.class_id JOIN users u ON u.id = e.user_id
          WHERE u.status = 'active' AND e.status = 'active' AND c.status = 'active' AND ${inCurrentTerm(sql.raw('c.id'), today)}`)
      ).rows,
    }),
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}
