// Delegation through `/api/grants`: a principal names campus delegates for a time, IT gives any grant. Each refusal
// is a 403 with an `access.denied` row; a grant stops at once when it runs out or is revoked; a roster import never
// touches one.
import { describe, expect, it } from 'vitest';
import { CAMPUS } from '../../server/demo/lakeside';
import { rosterServiceFor } from '../../server/roster/roster-service';
import type { GiveGrantRequest, GrantCandidatesResponse, GrantsResponse, GrantView } from '../../shared/grants';
import { badgeCookie, issueBadge } from '../helpers/badges';
import { tamperWithDatabase } from '../helpers/database-tampering';
import { rosterFilesOf, smallDistrict } from '../helpers/roster-district';
import { createTestPortal, manualClock, signIn } from '../helpers/test-portal';
import { createTestStorage } from '../helpers/test-storage';

type Portal = Awaited<ReturnType<typeof createTestPortal>>;
const DAY = 86_400_000;
// A Monday in November: the school year ends on the next 30 June.
const START = Date.UTC(2026, 10, 23, 15, 0, 0);

async function idOf(portal: Portal, username: string) {
  return (await portal.directory.findByUsername(username))!.id;
}

async function give(portal: Portal, cookie: string, request: Partial<GiveGrantRequest> & { username?: string }) {
  const { username = 'demo.teacher', ...rest } = request;
  const body = { userId: await idOf(portal, username), kind: 'delegate', campusId: CAMPUS.middle, ...rest };
  if (!('rights' in request) && body.kind === 'delegate') Object.assign(body, { rights: ['reset_passwords'] });
  return portal.request.post('/api/grants', body, cookie);
}

async function listed(portal: Portal, cookie: string, query = '') {
  const response = await portal.request.get(`/api/grants${query}`, cookie);
  expect(response.status).toBe(200);
  return (await response.json()) as GrantsResponse;
}

async function auditRows(portal: Portal, action: string) {
  return (await portal.audit.list({ limit: 500 })).filter((row) => row.action === action);
}

/** The middle school's instructional coach: a teacher who teaches no class (demo.teacher teaches every student). */
async function coachOfMiddleSchool(portal: Portal) {
  const staff = await portal.directory.staffOnCampus(CAMPUS.middle, '', 50);
  const coach = staff.find((person) => person.role === 'teacher' && person.classCount === 0);
  if (!coach) throw new Error('the middle school has no teacher without classes');
  return coach.username;
}

const aMiddleSchoolStudent = async (portal: Portal) => (await portal.directory.studentsOnCampus(CAMPUS.middle))[0]!;

async function setUp() {
  const clock = manualClock(START);
  const portal = await createTestPortal({ now: clock.now });
  return { clock, portal, principal: await signIn(portal, 'demo.principal'), it: await signIn(portal, 'demo.it') };
}

/** Expects a 403 and one more `access.denied` row naming the viewer. */
async function expectRefused(portal: Portal, username: string, attempt: () => Promise<Response>) {
  const before = (await auditRows(portal, 'access.denied')).length;
  const response = await attempt();
  expect(response.status).toBe(403);
  const denied = await auditRows(portal, 'access.denied');
  expect(denied).toHaveLength(before + 1);
  expect(denied[0]!.actorUserId).toBe(await idOf(portal, username));
}

describe('a principal delegates on her campus', () => {
  it('gives a delegate until the end of the school year, audited, and lists it', async () => {
    const { portal, principal } = await setUp();
    const response = await give(portal, principal, {});
    expect(response.status).toBe(201);
    const grant = (await response.json()) as GrantView;
    expect(grant).toMatchObject({
      kind: 'delegate',
      person: { username: 'demo.teacher' },
      campus: { id: CAMPUS.middle, name: 'Lakeside Middle School' },
      rights: ['reset_passwords'],
      state: 'in_force',
      grantedBy: { id: await idOf(portal, 'demo.principal') },
    });
    expect(grant.expiresAt).toBe(new Date(2027, 6 - 1, 30 + 1).getTime());

    const page = await listed(portal, principal);
    expect(page.grants.map((g) => g.id)).toEqual([grant.id]);
    expect(page.campuses).toEqual([{ id: CAMPUS.middle, name: 'Lakeside Middle School' }]);
    expect(page.mayGiveDistrict).toBe(false);
    expect(page.defaultExpiresOn).toBe('2027-06-30');

    const [given] = await auditRows(portal, 'grant.given');
    expect(given).toMatchObject({
      actorUserId: await idOf(portal, 'demo.principal'),
      subjectUserId: await idOf(portal, 'demo.teacher'),
      detail: { grantId: grant.id, kind: 'delegate', campusId: CAMPUS.middle, rights: ['reset_passwords'] },
    });
    expect(given!.detail!.expiresAt).toBe(grant.expiresAt);
  });

  it('offers her campus’s staff, not its students nor another campus’s staff', async () => {
    const { portal, principal } = await setUp();
    const response = await portal.request.get(`/api/grants/candidates?campusId=${CAMPUS.middle}`, principal);
    const { people } = (await response.json()) as GrantCandidatesResponse;
    expect(people.map((p) => p.username)).toContain('demo.teacher');
    expect(people.map((p) => p.username)).not.toContain('demo.teacher.k');
    expect(people.every((p) => p.role !== 'student')).toBe(true);
    const searched = (await (
      await portal.request.get(`/api/grants/candidates?campusId=${CAMPUS.middle}&q=demo.teach`, principal)
    ).json()) as GrantCandidatesResponse;
    expect(searched.people.map((p) => p.username)).toEqual(['demo.teacher']);
  });

  it('offers at most 50 staff at once: a large campus is searched, not listed whole', async () => {
    const { portal, principal } = await setUp();
    const rows = Array.from({ length: 60 }, (_, i) => i + 1);
    await tamperWithDatabase(
      portal.storage,
      `INSERT INTO users (id, sourced_id, username, given_name, family_name, role, created_at, updated_at) VALUES
         ${rows.map((n) => `('u-aide-${n}', 'sis-aide-${n}', 'aide${n}', 'Aide', 'Number${n}', 'staff', 1, 1)`).join(',')};
       INSERT INTO user_orgs (user_id, org_id) VALUES
         ${rows.map((n) => `('u-aide-${n}', '${CAMPUS.middle}')`).join(',')};`,
    );
    const candidates = async (query: string) =>
      (
        (await (
          await portal.request.get(`/api/grants/candidates?campusId=${CAMPUS.middle}&q=${query}`, principal)
        ).json()) as GrantCandidatesResponse
      ).people;
    expect(await candidates('')).toHaveLength(50);
    expect(await candidates('aide')).toHaveLength(50);
    expect((await candidates('aide6')).map((p) => p.username)).toEqual(['aide6', 'aide60']);
  });

  it('answers bad input with a 400 naming the field', async () => {
    const { portal, principal, it } = await setUp();
    const problems: [Partial<GiveGrantRequest> & { username?: string; asIt?: boolean }, string][] = [
      [{ rights: [] }, 'rights: choose at least one'],
      [{ expiresOn: '2026-11-22' }, 'expiresOn: must be today or later'],
      [{ expiresOn: '2027-02-30' }, 'expiresOn: is not a day of the calendar'],
      [{ expiresOn: null }, 'expiresOn: a campus grant must have an end date'],
      [{ campusId: undefined }, 'campusId: is required'],
      // IT is told why a person cannot be named; a principal is refused alike for anyone beyond her campus (below).
      [{ username: 'demo.student.g8', asIt: true }, 'userId: a student cannot hold a grant'],
      [{ username: 'demo.teacher.k', asIt: true }, 'userId: is not on the staff of that campus'],
    ];
    for (const [{ asIt, ...request }, message] of problems) {
      const response = await give(portal, asIt ? it : principal, request);
      expect(response.status, message).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe(message);
    }
    expect(await auditRows(portal, 'grant.given')).toEqual([]);
  });

  it('a grant given again for the same campus replaces the one in force, both audited', async () => {
    const { portal, principal } = await setUp();
    const first = (await (await give(portal, principal, {})).json()) as GrantView;
    const second = (await (
      await give(portal, principal, { rights: ['print_badges', 'reset_passwords'], expiresOn: '2026-12-18' })
    ).json()) as GrantView;
    const page = await listed(portal, principal, '?includeEnded=true');
    expect(page.grants.map((g) => [g.id, g.state])).toEqual([
      [second.id, 'in_force'],
      [first.id, 'revoked'],
    ]);
    expect((await auditRows(portal, 'grant.revoked'))[0]!.detail).toMatchObject({
      grantId: first.id,
      replacedBy: second.id,
    });
    expect(await listed(portal, principal)).toMatchObject({ grants: [{ id: second.id }] });
  });
});

describe('gives at the same moment', () => {
  it('leave one grant in force: each replaces the one before it, none slips between', async () => {
    const { clock, portal } = await setUp();
    const userId = await idOf(portal, 'demo.teacher');
    const request = { userId, kind: 'delegate' as const, campusId: CAMPUS.middle, rights: ['print_badges' as const] };
    await Promise.all(Array.from({ length: 5 }, () => portal.grantService.give(request, { id: null, ip: null })));
    expect(await portal.grants.inForceFor(userId, clock.now())).toHaveLength(1);
    expect(await auditRows(portal, 'grant.revoked')).toHaveLength(4);
  });
});

describe('refusals: 403, audited', () => {
  it('a principal on another campus, or giving IT', async () => {
    const { portal, principal } = await setUp();
    await expectRefused(portal, 'demo.principal', () =>
      give(portal, principal, { username: 'demo.teacher.k', campusId: CAMPUS.elementary }),
    );
    await expectRefused(portal, 'demo.principal', () =>
      give(portal, principal, { kind: 'it', campusId: null, rights: undefined }),
    );
    await expectRefused(portal, 'demo.principal', () =>
      give(portal, principal, { kind: 'principal', rights: undefined }),
    );
    await expectRefused(portal, 'demo.principal', () =>
      portal.request.get(`/api/grants?campusId=${CAMPUS.elementary}`, principal),
    );
    await expectRefused(portal, 'demo.principal', () =>
      portal.request.get(`/api/grants/candidates?campusId=${CAMPUS.elementary}`, principal),
    );
  });

  it('a principal revoking another campus’s delegate, or a district grant', async () => {
    const { portal, principal, it: itCookie } = await setUp();
    const elsewhere = (await (
      await give(portal, itCookie, { username: 'demo.teacher.k', campusId: CAMPUS.elementary })
    ).json()) as GrantView;
    const district = (await (
      await give(portal, itCookie, { kind: 'help_desk', campusId: null, rights: undefined })
    ).json()) as GrantView;
    for (const grant of [elsewhere, district])
      await expectRefused(portal, 'demo.principal', () =>
        portal.request.post(`/api/grants/${grant.id}/revoke`, {}, principal),
      );
    expect(await auditRows(portal, 'grant.revoked')).toEqual([]);
    expect((await listed(portal, itCookie)).grants).toHaveLength(2);
  });

  it('a teacher, a student, a badge session', async () => {
    const { portal } = await setUp();
    const teacher = await signIn(portal, 'demo.teacher');
    await expectRefused(portal, 'demo.teacher', () => give(portal, teacher, { username: 'demo.teacher' }));
    await expectRefused(portal, 'demo.teacher', () => portal.request.get('/api/grants', teacher));
    const student = await signIn(portal, 'demo.student.g11');
    await expectRefused(portal, 'demo.student.g11', () => give(portal, student, {}));
    const badge = await badgeCookie(portal, (await issueBadge(portal, 'demo.student.k')).text);
    await expectRefused(portal, 'demo.student.k', () => portal.request.get('/api/grants', badge));
  });

  it('a delegate cannot delegate, nor revoke her own grant', async () => {
    const { portal, principal } = await setUp();
    const grant = (await (await give(portal, principal, {})).json()) as GrantView;
    const delegate = await signIn(portal, 'demo.teacher');
    await expectRefused(portal, 'demo.teacher', () =>
      give(portal, delegate, { username: 'demo.principal', rights: ['print_badges'] }),
    );
    await expectRefused(portal, 'demo.teacher', () =>
      portal.request.post(`/api/grants/${grant.id}/revoke`, {}, delegate),
    );
  });
});

describe('IT gives any grant', () => {
  it('district grants without a campus, open-ended if asked; sees every grant', async () => {
    const { portal, principal, it: itCookie } = await setUp();
    const response = await give(portal, itCookie, {
      username: 'demo.teacher.noschedule',
      kind: 'help_desk',
      campusId: null,
      rights: undefined,
      expiresOn: null,
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ kind: 'help_desk', campus: null, expiresAt: null });
    await give(portal, principal, {});
    const page = await listed(portal, itCookie);
    expect(page.mayGiveDistrict).toBe(true);
    expect(page.grants.map((g) => g.kind).sort()).toEqual(['delegate', 'help_desk']);
    expect(page.campuses.length).toBeGreaterThan(1);
    // A principal sees her campus’s grants only.
    expect((await listed(portal, principal)).grants.map((g) => g.kind)).toEqual(['delegate']);

    const onCampus = await give(portal, itCookie, { kind: 'help_desk', campusId: CAMPUS.middle, rights: undefined });
    expect(onCampus.status).toBe(400);
  });
});

describe('a grant stops at once', () => {
  async function delegated() {
    const setup = await setUp();
    const { portal, principal } = setup;
    const coach = await coachOfMiddleSchool(portal);
    const grant = (await (
      await give(portal, principal, { username: coach, expiresOn: '2026-11-30' })
    ).json()) as GrantView;
    const student = await aMiddleSchoolStudent(portal);
    // Signed in anew each time: the test's clock jumps past a session's idle limit.
    const reset = async () =>
      portal.request.post('/api/accounts/reset', { userId: student.id }, await signIn(portal, coach));
    return { ...setup, coach, grant, student, reset };
  }

  it('lets a delegate reset a student of the campus she does not teach, audited as the grant’s use', async () => {
    const { portal, grant, student, reset } = await delegated();
    expect((await reset()).status).toBe(200);
    const [used] = await auditRows(portal, 'grant.used');
    expect(used).toMatchObject({ subjectUserId: student.id, detail: { grantId: grant.id, right: 'reset_passwords' } });
  });

  it('with only print_badges the reset is refused', async () => {
    const { portal, principal } = await setUp();
    const coach = await coachOfMiddleSchool(portal);
    await give(portal, principal, { username: coach, rights: ['print_badges'] });
    const teacher = await signIn(portal, coach);
    const student = await aMiddleSchoolStudent(portal);
    await expectRefused(portal, coach, () =>
      portal.request.post('/api/accounts/reset', { userId: student.id }, teacher),
    );
  });

  it('when its last day is over', async () => {
    const { clock, portal, coach, reset } = await delegated();
    const endOfLastDay = new Date(2026, 10, 30 + 1).getTime();
    clock.advance(endOfLastDay - 1 - clock.now());
    expect((await reset()).status).toBe(200);
    clock.advance(1);
    await expectRefused(portal, coach, reset);
    const principal = await signIn(portal, 'demo.principal');
    expect((await listed(portal, principal)).grants).toEqual([]);
    expect((await listed(portal, principal, '?includeEnded=true')).grants[0]!.state).toBe('expired');
  });

  it('when revoked; revoking again is a 409, an unknown grant a 404', async () => {
    const { portal, principal, coach, grant, reset } = await delegated();
    const revoked = await portal.request.post(`/api/grants/${grant.id}/revoke`, {}, principal);
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ state: 'revoked', revokedBy: { displayName: expect.any(String) } });
    await expectRefused(portal, coach, reset);
    expect((await portal.request.post(`/api/grants/${grant.id}/revoke`, {}, principal)).status).toBe(409);
    expect(
      (await portal.request.post('/api/grants/no-such-grant/revoke', {}, await signIn(portal, 'demo.it'))).status,
    ).toBe(404);
    const [row] = await auditRows(portal, 'grant.revoked');
    expect(row).toMatchObject({ actorUserId: await idOf(portal, 'demo.principal'), detail: { grantId: grant.id } });
  });
});

describe('a roster import', () => {
  it('changes the person but never the grant', async () => {
    const storage = await createTestStorage();
    const config = {
      roster: { usernames: 'sis' as const, flagColumns: {}, holdShare: 0.1, dropFolder: null, checkEveryMs: 60_000 },
      sessionIdleMs: 3_600_000,
      sessionMaxMs: 3_600_000,
    };
    const roster = rosterServiceFor(storage, config);
    const files = smallDistrict();
    expect((await roster.importFiles(rosterFilesOf('first', files), { source: 'cli', actorId: null })).outcome).toBe(
      'applied',
    );
    const portal = await createTestPortal({ storage, roster: config.roster });
    const teacher = (await portal.directory.findByUsername('rs.teacher'))!;
    const campusId = teacher.campusIds[0]!;
    const given = await portal.grantService.give(
      { userId: teacher.id, kind: 'delegate', campusId, rights: ['print_badges'], expiresOn: '2099-06-30' },
      { id: null, ip: null },
    );

    const renamed = { ...files, 'users.csv': files['users.csv'].replace('Tess,Teacher', 'Tessa,Teacher') };
    const second = await roster.importFiles(rosterFilesOf('second', renamed), { source: 'cli', actorId: null });
    expect(second.outcome).toBe('applied');
    expect((await portal.directory.findById(teacher.id))!.givenName).toBe('Tessa');
    expect(await portal.grants.find(given.id)).toEqual(given);
    expect(await portal.grants.inForceFor(teacher.id, Date.now())).toHaveLength(1);
  });
});

describe('nobody stretches their own rights', () => {
  async function withPrincipalGrant() {
    const setup = await setUp();
    const { portal, it } = setup;
    const coach = await coachOfMiddleSchool(portal);
    const lastDay = '2026-11-25';
    const given = await give(portal, it, { username: coach, kind: 'principal', rights: undefined, expiresOn: lastDay });
    expect(given.status).toBe(201);
    const principalGrant = (await given.json()) as GrantView;
    return { ...setup, coach, principalGrant, acting: await signIn(portal, coach) };
  }

  it('a grant given by way of a grant ends no later than it', async () => {
    const { portal, principalGrant, acting } = await withPrincipalGrant();
    const response = await give(portal, acting, { username: 'demo.teacher', expiresOn: '2099-12-31' });
    expect(response.status).toBe(201);
    expect(((await response.json()) as GrantView).expiresAt).toBe(principalGrant.expiresAt);
  });

  it('nobody gives themselves a grant: 403, audited', async () => {
    const { portal, coach, acting } = await withPrincipalGrant();
    await expectRefused(portal, coach, () => give(portal, acting, { username: coach }));
  });

  it('a principal learns nothing about people beyond her campus: one audited 403 for each', async () => {
    const { portal, principal } = await setUp();
    const highSchool = (await portal.directory.studentsOnCampus(CAMPUS.high))[0]!;
    await expectRefused(portal, 'demo.principal', () => give(portal, principal, { username: highSchool.username }));
    await expectRefused(portal, 'demo.principal', () =>
      portal.request.post(
        '/api/grants',
        { userId: 'nobody', kind: 'delegate', campusId: CAMPUS.middle, rights: ['print_badges'] },
        principal,
      ),
    );
    await expectRefused(portal, 'demo.principal', () => portal.request.post('/api/grants/nope/revoke', {}, principal));
  });

  it('a delegate the roster moves to another campus keeps the row but not the rights', async () => {
    const { portal, principal } = await setUp();
    const coach = await coachOfMiddleSchool(portal);
    expect((await give(portal, principal, { username: coach })).status).toBe(201);
    const student = await aMiddleSchoolStudent(portal);
    const reset = async () =>
      portal.request.post('/api/accounts/reset', { userId: student.id }, await signIn(portal, coach));
    expect((await reset()).status).toBe(200);
    await tamperWithDatabase(
      portal.storage,
      `UPDATE user_orgs SET org_id = '${CAMPUS.high}' WHERE user_id = '${await idOf(portal, coach)}' AND org_id = '${CAMPUS.middle}'`,
    );
    expect((await reset()).status).toBe(403);
    expect((await listed(portal, principal)).grants.some((grant) => grant.person.username === coach)).toBe(true);
  });
});
