// The people pages as a helper uses them: a person's page in words, "why can't … get in?" with the fix the helper
// can make, the two actions only these pages offer (release a throttle, confirm a held sign-in), and a teacher's
// home. Every problem is made through the real APIs, as it would happen at school.
import { describe, expect, it } from 'vitest';
import { fixtureAppId, fixtureOrigin } from '../../server/demo/fixture-apps';
import { diagnose } from '../../server/people/troubleshoot';
import type { PersonFacts } from '../../server/people/person-page';
import type {
  MyClassesResponse,
  PeopleSearchResponse,
  PersonPageResponse,
  TroubleshootAnswer,
} from '../../shared/people';
import { issueBadge } from '../helpers/badges';
import { pairExtension } from '../helpers/extension-client';
import { createTestPortal, DEMO_PASSWORD, manualClock, PUBLIC_URL, signIn } from '../helpers/test-portal';

type Portal = Awaited<ReturnType<typeof createTestPortal>>;
const READING = fixtureAppId('reading-garden');
const MINUTE = 60_000;
const DAY = 86_400_000;

async function portalAndClock() {
  const clock = manualClock();
  const portal = await createTestPortal({ now: clock.now });
  return { portal, clock };
}

const idOf = async (portal: Portal, username: string) => (await portal.directory.findByUsername(username))!.id;

async function json<T>(response: Response | Promise<Response>, status = 200): Promise<T> {
  const answered = await response;
  expect(answered.status, await answered.clone().text()).toBe(status);
  return (await answered.json()) as T;
}

const pageOf = async (portal: Portal, cookie: string, username: string) =>
  json<PersonPageResponse>(portal.request.get(`/api/people/${await idOf(portal, username)}?lang=en`, cookie));

async function why(portal: Portal, cookie: string, username: string, appId?: string) {
  const app = appId ? `&app=${appId}` : '';
  const id = await idOf(portal, username);
  return json<TroubleshootAnswer>(portal.request.get(`/api/people/${id}/troubleshoot?lang=en${app}`, cookie));
}

async function wrongPasswords(portal: Portal, username: string, times: number) {
  for (let i = 0; i < times; i++) {
    const answer = await portal.request.post('/api/auth/sign-in', { username, password: 'not-the-password' });
    expect(answer.status).toBe(401);
  }
}

const latestAudit = async (portal: Portal) => (await portal.audit.list({ limit: 1 }))[0]!;

describe('a person’s page', () => {
  it('tells IT how a kindergartner signs in, her apps and why, and offers what applies', async () => {
    const { portal } = await portalAndClock();
    const it = await signIn(portal, 'demo.it');
    const page = await pageOf(portal, it, 'demo.student.k');
    expect(page.person).toMatchObject({
      username: 'demo.student.k',
      status: 'active',
      campuses: ['Lakeside Elementary'],
    });
    expect(page.person.classes.length).toBeGreaterThan(0);
    expect(page.account.status).toBe('fixed');
    expect(page.badge?.status).toBe('none');
    const reading = page.apps.find((app) => app.app.id === READING)!;
    expect(reading).toMatchObject({ granted: true, vault: { state: 'stored' } });
    expect(reading.why).toContain('Students in grades K–8');
    expect(page.actions).toEqual(['print_badge', 'print_credentials', 'reset_password']);
    expect(await latestAudit(portal)).toMatchObject({ action: 'person.viewed', subjectUserId: page.person.id });
    const inSpanish = await json<PersonPageResponse>(portal.request.get(`/api/people/${page.person.id}?lang=es`, it));
    expect(inSpanish.apps.find((app) => app.app.id === READING)!.why).toContain('le da acceso');
  });

  it('lists recent sign-ins with their reasons, and says why an app is not given', async () => {
    const { portal } = await portalAndClock();
    await wrongPasswords(portal, 'demo.student.g11', 1);
    await signIn(portal, 'demo.student.g11');
    const page = await pageOf(portal, await signIn(portal, 'demo.it'), 'demo.student.g11');
    expect(page.signIns.slice(0, 2)).toEqual([
      expect.objectContaining({ method: 'password', outcome: 'success', reason: null }),
      expect.objectContaining({ method: 'password', outcome: 'failure', reason: 'wrong_password' }),
    ]);
    const reading = page.apps.find((app) => app.app.id === READING)!;
    expect(reading.granted).toBe(false);
    expect(reading.why).toMatch(/grade/i);
  });

  it('offers a teacher only what she may do for her own student, and a void once there is a badge', async () => {
    const { portal } = await portalAndClock();
    const teacher = await signIn(portal, 'demo.teacher.k');
    expect((await pageOf(portal, teacher, 'demo.student.k')).actions).toEqual([
      'print_badge',
      'print_credentials',
      'reset_password',
    ]);
    await issueBadge(portal, 'demo.student.k');
    expect((await pageOf(portal, teacher, 'demo.student.k')).actions).toContain('void_badge');
  });
});

describe('people search', () => {
  const search = async (portal: Portal, cookie: string, q: string) =>
    (await json<PeopleSearchResponse>(portal.request.get(`/api/people?q=${encodeURIComponent(q)}`, cookie))).people.map(
      (person) => person.username,
    );

  it('finds only the people the viewer may look at', async () => {
    const { portal } = await portalAndClock();
    expect(await search(portal, await signIn(portal, 'demo.teacher.k'), 'demo.')).toEqual(['demo.student.k']);
    expect(await search(portal, await signIn(portal, 'demo.principal'), 'demo.')).toEqual(['demo.student.g8']);
    expect(await search(portal, await signIn(portal, 'demo.it'), 'demo.teacher')).toContain('demo.teacher.k');
  });

  it('needs two letters, and names the field', async () => {
    const { portal } = await portalAndClock();
    const answer = await portal.request.get('/api/people?q=a', await signIn(portal, 'demo.it'));
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toMatch(/^q:/);
  });
});

describe('why can’t they get in?', () => {
  it('a badge never printed: print one', async () => {
    const { portal } = await portalAndClock();
    const answer = await why(portal, await signIn(portal, 'demo.teacher.k'), 'demo.student.k');
    expect(answer).toMatchObject({ problem: { key: 'people.why.badge_never_printed' }, action: 'print_badge' });
    expect(await latestAudit(portal)).toMatchObject({ action: 'person.troubleshot' });
  });

  it('a voided badge: when, and print a new one (after which the badge is no longer the answer)', async () => {
    const { portal, clock } = await portalAndClock();
    const teacher = await signIn(portal, 'demo.teacher.k');
    const userId = await idOf(portal, 'demo.student.k');
    await issueBadge(portal, 'demo.student.k');
    expect((await portal.request.post('/api/badges/void', { userId }, teacher)).status).toBe(200);
    const answer = await why(portal, teacher, 'demo.student.k');
    expect(answer.problem).toEqual({
      key: 'people.why.badge_voided_voided',
      params: expect.objectContaining({ voidedAt: clock.now() }),
    });
    expect(answer).toMatchObject({ fix: { key: 'people.why.fix.print_badge' }, action: 'print_badge' });
    const printed = await portal.request.post('/api/badges/print', { userId, layout: 'labels' }, teacher);
    expect(printed.status).toBe(200);
    expect((await why(portal, teacher, 'demo.student.k')).problem.key).not.toMatch(/badge/);
  });

  it('an expired badge', async () => {
    const { portal, clock } = await portalAndClock();
    await issueBadge(portal, 'demo.student.k', clock.now() + MINUTE);
    clock.advance(MINUTE);
    const answer = await why(portal, await signIn(portal, 'demo.teacher.k'), 'demo.student.k');
    expect(answer).toMatchObject({ problem: { key: 'people.why.badge_expired' }, action: 'print_badge' });
  });

  it('a turned-off account: nothing a helper can do here', async () => {
    const { portal } = await portalAndClock();
    await portal.directory.deactivate(await idOf(portal, 'demo.student.g11'));
    const answer = await why(portal, await signIn(portal, 'demo.it'), 'demo.student.g11');
    expect(answer).toMatchObject({ problem: { key: 'people.why.disabled' }, action: null });
  });

  it('sign-ins held by the throttle: until when, and a release that works and is audited', async () => {
    const { portal, clock } = await portalAndClock();
    const it = await signIn(portal, 'demo.it');
    await wrongPasswords(portal, 'demo.student.g11', 5);
    expect(
      (await portal.request.post('/api/auth/sign-in', { username: 'demo.student.g11', password: DEMO_PASSWORD }))
        .status,
    ).toBe(429);
    const answer = await why(portal, it, 'demo.student.g11');
    expect(answer.problem).toEqual({
      key: 'people.why.throttled',
      params: expect.objectContaining({ untilAt: clock.now() + 1000 }),
    });
    expect(answer.action).toBe('release_throttle');
    expect((await pageOf(portal, it, 'demo.student.g11')).throttles).toEqual([
      { kind: 'password', until: clock.now() + 1000 },
    ]);

    const id = await idOf(portal, 'demo.student.g11');
    expect(await json(portal.request.post(`/api/people/${id}/release-throttle`, {}, it))).toEqual({
      released: ['password'],
    });
    expect(await latestAudit(portal)).toMatchObject({ action: 'sign_in.throttle_released', subjectUserId: id });
    expect((await why(portal, it, 'demo.student.g11')).problem.key).not.toBe('people.why.throttled');
    await signIn(portal, 'demo.student.g11');
  });

  it('a teacher may not release a throttle: she is told to wait or ask', async () => {
    const { portal } = await portalAndClock();
    await wrongPasswords(portal, 'demo.student.k', 5);
    const answer = await why(portal, await signIn(portal, 'demo.teacher.k'), 'demo.student.k');
    expect(answer).toMatchObject({
      problem: { key: 'people.why.throttled' },
      fix: { key: 'people.why.fix.wait_or_ask' },
      action: null,
    });
  });

  it('an account not claimed: no code, a code that works, a code that ended; print a claim letter', async () => {
    const { portal, clock } = await portalAndClock();
    const userId = await idOf(portal, 'demo.student.g11');
    const reset = await portal.request.post('/api/accounts/reset', { userId }, await signIn(portal, 'demo.it'));
    expect(reset.status).toBe(200);
    // The temporary password ends unused: nothing lets the student in any more.
    clock.advance(15 * DAY);
    const it = await signIn(portal, 'demo.it');
    expect(await why(portal, it, 'demo.student.g11')).toMatchObject({
      problem: { key: 'people.why.unclaimed_no_code' },
      action: 'print_claim_letter',
    });
    expect((await portal.request.post('/api/accounts/claim-letters', { userId }, it)).status).toBe(200);
    expect((await why(portal, it, 'demo.student.g11')).problem).toEqual({
      key: 'people.why.unclaimed_code_live',
      params: expect.objectContaining({ expiresAt: clock.now() + 14 * DAY }),
    });
    clock.advance(14 * DAY);
    const answer = await why(portal, await signIn(portal, 'demo.it'), 'demo.student.g11');
    expect(answer).toMatchObject({
      problem: { key: 'people.why.unclaimed_code_expired' },
      action: 'print_claim_letter',
    });
  });

  it('a temporary password not used yet', async () => {
    const { portal } = await portalAndClock();
    const it = await signIn(portal, 'demo.it');
    const userId = await idOf(portal, 'demo.student.g11');
    expect((await portal.request.post('/api/accounts/reset', { userId }, it)).status).toBe(200);
    const answer = await why(portal, it, 'demo.student.g11');
    expect(answer).toMatchObject({ problem: { key: 'people.why.temporary_unused' }, action: 'reset_password' });
  });

  it('wrong passwords in a row: reset', async () => {
    const { portal } = await portalAndClock();
    await wrongPasswords(portal, 'demo.student.g11', 3);
    const answer = await why(portal, await signIn(portal, 'demo.it'), 'demo.student.g11');
    expect(answer).toMatchObject({
      problem: { key: 'people.why.wrong_passwords', params: { count: 3 } },
      action: 'reset_password',
    });
  });

  it('an app the access rules do not give: the failing condition, and the rule to ask IT about', async () => {
    const { portal } = await portalAndClock();
    const answer = await why(portal, await signIn(portal, 'demo.it'), 'demo.student.g11', READING);
    expect(answer.problem.key).toBe('people.why.app_not_given');
    expect(String(answer.problem.params.condition)).toMatch(/grade/i);
    expect(answer).toMatchObject({
      fix: { key: 'people.why.fix.ask_it_rule', params: { rule: 'Students in grades K–8' } },
      action: null,
    });
  });

  it('a vault app with no stored sign-in: ask IT', async () => {
    const { portal } = await portalAndClock();
    const it = await signIn(portal, 'demo.it');
    const { entries } = await json<{ entries: { id: string }[] }>(
      portal.request.get(`/api/admin/vault/entries?app=${READING}`, it),
    );
    for (const entry of entries)
      expect((await portal.request.send('DELETE', `/api/admin/vault/entries/${entry.id}`, undefined, it)).status).toBe(
        204,
      );
    const answer = await why(portal, it, 'demo.student.g4', READING);
    expect(answer).toMatchObject({
      problem: { key: 'people.why.vault_missing' },
      fix: { key: 'people.why.fix.ask_it_store' },
    });
  });

  it('a stored sign-in the site rejected: when, and a confirm that lifts the hold and is audited', async () => {
    const { portal, clock } = await portalAndClock();
    const student = await signIn(portal, 'demo.student.g4');
    const extension = await pairExtension(portal, student, { publicUrl: PUBLIC_URL, now: clock.now });
    const { launchId } = await json<{ launchId: string }>(
      portal.request.post(`/api/vault/apps/${READING}/launch`, {}, student),
    );
    const released = await extension.call('POST', `/api/extension/launches/${launchId}/release`, {
      appId: READING,
      origin: fixtureOrigin('reading-garden'),
    });
    expect(released.status).toBe(200);
    const reported = await extension.call('POST', `/api/extension/launches/${launchId}/outcome`, {
      outcome: 'failed',
      reason: 'credentials_rejected',
    });
    expect(reported.status).toBe(204);

    const it = await signIn(portal, 'demo.it');
    const answer = await why(portal, it, 'demo.student.g4', READING);
    expect(answer.problem).toEqual({
      key: 'people.why.vault_held',
      params: expect.objectContaining({ app: 'Reading Garden', heldAt: clock.now() }),
    });
    expect(answer.action).toBe('confirm_credential');
    const id = await idOf(portal, 'demo.student.g4');
    expect(await json(portal.request.post(`/api/people/${id}/apps/${READING}/confirm`, {}, it))).toEqual({
      lifted: true,
    });
    expect(await latestAudit(portal)).toMatchObject({ action: 'vault.hold_lifted', subjectUserId: id, appId: READING });
    expect((await why(portal, it, 'demo.student.g4', READING)).problem.key).not.toBe('people.why.vault_held');
  });

  it('nothing wrong: says so, and what to try', async () => {
    const { portal } = await portalAndClock();
    const answer = await why(portal, await signIn(portal, 'demo.it'), 'demo.student.g11');
    expect(answer).toMatchObject({
      problem: { key: 'people.why.nothing_found' },
      fix: { key: 'people.why.fix.watch_and_retry' },
      action: null,
      alsoNoticed: [],
    });
  });

  it('staff without a second factor are told to set one up (the rest of the answer as above)', () => {
    const facts = {
      person: { status: 'active' },
      header: { displayName: 'Pat Lee' },
      account: { status: 'claimed', getsFixedPassword: false, secondFactor: 'not_enrolled', codeExpiresAt: null },
      badge: null,
      lastVoid: null,
      claimCodeEndsAt: null,
      signIns: [],
      throttles: [],
    } as unknown as PersonFacts;
    expect(diagnose(facts, [], null, []).problem.key).toBe('people.why.second_factor_missing');
  });
});

describe('my classes', () => {
  it('lists a teacher’s class with the student whose badge was voided first, and why', async () => {
    const { portal } = await portalAndClock();
    const teacher = await signIn(portal, 'demo.teacher.k');
    const [taught] = await portal.directory.classesTaughtBy(await idOf(portal, 'demo.teacher.k'));
    const printed = await portal.request.post('/api/badges/print', { classId: taught!.id, layout: 'labels' }, teacher);
    expect(printed.status).toBe(200);
    const userId = await idOf(portal, 'demo.student.k');
    expect((await portal.request.post('/api/badges/void', { userId }, teacher)).status).toBe(200);

    const home = await json<MyClassesResponse>(portal.request.get('/api/my-classes', teacher));
    const shown = home.classes.find((found) => found.id === taught!.id)!;
    expect(shown.students[0]).toMatchObject({ username: 'demo.student.k', attention: ['badge_voided'] });
    expect(shown.students.slice(1).every((student) => student.attention.length === 0)).toBe(true);
    expect(home.rights).toContain('print_badges');
  });

  it('says why a student needs attention: a held sign-in, wrong passwords, then a held throttle', async () => {
    const { portal, clock } = await portalAndClock();
    const student = await signIn(portal, 'demo.student.k');
    const extension = await pairExtension(portal, student, { publicUrl: PUBLIC_URL, now: clock.now });
    const launch = await json<{ launchId: string }>(
      portal.request.post(`/api/vault/apps/${READING}/launch`, {}, student),
    );
    await extension.call('POST', `/api/extension/launches/${launch.launchId}/release`, {
      appId: READING,
      origin: fixtureOrigin('reading-garden'),
    });
    await extension.call('POST', `/api/extension/launches/${launch.launchId}/outcome`, {
      outcome: 'failed',
      reason: 'credentials_rejected',
    });
    const teacher = await signIn(portal, 'demo.teacher.k');
    const attention = async () => {
      const home = await json<MyClassesResponse>(portal.request.get('/api/my-classes', teacher));
      const students = home.classes.flatMap((found) => found.students);
      return students.find((listed) => listed.username === 'demo.student.k')!.attention;
    };
    await wrongPasswords(portal, 'demo.student.k', 3);
    expect(await attention()).toEqual(['no_badge', 'held_credential', 'recent_failures']);
    await wrongPasswords(portal, 'demo.student.k', 2);
    expect(await attention()).toEqual(['throttled', 'no_badge', 'held_credential']);
  });

  it('reads the whole class in a handful of statements, not some for each student', async (context) => {
    const { portal } = await portalAndClock();
    if (portal.storage.engine !== 'sqlite') return context.skip();
    const teacher = await signIn(portal, 'demo.teacher.k');
    // Every statement better-sqlite3 runs goes through these three methods of its one Statement class.
    const statement = Object.getPrototypeOf(portal.db.$client.prepare('SELECT 1')) as Record<string, Function>;
    const originals = Object.fromEntries(['all', 'get', 'run'].map((name) => [name, statement[name]!]));
    let statements = 0;
    for (const [name, original] of Object.entries(originals))
      statement[name] = function (this: unknown, ...args: unknown[]) {
        statements++;
        return original.apply(this, args);
      };
    try {
      const home = await json<MyClassesResponse>(portal.request.get('/api/my-classes', teacher));
      const students = home.classes.reduce((sum, found) => sum + found.students.length, 0);
      expect(students).toBeGreaterThan(20);
      expect(statements).toBeLessThan(20);
    } finally {
      Object.assign(statement, originals);
    }
  });

  it('is a teacher’s page: anyone else is refused, and the refusal audited', async () => {
    const { portal } = await portalAndClock();
    const answer = await portal.request.get('/api/my-classes', await signIn(portal, 'demo.it'));
    expect(answer.status).toBe(403);
    expect(await latestAudit(portal)).toMatchObject({
      action: 'access.denied',
      detail: { route: 'GET /api/my-classes' },
    });
  });
});
