import { bigint, bigserial, index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { classes } from '../directory/schema.pg';

// The PostgreSQL twin of schema.ts.

export const academicSessions = pgTable('academic_sessions', {
  id: text('id').primaryKey(),
  sourcedId: text('sourced_id').notNull().unique(),
  title: text('title').notNull(),
  type: text('type').notNull(),
  startDate: text('start_date').notNull(),
  endDate: text('end_date').notNull(),
  status: text('status', { enum: ['active', 'inactive'] })
    .notNull()
    .default('active'),
});

export const classTerms = pgTable(
  'class_terms',
  {
    classId: text('class_id')
      .notNull()
      .references(() => classes.id),
    sessionId: text('session_id')
      .notNull()
      .references(() => academicSessions.id),
  },
  (t) => [primaryKey({ columns: [t.classId, t.sessionId] })],
);

export const rosterSyncs = pgTable(
  'roster_syncs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    startedAt: bigint('started_at', { mode: 'number' }).notNull(),
    finishedAt: bigint('finished_at', { mode: 'number' }).notNull(),
    source: text('source').notNull(),
    sourceName: text('source_name').notNull(),
    format: text('format'),
    fileHash: text('file_hash').notNull(),
    actorId: text('actor_id'),
    outcome: text('outcome', {
      enum: ['applied', 'unchanged', 'previewed', 'held', 'refused', 'approved', 'superseded'],
    }).notNull(),
    report: jsonb('report').$type<unknown>().notNull(),
    heldBundle: text('held_bundle'),
    approvedBy: text('approved_by'),
    approvedAt: bigint('approved_at', { mode: 'number' }),
  },
  (t) => [index('roster_syncs_started_idx').on(t.startedAt)],
);
