import { bigint, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { Condition } from '../../shared/access-rules';

// The PostgreSQL twin of schema.ts.

export const apps = pgTable('apps', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  descriptionEs: text('description_es').notNull().default(''),
  launchUrl: text('launch_url').notNull(),
  signInKind: text('sign_in_kind', { enum: ['link', 'sso', 'vault'] })
    .notNull()
    .default('link'),
  color: text('color').notNull().default('#35608f'),
  sortOrder: integer('sort_order').notNull().default(0),
  nameEs: text('name_es').notNull().default(''),
  icon: text('icon').notNull().default(''),
  iconImage: text('icon_image').notNull().default(''),
  retiredAt: bigint('retired_at', { mode: 'number' }),
  version: integer('version').notNull().default(1),
});

export const accessRules = pgTable(
  'access_rules',
  {
    id: text('id').primaryKey(),
    appId: text('app_id')
      .notNull()
      .references(() => apps.id),
    name: text('name').notNull(),
    conditions: jsonb('conditions').$type<Condition[]>().notNull(),
  },
  (t) => [index('access_rules_app_idx').on(t.appId)],
);

export const appVersions = pgTable(
  'app_versions',
  {
    appId: text('app_id')
      .notNull()
      .references(() => apps.id),
    version: integer('version').notNull(),
    snapshot: jsonb('snapshot').$type<unknown>().notNull(),
    change: text('change', { enum: ['created', 'edited', 'retired', 'restored', 'imported'] }).notNull(),
    changedBy: text('changed_by'),
    changedAt: bigint('changed_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.version] })],
);
