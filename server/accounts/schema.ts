import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from '../directory/schema';

/**
 * How each person gets in, beside `users.password_hash` (which the directory keeps and sign-in checks). A person
 * with no row has never been through the accounts feature: claimed when they have a password, unclaimed when not.
 */
export const accounts = sqliteTable('accounts', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  /** `fixed`: given by the district (PreK-5); `chosen`: set by the person; null: none yet. */
  passwordKind: text('password_kind', { enum: ['fixed', 'chosen'] }),
  /** The fixed password, sealed like vault values, so a teacher can print it again; null once the child chose one. */
  fixedPasswordSealed: text('fixed_password_sealed'),
  /** argon2id of a helper's temporary password: works once, until `temporary_expires_at`, then must be changed. */
  temporaryPasswordHash: text('temporary_password_hash'),
  temporaryExpiresAt: integer('temporary_expires_at'),
  passwordChangedAt: integer('password_changed_at'),
  /** The authenticator app's key (≥ 160 bits), sealed; null until enrolment is confirmed. */
  totpSecretSealed: text('totp_secret_sealed'),
  /** A key shown to the person but not yet confirmed with a code. */
  totpPendingSealed: text('totp_pending_sealed'),
  totpEnrolledAt: integer('totp_enrolled_at'),
  /** The last 30-second step a code was accepted for: a code is accepted once (compare-and-set). */
  totpLastStep: integer('totp_last_step'),
  /** The recovery questions chosen (ids, JSON), and one argon2id hash of their normalised answers together. */
  recoveryQuestions: text('recovery_questions', { mode: 'json' }).$type<string[]>(),
  recoveryAnswersHash: text('recovery_answers_hash'),
  /** The last reset by a helper (or the CLI: by null), shown to the person's teacher. */
  lastResetAt: integer('last_reset_at'),
  lastResetBy: text('last_reset_by'),
});

/** One live claim code per person; only a keyed hash (HMAC) is stored. Using it deletes it. */
export const claimCodes = sqliteTable('claim_codes', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  codeHash: text('code_hash').notNull(),
  issuedAt: integer('issued_at').notNull(),
  /** Who printed or made it; null for the CLI. */
  issuedBy: text('issued_by'),
  expiresAt: integer('expires_at').notNull(),
});

/** One-time codes for staff who lost their authenticator app; keyed hashes, marked when used. */
export const recoveryCodes = sqliteTable(
  'recovery_codes',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] }), index('recovery_codes_user_idx').on(t.userId)],
);
