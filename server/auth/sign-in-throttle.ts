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
  /** Throws `sign_in_throttled` (429 + Retry-After) if this account name or address must wait. */
  assertMayTry(accountKey: string, ip: string): void;
  recordFailure(accountKey: string, ip: string): void;
  recordSuccess(accountKey: string): void;
}

const throttled = (seconds: number) =>
  new AppError('sign_in_throttled', 429, `Too many tries. Wait ${seconds} seconds and try again.`, {
    'Retry-After': String(seconds),
  });

/**
 * Growing delays per account name rather than a hard lockout, so a classmate cannot lock a child out;
 * a generous per-address cap on failures only. Unknown names are tracked like real ones so the two look alike.
 */
export function createSignInThrottle(db: Db, now: () => number, network: NetworkLimit): SignInThrottle {
  const sqlite = db.$client;
  const read = sqlite.prepare(
    'SELECT failures, last_failure_at AS lastFailureAt FROM sign_in_failures WHERE account_key = ?',
  );
  const bump = sqlite.prepare(`
    INSERT INTO sign_in_failures (account_key, failures, last_failure_at) VALUES (?, 1, ?)
    ON CONFLICT (account_key) DO UPDATE SET failures = failures + 1, last_failure_at = excluded.last_failure_at`);
  const clear = sqlite.prepare('DELETE FROM sign_in_failures WHERE account_key = ?');
  const failuresByIp = new Map<string, { windowStart: number; count: number }>();

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

  return {
    assertMayTry(accountKey, ip) {
      const row = read.get(accountKey) as { failures: number; lastFailureAt: number } | undefined;
      if (row) {
        const waitMs = row.lastFailureAt + delayAfterFailures(row.failures) * 1000 - now();
        if (waitMs > 0) throw throttled(Math.ceil(waitMs / 1000));
      }
      const window = networkWindow(ip);
      if (window.count >= network.failuresPerWindow) {
        throw throttled(Math.ceil((window.windowStart + network.windowMs - now()) / 1000));
      }
    },
    recordFailure(accountKey, ip) {
      bump.run(accountKey, now());
      networkWindow(ip).count++;
    },
    recordSuccess(accountKey) {
      clear.run(accountKey);
    },
  };
}
