import type { AuditLog } from '../audit/audit-log';
import type { PasswordHasher } from '../auth/password-hasher';
import type { SessionStore } from '../auth/sessions';
import type { SignInThrottle } from '../auth/sign-in-throttle';
import type { Directory, Person } from '../directory/directory';
import { AppError } from '../errors';
import type { Storage } from '../storage/storage';
import type { VaultCipher } from '../vault/cipher';
import type { PasswordProblem, SignInStep } from '../../shared/accounts';
import { translate } from '../../shared/i18n';
import { needsSecondFactor, type AccountPolicy } from './account-policy';
import type { AccountRecord, AccountStore } from './account-store';
import type { CodeHasher } from './codes';
import { passwordProblem } from './password-rules';

/** What every account flow works with. */
export interface AccountDeps {
  storage: Storage;
  store: AccountStore;
  directory: Directory;
  sessions: SessionStore;
  throttle: SignInThrottle;
  audit: AuditLog;
  hasher: PasswordHasher;
  cipher: VaultCipher;
  policy: AccountPolicy;
  /** Hashes of claim and recovery codes. */
  codes: CodeHasher;
  /** Keys the made-up recovery questions of names without any, so nobody can predict them. */
  decoyKey: Buffer;
  /** The name the authenticator app shows beside the codes. */
  issuer: string;
  now: () => number;
}

/** Ties a sealed account secret to its person and field: copied to another row or field, it fails to open. */
export const bindingFor = (userId: string, field: 'fixed_password' | 'totp_secret') => ({
  entryId: userId,
  owner: userId,
  appId: 'gatehouse.accounts',
  field,
});

export const sealFixedPassword = (deps: Pick<AccountDeps, 'cipher'>, userId: string, password: string) =>
  deps.cipher.seal(password, bindingFor(userId, 'fixed_password'));
export const openFixedPassword = (deps: Pick<AccountDeps, 'cipher'>, userId: string, sealed: string) =>
  deps.cipher.open(sealed, bindingFor(userId, 'fixed_password'));
export const sealTotpSecret = (deps: Pick<AccountDeps, 'cipher'>, userId: string, secret: string) =>
  deps.cipher.seal(secret, bindingFor(userId, 'totp_secret'));
export const openTotpSecret = (deps: Pick<AccountDeps, 'cipher'>, userId: string, sealed: string) =>
  deps.cipher.open(sealed, bindingFor(userId, 'totp_secret'));

/** A new password is refused with the reason, which the page shows beside the field. */
export const weakPassword = (reason: PasswordProblem) =>
  new AppError(
    'weak_password',
    400,
    translate('en', 'error.weak_password', { reason: translate('en', `password_problem.${reason}`) }),
    {},
    { reason },
  );

/** Throws `weak_password` unless the person may choose this password (length, common list, their own words). */
export async function assertGoodPassword(
  deps: AccountDeps,
  person: Pick<Person, 'username' | 'givenName' | 'familyName' | 'campusIds'>,
  password: string,
): Promise<void> {
  const campuses = await deps.directory.campuses();
  const problem = passwordProblem(password, {
    username: person.username,
    givenName: person.givenName,
    familyName: person.familyName,
    campusNames: campuses.filter((campus) => person.campusIds.includes(campus.id)).map((campus) => campus.name),
    districtName: await deps.directory.districtName(),
  });
  if (problem) throw weakPassword(problem);
}

/**
 * The step a session must take once the password (or a claim, or a recovery) is through: staff enter their
 * authenticator code, or enrol one when the district requires it and they have none.
 */
export function secondFactorStep(deps: AccountDeps, person: Person, account: AccountRecord | undefined) {
  if (account?.totpSecretSealed) return 'totp' as const satisfies SignInStep;
  return needsSecondFactor(person, deps.policy) ? ('enrol_totp' as const) : undefined;
}
