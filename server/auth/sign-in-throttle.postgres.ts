import { sql } from 'drizzle-orm';
import type { PostgresExecutor, PostgresStorage } from '../storage/storage';
import { delayAfterFailures, delayMsSql, type CountedTry, type SignInCounters } from './sign-in-throttle';

/** The address's refusal undoes the account's count: the transaction rolls back. */
class AddressRefused extends Error {
  constructor(readonly waitMs: number) {
    super('address refused');
  }
}

const rows = async <T>(query: Promise<{ rows: unknown[] }>) => (await query).rows as T[];

/**
 * Each count is one guarded upsert: PostgreSQL locks the conflicting row and checks the guard against its
 * latest committed version, so tries from several processes at once are counted one after another.
 * Raw SQL: the guard's delay expression is shared with SQLite, and drizzle's prepared queries cannot run
 * inside a transaction (sign-in pays an argon2id verify anyway).
 */
export function postgresSignInCounters(storage: PostgresStorage): SignInCounters {
  const { db } = storage;
  const storedFailures = 'sign_in_failures.failures';

  async function countAccount(tx: PostgresExecutor, key: string, at: number): Promise<CountedTry> {
    const counted = await rows(
      tx.execute(sql`
        INSERT INTO sign_in_failures (account_key, failures, last_failure_at) VALUES (${key}, 1, ${at})
        ON CONFLICT (account_key) DO UPDATE SET failures = sign_in_failures.failures + 1,
          last_failure_at = greatest(sign_in_failures.last_failure_at, excluded.last_failure_at)
        WHERE ${sql.raw(delayMsSql(storedFailures, 'least'))} = 0
          OR sign_in_failures.last_failure_at + ${sql.raw(delayMsSql(storedFailures, 'least'))}
            <= excluded.last_failure_at
        RETURNING failures`),
    );
    if (counted.length > 0) return { counted: true };
    const [row] = await rows<{ failures: number; last_failure_at: number }>(
      tx.execute(sql`SELECT failures, last_failure_at FROM sign_in_failures WHERE account_key = ${key}`),
    );
    return { counted: false, waitMs: row ? row.last_failure_at + delayAfterFailures(row.failures) * 1000 - at : 0 };
  }

  async function countAddress(tx: PostgresExecutor, key: string, at: number, limit: number, windowMs: number) {
    const counted = await rows(
      tx.execute(sql`
        INSERT INTO sign_in_network_failures AS t (address_key, failures, window_ends_at)
        VALUES (${key}, 1, ${at + windowMs})
        ON CONFLICT (address_key) DO UPDATE SET
          failures = CASE WHEN t.window_ends_at <= ${at} THEN 1 ELSE t.failures + 1 END,
          window_ends_at = CASE WHEN t.window_ends_at <= ${at} THEN excluded.window_ends_at ELSE t.window_ends_at END
        WHERE t.window_ends_at <= ${at} OR t.failures < ${limit}
        RETURNING failures`),
    );
    if (counted.length > 0) return;
    const [row] = await rows<{ window_ends_at: number }>(
      tx.execute(sql`SELECT window_ends_at FROM sign_in_network_failures WHERE address_key = ${key}`),
    );
    throw new AddressRefused(row ? Number(row.window_ends_at) - at : 0);
  }

  return {
    async countTry(accountKey, addressKey, at, network) {
      try {
        return await storage.transaction(async (unit) => {
          const tx = storage.executor(unit);
          const account = await countAccount(tx, accountKey, at);
          if (account.counted) await countAddress(tx, addressKey, at, network.failuresPerWindow, network.windowMs);
          return account;
        });
      } catch (error) {
        if (error instanceof AddressRefused) return { counted: false, waitMs: error.waitMs };
        throw error;
      }
    },
    async countAddressFailure(addressKey, at, network) {
      try {
        await countAddress(db, addressKey, at, network.failuresPerWindow, network.windowMs);
        return { counted: true };
      } catch (error) {
        if (error instanceof AddressRefused) return { counted: false, waitMs: error.waitMs };
        throw error;
      }
    },
    async clearAccount(accountKey) {
      await db.execute(sql`DELETE FROM sign_in_failures WHERE account_key = ${accountKey}`);
    },
    async giveBackAddressTry(addressKey, at) {
      await db.execute(sql`UPDATE sign_in_network_failures SET failures = greatest(failures - 1, 0)
        WHERE address_key = ${addressKey} AND window_ends_at > ${at}`);
    },
    async forgetStale(failedBefore, at) {
      const accounts = await db.execute(sql`DELETE FROM sign_in_failures WHERE last_failure_at < ${failedBefore}`);
      const addresses = await db.execute(sql`DELETE FROM sign_in_network_failures WHERE window_ends_at <= ${at}`);
      return (accounts.rowCount ?? 0) + (addresses.rowCount ?? 0);
    },
    async readAccounts(accountKeys) {
      if (!accountKeys.length) return [];
      const found = await rows<{ account_key: string; failures: number; last_failure_at: number }>(
        db.execute(sql`SELECT account_key, failures, last_failure_at FROM sign_in_failures
          WHERE account_key IN ${accountKeys}`),
      );
      return found.map((row) => ({
        accountKey: row.account_key,
        failures: Number(row.failures),
        lastFailureAt: Number(row.last_failure_at),
      }));
    },
    async clearAccounts(accountKeys, tx) {
      if (!accountKeys.length) return 0;
      const cleared = await storage
        .executor(tx)
        .execute(sql`DELETE FROM sign_in_failures WHERE account_key IN ${accountKeys}`);
      return cleared.rowCount ?? 0;
    },
  };
}
