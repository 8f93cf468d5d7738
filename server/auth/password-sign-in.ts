import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import type { Db } from '../db/connection';
import type { Directory, Person } from '../directory/directory';
import type { PasswordHasher } from './password-hasher';
import type { SignInThrottle } from './sign-in-throttle';

export type SignInResult = { ok: true; person: Person } | { ok: false };

type FailureReason = 'unknown_user' | 'no_password' | 'wrong_password' | 'disabled';

export interface PasswordSignInDeps {
  db: Db;
  directory: Directory;
  hasher: PasswordHasher;
  throttle: SignInThrottle;
  audit: AuditLog;
  now: () => number;
}

/** Usernames are matched without regard to case or surrounding spaces (children type them). */
export const normaliseUsername = (username: string) => username.trim().toLowerCase();

/**
 * Checks a username and password. Unknown user, wrong password, unclaimed and disabled accounts all
 * cost one argon2id verify and give the same `{ ok: false }`, so the answer reveals nothing.
 */
export function createPasswordSignIn({ db, directory, hasher, throttle, audit, now }: PasswordSignInDeps) {
  // Made up front so the first unknown name costs the same as every later one.
  let decoyHash: Promise<string> | undefined;
  const decoy = () => (decoyHash ??= hasher.hash(randomBytes(16).toString('hex')));
  decoy().catch(() => (decoyHash = undefined));
  const saveHash = db.$client.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?');

  function fail(ip: string, reason: FailureReason, person?: Person): SignInResult {
    // The try was already counted by reserveTry. The typed name is not stored when it matches no one: it is
    // often a password typed in the wrong box.
    audit.record({
      action: 'sign_in',
      outcome: 'failure',
      subjectUserId: person?.id,
      ip,
      detail: { method: 'password', reason },
    });
    return { ok: false };
  }

  /** Starts the check in the same turn as the reservation; a busy hasher refuses at once and gives it back. */
  function verifyReserved(storedHash: string, password: string, accountName: string, ip: string) {
    try {
      return hasher.verify(storedHash, password);
    } catch (error) {
      throttle.releaseTry(accountName, ip);
      throw error;
    }
  }

  return async function signInWithPassword(username: string, password: string, ip: string): Promise<SignInResult> {
    const accountName = normaliseUsername(username);
    const person = await directory.findByUsername(accountName);
    const storedHash = person?.passwordHash ?? (await decoy());
    // Counted before the check, with no await in between: parallel guesses cannot all pass the delay.
    throttle.reserveTry(accountName, ip);
    const matches = await verifyReserved(storedHash, password, accountName, ip);

    if (!person) return fail(ip, 'unknown_user');
    if (!person.passwordHash) return fail(ip, 'no_password', person);
    if (!matches) return fail(ip, 'wrong_password', person);
    if (person.status !== 'active') return fail(ip, 'disabled', person);

    throttle.recordSuccess(accountName, ip);
    if (hasher.needsRehash(person.passwordHash)) {
      saveHash.run(await hasher.hash(password), now(), person.id);
    }
    await audit.record({
      action: 'sign_in',
      outcome: 'success',
      actorUserId: person.id,
      subjectUserId: person.id,
      ip,
      detail: { method: 'password' },
    });
    return { ok: true, person };
  };
}
