import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { apps } from '../apps/schema';
import { users, orgs } from '../directory/schema';

/**
 * Stored credentials for apps without SSO. `scope` says whom an entry serves: one person (`user_id`), a
 * group (everyone at `org_id`, e.g. one account for a whole campus), or everyone entitled to the app with
 * values derived from roster fields (`template`). Sealed values are AES-GCM text from vault/cipher.ts.
 */
export const vaultEntries = sqliteTable(
  'vault_entries',
  {
    id: text('id').primaryKey(),
    appId: text('app_id')
      .notNull()
      .references(() => apps.id),
    scope: text('scope', { enum: ['user', 'group', 'template'] }).notNull(),
    /** Who set it: IT, or the person themself (only for `user` scope, where the connector allows it). */
    setBy: text('set_by', { enum: ['it', 'self'] }).notNull(),
    userId: text('user_id').references(() => users.id),
    orgId: text('org_id').references(() => orgs.id),
    /** Sealed username; for templates, the sealed pattern such as `{sourced_id}`. */
    username: text('username').notNull(),
    /** Sealed password; for templates, a sealed fixed password or null to derive one per person. */
    password: text('password'),
    extra: text('extra'),
    /** Sealed per-template secret from which each person's generated password is derived. */
    derivationSecret: text('derivation_secret'),
    /** Goes up on every change, which clears any lockout hold on the older value. */
    version: integer('version').notNull().default(1),
    updatedAt: integer('updated_at').notNull(),
    updatedBy: text('updated_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('vault_entries_user_idx').on(t.appId, t.userId, t.setBy),
    uniqueIndex('vault_entries_group_idx').on(t.appId, t.orgId),
    index('vault_entries_app_idx').on(t.appId, t.scope),
  ],
);

/**
 * The lockout guard: a credential the site rejected for a person is not released to them again until the
 * entry changes (a new `version`) or someone confirms it is right.
 */
export const credentialHolds = sqliteTable(
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
    heldAt: integer('held_at').notNull(),
  },
  (t) => [uniqueIndex('credential_holds_entry_user_idx').on(t.entryId, t.userId)],
);

/** A tile click on a vault app: the one release the extension may ask for, for about a minute. */
export const launches = sqliteTable(
  'launches',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    appId: text('app_id')
      .notNull()
      .references(() => apps.id),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    releasedAt: integer('released_at'),
    entryId: text('entry_id'),
    entryVersion: integer('entry_version'),
    /** The latest outcome the extension reported: filled, submitted, succeeded or failed. */
    outcome: text('outcome', { enum: ['filled', 'submitted', 'succeeded', 'failed'] }),
    outcomeReason: text('outcome_reason'),
    outcomeAt: integer('outcome_at'),
  },
  (t) => [index('launches_app_idx').on(t.appId, t.createdAt), index('launches_user_idx').on(t.userId)],
);
