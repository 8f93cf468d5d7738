import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { Condition } from '../../shared/access-rules';

export const apps = sqliteTable('apps', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  /** The description in Spanish; '' shows the English one. */
  descriptionEs: text('description_es').notNull().default(''),
  launchUrl: text('launch_url').notNull(),
  /** How the app signs people in: a plain link, a federated protocol, or the extension's vault fill. */
  signInKind: text('sign_in_kind', { enum: ['link', 'sso', 'vault'] })
    .notNull()
    .default('link'),
  color: text('color').notNull().default('#35608f'),
  sortOrder: integer('sort_order').notNull().default(0),
});

/** An app is shown to a person when any one of its rules holds; a rule holds when all its conditions do. */
export const accessRules = sqliteTable(
  'access_rules',
  {
    id: text('id').primaryKey(),
    appId: text('app_id')
      .notNull()
      .references(() => apps.id),
    name: text('name').notNull(),
    conditions: text('conditions', { mode: 'json' }).$type<Condition[]>().notNull(),
  },
  (t) => [index('access_rules_app_idx').on(t.appId)],
);
