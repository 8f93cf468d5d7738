import type { SqliteStorage } from '../storage/storage';
import { delayAfterFailures, delayMsSql, type CountedTry, type SignInCounters } from './sign-in-throttle';

/** The address's refusal undoes the account's count in the same transaction. */
class AddressRefused extends Error {
  constructor(readonly waitMs: number) {
    super('address refused');
  }
}

export function sqliteSignInCounters(storage: SqliteStorage): SignInCounters {
  const sqlite = storage.db.$client;
  // In the DO UPDATE clause bare column names are the stored row's, `excluded.` the proposed one's.
  const countAccount = sqlite.prepare(`
    INSERT INTO sign_in_failures (account_key, failures, last_failure_at) VALUES (@key, 1, @at)
    ON CONFLICT (account_key) DO UPDATE SET failures = failures + 1,
      last_failure_at = max(last_failure_at, excluded.last_failure_at)
    WHERE ${delayMsSql('failures', 'min')} = 0 OR last_failure_at + ${delayMsSql('failures', 'min')} <= excluded.last_failure_at
    RETURNING failures`);
  const readAccount = sqlite.prepare(
    'SELECT failures, last_failure_at AS lastFailureAt FROM sign_in_failures WHERE account_key = ?',
  );
  const countAddress = sqlite.prepare(`
    INSERT INTO sign_in_network_failures (address_key, failures, window_ends_at) VALUES (@key, 1, @at + @windowMs)
    ON CONFLICT (address_key) DO UPDATE SET
      failures = CASE WHEN window_ends_at <= @at THEN 1 ELSE failures + 1 END,
      window_ends_at = CASE WHEN window_ends_at <= @at THEN excluded.window_ends_at ELSE window_ends_at END
    WHERE window_ends_at <= @at OR failures < @limit
    RETURNING failures`);
  const readAddressWindowEnd = sqlite
    .prepare('SELECT window_ends_at FROM sign_in_network_failures WHERE address_key = ?')
    .pluck();
  const clearAccount = sqlite.prepare('DELETE FROM sign_in_failures WHERE account_key = ?');
  const giveBack = sqlite.prepare(
    'UPDATE sign_in_network_failures SET failures = max(failures - 1, 0) WHERE address_key = ? AND window_ends_at > ?',
  );
  const forgetAccounts = sqlite.prepare('DELETE FROM sign_in_failures WHERE last_failure_at < ?');
  const forgetAddresses = sqlite.prepare('DELETE FROM sign_in_network_failures WHERE window_ends_at <= ?');
  const readAccounts = sqlite.prepare(`SELECT account_key AS accountKey, failures, last_failure_at AS lastFailureAt
    FROM sign_in_failures WHERE account_key IN (SELECT value FROM json_each(?))`);
  const clearAccounts = sqlite.prepare(
    'DELETE FROM sign_in_failures WHERE account_key IN (SELECT value FROM json_each(?))',
  );

  const countBoth = sqlite.transaction(
    (accountKey: string, addressKey: string, at: number, limit: number, windowMs: number): CountedTry => {
      if (!countAccount.get({ key: accountKey, at })) {
        const row = readAccount.get(accountKey) as { failures: number; lastFailureAt: number };
        return { counted: false, waitMs: row.lastFailureAt + delayAfterFailures(row.failures) * 1000 - at };
      }
      if (!countAddress.get({ key: addressKey, at, limit, windowMs })) {
        throw new AddressRefused((readAddressWindowEnd.get(addressKey) as number) - at);
      }
      return { counted: true };
    },
  );

  return {
    async countTry(accountKey, addressKey, at, network) {
      try {
        return await storage.run(undefined, () =>
          countBoth.immediate(accountKey, addressKey, at, network.failuresPerWindow, network.windowMs),
        );
      } catch (error) {
        if (error instanceof AddressRefused) return { counted: false, waitMs: error.waitMs };
        throw error;
      }
    },
    async countAddressFailure(addressKey, at, network) {
      const { failuresPerWindow: limit, windowMs } = network;
      return storage.run(undefined, (): CountedTry => {
        if (countAddress.get({ key: addressKey, at, limit, windowMs })) return { counted: true };
        return { counted: false, waitMs: (readAddressWindowEnd.get(addressKey) as number) - at };
      });
    },
    clearAccount: async (accountKey) => void (await storage.run(undefined, () => clearAccount.run(accountKey))),
    giveBackAddressTry: async (addressKey, at) =>
      void (await storage.run(undefined, () => giveBack.run(addressKey, at))),
    forgetStale: async (failedBefore, at) =>
      storage.run(undefined, () => forgetAccounts.run(failedBefore).changes + forgetAddresses.run(at).changes),
    readAccounts: async (accountKeys) =>
      storage.run(
        undefined,
        () =>
          readAccounts.all(JSON.stringify(accountKeys)) as {
            accountKey: string;
            failures: number;
            lastFailureAt: number;
          }[],
      ),
    clearAccounts: async (accountKeys, tx) =>
      storage.run(tx, () => clearAccounts.run(JSON.stringify(accountKeys)).changes),
  };
}
