import { normaliseUsername } from '../auth/password-sign-in';
import { holdCountedVerify } from '../auth/sign-in-throttle';
import type { Person } from '../directory/directory';
import { AppError } from '../errors';
import type { Tx } from '../storage/storage';
import type { ResetResult } from '../../shared/accounts';
import { getsFixedPassword, mayChangeOwnPassword } from './account-policy';
import { assertGoodPassword, openFixedPassword, sealFixedPassword, type AccountDeps } from './account-context';
import type { AccountRecord } from './account-store';
import { newTemporaryPassword } from './codes';
import { newFixedPassword } from './fixed-password';
import { sameText } from '../auth/same-text';

const passwordFixed = () =>
  new AppError('password_fixed', 403, 'Your password was given by your school and cannot be changed.');
const temporarySpent = () =>
  new AppError('temporary_spent', 409, 'That temporary password was already used to choose a new one. Sign in again.');
const wrongPassword = () => new AppError('wrong_password', 401, 'Your current password isn’t right.');

export interface PasswordChange {
  /** The current password; not asked in the step after a temporary password (it was just typed, and is spent). */
  current?: string;
  password: string;
}

/** Choosing, changing and resetting passwords, and the district's fixed passwords for the youngest. */
export function passwords(
  deps: AccountDeps,
  issueClaimCode: (person: Person, actorId: string | null, tx: Tx) => Promise<{ code: string; expiresAt: number }>,
) {
  const { store, directory, audit, throttle, hasher } = deps;

  /** The current password, checked like a sign-in (counted first, one verify). */
  async function currentMatches(person: Person, current: string, ip: string) {
    const place = await holdCountedVerify(hasher, throttle, { name: normaliseUsername(person.username), ip });
    const account = await store.find(person.id);
    if (person.passwordHash) return place.verify(person.passwordHash, current);
    place.cancel();
    const fixed = account?.passwordKind === 'fixed' ? account.fixedPasswordSealed : null;
    return fixed !== null && sameText(openFixedPassword(deps, person.id, fixed), current);
  }

  /** The person's own change; every other session of theirs ends (the caller starts this browser's new one). */
  async function change(person: Person, request: PasswordChange, afterTemporary: boolean, ip: string) {
    if (!afterTemporary) {
      if (!mayChangeOwnPassword(person, deps.policy)) throw passwordFixed();
      if (!(await currentMatches(person, request.current ?? '', ip))) throw wrongPassword();
      await throttle.recordSuccess(normaliseUsername(person.username), ip);
    }
    await assertGoodPassword(deps, person, request.password);
    const passwordHash = await hasher.hash(request.password);
    const temporaryHash = afterTemporary ? (await store.find(person.id))?.temporaryPasswordHash : undefined;
    await deps.storage.transaction(async (tx) => {
      // The temporary password is spent here, by the change it led to: two tabs racing, one change wins.
      if (afterTemporary && !(temporaryHash && (await store.useTemporaryPassword(person.id, temporaryHash, tx))))
        throw temporarySpent();
      await directory.setPasswordHash(person.id, passwordHash, tx);
      await store.passwordSet(person.id, 'chosen', null, deps.now(), tx);
      await store.dropClaimCodes([person.id], tx);
      await deps.sessions.endAllFor(person.id, tx);
      await audit.record(
        {
          action: 'account.password_changed',
          outcome: 'success',
          actorUserId: person.id,
          subjectUserId: person.id,
          ip,
        },
        tx,
      );
    });
  }

  /** Which kind of reset a person gets: the youngest a new fixed password, unclaimed a claim code, others a temporary one. */
  function resetKind(person: Person, account: AccountRecord | undefined): ResetResult['kind'] {
    if (getsFixedPassword(person, deps.policy)) return 'fixed_password';
    // A student past the fixed-password grades may still have theirs (promoted by the roster): it is a password.
    const hasPassword = Boolean(
      person.passwordHash || account?.temporaryPasswordHash || account?.passwordKind === 'fixed',
    );
    return hasPassword ? 'temporary_password' : 'claim_code';
  }

  /**
   * A helper's (or the CLI's) reset: the old password stops at once and the person's sessions end; the helper
   * gets what lets the person in once. They never choose or learn the person's final password.
   */
  async function reset(person: Person, actorId: string | null, ip: string | null): Promise<ResetResult> {
    const kind = resetKind(person, await store.find(person.id));
    const temporaryPassword = kind === 'temporary_password' ? newTemporaryPassword() : undefined;
    const temporaryHash = temporaryPassword ? await hasher.hash(temporaryPassword) : undefined;
    return deps.storage.transaction(async (tx) => {
      await directory.setPasswordHash(person.id, null, tx);
      await deps.sessions.endAllFor(person.id, tx);
      await store.recordReset(person.id, actorId, deps.now(), tx);
      const result = await giveNewCredential(person, kind, actorId, { temporaryPassword, temporaryHash }, tx);
      await audit.record(
        {
          action: 'account.password_reset',
          outcome: 'success',
          actorUserId: actorId,
          subjectUserId: person.id,
          ip,
          detail: { kind },
        },
        tx,
      );
      return result;
    });
  }

  async function giveNewCredential(
    person: Person,
    kind: ResetResult['kind'],
    actorId: string | null,
    temporary: { temporaryPassword?: string; temporaryHash?: string },
    tx: Tx,
  ): Promise<ResetResult> {
    if (kind === 'fixed_password') {
      const password = newFixedPassword();
      await store.passwordSet(person.id, 'fixed', sealFixedPassword(deps, person.id, password), deps.now(), tx);
      return { kind, password };
    }
    // A fixed password left from younger grades must stop too: it would be checked before the new credential.
    await store.forgetPassword(person.id, tx);
    if (kind === 'claim_code') {
      const { code, expiresAt } = await issueClaimCode(person, actorId, tx);
      return { kind, claimCode: code, expiresAt };
    }
    const expiresAt = deps.now() + deps.policy.codeLifetimeMs;
    await store.dropClaimCodes([person.id], tx);
    await store.setTemporaryPassword(person.id, temporary.temporaryHash!, expiresAt, tx);
    return { kind, temporaryPassword: temporary.temporaryPassword!, expiresAt };
  }

  /**
   * The fixed password of each of these people who get one (PreK-5): theirs, or a new one for those with no
   * password at all (new from the roster, or from before fixed passwords). Those who chose their own are left out.
   */
  async function fixedPasswordsFor(people: readonly Person[], tx?: Tx): Promise<Map<string, string>> {
    const young = people.filter((person) => getsFixedPassword(person, deps.policy));
    const accounts = await store.findMany(young.map((person) => person.id));
    const passwordsById = new Map<string, string>();
    for (const person of young) {
      const account = accounts.get(person.id);
      if (account?.passwordKind === 'fixed' && account.fixedPasswordSealed && !person.passwordHash) {
        passwordsById.set(person.id, openFixedPassword(deps, person.id, account.fixedPasswordSealed));
      } else if (!person.passwordHash && !account?.temporaryPasswordHash && account?.passwordKind !== 'chosen') {
        passwordsById.set(person.id, await giveFixedPassword(person.id, tx));
      }
    }
    return passwordsById;
  }

  async function giveFixedPassword(userId: string, tx?: Tx) {
    const password = newFixedPassword();
    await store.passwordSet(userId, 'fixed', sealFixedPassword(deps, userId, password), deps.now(), tx);
    return password;
  }

  return { change, reset, resetKind, fixedPasswordsFor, giveFixedPassword };
}
