import { bigint, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { ROLES } from '../../shared/roles';

// The PostgreSQL twin of schema.ts: same tables, columns and constraints; milliseconds as bigint.

export const orgs = pgTable('orgs', {
  id: text('id').primaryKey(),
  sourcedId: text('sourced_id').unique(),
  name: text('name').notNull(),
  type: text('type', { enum: ['district', 'school'] }).notNull(),
  parentId: text('parent_id'),
  gradeLow: integer('grade_low'),
  gradeHigh: integer('grade_high'),
  status: text('status', { enum: ['active', 'inactive'] })
    .notNull()
    .default('active'),
});

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    sourcedId: text('sourced_id').unique(),
    username: text('username').notNull().unique(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    email: text('email'),
    role: text('role', { enum: ROLES }).notNull(),
    grade: integer('grade'),
    sisFlags: jsonb('sis_flags').$type<string[]>().notNull().default([]),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    passwordHash: text('password_hash'),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('users_role_idx').on(t.role)],
);

export const userOrgs = pgTable(
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

export const classes = pgTable('classes', {
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

export const enrollments = pgTable(
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
