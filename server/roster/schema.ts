import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { classes } from '../directory/schema';

// What only the roster needs: terms (so "has classes this term" can be decided) and the history of syncs.
// The people, campuses, classes and enrolments themselves are in the directory's tables; the roster store
// writes their SIS columns, the directory owns the account columns (password, status by hand).

export const academicSessions = sqliteTable('academic_sessions', {
  id: text('id').primaryKey(),
  sourcedId: text('sourced_id').notNull().unique(),
  title: text('title').notNull(),
  /** OneRoster's type: schoolYear, term, semester, gradingPeriod. */
  type: text('type').notNull(),
  /** Calendar dates, `YYYY-MM-DD`; the district's day, compared as text. */
  startDate: text('start_date').notNull(),
  endDate: text('end_date').notNull(),
  status: text('status', { enum: ['active', 'inactive'] })
    .notNull()
    .default('active'),
});

/** The terms a class is taught in (OneRoster `termSourcedIds`). */
export const classTerms = sqliteTable(
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

/** One row per sync tried: applied, unchanged, previewed, held or refused. */
export const rosterSyncs = sqliteTable(
  'roster_syncs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at').notNull(),
    /** Where it came from: upload, cli, drop_folder, demo. */
    source: text('source').notNull(),
    /** The file or folder name as given (no directory above it). */
    sourceName: text('source_name').notNull(),
    format: text('format'),
    /** SHA-256 of the bundle's files, hex. */
    fileHash: text('file_hash').notNull(),
    actorId: text('actor_id'),
    outcome: text('outcome', {
      enum: ['applied', 'unchanged', 'previewed', 'held', 'refused', 'approved', 'superseded'],
    }).notNull(),
    /** The report as JSON (counts, warnings, errors, the hold's reason). */
    report: text('report', { mode: 'json' }).$type<unknown>().notNull(),
    /** A held sync's bundle, gzipped normalised JSON, until it is approved or superseded. */
    heldBundle: text('held_bundle'),
    approvedBy: text('approved_by'),
    approvedAt: integer('approved_at'),
  },
  (t) => [index('roster_syncs_started_idx').on(t.startedAt)],
);
