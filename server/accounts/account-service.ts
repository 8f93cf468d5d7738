import type { StoredCredential } from '../auth/password-sign-in';
import { displayName, type Person } from '../directory/directory';
import type { PersonRow } from '../roster/roster-store';
import type { Tx } from '../storage/storage';
import type { AccountState, SignInStep } from '../../shared/accounts';
import { getsFixedPassword, mayChangeOwnPassword, needsSecondFactor } from './account-policy';
import { openFixedPassword, secondFactorStep, type AccountDeps } from './account-context';
import type { AccountRecord, ClaimCodeRecord } from './account-store';
import { claiming } from './claiming';
import { passwords } from './passwords';
import { recovery } from './recovery';
import { secondFactor } from './second-factor';

export type AccountService = ReturnType<typeof createAccountService>;

/** Every account flow: claiming, the second factor, recovery, password changes and resets, and what helpers see. */
export function createAccountService(deps: AccountDeps) {
  const claims = claiming(deps);
  const factor = secondFactor(deps);
  const recoveryFlow = recovery(deps, factor.checkCode);
  const passwordFlows = passwords(deps, claims.issueClaimCode);

  /** What sign-in checks a person's password against (see StoredCredential). */
  async function credentialOf(person: Person): Promise<StoredCredential> {
    if (person.passwordHash) return { kind: 'chosen', hash: person.passwordHash };
    const account = await deps.store.find(person.id);
    if (account?.passwordKind === 'fixed' && account.fixedPasswordSealed)
      return { kind: 'fixed', password: openFixedPassword(deps, person.id, account.fixedPasswordSealed) };
    const temporaryHash = account?.temporaryPasswordHash;
    if (temporaryHash && (account.temporaryExpiresAt ?? 0) > deps.now())
      return { kind: 'temporary', hash: temporaryHash };
    return { kind: 'none' };
  }

  /** The step a new session must take: a new password after a temporary one, else the second factor's. */
  async function stepAfterPassword(
    person: Person,
    credential: StoredCredential['kind'] | 'claim' | 'recovery' | 'change',
  ): Promise<SignInStep | undefined> {
    if (credential === 'temporary') return 'change_password';
    return secondFactorStep(deps, person, await deps.store.find(person.id));
  }

  async function statesFor(people: readonly Person[]): Promise<Map<string, AccountState>> {
    const ids = people.map((person) => person.id);
    const [accounts, claimCodes] = await Promise.all([deps.store.findMany(ids), deps.store.claimCodesFor(ids)]);
    const helperNames = await namesOf([...accounts.values()].map((account) => account.lastResetBy));
    return new Map(
      people.map((person) => {
        const account = accounts.get(person.id);
        const state = stateOf(person, account, claimCodes.get(person.id));
        const lastReset = account?.lastResetAt
          ? { at: account.lastResetAt, byName: helperNames.get(account.lastResetBy ?? '') ?? null }
          : null;
        return [person.id, { ...state, lastReset }];
      }),
    );
  }

  /** Display names of the helpers who reset someone, once each. */
  async function namesOf(userIds: (string | null)[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const userId of new Set(userIds.filter((id) => id !== null))) {
      const helper = await deps.directory.findById(userId);
      if (helper) names.set(userId, displayName(helper));
    }
    return names;
  }

  function stateOf(
    person: Person,
    account?: AccountRecord,
    claimCode?: ClaimCodeRecord,
  ): Omit<AccountState, 'lastReset'> {
    const at = deps.now();
    const temporary = Boolean(account?.temporaryPasswordHash && (account.temporaryExpiresAt ?? 0) > at);
    const fixed = account?.passwordKind === 'fixed' && Boolean(account.fixedPasswordSealed) && !person.passwordHash;
    const status = temporary ? 'temporary' : fixed ? 'fixed' : person.passwordHash ? 'claimed' : 'unclaimed';
    const liveClaimCode = claimCode && claimCode.expiresAt > at ? claimCode.expiresAt : null;
    return {
      userId: person.id,
      status,
      mayChangePassword: mayChangeOwnPassword(person, deps.policy),
      getsFixedPassword: getsFixedPassword(person, deps.policy),
      resetGives: passwordFlows.resetKind(person, account),
      secondFactor: account?.totpSecretSealed
        ? 'enrolled'
        : needsSecondFactor(person, deps.policy)
          ? 'not_enrolled'
          : 'not_needed',
      recoverySet: Boolean(account?.recoveryAnswersHash),
      codeExpiresAt: temporary ? account!.temporaryExpiresAt : status === 'unclaimed' ? liveClaimCode : null,
      passwordChangedAt: account?.passwordChangedAt ?? null,
    };
  }

  /** The roster import's hook, in its transaction: each new PreK-5 student gets a fixed password at once. */
  async function provision(people: readonly PersonRow[], tx: Tx) {
    for (const person of people) {
      if (getsFixedPassword(person, deps.policy)) await passwordFlows.giveFixedPassword(person.id, tx);
    }
  }

  return {
    mayChangePassword: (person: Person) => mayChangeOwnPassword(person, deps.policy),
    credentialOf,
    stepAfterPassword,
    statesFor,
    provision,
    issueClaimCodes: claims.issueClaimCodes,
    checkClaim: claims.checkClaim,
    claim: claims.claim,
    verifySecondFactor: factor.verify,
    startTotpEnrolment: factor.startEnrolment,
    confirmTotpEnrolment: factor.confirmEnrolment,
    resetSecondFactor: factor.reset,
    recoveryChallenge: recoveryFlow.challenge,
    recover: recoveryFlow.recover,
    changePassword: passwordFlows.change,
    resetPassword: passwordFlows.reset,
    fixedPasswordsFor: passwordFlows.fixedPasswordsFor,
    /** When each of these people's claim code ends or ended, for those who were given one (never the code). */
    async claimCodeEndsFor(userIds: readonly string[]): Promise<Map<string, number>> {
      const codes = await deps.store.claimCodesFor(userIds);
      return new Map([...codes].map(([userId, code]) => [userId, code.expiresAt]));
    },
  };
}
