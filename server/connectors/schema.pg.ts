import { bigint, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import type { ConnectorDefinition } from '../../shared/connectors/connector';
import { apps } from '../apps/schema.pg';
import { users } from '../directory/schema.pg';

// The PostgreSQL twin of schema.ts.

export const connectorVersions = pgTable(
  'connector_versions',
  {
    appId: text('app_id')
      .notNull()
      .references(() => apps.id),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<ConnectorDefinition>().notNull(),
    savedAt: bigint('saved_at', { mode: 'number' }).notNull(),
    savedBy: text('saved_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.appId, t.version] })],
);

export const connectorDrafts = pgTable('connector_drafts', {
  id: text('id').primaryKey(),
  appId: text('app_id')
    .notNull()
    .references(() => apps.id),
  definition: jsonb('definition').$type<ConnectorDefinition>().notNull(),
  capturedBy: text('captured_by')
    .notNull()
    .references(() => users.id),
  capturedAt: bigint('captured_at', { mode: 'number' }).notNull(),
});
