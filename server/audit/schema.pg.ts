import { bigint, bigserial, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of schema.ts.

export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: bigint('at', { mode: 'number' }).notNull(),
    action: text('action').notNull(),
    outcome: text('outcome', { enum: ['success', 'failure'] }).notNull(),
    actorUserId: text('actor_user_id'),
    subjectUserId: text('subject_user_id'),
    appId: text('app_id'),
    ip: text('ip'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_at_idx').on(t.at), index('audit_subject_idx').on(t.subjectUserId)],
);
