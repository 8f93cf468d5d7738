import { and, eq, ilike, isNull, or, sql, type AnyColumn } from 'drizzle-orm';
import type { PostgresStorage } from '../storage/storage';
import { accessFactsOf, containsPattern, localDate, type Directory, type Person } from './directory';
import { orgs, users } from './schema.pg';

// Byte (code unit) order, as SQLite sorts: the same people and campuses in the same order on either engine,
// whatever collation the PostgreSQL database was created with.
const inCodeUnitOrder = (column: AnyColumn) => sql`${column} COLLATE "C"`;

/** OneRoster's orgs.csv gives no grade range: then a campus's youngest students say where it sorts. */
const youngestGrade = sql`coalesce(${orgs.gradeLow}, (SELECT min(u.grade) FROM user_orgs uo JOIN users u ON u.id = uo.user_id
  WHERE uo.org_id = ${orgs.id} AND u.role = 'student' AND u.status = 'active'))`;

const displayNameSql = sql<string>`${users.givenName} || ' ' || ${users.familyName}`;

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
    WHERE e.user_id = users.id AND e.status = 'active' AND c.status = 'active' AND (
      NOT EXISTS (SELECT 1 FROM class_terms ct WHERE ct.class_id = c.id) OR EXISTS (
        SELECT 1 FROM class_terms ct JOIN academic_sessions s ON s.id = ct.session_id
        WHERE ct.class_id = c.id AND s.status = 'active'
          AND s.start_date <= ${sql.placeholder('today')} AND s.end_date >= ${sql.placeholder('today')})))::int`,
};

export function postgresDirectory(storage: PostgresStorage, now: () => number): Directory {
  const { db } = storage;
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

  return {
    findByUsername: async (username) =>
      (await byUsername.execute({ username, today: localDate(now()) }))[0] as Person | undefined,
    findById: async (id) => (await byId.execute({ id, today: localDate(now()) }))[0] as Person | undefined,
    accessFacts: accessFactsOf,
    async search(query, limit) {
      // SQLite's LIKE ignores ASCII case; ILIKE is PostgreSQL's equivalent.
      const pattern = containsPattern(query);
      const rows = await db
        .select({
          id: users.id,
          username: users.username,
          displayName: displayNameSql,
          role: users.role,
          grade: users.grade,
          campuses: sql<string[]>`coalesce((SELECT array_agg(o.name ORDER BY o.name) FROM user_orgs uo
            JOIN orgs o ON o.id = uo.org_id WHERE uo.user_id = users.id), '{}')`,
        })
        .from(users)
        .where(or(ilike(users.username, pattern), sql`${displayNameSql} ILIKE ${pattern}`))
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
    // Filled in by the badges work (helper): placeholders so the interface can land first.
    classesTaughtBy: async () => notYet('classesTaughtBy'),
    findClass: async () => notYet('findClass'),
    findCampus: async () => notYet('findCampus'),
    studentsInClass: async () => notYet('studentsInClass'),
    studentsOnCampus: async () => notYet('studentsOnCampus'),
    teaches: async () => notYet('teaches'),
    async deactivate(userId, tx) {
      const changed = await storage
        .executor(tx)
        .update(users)
        .set({ status: 'disabled', updatedAt: now() })
        .where(and(eq(users.id, userId), eq(users.status, 'active')))
        .returning({ id: users.id });
      return changed.length > 0;
    },
  };
}

const notYet = (name: string): never => {
  throw new Error(`directory.${name} is not built yet`);
};
