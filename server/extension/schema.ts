import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sessions } from '../auth/schema';
import { users } from '../directory/schema';

// The extension's side of a portal session. Rows hang off the portal session, so signing out (which
// deletes it) or deactivation (which deletes all of a person's) removes them in the same statement.

/** The portal session a row belongs to (deleted with it) and its person. */
const belongsToPortalSession = () => ({
  portalSessionHash: text('portal_session_hash')
    .notNull()
    .references(() => sessions.idHash, { onDelete: 'cascade' }),
  userId: text('user_id')
    .notNull()
    .references(() => users.id),
});

export const extensionPairings = sqliteTable('extension_pairings', {
  codeHash: text('code_hash').primaryKey(),
  ...belongsToPortalSession(),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
});

export const extensionSessions = sqliteTable(
  'extension_sessions',
  {
    id: text('id').primaryKey(),
    ...belongsToPortalSession(),
    /** RFC 7638 thumbprint of the device's public key, and the key itself for checking proofs. */
    deviceJkt: text('device_jkt').notNull(),
    deviceJwk: text('device_jwk', { mode: 'json' })
      .$type<{ kty: 'EC'; crv: 'P-256'; x: string; y: string }>()
      .notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('extension_sessions_user_idx').on(t.userId)],
);

/** Proof ids already seen; a proof is accepted once. Rows outlive the proof's acceptance window, then go. */
export const usedProofs = sqliteTable('used_proofs', {
  jti: text('jti').primaryKey(),
  expiresAt: integer('expires_at').notNull(),
});
