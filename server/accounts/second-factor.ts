import QRCode from 'qrcode';
import type { Person } from '../directory/directory';
import { AppError } from '../errors';
import type { Tx } from '../storage/storage';
import type { TotpEnrolment } from '../../shared/accounts';
import { openTotpSecret, sealTotpSecret, type AccountDeps } from './account-context';
import { looksLikeReadableCode, newRecoveryCode } from './codes';
import { matchingTotpStep, newTotpSecret, totpUri } from './totp';

const RECOVERY_CODE_COUNT = 10;

const invalidCode = () =>
  new AppError('invalid_code', 401, 'That code didn’t work. Type the code your authenticator app shows now.');

/** How a code was proven: the authenticator app, or one of the one-time recovery codes. */
export type SecondFactorMethod = 'totp' | 'recovery_code';

/** A code that was right when checked, and the compare-and-set that spends it. */
export interface CheckedCode {
  method: SecondFactorMethod;
  spend: (tx?: Tx) => Promise<boolean>;
}

/** Staff's second factor: enrolling an authenticator app, checking its codes (once each), IT's reset. */
export function secondFactor(deps: AccountDeps) {
  const { store, audit, throttle } = deps;

  async function refuse(person: Person, ip: string): Promise<never> {
    await audit.record({
      action: 'sign_in',
      outcome: 'failure',
      subjectUserId: person.id,
      ip,
      detail: { method: 'totp', reason: 'wrong_code' },
    });
    throw invalidCode();
  }

  /**
   * A six-digit code of the current or previous step not used before, or an unused recovery code: how it was
   * proven, and `spend`, the compare-and-set that uses it up (false when another request spent it first).
   */
  async function checkCode(person: Person, code: string): Promise<CheckedCode | undefined> {
    if (looksLikeReadableCode(code)) {
      const codeHash = deps.codes.hash(person.id, code);
      if (!(await store.unusedRecoveryCodes(person.id, codeHash))) return undefined;
      return { method: 'recovery_code', spend: (tx) => store.useRecoveryCode(person.id, codeHash, deps.now(), tx) };
    }
    const account = await store.find(person.id);
    if (!account?.totpSecretSealed) return undefined;
    const secret = openTotpSecret(deps, person.id, account.totpSecretSealed);
    const step = await matchingTotpStep(secret, code, deps.now());
    if (step === null || (account.totpLastStep !== null && step <= account.totpLastStep)) return undefined;
    return { method: 'totp', spend: (tx) => store.acceptTotpStep(person.id, step, tx) };
  }

  /** Checks a code and spends it at once. */
  async function codeAccepted(person: Person, code: string): Promise<SecondFactorMethod | undefined> {
    const checked = await checkCode(person, code);
    return checked && (await checked.spend()) ? checked.method : undefined;
  }

  /** Checks a code for a person whose password was right; counted before it is checked. */
  async function verify(person: Person, code: string, ip: string): Promise<SecondFactorMethod> {
    await throttle.reserveTry(person.id, ip, 'totp');
    const method = await codeAccepted(person, code);
    if (!method) return refuse(person, ip);
    await throttle.recordSuccess(person.id, ip, 'totp');
    return method;
  }

  /** A new key for the person's app, kept pending until a code from it confirms it. Shown to them only. */
  async function startEnrolment(person: Person): Promise<TotpEnrolment> {
    const account = await store.find(person.id);
    if (account?.totpSecretSealed)
      throw new AppError('already_enrolled', 409, 'An authenticator app is already set up. Ask IT to reset it first.');
    const secret = newTotpSecret();
    await store.setPendingTotp(person.id, sealTotpSecret(deps, person.id, secret));
    const uri = totpUri(secret, person.username, deps.issuer);
    return { uri, secret, qr: await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, scale: 6 }) };
  }

  /** Confirms the pending key with a code from the app; returns the one-time recovery codes, shown once. */
  async function confirmEnrolment(person: Person, code: string, ip: string): Promise<string[]> {
    await throttle.reserveTry(person.id, ip, 'totp');
    const pending = (await store.find(person.id))?.totpPendingSealed;
    if (!pending)
      throw new AppError(
        'enrolment_not_started',
        409,
        'Start setting up the authenticator app again: no key is waiting.',
      );
    const step = await matchingTotpStep(openTotpSecret(deps, person.id, pending), code, deps.now());
    if (step === null) return refuse(person, ip);
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    const hashes = recoveryCodes.map((recoveryCode) => deps.codes.hash(person.id, recoveryCode));
    const enrolled = await deps.storage.transaction(async (tx) => {
      if (!(await store.confirmTotp(person.id, pending, step, deps.now(), hashes, tx))) return false;
      await audit.record(
        { action: 'account.totp_enrolled', outcome: 'success', actorUserId: person.id, subjectUserId: person.id, ip },
        tx,
      );
      return true;
    });
    if (!enrolled) return refuse(person, ip);
    await throttle.recordSuccess(person.id, ip, 'totp');
    return recoveryCodes;
  }

  /** IT's reset: the key and recovery codes go, the person's sessions end, and they enrol again at next sign-in. */
  async function reset(person: Person, actorId: string | null, ip: string | null) {
    await deps.storage.transaction(async (tx) => {
      if (!(await store.clearTotp(person.id, tx)))
        throw new AppError('no_second_factor', 409, 'This person has no authenticator app to reset.');
      await deps.sessions.endAllFor(person.id, tx);
      await audit.record(
        { action: 'account.totp_reset', outcome: 'success', actorUserId: actorId, subjectUserId: person.id, ip },
        tx,
      );
    });
  }

  return { verify, checkCode, startEnrolment, confirmEnrolment, reset };
}
