import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ROLES } from '../../shared/roles';

// People, campuses, classes and enrolments as the SIS knows them. `sourced_id` holds the OneRoster
// sourcedId so a roster import can match rows; rows made by hand leave it null.

export const orgs = sqliteTable('orgs', {
  id: text('id').primaryKey(),
  sourcedId: text('sourced_id').unique(),
  name: text('name').notNull(),
  type: text('type', { enum: ['district', 'school'] }).notNull(),
  parentId: text('parent_id'),
  /** Lowest and highest grade taught, -1 = PreK, 0 = K. */
  gradeLow: integer('grade_low'),
  gradeHigh: integer('grade_high'),
  status: text('status', { enum: ['active', 'inactive'] })
    .notNull()
    .default('active'),
});

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    sourcedId: text('sourced_id').unique(),
    username: text('username').notNull().unique(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    email: text('email'),
    role: text('role', { enum: ROLES }).notNull(),
    /** -1 = PreK, 0 = K, 1..12; null for staff. */
    grade: integer('grade'),
    /** Flags from the SIS, e.g. "sped"; a JSON array of strings. */
    sisFlags: text('sis_flags', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    /** PHC string (argon2id); null until the account is claimed or given a password. */
    passwordHash: text('password_hash'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('users_role_idx').on(t.role)],
);

/** A person may belong to several campuses (OneRoster `orgSourcedIds`). */
export const userOrgs = sqliteTable(
  'user_orgs',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    orgId: text('org_id')
      .notNull()
      .references(() => orgs.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.orgId] }), index('user_orgs_org_idx').on(t.orgId)],
);

export const classes = sqliteTable('classes', {
  id: text('id').primaryKey(),
  sourcedId: text('sourced_id').unique(),
  orgId: text('org_id')
    .notNull()
    .references(() => orgs.id),
  title: text('title').notNull(),
  grade: integer('grade'),
  status: text('status', { enum: ['active', 'inactive'] })
    .notNull()
    .default('active'),
});

export const enrollments = sqliteTable(
  'enrollments',
  {
    id: text('id').primaryKey(),
    sourcedId: text('sourced_id').unique(),
    classId: text('class_id')
      .notNull()
      .references(() => classes.id),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    role: text('role', { enum: ['teacher', 'student'] }).notNull(),
    status: text('status', { enum: ['active', 'inactive'] })
      .notNull()
      .default('active'),
  },
  (t) => [index('enrollments_user_idx').on(t.userId), index('enrollments_class_idx').on(t.classId)],
);
