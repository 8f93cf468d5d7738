import { randomBytes } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log';
import type { Directory, Person } from '../directory/directory';
import type { PasswordHasher } from './password-hasher';
import { sameText } from './same-text';
import { holdCountedVerify, type SignInThrottle } from './sign-in-throttle';

/**
 * What a person's password is checked against: the argon2id hash of one they chose; the district's fixed password
 * (PreK-5), kept sealed rather than hashed so it can be printed again (a hash of a short fixed password would fall
 * to an offline search of a stolen database); a helper's temporary password, which opens only the step that
 * chooses a new one (and is spent there, so a closed tab does not leave the person with nothing); or none.
 */
export type StoredCredential =
  | { kind: 'chosen'; hash: string }
  | { kind: 'fixed'; password: string }
  | { kind: 'temporary'; hash: string }
  | { kind: 'none' };

export type SignInResult = { ok: true; person: Person; credential: StoredCredential['kind'] } | { ok: false };

type FailureReason = 'unknown_user' | 'no_password' | 'wrong_password' | 'disabled';

export interface PasswordSignInDeps {
  directory: Directory;
  hasher: PasswordHasher;
  throttle: SignInThrottle;
  audit: AuditLog;
  /** The person's stored credential; the directory's hash alone when there is no accounts feature (tests). */
  credentialOf?: (person: Person) => Promise<StoredCredential>;
}

const hashOnly = async (person: Person): Promise<StoredCredential> =>
  person.passwordHash ? { kind: 'chosen', hash: person.passwordHash } : { kind: 'none' };

/** Usernames are matched without regard to case or surrounding spaces (children type them). */
export const normaliseUsername = (username: string) => username.trim().toLowerCase();

/**
 * Checks a username and password. Unknown user, wrong password, unclaimed and disabled accounts all
 * cost one argon2id verify and give the same `{ ok: false }`, so the answer reveals nothing.
 */
export function createPasswordSignIn({
  directory,
  hasher,
  throttle,
  audit,
  credentialOf = hashOnly,
}: PasswordSignInDeps) {
  // Made up front so the first unknown name costs the same as every later one.
  let decoyHash: Promise<string> | undefined;
  const decoy = () => (decoyHash ??= hasher.hash(randomBytes(16).toString('hex')));
  decoy().catch(() => (decoyHash = undefined));

  /** Every path costs one argon2id verify (a fixed password is checked against the decoy's, then compared). */
  async function credentialMatches(credential: StoredCredential, password: string, accountName: string, ip: string) {
    const hash = credential.kind === 'chosen' || credential.kind === 'temporary' ? credential.hash : await decoy();
    const hashMatches = await verifyCounted(hash, password, accountName, ip);
    if (credential.kind === 'fixed') return sameText(credential.password, password);
    return (credential.kind === 'chosen' || credential.kind === 'temporary') && hashMatches;
  }

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

  async function verifyCounted(storedHash: string, password: string, accountName: string, ip: string) {
    return (await holdCountedVerify(hasher, throttle, { name: accountName, ip })).verify(storedHash, password);
  }

  return async function signInWithPassword(username: string, password: string, ip: string): Promise<SignInResult> {
    const accountName = normaliseUsername(username);
    const person = await directory.findByUsername(accountName);
    // A disabled account is checked against its chosen hash alone, and refused whatever the answer.
    const credential = person && person.status === 'active' ? await credentialOf(person) : await noCredential(person);
    const matches = await credentialMatches(credential, password, accountName, ip);

    if (!person) return fail(ip, 'unknown_user');
    if (person.status !== 'active') return fail(ip, 'disabled', person);
    if (credential.kind === 'none') return fail(ip, 'no_password', person);
    if (!matches) return fail(ip, 'wrong_password', person);

    await throttle.recordSuccess(accountName, ip);
    if (credential.kind === 'chosen' && hasher.needsRehash(credential.hash)) {
      await directory.setPasswordHash(person.id, await hasher.hash(password));
    }
    const method = credential.kind === 'temporary' ? 'temporary_password' : 'password';
    await audit.record({
      action: 'sign_in',
      outcome: 'success',
      actorUserId: person.id,
      subjectUserId: person.id,
      ip,
      detail: { method },
    });
    return { ok: true, person, credential: credential.kind };
  };
}

/** A disabled account is checked like a wrong password (the same cost), but nothing of it is spent. */
async function noCredential(person: Person | undefined): Promise<StoredCredential> {
  return person?.passwordHash ? { kind: 'chosen', hash: person.passwordHash } : { kind: 'none' };
}
