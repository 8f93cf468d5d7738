import { createHmac } from 'node:crypto';
import { AppError } from '../errors';
import type { HeldVerify, PasswordHasher } from './password-hasher';
import { byEngine, type Storage, type Tx } from '../storage/storage';
import { postgresSignInCounters } from './sign-in-throttle.postgres';
import { sqliteSignInCounters } from './sign-in-throttle.sqlite';

/** Failures allowed before any delay: a child mistyping a few times is not slowed down. */
const FREE_FAILURES = 5;
const MAX_DELAY_SECONDS = 15 * 60;
/** NIST SP 800-63B 5.2.2: no more than 100 consecutive failures; past it, one try an hour. */
const CONSECUTIVE_FAILURE_CAP = 100;
const CAPPED_DELAY_SECONDS = 60 * 60;
/** A quiet day forgets an account's failed sign-ins; the longest delay is an hour, so nothing is lost. */
const FAILURE_MEMORY_MS = 24 * 3_600_000;

/** Seconds to wait after `failures` consecutive failures: none at first, then doubling, then capped. */
export function delayAfterFailures(failures: number): number {
  if (failures >= CONSECUTIVE_FAILURE_CAP) return CAPPED_DELAY_SECONDS;
  if (failures < FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES), MAX_DELAY_SECONDS);
}

/**
 * `delayAfterFailures` in milliseconds as a SQL expression over an integer column, for the guarded update
 * that decides in the database. `least` is PostgreSQL's name for SQLite's two-argument `min`. The shift is
 * bounded first: SQLite gives 0 for a shift of 64 or more.
 */
export function delayMsSql(failures: string, least: 'min' | 'least'): string {
  const doublingsToMax = Math.ceil(Math.log2(MAX_DELAY_SECONDS));
  return `(CASE WHEN ${failures} >= ${CONSECUTIVE_FAILURE_CAP} THEN ${CAPPED_DELAY_SECONDS}
    WHEN ${failures} < ${FREE_FAILURES} THEN 0
    ELSE ${least}(1 << ${least}(${failures} - ${FREE_FAILURES}, ${doublingsToMax}), ${MAX_DELAY_SECONDS}) END) * 1000`;
}

export interface NetworkLimit {
  /** Failed sign-ins one address may make per window: a whole school shares one NAT address. */
  failuresPerWindow: number;
  windowMs: number;
}

/**
 * What a counter counts guesses at: a password (by the name typed), a claim code or recovery answers (by the name),
 * an authenticator code (by the person's id), a badge's two pictures (by the badge). Each kind counts apart, so a
 * name typed as `totp:<id>` cannot fill someone's authenticator counter.
 */
export type GuessKind = 'password' | 'claim_code' | 'recovery' | 'totp' | 'badge_pictures';

export interface SignInThrottle {
  /**
   * Counts this try as a failure before the password is checked, so parallel guesses (from any number of
   * portal processes) cannot all slip past the delay; throws `sign_in_throttled` (429 + Retry-After) without
   * counting anything if this account name or address must wait.
   */
  reserveTry(accountName: string, ip: string, kind?: GuessKind): Promise<void>;
  /** The password was checked and right: the account's failures are cleared and the address's try given back. */
  recordSuccess(accountName: string, ip: string, kind?: GuessKind): Promise<void>;
  /**
   * A failed sign-in by something that cannot be guessed (a badge's 160-bit secret): only the address's failures
   * count, after the check, so a right badge is never slowed by others' wrong ones. Throws `sign_in_throttled`
   * when the address is over its limit, in place of the usual refusal.
   */
  recordAddressFailure(ip: string): Promise<void>;
  /** The failures counted now against these names, and until when each holds the next try back. */
  countsFor(targets: readonly GuessTarget[]): Promise<GuessCount[]>;
  /**
   * A helper's release: forgets the failures counted against these names, in one statement (in `tx`, with its
   * audit row); how many it forgot.
   */
  release(targets: readonly GuessTarget[], tx?: Tx): Promise<number>;
}

/** A name guesses are counted against, of one kind (see GuessKind for what each kind is keyed by). */
export interface GuessTarget {
  kind: GuessKind;
  name: string;
}

export interface GuessCount extends GuessTarget {
  failures: number;
  lastFailureAt: number;
  /** When the next try is let through, while that is still ahead; null when a try would be counted now. */
  heldUntil: number | null;
}

export type CountedTry = { counted: true } | { counted: false; waitMs: number };

/** What each engine's adapter keeps; the keys arrive already HMAC'd. */
export interface SignInCounters {
  /**
   * Counts one failure against the account and one against the address, both or neither: each is a guarded
   * upsert that only counts when its limit allows, so the database decides, not a read before the write.
   */
  countTry(accountKey: string, addressKey: string, at: number, network: NetworkLimit): Promise<CountedTry>;
  clearAccount(accountKey: string): Promise<void>;
  /** Counts one failure against the address alone, when its limit allows. */
  countAddressFailure(addressKey: string, at: number, network: NetworkLimit): Promise<CountedTry>;
  /** Gives one try back to the address's window still open at `at`. */
  giveBackAddressTry(addressKey: string, at: number): Promise<void>;
  /** Deletes account counters last failed before `failedBefore` and address windows ended by `at`. */
  forgetStale(failedBefore: number, at: number): Promise<number>;
  /** The counters kept under these keys (those that exist). */
  readAccounts(
    accountKeys: readonly string[],
  ): Promise<{ accountKey: string; failures: number; lastFailureAt: number }[]>;
  /** Deletes the counters kept under these keys, in one statement; how many there were. */
  clearAccounts(accountKeys: readonly string[], tx?: Tx): Promise<number>;
}

const throttled = (waitMs: number) => {
  // Never "wait 0 seconds": a refusal raced by a change in another process still asks for a moment.
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError('sign_in_throttled', 429, `Too many tries. Wait ${seconds} seconds and try again.`, {
    'Retry-After': String(seconds),
  });
};

/**
 * Growing delays per account name rather than a hard lockout, so a classmate cannot lock a child out;
 * a generous per-address cap on failures only. Unknown names are tracked like real ones so the two look alike.
 * Both are kept in the database, so every portal process counts against the same limits. Rows are keyed by an
 * HMAC of the name (or address) with a secret kept outside the database: a password typed in the username box
 * is never stored readable, and a copy of the database cannot be searched for names or addresses.
 */
export function createSignInThrottle(
  storage: Storage,
  now: () => number,
  network: NetworkLimit,
  secret: () => Buffer,
): SignInThrottle {
  const counters = countersFor(storage);
  const keyed = (value: string) => createHmac('sha256', secret()).update(value).digest('base64url');
  // The kind and the name as one JSON array: no name typed for one kind can give another kind's key.
  const accountKey = (accountName: string, kind: GuessKind) => keyed(JSON.stringify([kind, accountName]));
  // Prefixed so an address can never share a key with an account name.
  const addressKey = (ip: string) => keyed(`address:${ip}`);

  return {
    async reserveTry(accountName, ip, kind = 'password') {
      const result = await counters.countTry(accountKey(accountName, kind), addressKey(ip), now(), network);
      if (!result.counted) throw throttled(result.waitMs);
    },
    async recordSuccess(accountName, ip, kind = 'password') {
      await counters.clearAccount(accountKey(accountName, kind));
      await counters.giveBackAddressTry(addressKey(ip), now());
    },
    async recordAddressFailure(ip) {
      const result = await counters.countAddressFailure(addressKey(ip), now(), network);
      if (!result.counted) throw throttled(result.waitMs);
    },
    async countsFor(targets) {
      const byKey = new Map(targets.map((target) => [accountKey(target.name, target.kind), target]));
      const at = now();
      return (await counters.readAccounts([...byKey.keys()])).map(({ accountKey: key, failures, lastFailureAt }) => {
        const until = lastFailureAt + delayAfterFailures(failures) * 1000;
        return { ...byKey.get(key)!, failures, lastFailureAt, heldUntil: until > at ? until : null };
      });
    },
    release: (targets, tx) =>
      counters.clearAccounts(
        targets.map((target) => accountKey(target.name, target.kind)),
        tx,
      ),
  };
}

const countersFor = (storage: Storage) =>
  byEngine(storage, { sqlite: sqliteSignInCounters, postgres: postgresSignInCounters });

/**
 * Housekeeping: forgets accounts quiet for a day and addresses whose window has ended; returns how many counters
 * went. Needs neither the HMAC secret nor the limits, so the housekeeping job can run it on its own.
 */
export const forgetStaleSignInFailures = (storage: Storage, at: number): Promise<number> =>
  countersFor(storage).forgetStale(at - FAILURE_MEMORY_MS, at);

/**
 * A hashing place first (a busy portal refuses before anything is counted), then the guess is counted, and only a
 * counted guess gets the verify: parallel guesses from any number of processes cannot pass the delay.
 */
export async function holdCountedVerify(
  hasher: Pick<PasswordHasher, 'holdVerify'>,
  throttle: SignInThrottle,
  guess: { name: string; ip: string; kind?: GuessKind },
): Promise<HeldVerify> {
  const place = hasher.holdVerify();
  try {
    await throttle.reserveTry(guess.name, guess.ip, guess.kind);
  } catch (error) {
    place.cancel();
    throw error;
  }
  return place;
}
