import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { ConnectorDefinition } from '../../shared/connectors/connector';
import { apps } from '../apps/schema';
import { users } from '../directory/schema';

/** Every saved version of every app's connector; the highest version is the one in use. */
export const connectorVersions = sqliteTable(
  'connector_versions',
  {
    appId: text('app_id')
      .notNull()
      .references(() => apps.id),
    version: integer('version').notNull(),
    definition: text('definition', { mode: 'json' }).$type<ConnectorDefinition>().notNull(),
    savedAt: integer('saved_at').notNull(),
    savedBy: text('saved_by').references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.appId, t.version] })],
);

/**
 * A connector recorded by IT's "Capture this login" in the extension, waiting for IT to review and save it.
 * Holds selectors and addresses only: nothing typed during capture.
 */
export const connectorDrafts = sqliteTable('connector_drafts', {
  id: text('id').primaryKey(),
  appId: text('app_id')
    .notNull()
    .references(() => apps.id),
  definition: text('definition', { mode: 'json' }).$type<ConnectorDefinition>().notNull(),
  capturedBy: text('captured_by')
    .notNull()
    .references(() => users.id),
  capturedAt: integer('captured_at').notNull(),
});
