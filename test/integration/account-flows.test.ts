// Each account path as its person walks it through the API: a helper's reset and the new password it leads to,
// claiming with a code, staff enrolling an authenticator app and signing in with it, recovery with questions, and
// the youngest children's fixed passwords.
import { describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import type { AccountGroupResponse, ResetResult, SignedInAnswer, TotpEnrolment } from '../../shared/accounts';
import { badgeCookie, issueBadge } from '../helpers/badges';
import { tamperWithDatabase } from '../helpers/database-tampering';
import { rosterFilesOf, smallDistrict } from '../helpers/roster-district';
import { createTestPortal, DEMO_PASSWORD, manualClock, signIn } from '../helpers/test-portal';

type Portal = Awaited<ReturnType<typeof createTestPortal>>;

const cookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!;
const NEW_PASSWORD = 'violet harbour lantern';

async function signInAnswer(portal: Portal, username: string, password: string) {
  const response = await portal.request.post('/api/auth/sign-in', { username, password });
  return { status: response.status, body: (await response.json()) as SignedInAnswer, response };
}

async function resetAs(portal: Portal, helperCookie: string, username: string) {
  const person = (await portal.directory.findByUsername(username))!;
  const response = await portal.request.post('/api/accounts/reset', { userId: person.id }, helperCookie);
  return { status: response.status, body: (await response.json()) as ResetResult & { error?: { code: string } } };
}

/** Takes a person's password away (as a new roster account arrives) and gives them a claim code. */
async function unclaimedWithCode(portal: Portal, username: string) {
  const person = (await portal.directory.findByUsername(username))!;
  await portal.directory.setPasswordHash(person.id, null);
  return portal.accounts.issueClaimCodes([person], null, null, async (issued) => issued[0]!.code);
}

describe('a helper resets a password', () => {
  it('gives a temporary password that works once and leads only to choosing a new one', async () => {
    const portal = await createTestPortal();
    const principal = await signIn(portal, 'demo.principal');
    const reset = await resetAs(portal, principal, 'demo.student.g8');
    expect(reset.status).toBe(200);
    expect(reset.body.kind).toBe('temporary_password');
    const temporary = (reset.body as { temporaryPassword: string }).temporaryPassword;

    expect((await signInAnswer(portal, 'demo.student.g8', DEMO_PASSWORD)).status).toBe(401);
    const first = await signInAnswer(portal, 'demo.student.g8', temporary);
    expect(first.status).toBe(200);
    expect(first.body.next).toBe('change_password');
    const pending = cookieOf(first.response);

    const tiles = await portal.request.get('/api/apps/tiles', pending);
    expect(tiles.status).toBe(403);
    expect(await tiles.json()).toMatchObject({
      error: { code: 'step_required', details: { next: 'change_password' } },
    });
    // Until a new password is chosen, the temporary one leads back to the step (a closed tab is not a dead end).
    expect((await signInAnswer(portal, 'demo.student.g8', temporary)).body.next).toBe('change_password');

    const weak = await portal.request.post('/api/auth/password', { password: 'password1' }, pending);
    expect(weak.status).toBe(400);
    expect(await weak.json()).toMatchObject({ error: { code: 'weak_password', details: { reason: 'common' } } });

    const chosen = await portal.request.post('/api/auth/password', { password: NEW_PASSWORD }, pending);
    expect(chosen.status).toBe(200);
    expect(((await chosen.json()) as SignedInAnswer).next).toBeUndefined();
    expect((await portal.request.get('/api/apps/tiles', cookieOf(chosen))).status).toBe(200);
    expect((await signInAnswer(portal, 'demo.student.g8', NEW_PASSWORD)).body.next).toBeUndefined();
    expect((await signInAnswer(portal, 'demo.student.g8', temporary)).status).toBe(401);
  });

  it('shows the person’s teacher who reset it and when', async () => {
    const clock = manualClock();
    const portal = await createTestPortal({ now: clock.now });
    await resetAs(portal, await signIn(portal, 'demo.principal'), 'demo.student.g8');
    const teacher = await signIn(portal, 'demo.teacher');
    const { groups } = (await (await portal.request.get('/api/accounts/groups', teacher)).json()) as {
      groups: { kind: string; id: string }[];
    };
    const listings = await Promise.all(
      groups.map(async (group) => {
        const response = await portal.request.get(`/api/accounts/groups/${group.kind}/${group.id}`, teacher);
        return (await response.json()) as AccountGroupResponse;
      }),
    );
    const student = listings.flatMap((listing) => listing.students).find((s) => s.username === 'demo.student.g8')!;
    const principal = (await portal.directory.findByUsername('demo.principal'))!;
    expect(student.account.status).toBe('temporary');
    expect(student.account.lastReset).toEqual({
      at: clock.now(),
      byName: `${principal.givenName} ${principal.familyName}`,
    });
  });

  it('refuses a teacher reaching for a student outside their classes, and audits it', async () => {
    const portal = await createTestPortal();
    const kTeacher = await signIn(portal, 'demo.teacher.k');
    const reset = await resetAs(portal, kTeacher, 'demo.student.g8');
    expect(reset.status).toBe(403);
    const refusals = (await portal.audit.list({ limit: 20 })).filter((row) => row.action === 'access.denied');
    expect(refusals).toHaveLength(1);
    expect((await signInAnswer(portal, 'demo.student.g8', DEMO_PASSWORD)).status).toBe(200);
  });

  it('ends the person’s sessions at once', async () => {
    const portal = await createTestPortal();
    const student = await signIn(portal, 'demo.student.g8');
    await resetAs(portal, await signIn(portal, 'demo.it'), 'demo.student.g8');
    expect((await portal.request.get('/api/apps/tiles', student)).status).toBe(401);
  });
});

describe('claiming an account', () => {
  const recovery = [
    { question: 'first_pet', answer: 'Señor Fluffy' },
    { question: 'favourite_food', answer: 'tamales' },
    { question: 'dream_job', answer: 'astronaut' },
  ];

  it('sets the first password and recovery answers with a code that works once', async () => {
    const portal = await createTestPortal();
    const code = await unclaimedWithCode(portal, 'demo.student.g8');
    const typed = code.toLowerCase().replace(/-/g, ' ');

    const check = await portal.request.post('/api/auth/claim/check', { username: 'demo.student.g8', code: typed });
    expect(check.status).toBe(200);
    expect(await check.json()).toMatchObject({ recoveryQuestions: 3 });

    const request = { username: 'demo.student.g8', code: typed, password: NEW_PASSWORD, recovery };
    const weak = await portal.request.post('/api/auth/claim', { ...request, password: 'demo.student.g8!' });
    expect(await weak.json()).toMatchObject({
      error: { code: 'weak_password', details: { reason: 'contains_username' } },
    });
    const tooFew = await portal.request.post('/api/auth/claim', { ...request, recovery: recovery.slice(1) });
    expect(tooFew.status).toBe(400);

    const claimed = await portal.request.post('/api/auth/claim', request);
    expect(claimed.status).toBe(200);
    expect((await portal.request.get('/api/apps/tiles', cookieOf(claimed))).status).toBe(200);
    expect((await portal.request.post('/api/auth/claim', request)).status).toBe(401);
    expect((await signInAnswer(portal, 'demo.student.g8', NEW_PASSWORD)).status).toBe(200);
  });

  it('lets the person recover with their answers, however they type them', async () => {
    const portal = await createTestPortal();
    const code = await unclaimedWithCode(portal, 'demo.student.g8');
    await portal.request.post('/api/auth/claim', {
      username: 'demo.student.g8',
      code,
      password: NEW_PASSWORD,
      recovery,
    });

    const start = await portal.request.post('/api/auth/recover/start', { username: 'demo.student.g8' });
    expect(await start.json()).toEqual({ questions: ['first_pet', 'favourite_food', 'dream_job'], asksForCode: false });
    const typedAgain = [
      { question: 'dream_job', answer: ' ASTRONAUT ' },
      { question: 'first_pet', answer: 'senor fluffy!' },
      { question: 'favourite_food', answer: 'Tamales' },
    ];
    const wrong = await portal.request.post('/api/auth/recover', {
      username: 'demo.student.g8',
      answers: typedAgain.map((answer) => ({ ...answer, answer: 'pizza' })),
      password: 'another fine password',
    });
    expect(wrong.status).toBe(401);
    const recovered = await portal.request.post('/api/auth/recover', {
      username: 'demo.student.g8',
      answers: typedAgain,
      password: 'another fine password',
    });
    expect(recovered.status).toBe(200);
    expect((await signInAnswer(portal, 'demo.student.g8', NEW_PASSWORD)).status).toBe(401);
    expect((await signInAnswer(portal, 'demo.student.g8', 'another fine password')).status).toBe(200);
  });

  it('gives a name without questions made-up ones, the same every time', async () => {
    const portal = await createTestPortal();
    const ask = async (username: string) =>
      (await (await portal.request.post('/api/auth/recover/start', { username })).json()) as { questions: string[] };
    const first = await ask('nobody.here');
    expect(first.questions).toHaveLength(3);
    expect(await ask('nobody.here')).toEqual(first);
  });
});

describe('staff and their authenticator app', () => {
  it('enrol before the dashboard, then sign in with password and a code accepted once', async () => {
    const clock = manualClock();
    const portal = await createTestPortal({ now: clock.now, accounts: { staffSecondFactor: 'required' } });
    const first = await signInAnswer(portal, 'demo.teacher', DEMO_PASSWORD);
    expect(first.body.next).toBe('enrol_totp');
    const pending = cookieOf(first.response);
    expect((await portal.request.get('/api/apps/tiles', pending)).status).toBe(403);

    const enrolment = (await (
      await portal.request.post('/api/auth/totp/enrolment', {}, pending)
    ).json()) as TotpEnrolment;
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\//);
    const codeNow = () => generate({ secret: enrolment.secret, epoch: Math.floor(clock.now() / 1000) });
    const confirmed = await portal.request.post('/api/auth/totp/enrolment/confirm', { code: await codeNow() }, pending);
    expect(confirmed.status).toBe(200);
    const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect((await portal.request.get('/api/apps/tiles', cookieOf(confirmed))).status).toBe(200);

    const again = await signInAnswer(portal, 'demo.teacher', DEMO_PASSWORD);
    expect(again.body.next).toBe('totp');
    const waiting = cookieOf(again.response);
    const replayed = await portal.request.post('/api/auth/totp', { code: await codeNow() }, waiting);
    expect(replayed.status).toBe(401);
    clock.advance(30_000);
    const accepted = await portal.request.post('/api/auth/totp', { code: await codeNow() }, waiting);
    expect(accepted.status).toBe(200);
    expect((await portal.request.get('/api/apps/tiles', cookieOf(accepted))).status).toBe(200);

    const third = cookieOf((await signInAnswer(portal, 'demo.teacher', DEMO_PASSWORD)).response);
    const byRecoveryCode = await portal.request.post(
      '/api/auth/totp',
      { code: recoveryCodes[0]!.toLowerCase() },
      third,
    );
    expect(byRecoveryCode.status).toBe(200);
    const fourth = cookieOf((await signInAnswer(portal, 'demo.teacher', DEMO_PASSWORD)).response);
    expect((await portal.request.post('/api/auth/totp', { code: recoveryCodes[0] }, fourth)).status).toBe(401);
  });

  it('IT resets the app: the person enrols again at the next sign-in', async () => {
    const clock = manualClock();
    const portal = await createTestPortal({ now: clock.now, accounts: { staffSecondFactor: 'required' } });
    const teacher = (await portal.directory.findByUsername('demo.teacher'))!;
    const pending = cookieOf((await signInAnswer(portal, 'demo.teacher', DEMO_PASSWORD)).response);
    const { secret } = (await (
      await portal.request.post('/api/auth/totp/enrolment', {}, pending)
    ).json()) as TotpEnrolment;
    const code = await generate({ secret, epoch: Math.floor(clock.now() / 1000) });
    await portal.request.post('/api/auth/totp/enrolment/confirm', { code }, pending);

    const itPending = cookieOf((await signInAnswer(portal, 'demo.it', DEMO_PASSWORD)).response);
    const notYet = await portal.request.post('/api/accounts/totp-reset', { userId: teacher.id }, itPending);
    expect(notYet.status).toBe(403);
    await portal.accounts.resetSecondFactor(teacher, null, null);
    expect((await signInAnswer(portal, 'demo.teacher', DEMO_PASSWORD)).body.next).toBe('enrol_totp');
  });
});

describe('fixed passwords for the youngest', () => {
  it('a kindergartner’s new fixed password signs them straight in, and they may not change it', async () => {
    const portal = await createTestPortal();
    const kTeacher = await signIn(portal, 'demo.teacher.k');
    const reset = await resetAs(portal, kTeacher, 'demo.student.k');
    expect(reset.body.kind).toBe('fixed_password');
    const { password } = reset.body as { password: string };
    const signedIn = await signInAnswer(portal, 'demo.student.k', password);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.next).toBeUndefined();
    const change = await portal.request.post(
      '/api/auth/password',
      { current: password, password: NEW_PASSWORD },
      cookieOf(signedIn.response),
    );
    expect(change.status).toBe(403);
    expect(await change.json()).toMatchObject({ error: { code: 'password_fixed' } });
  });

  it('a fourth grader may change theirs, with the current one', async () => {
    const portal = await createTestPortal();
    const cookie = await signIn(portal, 'demo.student.g4');
    const wrong = await portal.request.post('/api/auth/password', { current: 'nope', password: NEW_PASSWORD }, cookie);
    expect(wrong.status).toBe(401);
    const changed = await portal.request.post(
      '/api/auth/password',
      { current: DEMO_PASSWORD, password: NEW_PASSWORD },
      cookie,
    );
    expect(changed.status).toBe(200);
    expect((await portal.request.get('/api/apps/tiles', cookie)).status).toBe(401);
    expect((await signInAnswer(portal, 'demo.student.g4', NEW_PASSWORD)).status).toBe(200);
  });
});

describe('accounts made by a roster import', () => {
  it('gives each new PreK-5 student a fixed password that stays across syncs, and leaves staff to claim theirs', async () => {
    const portal = await createTestPortal();
    const sync = () =>
      portal.roster.importFiles(rosterFilesOf('nightly', smallDistrict({ prefix: 'nk', students: 3, mode: 'delta' })), {
        source: 'cli',
        actorId: null,
      });
    expect((await sync()).outcome).toBe('applied');
    const child = (await portal.directory.findByUsername('nk.student1'))!;
    const teacher = (await portal.directory.findByUsername('nk.teacher'))!;
    const states = await portal.accounts.statesFor([child, teacher]);
    expect(states.get(child.id)).toMatchObject({ status: 'fixed', mayChangePassword: true });
    expect(states.get(teacher.id)).toMatchObject({ status: 'unclaimed' });

    const password = (await portal.accounts.fixedPasswordsFor([child])).get(child.id)!;
    expect(password).toMatch(/^[a-z]+\d\d$/);
    expect((await signInAnswer(portal, 'nk.student1', password)).status).toBe(200);
    expect((await signInAnswer(portal, 'nk.teacher', password)).status).toBe(401);

    await sync();
    expect((await portal.accounts.fixedPasswordsFor([child])).get(child.id)).toBe(password);
    expect((await signInAnswer(portal, 'nk.student1', password)).status).toBe(200);
  });
});

describe('a badge session', () => {
  it('cannot change its owner’s password, and the refusal is audited', async () => {
    const portal = await createTestPortal();
    const cookie = await badgeCookie(portal, (await issueBadge(portal, 'demo.student.g4')).text);
    const change = await portal.request.post(
      '/api/auth/password',
      { current: DEMO_PASSWORD, password: NEW_PASSWORD },
      cookie,
    );
    expect(change.status).toBe(403);
    const refusals = (await portal.audit.list({ limit: 10 })).filter((row) => row.action === 'access.denied');
    expect(refusals[0]?.detail).toMatchObject({ reason: 'badge_session' });
    expect((await signInAnswer(portal, 'demo.student.g4', DEMO_PASSWORD)).status).toBe(200);
  });
});

describe('what a full session cannot do to its own account', () => {
  it('a badge session, or any full session, cannot put an authenticator app on the account', async () => {
    const portal = await createTestPortal();
    const badge = await badgeCookie(portal, (await issueBadge(portal, 'demo.student.g4')).text);
    const teacher = await signIn(portal, 'demo.teacher');
    for (const cookie of [badge, teacher]) {
      const start = await portal.request.post('/api/auth/totp/enrolment', {}, cookie);
      expect(start.status).toBe(409);
      const confirm = await portal.request.post('/api/auth/totp/enrolment/confirm', { code: '123456' }, cookie);
      expect(confirm.status).toBe(409);
    }
    expect((await signInAnswer(portal, 'demo.student.g4', DEMO_PASSWORD)).body.next).toBeUndefined();
  });
});

describe('the routes anyone may call', () => {
  it.each(['/api/auth/claim/check', '/api/auth/claim', '/api/auth/recover/start', '/api/auth/recover'])(
    '%s refuses a body over 4 kB before reading it',
    async (route) => {
      const portal = await createTestPortal();
      const response = await portal.request.post(route, { username: 'x'.repeat(5000), code: 'a', password: 'b' });
      expect(response.status).toBe(413);
    },
  );
});

describe('claim letters', () => {
  const lettersFor = async (portal: Portal, cookie: string, username: string) => {
    const person = (await portal.directory.findByUsername(username))!;
    return portal.request.post('/api/accounts/claim-letters', { userId: person.id, onlyUnclaimed: false }, cookie);
  };

  it('give a claimed account a new code only to a helper who may reset it', async () => {
    const portal = await createTestPortal({ accounts: { teacherResets: false } });
    const teacher = await signIn(portal, 'demo.teacher');
    expect((await lettersFor(portal, teacher, 'demo.student.g8')).status).toBe(422);
    const principal = await signIn(portal, 'demo.principal');
    const letters = await lettersFor(portal, principal, 'demo.student.g8');
    expect(letters.status).toBe(200);
    expect(letters.headers.get('content-type')).toBe('application/pdf');
  });

  it('for staff come from IT only: a principal cannot take over a teacher’s account', async () => {
    const portal = await createTestPortal();
    const teacher = (await portal.directory.findByUsername('demo.teacher'))!;
    await portal.directory.setPasswordHash(teacher.id, null);
    const principal = await signIn(portal, 'demo.principal');
    // A campus's rights reach its students, not its staff: refused (and audited) before anything is printed.
    expect((await lettersFor(portal, principal, 'demo.teacher')).status).toBe(403);
    expect((await lettersFor(portal, await signIn(portal, 'demo.it'), 'demo.teacher')).status).toBe(200);
  });
});

describe('a student promoted past the fixed-password grades', () => {
  it('loses the fixed password at a reset, which gives a temporary one instead', async () => {
    const portal = await createTestPortal();
    await tamperWithDatabase(portal.storage, `UPDATE users SET grade = 6 WHERE username = 'demo.student.g4'`);
    const reset = await resetAs(portal, await signIn(portal, 'demo.it'), 'demo.student.g4');
    expect(reset.body.kind).toBe('temporary_password');
    expect((await signInAnswer(portal, 'demo.student.g4', DEMO_PASSWORD)).status).toBe(401);
    const temporary = (reset.body as { temporaryPassword: string }).temporaryPassword;
    expect((await signInAnswer(portal, 'demo.student.g4', temporary)).body.next).toBe('change_password');
  });
});

describe('what the menu offers', () => {
  it('says who may change their password: not a kindergartner, not a badge session, a fourth grader yes', async () => {
    const portal = await createTestPortal();
    const me = async (cookie: string) =>
      ((await (await portal.request.get('/api/auth/me', cookie)).json()) as SignedInAnswer).mayChangePassword;
    expect(await me(await signIn(portal, 'demo.student.k'))).toBe(false);
    expect(await me(await signIn(portal, 'demo.student.g4'))).toBe(true);
    expect(await me(await badgeCookie(portal, (await issueBadge(portal, 'demo.student.g4')).text))).toBe(false);
    expect((await signInAnswer(portal, 'demo.student.k', DEMO_PASSWORD)).body.mayChangePassword).toBe(false);
  });
});

describe('what runs out', () => {
  it('a session pending a step ends after 15 minutes', async () => {
    const clock = manualClock();
    const portal = await createTestPortal({ now: clock.now, accounts: { staffSecondFactor: 'required' } });
    const pending = cookieOf((await signInAnswer(portal, 'demo.teacher', DEMO_PASSWORD)).response);
    clock.advance(14 * 60_000);
    expect((await portal.request.get('/api/auth/me', pending)).status).toBe(200);
    clock.advance(61_000);
    expect((await portal.request.get('/api/auth/me', pending)).status).toBe(401);
  });

  it('a temporary password stops working when its days are over', async () => {
    const clock = manualClock();
    const portal = await createTestPortal({ now: clock.now, accounts: { codeLifetimeMs: 3 * 86_400_000 } });
    const reset = await resetAs(portal, await signIn(portal, 'demo.it'), 'demo.student.g8');
    const { temporaryPassword } = reset.body as { temporaryPassword: string };
    clock.advance(3 * 86_400_000 - 1);
    expect((await signInAnswer(portal, 'demo.student.g8', temporaryPassword)).status).toBe(200);
    clock.advance(1);
    expect((await signInAnswer(portal, 'demo.student.g8', temporaryPassword)).status).toBe(401);
  });
});
