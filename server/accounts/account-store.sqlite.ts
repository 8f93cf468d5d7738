import type { Statement } from 'better-sqlite3';
import type { SqliteStorage } from '../storage/storage';
import {
  SEALED_ACCOUNT_FIELDS,
  type AccountRecord,
  type AccountStore,
  type ClaimCodeRecord,
  type SealedAccountField,
} from './account-store';

const ACCOUNT_COLUMNS = `user_id AS userId, password_kind AS passwordKind, fixed_password_sealed AS fixedPasswordSealed,
  temporary_password_hash AS temporaryPasswordHash, temporary_expires_at AS temporaryExpiresAt,
  password_changed_at AS passwordChangedAt, totp_secret_sealed AS totpSecretSealed,
  totp_pending_sealed AS totpPendingSealed, totp_enrolled_at AS totpEnrolledAt, totp_last_step AS totpLastStep,
  recovery_questions AS recoveryQuestions, recovery_answers_hash AS recoveryAnswersHash,
  last_reset_at AS lastResetAt, last_reset_by AS lastResetBy`;

const CLAIM_COLUMNS = `user_id AS userId, code_hash AS codeHash, issued_at AS issuedAt, issued_by AS issuedBy,
  expires_at AS expiresAt`;

type AccountRow = Omit<AccountRecord, 'recoveryQuestions'> & { recoveryQuestions: string | null };

const toRecord = (row: AccountRow): AccountRecord => ({
  ...row,
  recoveryQuestions: row.recoveryQuestions === null ? null : (JSON.parse(row.recoveryQuestions) as string[]),
});

/** Raw prepared statements; every compare-and-set is one guarded statement, decided by its changed-row count. */
export function sqliteAccountStore(storage: SqliteStorage): AccountStore {
  const sqlite = storage.db.$client;
  const { run } = storage;
  const one = sqlite.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE user_id = ?`);
  const many = sqlite.prepare(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE user_id IN (SELECT value FROM json_each(?))`,
  );
  const passwordSet =
    sqlite.prepare(`INSERT INTO accounts (user_id, password_kind, fixed_password_sealed, password_changed_at)
    VALUES (@userId, @kind, @sealed, @at)
    ON CONFLICT (user_id) DO UPDATE SET password_kind = excluded.password_kind,
      fixed_password_sealed = excluded.fixed_password_sealed, password_changed_at = excluded.password_changed_at,
      temporary_password_hash = NULL, temporary_expires_at = NULL`);
  const setTemporary = sqlite.prepare(`INSERT INTO accounts (user_id, temporary_password_hash, temporary_expires_at)
    VALUES (@userId, @hash, @expiresAt)
    ON CONFLICT (user_id) DO UPDATE SET temporary_password_hash = excluded.temporary_password_hash,
      temporary_expires_at = excluded.temporary_expires_at`);
  const useTemporary = sqlite.prepare(`UPDATE accounts SET temporary_password_hash = NULL, temporary_expires_at = NULL
    WHERE user_id = ? AND temporary_password_hash = ?`);
  const saveRecovery = sqlite.prepare(`INSERT INTO accounts (user_id, recovery_questions, recovery_answers_hash)
    VALUES (@userId, @questions, @hash)
    ON CONFLICT (user_id) DO UPDATE SET recovery_questions = excluded.recovery_questions,
      recovery_answers_hash = excluded.recovery_answers_hash`);
  const forgetPassword = sqlite.prepare(`INSERT INTO accounts (user_id) VALUES (?)
    ON CONFLICT (user_id) DO UPDATE SET password_kind = NULL, fixed_password_sealed = NULL,
      temporary_password_hash = NULL, temporary_expires_at = NULL`);
  const sealedRows = sqlite.prepare(`SELECT user_id AS userId, fixed_password_sealed AS fixedPasswordSealed,
    totp_secret_sealed AS totpSecretSealed, totp_pending_sealed AS totpPendingSealed FROM accounts
    WHERE fixed_password_sealed IS NOT NULL OR totp_secret_sealed IS NOT NULL OR totp_pending_sealed IS NOT NULL`);
  const column = {
    fixedPasswordSealed: 'fixed_password_sealed',
    totpSecretSealed: 'totp_secret_sealed',
    totpPendingSealed: 'totp_pending_sealed',
  };
  const replaceSealed = Object.fromEntries(
    Object.entries(column).map(([field, name]) => [
      field,
      sqlite.prepare(`UPDATE accounts SET ${name} = ? WHERE user_id = ? AND ${name} = ?`),
    ]),
  ) as Record<SealedAccountField, Statement<[string, string, string]>>;
  const dropTemporary = sqlite.prepare(`UPDATE accounts SET temporary_password_hash = NULL,
    temporary_expires_at = NULL WHERE user_id IN (SELECT value FROM json_each(?))`);
  const recordReset = sqlite.prepare(`INSERT INTO accounts (user_id, last_reset_at, last_reset_by) VALUES (?, ?, ?)
    ON CONFLICT (user_id) DO UPDATE SET last_reset_at = excluded.last_reset_at, last_reset_by = excluded.last_reset_by`);
  const setPending = sqlite.prepare(`INSERT INTO accounts (user_id, totp_pending_sealed) VALUES (?, ?)
    ON CONFLICT (user_id) DO UPDATE SET totp_pending_sealed = excluded.totp_pending_sealed`);
  const confirm = sqlite.prepare(`UPDATE accounts SET totp_secret_sealed = totp_pending_sealed,
    totp_pending_sealed = NULL, totp_last_step = @step, totp_enrolled_at = @at
    WHERE user_id = @userId AND totp_pending_sealed = @sealed`);
  const acceptStep = sqlite.prepare(`UPDATE accounts SET totp_last_step = @step
    WHERE user_id = @userId AND totp_secret_sealed IS NOT NULL AND (totp_last_step IS NULL OR totp_last_step < @step)`);
  const clearTotp = sqlite.prepare(`UPDATE accounts SET totp_secret_sealed = NULL, totp_pending_sealed = NULL,
    totp_enrolled_at = NULL, totp_last_step = NULL
    WHERE user_id = ? AND (totp_secret_sealed IS NOT NULL OR totp_pending_sealed IS NOT NULL)`);
  const dropRecoveryCodes = sqlite.prepare('DELETE FROM recovery_codes WHERE user_id = ?');
  const addRecoveryCode = sqlite.prepare('INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)');
  const useRecoveryCode = sqlite.prepare(
    'UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL',
  );
  const unusedRecoveryCodes = sqlite
    .prepare('SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL')
    .pluck();
  const unusedRecoveryCode = sqlite
    .prepare('SELECT count(*) FROM recovery_codes WHERE user_id = ? AND code_hash = ? AND used_at IS NULL')
    .pluck();
  const saveClaim = sqlite.prepare(`INSERT INTO claim_codes (user_id, code_hash, issued_at, issued_by, expires_at)
    VALUES (@userId, @codeHash, @issuedAt, @issuedBy, @expiresAt)
    ON CONFLICT (user_id) DO UPDATE SET code_hash = excluded.code_hash, issued_at = excluded.issued_at,
      issued_by = excluded.issued_by, expires_at = excluded.expires_at`);
  const findClaim = sqlite.prepare(`SELECT ${CLAIM_COLUMNS} FROM claim_codes WHERE user_id = ?`);
  const claimsOf = sqlite.prepare(
    `SELECT ${CLAIM_COLUMNS} FROM claim_codes WHERE user_id IN (SELECT value FROM json_each(?))`,
  );
  const useClaim = sqlite.prepare('DELETE FROM claim_codes WHERE user_id = ? AND code_hash = ?');
  const dropClaims = sqlite.prepare('DELETE FROM claim_codes WHERE user_id IN (SELECT value FROM json_each(?))');

  return {
    async find(userId) {
      const row = (await run(undefined, () => one.get(userId))) as AccountRow | undefined;
      return row && toRecord(row);
    },
    async findMany(userIds) {
      if (!userIds.length) return new Map();
      const rows = (await run(undefined, () => many.all(JSON.stringify(userIds)))) as AccountRow[];
      return new Map(rows.map((row) => [row.userId, toRecord(row)]));
    },
    passwordSet: async (userId, kind, sealed, at, tx) =>
      void (await run(tx, () => passwordSet.run({ userId, kind, sealed, at }))),
    setTemporaryPassword: async (userId, hash, expiresAt, tx) =>
      void (await run(tx, () => setTemporary.run({ userId, hash, expiresAt }))),
    useTemporaryPassword: async (userId, hash, tx) => run(tx, () => useTemporary.run(userId, hash).changes === 1),
    forgetPassword: async (userId, tx) => void (await run(tx, () => forgetPassword.run(userId))),
    sealedValues: async (tx) =>
      run(tx, () =>
        (sealedRows.all() as Record<string, string | null>[]).flatMap((row) =>
          SEALED_ACCOUNT_FIELDS.flatMap((field) =>
            row[field] ? [{ userId: row.userId!, field, sealed: row[field] }] : [],
          ),
        ),
      ),
    replaceSealed: async (userId, field, from, to, tx) =>
      run(tx, () => replaceSealed[field].run(to, userId, from).changes === 1),
    recordReset: async (userId, actorId, at, tx) => void (await run(tx, () => recordReset.run(userId, at, actorId))),
    saveRecovery: async (userId, questions, hash, tx) =>
      void (await run(tx, () => saveRecovery.run({ userId, questions: JSON.stringify(questions), hash }))),
    setPendingTotp: async (userId, sealed, tx) => void (await run(tx, () => setPending.run(userId, sealed))),
    confirmTotp: async (userId, sealed, step, at, codeHashes, tx) =>
      run(tx, () =>
        sqlite.transaction(() => {
          if (confirm.run({ userId, sealed, step, at }).changes !== 1) return false;
          dropRecoveryCodes.run(userId);
          for (const hash of codeHashes) addRecoveryCode.run(userId, hash);
          return true;
        })(),
      ),
    acceptTotpStep: async (userId, step, tx) => run(tx, () => acceptStep.run({ userId, step }).changes === 1),
    clearTotp: async (userId, tx) =>
      run(tx, () =>
        sqlite.transaction(() => {
          dropRecoveryCodes.run(userId);
          return clearTotp.run(userId).changes === 1;
        })(),
      ),
    useRecoveryCode: async (userId, codeHash, at, tx) =>
      run(tx, () => useRecoveryCode.run(at, userId, codeHash).changes === 1),
    unusedRecoveryCodes: async (userId, codeHash) =>
      run(undefined, () =>
        codeHash === undefined
          ? (unusedRecoveryCodes.get(userId) as number)
          : (unusedRecoveryCode.get(userId, codeHash) as number),
      ),
    saveClaimCode: async (code, tx) => void (await run(tx, () => saveClaim.run(code))),
    findClaimCode: async (userId) => run(undefined, () => findClaim.get(userId) as ClaimCodeRecord | undefined),
    async claimCodesFor(userIds) {
      if (!userIds.length) return new Map();
      const rows = (await run(undefined, () => claimsOf.all(JSON.stringify(userIds)))) as ClaimCodeRecord[];
      return new Map(rows.map((row) => [row.userId, row]));
    },
    useClaimCode: async (userId, codeHash, tx) => run(tx, () => useClaim.run(userId, codeHash).changes === 1),
    dropClaimCodes: async (userIds, tx) =>
      userIds.length ? run(tx, () => dropClaims.run(JSON.stringify(userIds)).changes) : 0,
    dropTemporaryPasswords: async (userIds, tx) =>
      void (userIds.length && (await run(tx, () => dropTemporary.run(JSON.stringify(userIds))))),
  };
}
