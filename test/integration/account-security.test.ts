// Threats: a shoulder-surfed or phished authenticator code used twice, or guessed; a claim letter found, photographed
// or guessed, or still working after the child left; recovery questions guessed, or used to get round a stolen
// password's second factor; a copy of the database giving away keys or answers. SECURITY.md "Sign-in" (TOTP) and
// "Claiming and recovery", through the HTTP API, on both engines.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { createAccountStore } from '../../server/accounts/account-store';
import { newClaimCode, newRecoveryCode, newTemporaryPassword } from '../../server/accounts/codes';
import { matchingTotpStep, totpCodeFor, totpStepAt } from '../../server/accounts/totp';
import { DEFAULT_ACCOUNT_POLICY } from '../../server/accounts/account-policy';
import { createBadgeStore } from '../../server/badges/badge-store';
import { deactivatePerson } from '../../server/directory/deactivate';
import type { ResetResult, SignedInAnswer, TotpEnrolment } from '../../shared/accounts';
import { tamperWithDatabase } from '../helpers/database-tampering';
import { testEngine } from '../helpers/test-storage';
import { createTestPortal, DEMO_PASSWORD, manualClock, signIn } from '../helpers/test-portal';

type Portal = Awaited<ReturnType<typeof createTestPortal>>;
type Clock = ReturnType<typeof manualClock>;

const STEP_MS = 30_000;
const LIFETIME_MS = DEFAULT_ACCOUNT_POLICY.codeLifetimeMs;
const NEW_PASSWORD = 'violet harbour lantern';
const RECOVERY = [
  { question: 'first_pet', answer: 'Señor Fluffy' },
  { question: 'favourite_food', answer: 'Tamales de elote' },
  { question: 'dream_job', answer: 'Marine biologist' },
];

const cookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!;
const statuses = (responses: Response[]) => responses.map((response) => response.status).sort();
const count = (list: number[], status: number) => list.filter((s) => s === status).length;
const retryAfterMs = (response: Response) => Number(response.headers.get('retry-after')) * 1000;

/** A portal with staff second factors on, as a district runs it, on a clock the test moves. */
async function staffPortal(options: { databaseFile?: string } = {}) {
  const clock = manualClock();
  const portal = await createTestPortal({ now: clock.now, accounts: { staffSecondFactor: 'required' }, ...options });
  return { portal, clock };
}

async function signInAnswer(portal: Portal, username: string, password = DEMO_PASSWORD) {
  const response = await portal.request.post('/api/auth/sign-in', { username, password });
  expect(response.status, `sign-in as ${username}`).toBe(200);
  return { body: (await response.json()) as SignedInAnswer, cookie: cookieOf(response) };
}

/** The code the person's app shows at the portal's current moment, or `steps` away from it. */
const appCode = (secret: string, clock: Clock, steps = 0) => totpCodeFor(secret, totpStepAt(clock.now()) + steps);

/** Enrols an authenticator with the session waiting for it: the key, and the one-time recovery codes. */
async function enrolWith(portal: Portal, clock: Clock, pending: string) {
  const started = await portal.request.post('/api/auth/totp/enrolment', {}, pending);
  expect(started.status).toBe(200);
  const { secret } = (await started.json()) as TotpEnrolment;
  const confirmed = await portal.request.post(
    '/api/auth/totp/enrolment/confirm',
    { code: await appCode(secret, clock) },
    pending,
  );
  expect(confirmed.status).toBe(200);
  const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
  return { secret, recoveryCodes };
}

/** demo.teacher signs in for the first time and sets up an authenticator app. */
async function enrolledTeacher(portal: Portal, clock: Clock) {
  const first = await signInAnswer(portal, 'demo.teacher');
  expect(first.body.next).toBe('enrol_totp');
  return enrolWith(portal, clock, first.cookie);
}

/** A new session waiting for demo.teacher's code. */
async function waitingForCode(portal: Portal) {
  const answer = await signInAnswer(portal, 'demo.teacher');
  expect(answer.body.next).toBe('totp');
  return answer.cookie;
}

const sendCode = (portal: Portal, pending: string, code: string) =>
  portal.request.post('/api/auth/totp', { code }, pending);

/** Six digits that are neither this step's code nor the last one's. */
async function wrongCode(secret: string, clock: Clock) {
  const right = new Set([await appCode(secret, clock), await appCode(secret, clock, -1)]);
  for (let n = 0; ; n++) {
    const guess = String(n).padStart(6, '0');
    if (!right.has(guess)) return guess;
  }
}

/** Takes the person's password away (a new roster account) and hands out a claim code for them. */
async function claimCodeFor(portal: Portal, username: string) {
  const person = (await portal.directory.findByUsername(username))!;
  await portal.directory.setPasswordHash(person.id, null);
  return portal.accounts.issueClaimCodes([person], null, null, async (issued) => issued[0]!.code);
}

const claim = (portal: Portal, username: string, code: string, password = NEW_PASSWORD) =>
  portal.request.post('/api/auth/claim', { username, code, password, recovery: RECOVERY });
const checkClaim = (portal: Portal, username: string, code: string) =>
  portal.request.post('/api/auth/claim/check', { username, code });
const recover = (portal: Portal, username: string, more: { answers?: typeof RECOVERY; code?: string } = {}) =>
  portal.request.post('/api/auth/recover', {
    username,
    answers: more.answers ?? RECOVERY,
    password: 'a brand new password',
    ...(more.code === undefined ? {} : { code: more.code }),
  });

/** Everything the database holds, as text: the SQLite file and its write-ahead log, or every PostgreSQL row. */
async function databaseText(portal: Portal, file?: string): Promise<string> {
  const { storage } = portal;
  if (storage.engine === 'sqlite') {
    storage.db.$client.pragma('wal_checkpoint(PASSIVE)');
    return [file!, `${file}-wal`]
      .filter((name) => fs.existsSync(name))
      .map((name) => fs.readFileSync(name).toString('latin1'))
      .join('\n');
  }
  const tables = await storage.db.$client.query(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  const dumps = await Promise.all(
    tables.rows.map(async ({ table_name: table }: { table_name: string }) => {
      const rows = await storage.db.execute(sql.raw(`SELECT t::text AS row FROM "${table}" t`));
      return rows.rows.map((row) => String(row.row)).join('\n');
    }),
  );
  return dumps.join('\n');
}

/** A portal whose database can be read whole: a SQLite file, or the run's PostgreSQL. */
async function portalToReadWhole() {
  if (testEngine === 'postgres') return { ...(await staffPortal()), file: undefined };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-at-rest-')), 'portal.db');
  return { ...(await staffPortal({ databaseFile: file })), file };
}

describe('authenticator codes', () => {
  it('are RFC 6238 codes: the RFC’s own vectors, six digits', async () => {
    // RFC 6238 appendix B, SHA-1: the key "12345678901234567890"; six digits are the last six of its eight.
    const rfcKey = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(await generate({ secret: rfcKey, epoch: 59, digits: 8 })).toBe('94287082');
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1111111109, '07081804'],
      [1234567890, '89005924'],
      [2000000000, '69279037'],
    ];
    for (const [seconds, eight] of vectors)
      expect(await totpCodeFor(rfcKey, totpStepAt(seconds * 1000))).toBe(eight.slice(2));
    // The current step and one back; never two back or one ahead.
    const step = totpStepAt(1111111109 * 1000);
    expect(await matchingTotpStep(rfcKey, '081804', step * STEP_MS)).toBe(step);
    expect(await matchingTotpStep(rfcKey, '081804', (step + 2) * STEP_MS - 1)).toBe(step);
    expect(await matchingTotpStep(rfcKey, '081804', (step + 2) * STEP_MS)).toBeNull();
    expect(await matchingTotpStep(rfcKey, '081804', step * STEP_MS - 1)).toBeNull();
  });

  it('accept this step and the one before, never two back nor one ahead, and each step once', async () => {
    const { portal, clock } = await staffPortal();
    const { secret } = await enrolledTeacher(portal, clock);
    clock.advance(10 * STEP_MS + 7_000);
    const pending = await waitingForCode(portal);
    expect((await sendCode(portal, pending, await appCode(secret, clock, 1))).status).toBe(401);
    expect((await sendCode(portal, pending, await appCode(secret, clock, -2))).status).toBe(401);
    expect((await sendCode(portal, pending, await appCode(secret, clock, -1))).status).toBe(200);

    const next = await waitingForCode(portal);
    const current = await sendCode(portal, next, await appCode(secret, clock));
    expect(current.status).toBe(200);
    expect((await portal.request.get('/api/apps/tiles', cookieOf(current))).status).toBe(200);

    // Both codes are spent now, however soon they come again.
    const third = await waitingForCode(portal);
    expect((await sendCode(portal, third, await appCode(secret, clock))).status).toBe(401);
    expect((await sendCode(portal, third, await appCode(secret, clock, -1))).status).toBe(401);
    expect((await portal.request.get('/api/apps/tiles', third)).status).toBe(403);
  });

  it('work once when two sign-ins bring the same code at the same moment', async () => {
    const { portal, clock } = await staffPortal();
    const { secret } = await enrolledTeacher(portal, clock);
    for (let round = 1; round <= 3; round++) {
      clock.advance(STEP_MS);
      const code = await appCode(secret, clock);
      const sessions = [await waitingForCode(portal), await waitingForCode(portal)];
      const answers = await Promise.all(sessions.map((pending) => sendCode(portal, pending, code)));
      expect(statuses(answers), `round ${round}`).toEqual([200, 401]);
      const refused = answers.find((answer) => answer.status === 401)!;
      expect(await refused.json()).toMatchObject({ error: { code: 'invalid_code' } });
    }
  });

  it('a one-time recovery code works once when two sign-ins bring it at the same moment', async () => {
    const { portal, clock } = await staffPortal();
    const { recoveryCodes } = await enrolledTeacher(portal, clock);
    for (const code of recoveryCodes.slice(0, 3)) {
      const sessions = [await waitingForCode(portal), await waitingForCode(portal)];
      const answers = await Promise.all(sessions.map((pending) => sendCode(portal, pending, code)));
      expect(statuses(answers)).toEqual([200, 401]);
    }
  });

  it('are throttled: a burst of guesses gets no session, and even the right code waits out the delay', async () => {
    const { portal, clock } = await staffPortal();
    const { secret } = await enrolledTeacher(portal, clock);
    clock.advance(STEP_MS);
    const pending = await waitingForCode(portal);
    const guess = await wrongCode(secret, clock);
    const burst = await Promise.all(Array.from({ length: 30 }, () => sendCode(portal, pending, guess)));
    const outcomes = statuses(burst);
    expect(count(outcomes, 200)).toBe(0);
    expect(count(outcomes, 401)).toBe(5);
    expect(count(outcomes, 429)).toBe(25);

    const right = await appCode(secret, clock);
    const tooSoon = await sendCode(portal, pending, right);
    expect(tooSoon.status).toBe(429);
    expect(await tooSoon.json()).toMatchObject({ error: { code: 'sign_in_throttled' } });
    clock.advance(retryAfterMs(tooSoon) - 1);
    expect((await sendCode(portal, pending, right)).status).toBe(429);
    clock.advance(1);
    expect((await sendCode(portal, pending, right)).status).toBe(200);
  });

  it('come from a key of 160 bits or more kept sealed: neither it, a key being set up, nor a recovery code is in the database', async () => {
    const { portal, clock, file } = await portalToReadWhole();
    const { secret, recoveryCodes } = await enrolledTeacher(portal, clock);
    // IT's own key, shown but not yet confirmed, is sealed as well.
    const itPending = (await signInAnswer(portal, 'demo.it')).cookie;
    const shown = (await (
      await portal.request.post('/api/auth/totp/enrolment', {}, itPending)
    ).json()) as TotpEnrolment;

    for (const key of [secret, shown.secret]) expect(key.replace(/=+$/, '').length * 5).toBeGreaterThanOrEqual(160);

    const stored = await databaseText(portal, file);
    expect(stored).toContain('demo.teacher'); // the reading works
    for (const key of [secret, shown.secret]) {
      expect(stored).not.toContain(key);
      expect(stored.toLowerCase()).not.toContain(key.toLowerCase());
    }
    for (const code of recoveryCodes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ''));
    }
  });
});

describe('counters of different guesses', () => {
  it('are kept apart: names typed at the sign-in cannot fill someone’s authenticator or claim counter', async () => {
    const { portal, clock } = await staffPortal();
    const { secret } = await enrolledTeacher(portal, clock);
    const teacher = (await portal.directory.findByUsername('demo.teacher'))!;
    const lookalikes = [`totp:${teacher.id}`, JSON.stringify(['totp', teacher.id]), 'claim:demo.teacher'];
    for (const username of lookalikes) {
      for (let i = 0; i < 15; i++) await portal.request.post('/api/auth/sign-in', { username, password: 'x' });
    }
    clock.advance(STEP_MS);
    expect((await sendCode(portal, await waitingForCode(portal), await appCode(secret, clock))).status).toBe(200);
  });
});

describe('claim codes', () => {
  it('carry at least 50 random bits, in the printed shape, as do recovery codes and temporary passwords', async () => {
    const { portal } = await staffPortal();
    const codes = [...Array.from({ length: 3_000 }, newClaimCode), await claimCodeFor(portal, 'demo.student.g8')];
    const alphabet = new Set<string>();
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      for (const character of code.replace(/-/g, '')) alphabet.add(character);
    }
    // 3,000 codes use every character of the alphabet many times over: its size is what each place can hold.
    expect(12 * Math.log2(alphabet.size)).toBeGreaterThanOrEqual(50);
    expect(new Set(codes).size).toBe(codes.length);
    for (const make of [newRecoveryCode, () => newTemporaryPassword().toUpperCase()]) {
      const sample = Array.from({ length: 3_000 }, make);
      expect(new Set(sample.join('').replace(/-/g, '')).size).toBe(alphabet.size);
      expect(sample.every((code) => code.replace(/-/g, '').length === 12)).toBe(true);
    }
  });

  it('work once: five claims with one code at the same moment make one account with one password', async () => {
    const { portal } = await staffPortal();
    const code = await claimCodeFor(portal, 'demo.student.g8');
    const passwords = Array.from({ length: 5 }, (_, i) => `${NEW_PASSWORD} ${i}`);
    const answers = await Promise.all(passwords.map((password) => claim(portal, 'demo.student.g8', code, password)));
    expect(statuses(answers)).toEqual([200, 401, 401, 401, 401]);
    const winner = passwords[answers.findIndex((answer) => answer.status === 200)]!;
    for (const password of passwords) {
      const response = await portal.request.post('/api/auth/sign-in', { username: 'demo.student.g8', password });
      expect(response.status, password).toBe(password === winner ? 200 : 401);
    }
    expect((await checkClaim(portal, 'demo.student.g8', code)).status).toBe(401);
  });

  it('stop working when their time is up, and when a new one is printed', async () => {
    const { portal, clock } = await staffPortal();
    const first = await claimCodeFor(portal, 'demo.student.g8');
    clock.advance(1_000);
    const second = await claimCodeFor(portal, 'demo.student.g8');
    expect((await checkClaim(portal, 'demo.student.g8', first)).status).toBe(401);
    clock.advance(LIFETIME_MS - 1);
    expect((await checkClaim(portal, 'demo.student.g8', second)).status).toBe(200);
    clock.advance(1);
    const late = await checkClaim(portal, 'demo.student.g8', second);
    expect(late.status).toBe(401);
    expect(await late.json()).toMatchObject({ error: { code: 'invalid_claim_code' } });
    expect((await claim(portal, 'demo.student.g8', second)).status).toBe(401);
  });

  it('are throttled: a burst of guesses opens nothing, and even the right code waits out the delay', async () => {
    const { portal, clock } = await staffPortal();
    const code = await claimCodeFor(portal, 'demo.student.g8');
    const guesses = Array.from({ length: 30 }, () => newClaimCode());
    const burst = await Promise.all(guesses.map((guess) => checkClaim(portal, 'demo.student.g8', guess)));
    const outcomes = statuses(burst);
    expect(count(outcomes, 200)).toBe(0);
    expect(count(outcomes, 401)).toBe(5);
    expect(count(outcomes, 429)).toBe(25);

    const tooSoon = await claim(portal, 'demo.student.g8', code);
    expect(tooSoon.status).toBe(429);
    clock.advance(retryAfterMs(tooSoon) - 1);
    expect((await checkClaim(portal, 'demo.student.g8', code)).status).toBe(429);
    clock.advance(1);
    expect((await claim(portal, 'demo.student.g8', code)).status).toBe(200);
  });

  it('and temporary passwords end when the person is deactivated, and stay dead when they come back', async () => {
    const { portal, clock } = await staffPortal();
    const person = (await portal.directory.findByUsername('demo.student.g8'))!;
    const reset = await portal.accounts.resetPassword(person, null, null);
    const { temporaryPassword } = reset as { temporaryPassword: string };
    const stores = {
      ...portal,
      launches: portal.vault.launches,
      badges: createBadgeStore(portal.storage),
      accounts: createAccountStore(portal.storage),
      now: clock.now,
    };
    expect(await deactivatePerson(stores, person.id)).toBe(true);
    await tamperWithDatabase(portal.storage, `UPDATE users SET status = 'active' WHERE id = '${person.id}'`);
    const again = await portal.request.post('/api/auth/sign-in', {
      username: 'demo.student.g8',
      password: temporaryPassword,
    });
    expect(again.status).toBe(401);
  });

  it('end when the person is deactivated: the letter does not work when they come back', async () => {
    const { portal, clock } = await staffPortal();
    const code = await claimCodeFor(portal, 'demo.student.g8');
    const person = (await portal.directory.findByUsername('demo.student.g8'))!;
    const stores = {
      ...portal,
      launches: portal.vault.launches,
      badges: createBadgeStore(portal.storage),
      accounts: createAccountStore(portal.storage),
      now: clock.now,
    };
    expect(await deactivatePerson(stores, person.id)).toBe(true);
    expect((await checkClaim(portal, 'demo.student.g8', code)).status).toBe(401);
    // Back on the roster (the sync reactivates the same row): the old letter stays dead.
    await tamperWithDatabase(portal.storage, `UPDATE users SET status = 'active' WHERE id = '${person.id}'`);
    expect((await portal.directory.findById(person.id))!.status).toBe('active');
    expect((await checkClaim(portal, 'demo.student.g8', code)).status).toBe(401);
    expect((await claim(portal, 'demo.student.g8', code)).status).toBe(401);
  });
});

describe('recovery questions', () => {
  /** demo.student.g8 claims their account with three recovery answers. */
  async function claimedStudent() {
    const { portal, clock } = await staffPortal();
    const code = await claimCodeFor(portal, 'demo.student.g8');
    expect((await claim(portal, 'demo.student.g8', code)).status).toBe(200);
    return { portal, clock };
  }

  it('are throttled: a burst of wrong answers opens nothing, and even the right ones wait out the delay', async () => {
    const { portal, clock } = await claimedStudent();
    const wrong = RECOVERY.map((answer) => ({ ...answer, answer: 'pizza' }));
    const burst = await Promise.all(
      Array.from({ length: 30 }, () => recover(portal, 'demo.student.g8', { answers: wrong })),
    );
    const outcomes = statuses(burst);
    expect(count(outcomes, 200)).toBe(0);
    expect(count(outcomes, 401)).toBe(5);
    expect(count(outcomes, 429)).toBe(25);

    const tooSoon = await recover(portal, 'demo.student.g8');
    expect(tooSoon.status).toBe(429);
    clock.advance(retryAfterMs(tooSoon) - 1);
    expect((await recover(portal, 'demo.student.g8')).status).toBe(429);
    clock.advance(1);
    expect((await recover(portal, 'demo.student.g8')).status).toBe(200);
    const refusals = (await portal.audit.list({ limit: 100 })).filter(
      (row) => row.action === 'account.recovery_failed',
    );
    expect(refusals.length).toBeGreaterThanOrEqual(5);
  });

  it('are stored hashed: no answer, in any spelling, is in the database', async () => {
    const { portal, clock, file } = await portalToReadWhole();
    const code = await claimCodeFor(portal, 'demo.student.g8');
    expect((await claim(portal, 'demo.student.g8', code)).status).toBe(200);
    void clock;
    const stored = (await databaseText(portal, file)).toLowerCase();
    expect(stored).toContain('first_pet'); // the questions are kept, and the reading works
    for (const { answer } of RECOVERY) {
      const spellings = [answer, answer.normalize('NFD').replace(/\p{M}/gu, ''), answer.replace(/\s+/g, '')];
      for (const spelling of spellings) expect(stored).not.toContain(spelling.toLowerCase());
    }
  });

  it('are never enough alone for an account with an authenticator app', async () => {
    const { portal, clock } = await staffPortal();
    const code = await claimCodeFor(portal, 'demo.teacher');
    const claimed = await claim(portal, 'demo.teacher', code);
    expect(((await claimed.json()) as SignedInAnswer).next).toBe('enrol_totp');
    const { secret, recoveryCodes } = await enrolWith(portal, clock, cookieOf(claimed));

    const challenge = await portal.request.post('/api/auth/recover/start', { username: 'demo.teacher' });
    expect(await challenge.json()).toMatchObject({ asksForCode: true });
    clock.advance(STEP_MS);
    const refusals = [
      await recover(portal, 'demo.teacher'),
      await recover(portal, 'demo.teacher', { code: await wrongCode(secret, clock) }),
      await recover(portal, 'demo.teacher', { code: await appCode(secret, clock, -2) }),
      await recover(portal, 'demo.teacher', { code: newRecoveryCode() }),
    ];
    for (const refused of refusals) {
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ error: { code: 'recovery_failed' } });
    }
    // The password the answers would have replaced still works, with its code.
    expect(
      (await portal.request.post('/api/auth/sign-in', { username: 'demo.teacher', password: NEW_PASSWORD })).status,
    ).toBe(200);

    const withCode = await recover(portal, 'demo.teacher', { code: await appCode(secret, clock) });
    expect(withCode.status).toBe(200);
    expect(((await withCode.json()) as SignedInAnswer).next).toBeUndefined();
    // A recovery code stands in for the app, once.
    const withRecoveryCode = await recover(portal, 'demo.teacher', { code: recoveryCodes[0]! });
    expect(withRecoveryCode.status).toBe(200);
    expect((await recover(portal, 'demo.teacher', { code: recoveryCodes[0]! })).status).toBe(401);
  });
});

describe('recovery for an account with an authenticator app', () => {
  it('refuses a weak new password before spending the one-time code, which then still works', async () => {
    const { portal, clock } = await staffPortal();
    const claimed = await claim(portal, 'demo.teacher', await claimCodeFor(portal, 'demo.teacher'));
    const { recoveryCodes } = await enrolWith(portal, clock, cookieOf(claimed));
    const weak = await portal.request.post('/api/auth/recover', {
      username: 'demo.teacher',
      answers: RECOVERY,
      code: recoveryCodes[0],
      password: 'password123',
    });
    expect(await weak.json()).toMatchObject({ error: { code: 'weak_password', details: { reason: 'common' } } });
    expect((await recover(portal, 'demo.teacher', { code: recoveryCodes[0]! })).status).toBe(200);
  });

  it('offers the code field to every name alike: nobody learns who has an app before answering', async () => {
    const { portal, clock } = await staffPortal();
    const claimed = await claim(portal, 'demo.teacher', await claimCodeFor(portal, 'demo.teacher'));
    await enrolWith(portal, clock, cookieOf(claimed));
    const ask = async (username: string) =>
      (await (await portal.request.post('/api/auth/recover/start', { username })).json()) as { asksForCode: boolean };
    for (const username of ['demo.teacher', 'demo.principal', 'demo.student.g8', 'nobody.at.all'])
      expect((await ask(username)).asksForCode, username).toBe(true);
  });

  it('judges the new password against the person’s own words only after the answers: a name is not told', async () => {
    const { portal } = await staffPortal();
    const teacher = (await portal.directory.findByUsername('demo.teacher'))!;
    const withName = `${teacher.familyName} qwertyuiop`;
    const probe = (username: string) =>
      portal.request.post('/api/auth/recover', {
        username,
        answers: RECOVERY.map((answer) => ({ ...answer, answer: 'guess' })),
        password: withName,
      });
    const known = await probe('demo.teacher');
    const unknown = await probe('nobody.at.all');
    expect(known.status).toBe(401);
    expect(await known.json()).toEqual(await unknown.json());
  });
});

describe('a helper’s reset', () => {
  it('gives a temporary password that sets one new password, even when five tabs bring it at once', async () => {
    const portal = await createTestPortal();
    const it = await signIn(portal, 'demo.it');
    const person = (await portal.directory.findByUsername('demo.student.g8'))!;
    const reset = await portal.request.post('/api/accounts/reset', { userId: person.id }, it);
    const { temporaryPassword } = (await reset.json()) as { temporaryPassword: string };
    const tabs = await Promise.all(
      Array.from({ length: 5 }, () =>
        portal.request.post('/api/auth/sign-in', { username: 'demo.student.g8', password: temporaryPassword }),
      ),
    );
    for (const tab of tabs) expect(((await tab.json()) as SignedInAnswer).next).toBe('change_password');
    const changes = await Promise.all(
      tabs.map((tab, i) =>
        portal.request.post('/api/auth/password', { password: `violet harbour lantern ${i}` }, cookieOf(tab)),
      ),
    );
    expect(count(statuses(changes), 200)).toBe(1);
    const winner = changes.findIndex((change) => change.status === 200);
    const signInWith = (password: string) =>
      portal.request.post('/api/auth/sign-in', { username: 'demo.student.g8', password });
    expect((await signInWith(`violet harbour lantern ${winner}`)).status).toBe(200);
    expect((await signInWith(temporaryPassword)).status).toBe(401);
  });

  it('hands out a claim code of the printed shape for an unclaimed account, and a temporary password otherwise', async () => {
    const portal = await createTestPortal();
    const it = await signIn(portal, 'demo.it');
    const person = (await portal.directory.findByUsername('demo.student.g8'))!;
    const reset = async () =>
      (await (await portal.request.post('/api/accounts/reset', { userId: person.id }, it)).json()) as ResetResult;
    const temporary = await reset();
    expect(temporary).toMatchObject({ kind: 'temporary_password' });
    await portal.directory.setPasswordHash(person.id, null);
    await createAccountStore(portal.storage).passwordSet(person.id, 'chosen', null, 0);
    const fresh = await reset();
    expect(fresh.kind).toBe('claim_code');
    expect((fresh as { claimCode: string }).claimCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  });
});
