import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import type { Directory, Person } from '../directory/directory';
import type { PasswordHasher } from './password-hasher';
import type { SignInThrottle } from './sign-in-throttle';

export type SignInResult = { ok: true; person: Person } | { ok: false };

type FailureReason = 'unknown_user' | 'no_password' | 'wrong_password' | 'disabled';

export interface PasswordSignInDeps {
  directory: Directory;
  hasher: PasswordHasher;
  throttle: SignInThrottle;
  audit: AuditLog;
}

/** Usernames are matched without regard to case or surrounding spaces (children type them). */
export const normaliseUsername = (username: string) => username.trim().toLowerCase();

/**
 * Checks a username and password. Unknown user, wrong password, unclaimed and disabled accounts all
 * cost one argon2id verify and give the same `{ ok: false }`, so the answer reveals nothing.
 */
export function createPasswordSignIn({ directory, hasher, throttle, audit }: PasswordSignInDeps) {
  // Made up front so the first unknown name costs the same as every later one.
  let decoyHash: Promise<string> | undefined;
  const decoy = () => (decoyHash ??= hasher.hash(randomBytes(16).toString('hex')));
  decoy().catch(() => (decoyHash = undefined));

  async function fail(ip: string, reason: FailureReason, person?: Person): Promise<SignInResult> {
    // The try was already counted by reserveTry. The typed name is not stored when it matches no one: it is
    // often a password typed in the wrong box.
    await audit.record({
      action: 'sign_in',
      outcome: 'failure',
      subjectUserId: person?.id,
      ip,
      detail: { method: 'password', reason },
    });
    return { ok: false };
  }

  /**
   * A hashing place first (a busy portal refuses before anything is counted), then the try is counted, and
   * only a counted try is checked: parallel guesses from any number of processes cannot pass the delay.
   */
  async function verifyCounted(storedHash: string, password: string, accountName: string, ip: string) {
    const place = hasher.holdVerify();
    try {
      await throttle.reserveTry(accountName, ip);
    } catch (error) {
      place.cancel();
      throw error;
    }
    return place.verify(storedHash, password);
  }

  return async function signInWithPassword(username: string, password: string, ip: string): Promise<SignInResult> {
    const accountName = normaliseUsername(username);
    const person = await directory.findByUsername(accountName);
    const storedHash = person?.passwordHash ?? (await decoy());
    const matches = await verifyCounted(storedHash, password, accountName, ip);

    if (!person) return fail(ip, 'unknown_user');
    if (!person.passwordHash) return fail(ip, 'no_password', person);
    if (!matches) return fail(ip, 'wrong_password', person);
    if (person.status !== 'active') return fail(ip, 'disabled', person);

    await throttle.recordSuccess(accountName, ip);
    if (hasher.needsRehash(person.passwordHash)) {
      await directory.setPasswordHash(person.id, await hasher.hash(password));
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
