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

  function fail(accountKey: string, ip: string, reason: FailureReason, person?: Person): SignInResult {
    throttle.recordFailure(accountKey, ip);
    // The typed name is not stored when it matches no one: it is often a password typed in the wrong box.
    audit.record({
      action: 'sign_in',
      outcome: 'failure',
      subjectUserId: person?.id,
      ip,
      detail: { method: 'password', reason },
    });
    return { ok: false };
  }

  return async function signInWithPassword(username: string, password: string, ip: string): Promise<SignInResult> {
    const accountKey = normaliseUsername(username);
    throttle.assertMayTry(accountKey, ip);
    const person = directory.findByUsername(accountKey);
    const storedHash = person?.passwordHash ?? (await decoy());
    const passwordMatches = await hasher.verify(storedHash, password);

    if (!person) return fail(accountKey, ip, 'unknown_user');
    if (!person.passwordHash) return fail(accountKey, ip, 'no_password', person);
    if (!passwordMatches) return fail(accountKey, ip, 'wrong_password', person);
    if (person.status !== 'active') return fail(accountKey, ip, 'disabled', person);

    throttle.recordSuccess(accountKey);
    if (hasher.needsRehash(person.passwordHash)) {
      saveHash.run(await hasher.hash(password), now(), person.id);
    }
    audit.record({
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
