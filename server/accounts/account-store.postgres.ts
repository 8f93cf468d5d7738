import { and, count, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { PostgresExecutor, PostgresStorage, Tx } from '../storage/storage';
import { SEALED_ACCOUNT_FIELDS, type AccountRecord, type AccountStore, type ClaimCodeRecord } from './account-store';
import { accounts, claimCodes, recoveryCodes } from './schema.pg';

// Every compare-and-set is one guarded UPDATE or DELETE: under READ COMMITTED a racing statement waits for the
// row, then checks its guard again against the committed row and changes nothing.

export function postgresAccountStore(storage: PostgresStorage): AccountStore {
  const { db } = storage;

  /** Runs `work` in the caller's unit of work, or in one of its own: its statements stand or fall together. */
  const atomically = <T>(tx: Tx | undefined, work: (executor: PostgresExecutor) => Promise<T>) =>
    tx ? work(storage.executor(tx)) : storage.transaction((own) => work(storage.executor(own)));

  const upsertAccount = (tx: Tx | undefined, values: Partial<typeof accounts.$inferInsert> & { userId: string }) => {
    const { userId, ...changes } = values;
    return storage
      .executor(tx)
      .insert(accounts)
      .values(values)
      .onConflictDoUpdate({ target: accounts.userId, set: { ...changes } });
  };

  return {
    async find(userId) {
      const [row] = await db.select().from(accounts).where(eq(accounts.userId, userId));
      return row as AccountRecord | undefined;
    },
    async findMany(userIds) {
      if (!userIds.length) return new Map();
      const rows = await db
        .select()
        .from(accounts)
        .where(inArray(accounts.userId, [...userIds]));
      return new Map(rows.map((row) => [row.userId, row as AccountRecord]));
    },
    async passwordSet(userId, passwordKind, fixedPasswordSealed, at, tx) {
      await upsertAccount(tx, {
        userId,
        passwordKind,
        fixedPasswordSealed,
        passwordChangedAt: at,
        temporaryPasswordHash: null,
        temporaryExpiresAt: null,
      });
    },
    async setTemporaryPassword(userId, temporaryPasswordHash, temporaryExpiresAt, tx) {
      await upsertAccount(tx, { userId, temporaryPasswordHash, temporaryExpiresAt });
    },
    async useTemporaryPassword(userId, passwordHash, tx) {
      const used = await storage
        .executor(tx)
        .update(accounts)
        .set({ temporaryPasswordHash: null, temporaryExpiresAt: null })
        .where(and(eq(accounts.userId, userId), eq(accounts.temporaryPasswordHash, passwordHash)))
        .returning({ userId: accounts.userId });
      return used.length === 1;
    },
    async forgetPassword(userId, tx) {
      await upsertAccount(tx, {
        userId,
        passwordKind: null,
        fixedPasswordSealed: null,
        temporaryPasswordHash: null,
        temporaryExpiresAt: null,
      });
    },
    async sealedValues(tx) {
      const rows = await storage
        .executor(tx)
        .select({
          userId: accounts.userId,
          fixedPasswordSealed: accounts.fixedPasswordSealed,
          totpSecretSealed: accounts.totpSecretSealed,
          totpPendingSealed: accounts.totpPendingSealed,
        })
        .from(accounts)
        .where(
          or(
            isNotNull(accounts.fixedPasswordSealed),
            isNotNull(accounts.totpSecretSealed),
            isNotNull(accounts.totpPendingSealed),
          ),
        );
      return rows.flatMap((row) =>
        SEALED_ACCOUNT_FIELDS.flatMap((field) =>
          row[field] ? [{ userId: row.userId, field, sealed: row[field] }] : [],
        ),
      );
    },
    async replaceSealed(userId, field, from, to, tx) {
      const replaced = await storage
        .executor(tx)
        .update(accounts)
        .set({ [field]: to })
        .where(and(eq(accounts.userId, userId), eq(accounts[field], from)))
        .returning({ userId: accounts.userId });
      return replaced.length === 1;
    },
    async recordReset(userId, lastResetBy, lastResetAt, tx) {
      await upsertAccount(tx, { userId, lastResetAt, lastResetBy });
    },
    async saveRecovery(userId, questions, recoveryAnswersHash, tx) {
      await upsertAccount(tx, { userId, recoveryQuestions: [...questions], recoveryAnswersHash });
    },
    async setPendingTotp(userId, totpPendingSealed, tx) {
      await upsertAccount(tx, { userId, totpPendingSealed });
    },
    confirmTotp: (userId, sealedSecret, step, at, codeHashes, tx) =>
      atomically(tx, async (executor) => {
        const confirmed = await executor
          .update(accounts)
          .set({
            totpSecretSealed: sql`${accounts.totpPendingSealed}`,
            totpPendingSealed: null,
            totpLastStep: step,
            totpEnrolledAt: at,
          })
          .where(and(eq(accounts.userId, userId), eq(accounts.totpPendingSealed, sealedSecret)))
          .returning({ userId: accounts.userId });
        if (confirmed.length !== 1) return false;
        await executor.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
        if (codeHashes.length)
          await executor.insert(recoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash })));
        return true;
      }),
    async acceptTotpStep(userId, step, tx) {
      const accepted = await storage
        .executor(tx)
        .update(accounts)
        .set({ totpLastStep: step })
        .where(
          and(
            eq(accounts.userId, userId),
            isNotNull(accounts.totpSecretSealed),
            or(isNull(accounts.totpLastStep), lt(accounts.totpLastStep, step)),
          ),
        )
        .returning({ userId: accounts.userId });
      return accepted.length === 1;
    },
    clearTotp: (userId, tx) =>
      atomically(tx, async (executor) => {
        await executor.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
        const cleared = await executor
          .update(accounts)
          .set({ totpSecretSealed: null, totpPendingSealed: null, totpEnrolledAt: null, totpLastStep: null })
          .where(
            and(
              eq(accounts.userId, userId),
              or(isNotNull(accounts.totpSecretSealed), isNotNull(accounts.totpPendingSealed)),
            ),
          )
          .returning({ userId: accounts.userId });
        return cleared.length === 1;
      }),
    async useRecoveryCode(userId, codeHash, at, tx) {
      const used = await storage
        .executor(tx)
        .update(recoveryCodes)
        .set({ usedAt: at })
        .where(
          and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, codeHash), isNull(recoveryCodes.usedAt)),
        )
        .returning({ userId: recoveryCodes.userId });
      return used.length === 1;
    },
    async unusedRecoveryCodes(userId, codeHash) {
      const thatCode = codeHash === undefined ? undefined : eq(recoveryCodes.codeHash, codeHash);
      const [row] = await db
        .select({ unused: count() })
        .from(recoveryCodes)
        .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt), thatCode));
      return row?.unused ?? 0;
    },
    async saveClaimCode(code, tx) {
      const { userId, ...replacing } = code;
      await storage
        .executor(tx)
        .insert(claimCodes)
        .values({ userId, ...replacing })
        .onConflictDoUpdate({ target: claimCodes.userId, set: replacing });
    },
    async findClaimCode(userId) {
      const [row] = await db.select().from(claimCodes).where(eq(claimCodes.userId, userId));
      return row as ClaimCodeRecord | undefined;
    },
    async claimCodesFor(userIds) {
      if (!userIds.length) return new Map();
      const rows = await db
        .select()
        .from(claimCodes)
        .where(inArray(claimCodes.userId, [...userIds]));
      return new Map(rows.map((row) => [row.userId, row as ClaimCodeRecord]));
    },
    async useClaimCode(userId, codeHash, tx) {
      const used = await storage
        .executor(tx)
        .delete(claimCodes)
        .where(and(eq(claimCodes.userId, userId), eq(claimCodes.codeHash, codeHash)))
        .returning({ userId: claimCodes.userId });
      return used.length === 1;
    },
    async dropTemporaryPasswords(userIds, tx) {
      if (!userIds.length) return;
      await storage
        .executor(tx)
        .update(accounts)
        .set({ temporaryPasswordHash: null, temporaryExpiresAt: null })
        .where(inArray(accounts.userId, [...userIds]));
    },
    async dropClaimCodes(userIds, tx) {
      if (!userIds.length) return 0;
      const dropped = await storage
        .executor(tx)
        .delete(claimCodes)
        .where(inArray(claimCodes.userId, [...userIds]))
        .returning({ userId: claimCodes.userId });
      return dropped.length;
    },
  };
}
