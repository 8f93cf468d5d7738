// Printing and voiding badges over the API, as a teacher, a principal and IT would: each only for the students
// they may help, every refusal audited, and a new badge stopping the old one (and its sessions) at once.
import { describe, expect, it, vi } from 'vitest';
import { badgeCookie, issueBadge } from '../helpers/badges';
import { breakAuditWrites } from '../helpers/database-tampering';
import type { BadgeGroupResponse, BadgeGroupsResponse } from '../../shared/badges';
import { createTestPortal, manualClock, signIn } from '../helpers/test-portal';

type Portal = Awaited<ReturnType<typeof createTestPortal>>;

async function setUp() {
  const clock = manualClock();
  const portal = await createTestPortal({ now: clock.now });
  const cookies = {
    kTeacher: await signIn(portal, 'demo.teacher.k'),
    mathTeacher: await signIn(portal, 'demo.teacher'),
    principal: await signIn(portal, 'demo.principal'),
    it: await signIn(portal, 'demo.it'),
  };
  return { portal, clock, cookies };
}

const groupsOf = async (portal: Portal, cookie: string) =>
  (await (await portal.request.get('/api/badges/groups', cookie)).json()) as BadgeGroupsResponse;

async function groupOf(portal: Portal, cookie: string, kind: 'class' | 'campus', id: string) {
  const response = await portal.request.get(`/api/badges/groups/${kind}/${id}`, cookie);
  expect(response.status).toBe(200);
  return (await response.json()) as BadgeGroupResponse;
}

async function homeroomK(portal: Portal, cookie: string) {
  const { groups } = await groupsOf(portal, cookie);
  return groups.find((group) => group.kind === 'class')!;
}

const refusals = async (portal: Portal) =>
  (await portal.audit.list({ limit: 100 })).filter((row) => row.action === 'access.denied');

describe('printing badges', () => {
  it('a kindergarten teacher prints her class: a PDF, every child now has a working badge, audited', async () => {
    const { portal, cookies } = await setUp();
    const { groups, mayVoidAll } = await groupsOf(portal, cookies.kTeacher);
    expect(mayVoidAll).toBe(false);
    expect(groups.map((group) => group.kind)).toEqual(groups.map(() => 'class'));
    const homeroom = groups[0]!;
    expect(homeroom.eligibleCount).toBeGreaterThan(5);

    const before = await groupOf(portal, cookies.kTeacher, 'class', homeroom.id);
    expect(before.students.every((student) => student.eligible && student.badge.status === 'none')).toBe(true);

    const printed = await portal.request.post(
      '/api/badges/print',
      { classId: homeroom.id, layout: 'labels' },
      cookies.kTeacher,
    );
    expect(printed.status).toBe(200);
    expect(printed.headers.get('content-type')).toBe('application/pdf');
    expect(printed.headers.get('content-disposition')).toMatch(/attachment; filename="badges-[a-z0-9-]+\.pdf"/);
    expect(
      Buffer.from(await printed.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const after = await groupOf(portal, cookies.kTeacher, 'class', homeroom.id);
    expect(after.students.every((student) => student.badge.status === 'active')).toBe(true);
    const [audit] = (await portal.audit.list({ limit: 10 })).filter((row) => row.action === 'badge.printed');
    expect(audit).toMatchObject({
      actorUsername: 'demo.teacher.k',
      detail: { classId: homeroom.id, printed: before.students.length, layout: 'labels' },
    });

    // Only the missing ones: nobody is missing now.
    const again = await portal.request.post(
      '/api/badges/print',
      { classId: homeroom.id, layout: 'cards', onlyMissing: true },
      cookies.kTeacher,
    );
    expect(again.status).toBe(422);
    expect((await again.json()).error.code).toBe('no_badges_to_print');
  });

  it('a new badge stops the old one and signs out the sessions it made', async () => {
    const { portal, cookies } = await setUp();
    const { person: child, text: old } = await issueBadge(portal, 'demo.student.k');
    const childCookie = await badgeCookie(portal, old);
    expect((await portal.request.get('/api/auth/me', childCookie)).status).toBe(200);

    const reprint = await portal.request.post(
      '/api/badges/print',
      { userId: child.id, layout: 'cards' },
      cookies.kTeacher,
    );
    expect(reprint.status).toBe(200);
    expect((await portal.request.get('/api/auth/me', childCookie)).status).toBe(401);
    expect((await portal.request.post('/api/auth/badge', { badge: old })).status).toBe(401);
  });

  it('changes nothing when the print or the void cannot be audited: the old badge and its session go on', async () => {
    const { portal, cookies } = await setUp();
    const { person: child, text: old } = await issueBadge(portal, 'demo.student.k');
    const childCookie = await badgeCookie(portal, old);

    const mendAuditWrites = await breakAuditWrites(portal.storage);
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const reprint = await portal.request.post(
        '/api/badges/print',
        { userId: child.id, layout: 'cards' },
        cookies.kTeacher,
      );
      expect(reprint.status).toBe(500);
      const voiding = await portal.request.post('/api/badges/void', { userId: child.id }, cookies.kTeacher);
      expect(voiding.status).toBe(500);
    } finally {
      consoleError.mockRestore();
      await mendAuditWrites();
    }
    expect((await portal.request.get('/api/auth/me', childCookie)).status).toBe(200);
    expect((await portal.request.post('/api/auth/badge', { badge: old })).status).toBe(200);
  });

  it('refuses, with a 403 that is audited, a teacher reaching for another class, a campus or another child', async () => {
    const { portal, cookies } = await setUp();
    const mathClass = (await groupsOf(portal, cookies.mathTeacher)).groups[0]!;
    const g4 = (await portal.directory.findByUsername('demo.student.g4'))!;
    const middle = (await groupsOf(portal, cookies.principal)).groups[0]!;

    const tries = [
      portal.request.get(`/api/badges/groups/class/${mathClass.id}`, cookies.kTeacher),
      portal.request.post('/api/badges/print', { classId: mathClass.id, layout: 'labels' }, cookies.kTeacher),
      portal.request.post('/api/badges/print', { userId: g4.id, layout: 'labels' }, cookies.kTeacher),
      portal.request.post('/api/badges/print', { campusId: middle.id, layout: 'labels' }, cookies.kTeacher),
      portal.request.post('/api/badges/void', { classId: mathClass.id }, cookies.kTeacher),
      portal.request.post('/api/badges/void-all', { confirm: 'VOID ALL BADGES' }, cookies.kTeacher),
    ];
    for (const response of await Promise.all(tries)) expect(response.status).toBe(403);
    const denied = await refusals(portal);
    expect(denied).toHaveLength(6);
    expect(denied.every((row) => row.actorUsername === 'demo.teacher.k')).toBe(true);
    expect(denied.map((row) => row.detail!.reason).sort()).toEqual([
      'role',
      'scope',
      'scope',
      'scope',
      'scope',
      'scope',
    ]);
    expect((await portal.audit.list({ limit: 100 })).some((row) => row.action === 'badge.printed')).toBe(false);
  });

  it('a student has no badges page', async () => {
    const { portal } = await setUp();
    const student = await signIn(portal, 'demo.student.g4');
    expect((await portal.request.get('/api/badges/groups', student)).status).toBe(403);
    expect((await refusals(portal))[0]).toMatchObject({ detail: { route: 'GET /api/badges/groups', reason: 'role' } });
  });

  it('a principal prints for her own campus: only the students the policy gives a badge', async () => {
    const { portal, cookies } = await setUp();
    const { groups } = await groupsOf(portal, cookies.principal);
    expect(groups.map((group) => group.kind)).toEqual(['campus']);
    const campus = await groupOf(portal, cookies.principal, 'campus', groups[0]!.id);
    const eligible = campus.students.filter((student) => student.eligible);
    expect(eligible.map((student) => student.username)).toContain('demo.student.g8'); // special education
    expect(eligible.length).toBe(groups[0]!.eligibleCount);
    expect(eligible.length).toBeLessThan(campus.students.length);

    const printed = await portal.request.post(
      '/api/badges/print',
      { campusId: groups[0]!.id, layout: 'cards' },
      cookies.principal,
    );
    expect(printed.status).toBe(200);
    const after = await groupOf(portal, cookies.principal, 'campus', groups[0]!.id);
    for (const student of after.students) expect(student.badge.status).toBe(student.eligible ? 'active' : 'none');

    const k = (await portal.directory.findByUsername('demo.student.k'))!;
    const elsewhere = await portal.request.post(
      '/api/badges/print',
      { userId: k.id, layout: 'cards' },
      cookies.principal,
    );
    expect(elsewhere.status).toBe(403);
  });

  it('says which student cannot have a badge, and checks the expiry date', async () => {
    const { portal, cookies } = await setUp();
    const g11 = (await portal.directory.findByUsername('demo.student.g11'))!;
    const refused = await portal.request.post('/api/badges/print', { userId: g11.id, layout: 'cards' }, cookies.it);
    expect(refused.status).toBe(422);
    expect((await refused.json()).error).toMatchObject({
      code: 'not_eligible',
      message: expect.stringContaining(g11.givenName),
    });

    const k = (await portal.directory.findByUsername('demo.student.k'))!;
    for (const [expiresOn, code] of [
      ['2026-02-30', 'expiry_not_a_date'],
      ['next friday', 'expiry_not_a_date'],
      ['2026-11-22', 'expiry_passed'],
    ] as const) {
      const response = await portal.request.post(
        '/api/badges/print',
        { userId: k.id, layout: 'cards', expiresOn },
        cookies.it,
      );
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe(code);
    }
    const two = await portal.request.post(
      '/api/badges/print',
      { userId: k.id, classId: 'x', layout: 'cards' },
      cookies.it,
    );
    expect(two.status).toBe(400);
  });

  it('a badge printed to the end of the term stops working when the day is over', async () => {
    const { portal, clock, cookies } = await setUp();
    const k = (await portal.directory.findByUsername('demo.student.k'))!;
    const printed = await portal.request.post(
      '/api/badges/print',
      { userId: k.id, layout: 'cards', expiresOn: '2026-11-23' },
      cookies.kTeacher,
    );
    expect(printed.status).toBe(200);
    const [state] = (await portal.badges.statesFor([k])).values();
    expect(new Date(state!.expiresAt!).getHours()).toBe(0); // midnight after the 23rd, in the server's time zone
    clock.advance(state!.expiresAt! - clock.now() - 1);
    expect((await portal.badges.statesFor([k])).get(k.id)!.status).toBe('active');
    clock.advance(1);
    expect((await portal.badges.statesFor([k])).get(k.id)!.status).toBe('expired');
  });
});

describe('voiding badges', () => {
  it('a teacher voids one child and then her whole class; the badges stop at once', async () => {
    const { portal, cookies } = await setUp();
    const homeroom = await homeroomK(portal, cookies.kTeacher);
    await portal.request.post('/api/badges/print', { classId: homeroom.id, layout: 'labels' }, cookies.kTeacher);
    const { students } = await groupOf(portal, cookies.kTeacher, 'class', homeroom.id);

    const one = await portal.request.post('/api/badges/void', { userId: students[0]!.id }, cookies.kTeacher);
    expect(await one.json()).toEqual({ voided: 1 });
    const all = await portal.request.post('/api/badges/void', { classId: homeroom.id }, cookies.kTeacher);
    expect(await all.json()).toEqual({ voided: students.length - 1 });
    const after = await groupOf(portal, cookies.kTeacher, 'class', homeroom.id);
    expect(after.students.every((student) => student.badge.status === 'none')).toBe(true);
    const voids = (await portal.audit.list({ limit: 20 })).filter((row) => row.action === 'badge.voided');
    expect(voids.map((row) => row.detail!.voided)).toEqual([students.length - 1, 1]);
  });

  it('IT voids every badge at year end, only with the phrase typed', async () => {
    const { portal, cookies } = await setUp();
    const { groups, mayVoidAll } = await groupsOf(portal, cookies.it);
    expect(mayVoidAll).toBe(true);
    expect(groups.length).toBe((await portal.directory.campuses()).length);
    const elementary = groups.find((group) => group.eligibleCount > 0)!;
    await portal.request.post('/api/badges/print', { campusId: elementary.id, layout: 'labels' }, cookies.it);

    const wrong = await portal.request.post('/api/badges/void-all', { confirm: 'yes' }, cookies.it);
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.message).toContain('VOID ALL BADGES');
    const done = await portal.request.post('/api/badges/void-all', { confirm: 'VOID ALL BADGES' }, cookies.it);
    expect(await done.json()).toEqual({ voided: elementary.eligibleCount });
    const after = await groupOf(portal, cookies.it, 'campus', elementary.id);
    expect(after.students.every((student) => student.badge.status === 'none')).toBe(true);
  });
});
