import type { Person } from '../directory/directory';
import { AppError } from '../errors';
import type { Tx } from '../storage/storage';
import { normaliseUsername } from '../auth/password-sign-in';
import { asksRecoveryQuestions } from './account-policy';
import { assertGoodPassword, type AccountDeps } from './account-context';
import { newClaimCode } from './codes';
import { readRecoveryAnswers, recoveryAnswersText, type RecoveryAnswer } from './recovery-answers';

const invalidClaim = () =>
  new AppError(
    'invalid_claim_code',
    401,
    'That username and claim code don’t match, or the code was used or has run out. Ask for a new one.',
  );

export interface ClaimRequest {
  username: string;
  code: string;
  password: string;
  recovery: RecoveryAnswer[];
}

/** Claiming an account with a one-time code: issuing codes, checking one, and setting the first password with it. */
export function claiming(deps: AccountDeps) {
  const { store, directory, audit, throttle } = deps;

  /** A new claim code for the person (the one they had stops); the caller prints or shows it, once. */
  async function issueClaimCode(person: Person, actorId: string | null, tx?: Tx) {
    const code = newClaimCode();
    const issuedAt = deps.now();
    const expiresAt = issuedAt + deps.policy.codeLifetimeMs;
    await store.saveClaimCode(
      { userId: person.id, codeHash: deps.codes.hash(person.id, code), issuedAt, issuedBy: actorId, expiresAt },
      tx,
    );
    return { code, expiresAt };
  }

  /**
   * New claim codes for these people, handed to `render` (the letters) before any is saved: a sheet that fails to
   * render changes nothing. Then each person's old code stops, with one audit row per person, in one unit of work.
   */
  async function issueClaimCodes<T>(
    people: readonly Person[],
    actorId: string | null,
    ip: string | null,
    render: (issued: { person: Person; code: string; expiresAt: number }[]) => Promise<T>,
  ): Promise<T> {
    const issuedAt = deps.now();
    const expiresAt = issuedAt + deps.policy.codeLifetimeMs;
    const issued = people.map((person) => ({ person, code: newClaimCode(), expiresAt }));
    const rendered = await render(issued);
    await deps.storage.transaction(async (tx) => {
      for (const { person, code } of issued) {
        const codeHash = deps.codes.hash(person.id, code);
        await store.saveClaimCode({ userId: person.id, codeHash, issuedAt, issuedBy: actorId, expiresAt }, tx);
        await audit.record(
          {
            action: 'account.claim_code_issued',
            outcome: 'success',
            actorUserId: actorId,
            subjectUserId: person.id,
            ip,
          },
          tx,
        );
      }
    });
    return rendered;
  }

  async function refuse(ip: string, reason: string, person?: Person): Promise<never> {
    await audit.record({
      action: 'account.claim_failed',
      outcome: 'failure',
      subjectUserId: person?.id,
      ip,
      detail: { reason },
    });
    throw invalidClaim();
  }

  /**
   * The person a username and claim code open, counted against the name and the address first (guesses wait
   * like password guesses). Unknown names, wrong, used and expired codes look the same from outside.
   */
  async function personForCode(username: string, code: string, ip: string): Promise<Person> {
    const accountName = normaliseUsername(username);
    await throttle.reserveTry(accountName, ip, 'claim_code');
    const person = await directory.findByUsername(accountName);
    const stored = person?.status === 'active' ? await store.findClaimCode(person.id) : undefined;
    if (!person || !stored || !deps.codes.matches(person.id, code, stored.codeHash))
      return refuse(ip, person ? 'wrong_code' : 'unknown_user', person);
    if (stored.expiresAt <= deps.now()) return refuse(ip, 'code_expired', person);
    await throttle.recordSuccess(accountName, ip, 'claim_code');
    return person;
  }

  async function checkClaim(username: string, code: string, ip: string) {
    const person = await personForCode(username, code, ip);
    const recoveryQuestions = asksRecoveryQuestions(person, deps.policy) ? deps.policy.recoveryQuestions : 0;
    return { givenName: person.givenName, recoveryQuestions };
  }

  /**
   * Sets the person's first password (and recovery answers) with their code, which is spent in the same unit of
   * work: two claims with one code give one account. A weak password or a bad question leaves the code unspent.
   */
  async function claim(request: ClaimRequest, ip: string): Promise<Person> {
    const person = await personForCode(request.username, request.code, ip);
    await assertGoodPassword(deps, person, request.password);
    const asked = asksRecoveryQuestions(person, deps.policy) ? deps.policy.recoveryQuestions : 0;
    const answers = readRecoveryAnswers(request.recovery, asked);
    const passwordHash = await deps.hasher.hash(request.password);
    const answersHash = answers.length ? await deps.hasher.hash(recoveryAnswersText(answers)) : null;
    const codeHash = deps.codes.hash(person.id, request.code);
    const claimed = await deps.storage.transaction(async (tx) => {
      if (!(await store.useClaimCode(person.id, codeHash, tx))) return false;
      await directory.setPasswordHash(person.id, passwordHash, tx);
      await store.passwordSet(person.id, 'chosen', null, deps.now(), tx);
      if (answersHash)
        await store.saveRecovery(
          person.id,
          answers.map((answer) => answer.question),
          answersHash,
          tx,
        );
      await deps.sessions.endAllFor(person.id, tx);
      await audit.record(
        { action: 'account.claimed', outcome: 'success', actorUserId: person.id, subjectUserId: person.id, ip },
        tx,
      );
      return true;
    });
    if (!claimed) return refuse(ip, 'code_used', person);
    return person;
  }

  return { issueClaimCode, issueClaimCodes, checkClaim, claim };
}
