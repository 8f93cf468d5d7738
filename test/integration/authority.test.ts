// Who may do what: the one authority every helper route asks, per request, against the target person and the
// grants in force at that moment.
import { describe, expect, it } from 'vitest';
import { CAMPUS } from '../../server/demo/lakeside';
import type { NewGrant } from '../../server/grants/grant-store';
import type { Right, ViewerRights } from '../../shared/rights';
import { tamperWithDatabase } from '../helpers/database-tampering';
import { createTestPortal, manualClock, signIn } from '../helpers/test-portal';

type Portal = Awaited<ReturnType<typeof createTestPortal>>;
const DAY = 86_400_000;

async function personNamed(portal: Portal, username: string) {
  return (await portal.directory.findByUsername(username))!;
}

/** How `viewer` may use `right` on `target`'s account: 'role', 'teacher', 'grant', or null (refused). */
async function via(portal: Portal, viewer: string, right: Right, target: string) {
  const warrant = await portal.authority.warrantFor(await personNamed(portal, viewer), right, {
    userId: (await personNamed(portal, target)).id,
  });
  return warrant?.via ?? null;
}

async function give(portal: Portal, username: string, grant: Partial<NewGrant> & Pick<NewGrant, 'kind'>) {
  const id = `grant-${username}-${grant.kind}`;
  await portal.grants.give({
    id,
    userId: (await personNamed(portal, username)).id,
    campusId: null,
    rights: [],
    grantedBy: null,
    grantedAt: Date.UTC(2026, 10, 1),
    expiresAt: null,
    ...grant,
  });
  return id;
}

describe('rights from roles', () => {
  it('IT reaches everyone, other district people included', async () => {
    const portal = await createTestPortal();
    expect(await via(portal, 'demo.it', 'reset_passwords', 'demo.student.g11')).toBe('role');
    expect(await via(portal, 'demo.it', 'reset_passwords', 'demo.admin')).toBe('role');
  });

  it('a principal reaches her own campus’s students, not another campus’s, nor her staff', async () => {
    const portal = await createTestPortal();
    expect(await via(portal, 'demo.principal', 'reset_passwords', 'demo.student.g8')).toBe('role');
    expect(await via(portal, 'demo.principal', 'print_badges', 'demo.student.g4')).toBeNull();
    expect(await via(portal, 'demo.principal', 'reset_passwords', 'demo.teacher')).toBeNull();
    expect(await via(portal, 'demo.principal', 'manage_catalog', 'demo.student.g8')).toBeNull();
  });

  it('a teacher reaches the students of her own classes, and resets them only where the district allows', async () => {
    const allowed = await createTestPortal({ accounts: { teacherResets: true } });
    expect(await via(allowed, 'demo.teacher.k', 'reset_passwords', 'demo.student.k')).toBe('teacher');
    expect(await via(allowed, 'demo.teacher.k', 'print_badges', 'demo.student.g4')).toBeNull();
    const notAllowed = await createTestPortal({ accounts: { teacherResets: false } });
    expect(await via(notAllowed, 'demo.teacher.k', 'print_badges', 'demo.student.k')).toBe('teacher');
    expect(await via(notAllowed, 'demo.teacher.k', 'reset_passwords', 'demo.student.k')).toBeNull();
  });
});

describe('rights from grants', () => {
  it('the help desk resets anyone but the people who hold district rights themselves', async () => {
    const portal = await createTestPortal();
    await give(portal, 'demo.teacher.noschedule', { kind: 'help_desk' });
    expect(await via(portal, 'demo.teacher.noschedule', 'reset_passwords', 'demo.student.g11')).toBe('grant');
    expect(await via(portal, 'demo.teacher.noschedule', 'reset_passwords', 'demo.it')).toBeNull();
    expect(await via(portal, 'demo.teacher.noschedule', 'view_people', 'demo.it')).toBe('grant');
    expect(await via(portal, 'demo.teacher.noschedule', 'manage_catalog', 'demo.student.g11')).toBeNull();
  });

  it('a campus delegate holds only the rights named, only on that campus', async () => {
    const portal = await createTestPortal();
    await give(portal, 'demo.teacher.noschedule', {
      kind: 'delegate',
      campusId: CAMPUS.elementary,
      rights: ['print_badges'],
    });
    expect(await via(portal, 'demo.teacher.noschedule', 'print_badges', 'demo.student.g4')).toBe('grant');
    expect(await via(portal, 'demo.teacher.noschedule', 'view_people', 'demo.student.g4')).toBe('grant');
    expect(await via(portal, 'demo.teacher.noschedule', 'reset_passwords', 'demo.student.g4')).toBeNull();
    expect(await via(portal, 'demo.teacher.noschedule', 'print_badges', 'demo.student.g8')).toBeNull();
    expect(await via(portal, 'demo.teacher.noschedule', 'print_badges', 'demo.teacher.k')).toBeNull();
  });

  it('stops the moment it expires or is revoked', async () => {
    const clock = manualClock();
    const portal = await createTestPortal({ now: clock.now });
    const rights = { kind: 'delegate' as const, campusId: CAMPUS.elementary, rights: ['reset_passwords' as const] };
    await give(portal, 'demo.teacher.noschedule', { ...rights, expiresAt: clock.now() + DAY });
    expect(await via(portal, 'demo.teacher.noschedule', 'reset_passwords', 'demo.student.g4')).toBe('grant');
    clock.advance(DAY - 1);
    expect(await via(portal, 'demo.teacher.noschedule', 'reset_passwords', 'demo.student.g4')).toBe('grant');
    clock.advance(1);
    expect(await via(portal, 'demo.teacher.noschedule', 'reset_passwords', 'demo.student.g4')).toBeNull();

    const revoked = await give(portal, 'demo.teacher.k', { ...rights, expiresAt: null });
    expect(await via(portal, 'demo.teacher.k', 'reset_passwords', 'demo.student.g4')).toBe('grant');
    await portal.grants.revoke(revoked, null, clock.now());
    expect(await via(portal, 'demo.teacher.k', 'reset_passwords', 'demo.student.g4')).toBeNull();
  });

  it('a use through a grant is audited, naming the grant and the right', async () => {
    const portal = await createTestPortal();
    const grantId = await give(portal, 'demo.teacher.noschedule', {
      kind: 'delegate',
      campusId: CAMPUS.elementary,
      rights: ['reset_passwords'],
    });
    const delegate = await signIn(portal, 'demo.teacher.noschedule');
    const student = await personNamed(portal, 'demo.student.g4');
    const reset = await portal.request.post('/api/accounts/reset', { userId: student.id }, delegate);
    expect(reset.status).toBe(200);
    const used = (await portal.audit.list({ limit: 50 })).filter((row) => row.action === 'grant.used');
    expect(used).toHaveLength(1);
    expect(used[0]).toMatchObject({ subjectUserId: student.id, detail: { grantId, right: 'reset_passwords' } });
  });
});

describe('IT’s pages', () => {
  it('open to an IT grant as to the IT role, and close when it is revoked', async () => {
    const portal = await createTestPortal();
    const grantId = await give(portal, 'demo.teacher.noschedule', { kind: 'it' });
    const holder = await signIn(portal, 'demo.teacher.noschedule');
    expect((await portal.request.get('/api/admin/audit?limit=5', holder)).status).toBe(200);
    await portal.grants.revoke(grantId, null, Date.now());
    expect((await portal.request.get('/api/admin/audit?limit=5', holder)).status).toBe(403);
    const help = await give(portal, 'demo.teacher.k', { kind: 'help_desk' });
    expect(help).toBeTruthy();
    expect((await portal.request.get('/api/admin/audit?limit=5', await signIn(portal, 'demo.teacher.k'))).status).toBe(
      403,
    );
  });
});

describe('what the page is told', () => {
  it('`me` lists the rights by scope, so the menu offers only what works', async () => {
    const portal = await createTestPortal();
    await give(portal, 'demo.teacher.k', { kind: 'delegate', campusId: CAMPUS.elementary, rights: ['print_badges'] });
    const me = async (username: string) =>
      (
        (await (await portal.request.get('/api/auth/me', await signIn(portal, username))).json()) as {
          rights: ViewerRights;
        }
      ).rights;

    const teacher = await me('demo.teacher.k');
    expect(teacher.district).toEqual([]);
    expect(teacher.campuses).toEqual([
      { campusId: CAMPUS.elementary, campusName: 'Lakeside Elementary', rights: ['view_people', 'print_badges'] },
    ]);
    expect(teacher.ownStudents).toContain('print_badges');
    expect((await me('demo.student.g11')).campuses).toEqual([]);
    expect((await me('demo.it')).district).toContain('manage_catalog');
  });
});

describe('rights over students reach students only', () => {
  it('a teacher’s class is no way to a staff member the SIS enrolled in it', async () => {
    const portal = await createTestPortal();
    const [taught] = await portal.directory.classesTaughtBy((await personNamed(portal, 'demo.teacher')).id);
    const principal = (await personNamed(portal, 'demo.principal')).id;
    await tamperWithDatabase(
      portal.storage,
      `INSERT INTO enrollments (id, class_id, user_id, role, status) VALUES ('e-pd', '${taught!.id}', '${principal}', 'student', 'active')`,
    );
    expect(await via(portal, 'demo.teacher', 'reset_passwords', 'demo.principal')).toBeNull();
    expect(await via(portal, 'demo.teacher', 'view_people', 'demo.principal')).toBeNull();
    expect(await via(portal, 'demo.teacher', 'reset_passwords', 'demo.student.g8')).toBe('teacher');
  });

  it('the help desk leaves people who hold rights over others (a principal, a delegate) to IT', async () => {
    const portal = await createTestPortal();
    await give(portal, 'demo.teacher.noschedule', { kind: 'help_desk' });
    await give(portal, 'demo.teacher.k', { kind: 'delegate', campusId: CAMPUS.elementary, rights: ['print_badges'] });
    expect(await via(portal, 'demo.teacher.noschedule', 'reset_passwords', 'demo.principal')).toBeNull();
    expect(await via(portal, 'demo.teacher.noschedule', 'reset_passwords', 'demo.teacher.k')).toBeNull();
    expect(await via(portal, 'demo.teacher.noschedule', 'reset_passwords', 'demo.teacher')).toBe('grant');
    expect(await via(portal, 'demo.it', 'reset_passwords', 'demo.principal')).toBe('role');
  });

  it('a delegate who may only reset still prints a first claim letter (a reset would give the same code)', async () => {
    const portal = await createTestPortal();
    await give(portal, 'demo.teacher.k', {
      kind: 'delegate',
      campusId: CAMPUS.elementary,
      rights: ['reset_passwords'],
    });
    const student = await personNamed(portal, 'demo.student.g4');
    const letters = await portal.request.post(
      '/api/accounts/claim-letters',
      { userId: student.id, language: 'en' },
      await signIn(portal, 'demo.teacher.k'),
    );
    // A PreK-5 student gets no letter (a fixed password instead): refused for what it is, not for the rights.
    expect(letters.status).not.toBe(403);
  });
});
