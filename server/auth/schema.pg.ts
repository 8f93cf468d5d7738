import { bigint, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { SIGN_IN_STEPS } from '../../shared/accounts';
import { users } from '../directory/schema.pg';

// The PostgreSQL twin of schema.ts.

export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    method: text('method', { enum: ['password', 'badge', 'totp'] }).notNull(),
    /** The badge a badge sign-in used: voiding it ends this session. */
    badgeId: text('badge_id'),
    /** A step this session must take before it reaches anything else (a code, enrolment, a new password); null: none. */
    pending: text('pending', { enum: SIGN_IN_STEPS }),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    lastSeenAt: bigint('last_seen_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_badge_idx').on(t.badgeId)],
);

export const signInFailures = pgTable('sign_in_failures', {
  accountKey: text('account_key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: bigint('last_failure_at', { mode: 'number' }).notNull(),
});

export const signInNetworkFailures = pgTable('sign_in_network_failures', {
  addressKey: text('address_key').primaryKey(),
  failures: integer('failures').notNull(),
  windowEndsAt: bigint('window_ends_at', { mode: 'number' }).notNull(),
});
