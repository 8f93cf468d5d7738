// The audit trail records sign-ins, failures and admin look-ups from day one, is readable by IT only,
// and holds no secret (SECURITY.md: secrets never in logs).
import { beforeAll, describe, expect, it } from 'vitest';
import { readRows } from '../../server/storage/table-rows';
import { portalTable } from '../../server/storage/tables';
import { createTestPortal, DEMO_PASSWORD, signIn } from '../helpers/test-portal';

describe('audit log', () => {
  let portal: Awaited<ReturnType<typeof createTestPortal>>;
  const typedSecret = 'Typed-Into-The-Wrong-Box-77';
  beforeAll(async () => {
    portal = await createTestPortal();
    await signIn(portal, 'demo.student.g4');
    await portal.request.post('/api/auth/sign-in', { username: 'demo.teacher', password: 'wrong-password' });
    await portal.request.post('/api/auth/sign-in', { username: typedSecret, password: DEMO_PASSWORD });
  });

  it('shows IT successful and failed sign-ins, newest first, with the reason for failures', async () => {
    const response = await portal.request.get('/api/admin/audit?limit=10', await signIn(portal, 'demo.it'));
    expect(response.status).toBe(200);
    const { events } = await response.json();
    const signIns = events.filter((e: { action: string }) => e.action === 'sign_in');
    expect(
      signIns.map((e: { outcome: string; subjectUsername: string | null }) => [e.outcome, e.subjectUsername]),
    ).toEqual([
      ['success', 'demo.it'],
      ['failure', null],
      ['failure', 'demo.teacher'],
      ['success', 'demo.student.g4'],
    ]);
    expect(signIns[1].detail).toEqual({ method: 'password', reason: 'unknown_user' });
    expect(signIns[2].detail).toEqual({ method: 'password', reason: 'wrong_password' });
  });

  it('never stores a typed password or an unmatched typed username', async () => {
    const auditTable = portalTable('audit_events');
    const everything = JSON.stringify(await readRows(portal.storage, auditTable, 0, 10_000));
    expect(everything).not.toContain(typedSecret);
    expect(everything).not.toContain(DEMO_PASSWORD);
    expect(everything).not.toContain('wrong-password');
  });

  it('pages back through older entries', async () => {
    const cookie = await signIn(portal, 'demo.it');
    const first = await (await portal.request.get('/api/admin/audit?limit=2', cookie)).json();
    expect(first.events).toHaveLength(2);
    const second = await (
      await portal.request.get(`/api/admin/audit?limit=2&before=${first.nextBefore}`, cookie)
    ).json();
    expect(second.events[0].id).toBeLessThan(first.events[1].id);
  });

  it('is closed to everyone but IT and district admins', async () => {
    expect((await portal.request.get('/api/admin/audit', await signIn(portal, 'demo.principal'))).status).toBe(403);
    expect((await portal.request.get('/api/admin/audit', await signIn(portal, 'demo.admin'))).status).toBe(200);
  });
});
