import { createHmac } from 'node:crypto';
import type { Db } from '../db/connection';
import { AppError } from '../errors';

/** Failures allowed before any delay: a child mistyping a few times is not slowed down. */
const FREE_FAILURES = 5;
const MAX_DELAY_SECONDS = 15 * 60;
/** NIST SP 800-63B 5.2.2: no more than 100 consecutive failures; past it, one try an hour. */
const CONSECUTIVE_FAILURE_CAP = 100;
const CAPPED_DELAY_SECONDS = 60 * 60;

/** Seconds to wait after `failures` consecutive failures: none at first, then doubling, then capped. */
export function delayAfterFailures(failures: number): number {
  if (failures >= CONSECUTIVE_FAILURE_CAP) return CAPPED_DELAY_SECONDS;
  if (failures < FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS);
}

export interface NetworkLimit {
  /** Failed sign-ins one address may make per window: a whole school shares one NAT address. */
  failuresPerWindow: number;
  windowMs: number;
}

export interface SignInThrottle {
  /**
   * Counts this try as a failure before the password is checked, so parallel guesses cannot all slip past
   * the delay; throws `sign_in_throttled` (429 + Retry-After) if this account name or address must wait.
   */
  reserveTry(accountName: string, ip: string): void;
  /** The password was checked and right: the account's failures are cleared and the address's try given back. */
  recordSuccess(accountName: string, ip: string): void;
  /** The password was never checked (the hasher was busy): the reserved try does not count. */
  releaseTry(accountName: string, ip: string): void;
}

const throttled = (seconds: number) =>
  new AppError('sign_in_throttled', 429, `Too many tries. Wait ${seconds} seconds and try again.`, {
    'Retry-After': String(seconds),
  });

/**
 * Growing delays per account name rather than a hard lockout, so a classmate cannot lock a child out;
 * a generous per-address cap on failures only. Unknown names are tracked like real ones so the two look alike.
 * Rows are keyed by an HMAC of the name with a secret kept outside the database: a password typed in the
 * username box is never stored readable, and a copy of the database cannot be searched for names.
 */
export function createSignInThrottle(
  db: Db,
  now: () => number,
  network: NetworkLimit,
  secret: () => Buffer,
): SignInThrottle {
  const sqlite = db.$client;
  const read = sqlite.prepare(
    'SELECT failures, last_failure_at AS lastFailureAt FROM sign_in_failures WHERE account_key = ?',
  );
  const bump = sqlite.prepare(`
    INSERT INTO sign_in_failures (account_key, failures, last_failure_at) VALUES (?, 1, ?)
    ON CONFLICT (account_key) DO UPDATE SET failures = failures + 1, last_failure_at = excluded.last_failure_at`);
  const unbump = sqlite.prepare('UPDATE sign_in_failures SET failures = failures - 1 WHERE account_key = ?');
  const clear = sqlite.prepare('DELETE FROM sign_in_failures WHERE account_key = ?');
  const clearIfNone = sqlite.prepare('DELETE FROM sign_in_failures WHERE account_key = ? AND failures <= 0');
  const failuresByIp = new Map<string, { windowStart: number; count: number }>();
  const accountKey = (accountName: string) => createHmac('sha256', secret()).update(accountName).digest('base64url');

  function forgetExpiredWindows() {
    for (const [ip, window] of failuresByIp)
      if (now() - window.windowStart >= network.windowMs) failuresByIp.delete(ip);
  }

  function networkWindow(ip: string) {
    const current = failuresByIp.get(ip);
    if (current && now() - current.windowStart < network.windowMs) return current;
    if (failuresByIp.size >= 10_000) forgetExpiredWindows();
    const fresh = { windowStart: now(), count: 0 };
    failuresByIp.set(ip, fresh);
    return fresh;
  }

  function assertMayTry(key: string, ip: string) {
    const row = read.get(key) as { failures: number; lastFailureAt: number } | undefined;
    if (row) {
      const waitMs = row.lastFailureAt + delayAfterFailures(row.failures) * 1000 - now();
      if (waitMs > 0) throw throttled(Math.ceil(waitMs / 1000));
    }
    const window = networkWindow(ip);
    if (window.count >= network.failuresPerWindow) {
      throw throttled(Math.ceil((window.windowStart + network.windowMs - now()) / 1000));
    }
  }

  const giveBackAddressTry = (ip: string) => {
    const window = networkWindow(ip);
    window.count = Math.max(0, window.count - 1);
  };

  return {
    // Check and count with no await in between: the next request sees this one's reservation.
    reserveTry(accountName, ip) {
      const key = accountKey(accountName);
      assertMayTry(key, ip);
      bump.run(key, now());
      networkWindow(ip).count++;
    },
    recordSuccess(accountName, ip) {
      clear.run(accountKey(accountName));
      giveBackAddressTry(ip);
    },
    releaseTry(accountName, ip) {
      const key = accountKey(accountName);
      unbump.run(key);
      clearIfNone.run(key);
      giveBackAddressTry(ip);
    },
  };
}
