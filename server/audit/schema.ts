import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Who did what to whom, and how it went. `detail` is JSON and never holds a secret. */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    action: text('action').notNull(),
    outcome: text('outcome', { enum: ['success', 'failure'] }).notNull(),
    actorUserId: text('actor_user_id'),
    subjectUserId: text('subject_user_id'),
    appId: text('app_id'),
    ip: text('ip'),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_at_idx').on(t.at), index('audit_subject_idx').on(t.subjectUserId)],
);
