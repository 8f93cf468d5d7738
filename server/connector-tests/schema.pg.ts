import { bigint, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import type { ConnectorDefinition } from '../../shared/connectors/connector';
import type { FillSeen } from '../../shared/vault/fill-outcome';
import { apps } from '../apps/schema.pg';
import { users } from '../directory/schema.pg';

// The PostgreSQL twin of schema.ts.

export const connectorTestRuns = pgTable('connector_test_runs', {
  id: text('id').primaryKey(),
  appId: text('app_id')
    .notNull()
    .references(() => apps.id),
  definition: jsonb('definition').$type<ConnectorDefinition>().notNull(),
  username: text('username').notNull(),
  password: text('password').notNull(),
  extra: text('extra'),
  createdBy: text('created_by')
    .notNull()
    .references(() => users.id),
  createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  releasedAt: bigint('released_at', { mode: 'number' }),
  outcome: text('outcome', { enum: ['filled', 'submitted', 'succeeded', 'failed'] }),
  outcomeReason: text('outcome_reason'),
  seen: jsonb('seen').$type<FillSeen>(),
  outcomeAt: bigint('outcome_at', { mode: 'number' }),
});
