import { bigint, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { apps } from '../apps/schema.pg';
import { orgs, users } from '../directory/schema.pg';

// The PostgreSQL twin of schema.ts.

export const vaultEntries = pgTable(
  'vault_entries',
  {
    id: text('id').primaryKey(),
    appId: text('app_id')
      .notNull()
      .references(() => apps.id),
    scope: text('scope', { enum: ['user', 'group', 'template'] }).notNull(),
    setBy: text('set_by', { enum: ['it', 'self'] }).notNull(),
    userId: text('user_id').references(() => users.id),
    orgId: text('org_id').references(() => orgs.id),
    username: text('username').notNull(),
    password: text('password'),
    extra: text('extra'),
    derivationSecret: text('derivation_secret'),
    version: integer('version').notNull().default(1),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
    updatedBy: text('updated_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('vault_entries_user_idx').on(t.appId, t.userId, t.setBy),
    uniqueIndex('vault_entries_group_idx').on(t.appId, t.orgId),
    index('vault_entries_app_idx').on(t.appId, t.scope),
  ],
);

export const credentialHolds = pgTable(
  'credential_holds',
  {
    entryId: text('entry_id')
      .notNull()
      .references(() => vaultEntries.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    entryVersion: integer('entry_version').notNull(),
    reason: text('reason').notNull(),
    heldAt: bigint('held_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('credential_holds_entry_user_idx').on(t.entryId, t.userId)],
);

export const launches = pgTable(
  'launches',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    appId: text('app_id')
      .notNull()
      .references(() => apps.id),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
    releasedAt: bigint('released_at', { mode: 'number' }),
    entryId: text('entry_id'),
    entryVersion: integer('entry_version'),
    outcome: text('outcome', { enum: ['filled', 'submitted', 'succeeded', 'failed'] }),
    outcomeReason: text('outcome_reason'),
    outcomeAt: bigint('outcome_at', { mode: 'number' }),
  },
  (t) => [index('launches_app_idx').on(t.appId, t.createdAt), index('launches_user_idx').on(t.userId)],
);
