import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { ConnectorDefinition } from '../../shared/connectors/connector';
import type { FillSeen } from '../../shared/vault/fill-outcome';
import { apps } from '../apps/schema';
import { users } from '../directory/schema';

/**
 * IT's test of a connector with a test account: released once to IT's own extension, for a few minutes.
 * Never touches the app's real credentials, holds or App health. Sealed values are vault/cipher.ts text.
 */
export const connectorTestRuns = sqliteTable('connector_test_runs', {
  id: text('id').primaryKey(),
  appId: text('app_id')
    .notNull()
    .references(() => apps.id),
  /** The connector as tested: the saved one or the editor's unsaved text. */
  definition: text('definition', { mode: 'json' }).$type<ConnectorDefinition>().notNull(),
  username: text('username').notNull(),
  password: text('password').notNull(),
  extra: text('extra'),
  createdBy: text('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  releasedAt: integer('released_at'),
  outcome: text('outcome', { enum: ['filled', 'submitted', 'succeeded', 'failed'] }),
  outcomeReason: text('outcome_reason'),
  seen: text('seen', { mode: 'json' }).$type<FillSeen>(),
  outcomeAt: integer('outcome_at'),
});
