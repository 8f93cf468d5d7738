import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { SIGN_IN_STEPS } from '../../shared/accounts';
import { users } from '../directory/schema';

/** A signed-in browser. Only the SHA-256 of the cookie value is stored. */
export const sessions = sqliteTable(
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
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_badge_idx').on(t.badgeId)],
);

/**
 * Consecutive failed sign-ins per account name (known or not, so both look alike). Reset on success.
 * Keyed by the normalised username, not the user id, so unknown names are throttled identically.
 */
export const signInFailures = sqliteTable('sign_in_failures', {
  accountKey: text('account_key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: integer('last_failure_at').notNull(),
});

/**
 * Failed sign-ins per client address in the current window (a whole school shares one NAT address), kept here
 * so every portal process counts against the same limit. Keyed by an HMAC of the address, like the account rows.
 */
export const signInNetworkFailures = sqliteTable('sign_in_network_failures', {
  addressKey: text('address_key').primaryKey(),
  failures: integer('failures').notNull(),
  windowEndsAt: integer('window_ends_at').notNull(),
});
