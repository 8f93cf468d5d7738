import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
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
  /** The name in Spanish; '' shows the English one. */
  nameEs: text('name_es').notNull().default(''),
  /** A built-in icon's name (see shared/app-icons.ts), or '' for the app's initial on its colour. */
  icon: text('icon').notNull().default(''),
  /** An uploaded icon as a `data:image/png;base64,…` URL (PNG, JPEG or WebP only, never SVG); '' when none. */
  iconImage: text('icon_image').notNull().default(''),
  /** Retired apps show no tile and release nothing, but stay for history and can be brought back. */
  retiredAt: integer('retired_at'),
  /** Counts up with every saved change; `app_versions` keeps each one. */
  version: integer('version').notNull().default(1),
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

/** Every saved state of an app with its rules (a JSON snapshot), for history and to see what changed when. */
export const appVersions = sqliteTable(
  'app_versions',
  {
    appId: text('app_id')
      .notNull()
      .references(() => apps.id),
    version: integer('version').notNull(),
    snapshot: text('snapshot', { mode: 'json' }).$type<unknown>().notNull(),
    change: text('change', { enum: ['created', 'edited', 'retired', 'restored', 'imported'] }).notNull(),
    /** Who saved it; null for the command line. */
    changedBy: text('changed_by'),
    changedAt: integer('changed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.version] })],
);
