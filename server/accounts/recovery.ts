import { createHmac, randomBytes } from 'node:crypto';
import { normaliseUsername } from '../auth/password-sign-in';
import { holdCountedVerify } from '../auth/sign-in-throttle';
import type { Person } from '../directory/directory';
import { AppError } from '../errors';
import { RECOVERY_QUESTIONS, type RecoveryChallenge, type RecoveryQuestion } from '../../shared/accounts';
import { assertGoodPassword, type AccountDeps } from './account-context';
import type { AccountRecord } from './account-store';
import { recoveryAnswersText, type RecoveryAnswer } from './recovery-answers';
import type { CheckedCode } from './second-factor';
import type { Tx } from '../storage/storage';

export interface RecoveryRequest {
  username: string;
  answers: RecoveryAnswer[];
  /** The authenticator code (or a recovery code): required when the account has an authenticator app. */
  code?: string;
  password: string;
}

const recoveryOff = () =>
  new AppError('recovery_off', 409, 'Your district doesn’t use recovery questions. Ask your teacher or the office.');
const recoveryFailed = () =>
  new AppError('recovery_failed', 401, 'Those answers don’t match. Check them, or ask your teacher or the office.');

/**
 * "Forgot my password": the person's recovery answers (and, for an account with an authenticator app, a code
 * from it: the questions are never enough alone) let them choose a new password.
 */
export function recovery(
  deps: AccountDeps,
  checkCode: (person: Person, code: string) => Promise<CheckedCode | undefined>,
) {
  const { store, directory, audit, throttle, hasher } = deps;
  let decoyHash: Promise<string> | undefined;
  const decoy = () => (decoyHash ??= hasher.hash(randomBytes(16).toString('hex')));
  const questionsOf = (account: AccountRecord | undefined) =>
    account?.recoveryAnswersHash && account.recoveryQuestions?.length ? account.recoveryQuestions : undefined;

  /**
   * Questions that look like anyone's for a name without any (unknown, or never set): the same every time for the
   * same name, so asking twice does not tell a real account from a made-up one.
   */
  function madeUpQuestions(accountName: string): RecoveryQuestion[] {
    const seed = createHmac('sha256', deps.decoyKey).update(accountName).digest();
    const pool = [...RECOVERY_QUESTIONS];
    return Array.from({ length: deps.policy.recoveryQuestions }, (_, i) => pool.splice(seed[i]! % pool.length, 1)[0]!);
  }

  async function challenge(username: string): Promise<RecoveryChallenge> {
    if (deps.policy.recoveryQuestions === 0) throw recoveryOff();
    const accountName = normaliseUsername(username);
    const person = await directory.findByUsername(accountName);
    const account = person?.status === 'active' ? await store.find(person.id) : undefined;
    const questions = (questionsOf(account) as RecoveryQuestion[] | undefined) ?? madeUpQuestions(accountName);
    return { questions, asksForCode: deps.policy.staffSecondFactor === 'required' };
  }

  async function refuse(ip: string, reason: string, person?: Person): Promise<never> {
    await audit.record({
      action: 'account.recovery_failed',
      outcome: 'failure',
      subjectUserId: person?.id,
      ip,
      detail: { reason },
    });
    throw recoveryFailed();
  }

  /** One argon2id verify whatever the name, counted before it runs, as a password sign-in is. */
  async function answersMatch(
    account: AccountRecord | undefined,
    answers: RecoveryAnswer[],
    accountName: string,
    ip: string,
  ) {
    const place = await holdCountedVerify(hasher, throttle, { name: accountName, ip, kind: 'recovery' });
    const questions = questionsOf(account);
    const byQuestion = new Map(answers.map((answer) => [answer.question, answer.answer]));
    const inOrder = (questions ?? []).map((question) => ({ question, answer: byQuestion.get(question) ?? '' }));
    const matches = await place.verify(account?.recoveryAnswersHash ?? (await decoy()), recoveryAnswersText(inOrder));
    return Boolean(questions) && matches;
  }

  /**
   * The answers first (counted), then the code of an account with an app (checked, not yet spent), then the new
   * password's rules (only someone past both learns the person's own words are in it), then the code is spent with
   * the new password in one unit of work: a weak choice costs no one-time code.
   */
  async function recover(request: RecoveryRequest, ip: string) {
    if (deps.policy.recoveryQuestions === 0) throw recoveryOff();
    const accountName = normaliseUsername(request.username);
    const person = await directory.findByUsername(accountName);
    const account = person?.status === 'active' ? await store.find(person.id) : undefined;
    const matches = await answersMatch(account, request.answers, accountName, ip);
    if (!person || !matches) return refuse(ip, person ? 'wrong_answers' : 'unknown_user', person);
    const secondFactor = account?.totpSecretSealed ? await checkCode(person, request.code ?? '') : undefined;
    if (account?.totpSecretSealed && !secondFactor) return refuse(ip, 'wrong_code', person);
    await throttle.recordSuccess(accountName, ip, 'recovery');
    await assertGoodPassword(deps, person, request.password);
    const saved = await saveRecoveredPassword(person, await hasher.hash(request.password), ip, secondFactor?.spend);
    if (!saved) return refuse(ip, 'wrong_code', person);
    return { person, secondFactor: secondFactor?.method };
  }

  /** False when the code was spent meanwhile (another tab): then nothing changes. */
  async function saveRecoveredPassword(
    person: Person,
    passwordHash: string,
    ip: string,
    spendCode?: (tx: Tx) => Promise<boolean>,
  ): Promise<boolean> {
    return deps.storage.transaction(async (tx) => {
      if (spendCode && !(await spendCode(tx))) return false;
      await directory.setPasswordHash(person.id, passwordHash, tx);
      await store.passwordSet(person.id, 'chosen', null, deps.now(), tx);
      await store.dropClaimCodes([person.id], tx);
      await deps.sessions.endAllFor(person.id, tx);
      await audit.record(
        { action: 'account.recovered', outcome: 'success', actorUserId: person.id, subjectUserId: person.id, ip },
        tx,
      );
      return true;
    });
  }

  return { challenge, recover };
}
