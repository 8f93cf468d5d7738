import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import { accessRefused } from '../auth/viewer';
import { PENDING_STEP_MS, signedInAnswer } from '../auth/routes';
import type { SignInMethod } from '../auth/sessions';
import type { StartSession } from '../auth/session-cookie';
import type { SessionStore } from '../auth/sessions';
import type { Person } from '../directory/directory';
import { AppError } from '../errors';
import { KB, limitBody } from '../http/body-limit';
import type { AppEnv } from '../http/env';
import { clientIp, readJson } from '../http/request';
import {
  PASSWORD_MAX_LENGTH,
  RECOVERY_ANSWER_MAX_LENGTH,
  RECOVERY_QUESTIONS,
  type SignedInAnswer,
  type SignInStep,
} from '../../shared/accounts';
import type { AccountService } from './account-service';

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const required = (max: number) => text(max).min(1, 'is required');
// Length rules (8..128) are the password rules' to explain; this only bounds what is read.
const password = required(PASSWORD_MAX_LENGTH);
const username = required(128);
const code = required(32);
const recoveryAnswers = z
  .array(z.object({ question: text(40), answer: text(RECOVERY_ANSWER_MAX_LENGTH * 2) }))
  .max(RECOVERY_QUESTIONS.length);

const codeBody = z.object({ code });
/** Three answers and a password fit in well under 4 kB. */
const ANONYMOUS_MAX_BYTES = 4 * KB;
const claimCheckBody = z.object({ username, code });
const claimBody = z.object({ username, code, password, recovery: recoveryAnswers.default([]) });
const recoverStartBody = z.object({ username });
const recoverBody = z.object({ username, answers: recoveryAnswers, code: text(32).optional(), password });
const changeBody = z.object({ current: text(PASSWORD_MAX_LENGTH).optional(), password });

export interface AccountRoutesDeps {
  accounts: AccountService;
  sessions: SessionStore;
  startSession: StartSession;
  /** Any signed-in session, pending a step or not. */
  anySession: MiddlewareHandler<AppEnv>;
  audit: AuditLog;
  now: () => number;
}

const noStep = (step: SignInStep) =>
  new AppError('no_step', 409, `This session is not waiting for that step (${step}).`);

/** The person's own routes under /api/auth: the steps after a password, claiming, recovery, a new password. */
export function createAccountRoutes(deps: AccountRoutesDeps) {
  const { accounts, sessions } = deps;
  const routes = new Hono<AppEnv>();

  /** Ends the browser's current session (if any) and starts the next: full, or pending the step named. */
  async function nextSession(c: Context<AppEnv>, person: Person, method: SignInMethod, next?: SignInStep) {
    const current = c.get('viewer')?.sessionToken;
    if (current) await sessions.end(current);
    await deps.startSession(c, person.id, method, next ? { pending: next, endsBy: deps.now() + PENDING_STEP_MS } : {});
    return signedInAnswer(person, next, method !== 'badge' && accounts.mayChangePassword(person));
  }

  const pendingStep = (c: Context<AppEnv>) => c.get('viewer').session.pending;

  routes.post('/totp', deps.anySession, async (c) => {
    if (pendingStep(c) !== 'totp') throw noStep('totp');
    const { person } = c.get('viewer');
    await accounts.verifySecondFactor(person, (await readJson(c, codeBody)).code, clientIp(c));
    return c.json(await nextSession(c, person, 'totp'));
  });

  /**
   * Enrolment, only in the step after a password (or a claim): a full session (a badge's, or one left open on a
   * shared computer) must not be able to put its own app on someone's account and lock them out.
   */
  routes.post('/totp/enrolment', deps.anySession, async (c) => {
    if (pendingStep(c) !== 'enrol_totp') throw noStep('enrol_totp');
    return c.json(await accounts.startTotpEnrolment(c.get('viewer').person));
  });

  routes.post('/totp/enrolment/confirm', deps.anySession, async (c) => {
    if (pendingStep(c) !== 'enrol_totp') throw noStep('enrol_totp');
    const { person } = c.get('viewer');
    const recoveryCodes = await accounts.confirmTotpEnrolment(person, (await readJson(c, codeBody)).code, clientIp(c));
    return c.json({ ...(await nextSession(c, person, 'totp')), recoveryCodes });
  });

  // Anyone may call these: bounded like the sign-in, before anything is read or hashed.
  for (const path of ['/claim/check', '/claim', '/recover/start', '/recover'])
    routes.post(path, limitBody(ANONYMOUS_MAX_BYTES));

  routes.post('/claim/check', async (c) => {
    const { username, code } = await readJson(c, claimCheckBody);
    return c.json(await accounts.checkClaim(username, code, clientIp(c)));
  });

  routes.post('/claim', async (c) => {
    const person = await accounts.claim(await readJson(c, claimBody), clientIp(c));
    return c.json(await nextSession(c, person, 'password', await accounts.stepAfterPassword(person, 'claim')));
  });

  routes.post('/recover/start', async (c) =>
    c.json(await accounts.recoveryChallenge((await readJson(c, recoverStartBody)).username)),
  );

  routes.post('/recover', async (c) => {
    const { person, secondFactor } = await accounts.recover(await readJson(c, recoverBody), clientIp(c));
    // A code proven with the answers counts as the second factor; without one, staff enrol or give it next.
    const next = secondFactor ? undefined : await accounts.stepAfterPassword(person, 'recovery');
    return c.json(await nextSession(c, person, secondFactor ? 'totp' : 'password', next));
  });

  routes.post('/password', deps.anySession, async (c) => {
    const step = pendingStep(c);
    if (step && step !== 'change_password') throw noStep('change_password');
    const { person, session } = c.get('viewer');
    // A badge is a bearer token: whoever holds it must not be able to lock its owner out of their password.
    if (session.method === 'badge') throw await accessRefused(c, deps.audit, 'badge_session');
    await accounts.changePassword(person, await readJson(c, changeBody), step === 'change_password', clientIp(c));
    const next = step === 'change_password' ? await accounts.stepAfterPassword(person, 'change') : undefined;
    return c.json(await nextSession(c, person, session.method, next));
  });

  return routes;
}
