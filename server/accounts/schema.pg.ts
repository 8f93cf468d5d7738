import { bigint, index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { users } from '../directory/schema.pg';

// The PostgreSQL twin of schema.ts.

export const accounts = pgTable('accounts', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  passwordKind: text('password_kind', { enum: ['fixed', 'chosen'] }),
  fixedPasswordSealed: text('fixed_password_sealed'),
  temporaryPasswordHash: text('temporary_password_hash'),
  temporaryExpiresAt: bigint('temporary_expires_at', { mode: 'number' }),
  passwordChangedAt: bigint('password_changed_at', { mode: 'number' }),
  totpSecretSealed: text('totp_secret_sealed'),
  totpPendingSealed: text('totp_pending_sealed'),
  totpEnrolledAt: bigint('totp_enrolled_at', { mode: 'number' }),
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  recoveryQuestions: jsonb('recovery_questions').$type<string[]>(),
  recoveryAnswersHash: text('recovery_answers_hash'),
  lastResetAt: bigint('last_reset_at', { mode: 'number' }),
  lastResetBy: text('last_reset_by'),
});

export const claimCodes = pgTable('claim_codes', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  codeHash: text('code_hash').notNull(),
  issuedAt: bigint('issued_at', { mode: 'number' }).notNull(),
  issuedBy: text('issued_by'),
  expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
});

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    usedAt: bigint('used_at', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] }), index('recovery_codes_user_idx').on(t.userId)],
);
