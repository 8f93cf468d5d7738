import { bigint, index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { sessions } from '../auth/schema.pg';
import { users } from '../directory/schema.pg';

// The PostgreSQL twin of schema.ts.

const belongsToPortalSession = () => ({
  portalSessionHash: text('portal_session_hash')
    .notNull()
    .references(() => sessions.idHash, { onDelete: 'cascade' }),
  userId: text('user_id')
    .notNull()
    .references(() => users.id),
});

export const extensionPairings = pgTable('extension_pairings', {
  codeHash: text('code_hash').primaryKey(),
  ...belongsToPortalSession(),
  expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  usedAt: bigint('used_at', { mode: 'number' }),
});

export const extensionSessions = pgTable(
  'extension_sessions',
  {
    id: text('id').primaryKey(),
    ...belongsToPortalSession(),
    deviceJkt: text('device_jkt').notNull(),
    deviceJwk: jsonb('device_jwk').$type<{ kty: 'EC'; crv: 'P-256'; x: string; y: string }>().notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('extension_sessions_user_idx').on(t.userId)],
);

export const usedProofs = pgTable('used_proofs', {
  jti: text('jti').primaryKey(),
  expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
});
