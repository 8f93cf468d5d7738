// Troubleshooting "why can't this person see this app?" is for IT and the district admin only, and every
// look-up is audited (a FERPA legitimate-interest trail).
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPortal, signIn } from '../helpers/test-portal';

describe('explain access', () => {
  let portal: Awaited<ReturnType<typeof createTestPortal>>;
  let itCookie: string;
  beforeAll(async () => {
    portal = await createTestPortal();
    itCookie = await signIn(portal, 'demo.it');
  });
  const idOf = async (username: string) => (await portal.directory.findByUsername(username))!.id;
  const explain = async (username: string, app: string, cookie = itCookie, lang = 'en') =>
    portal.request.get(`/api/admin/explain?person=${await idOf(username)}&app=${app}&lang=${lang}`, cookie);

  it('names the failing condition in words for a teacher without a schedule', async () => {
    const response = await explain('demo.teacher.noschedule', 'app-clever');
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.granted).toBe(false);
    expect(body.summary).toMatch(/does not see Clever: no rule grants it\.$/);
    const failing = body.rules[0].conditions
      .filter((c: { met: boolean }) => !c.met)
      .map((c: { text: string }) => c.text);
    expect(failing).toEqual(['teacher has no class schedule in the SIS']);
  });

  it('names the rule that grants access', async () => {
    const body = await (await explain('demo.teacher', 'app-clever')).json();
    expect(body.granted).toBe(true);
    expect(body.summary).toContain('rule “Teachers with a class schedule and an email address” grants it');
  });

  it('answers in Spanish when asked', async () => {
    const body = await (await explain('demo.teacher.noschedule', 'app-clever', itCookie, 'es')).json();
    expect(body.rules[0].conditions.map((c: { text: string }) => c.text)).toContain(
      'maestro no tiene horario de clases en el SIS',
    );
  });

  it('says a disabled account sees nothing', async () => {
    await portal.directory.deactivate(await idOf('demo.student.k'));
    const body = await (await explain('demo.student.k', 'app-clever')).json();
    expect(body.granted).toBe(false);
    expect(body.summary).toMatch(/account is disabled/);
  });

  it('is refused to teachers and students, and to no one signed in', async () => {
    for (const username of ['demo.teacher', 'demo.student.g11', 'demo.principal']) {
      const response = await explain('demo.teacher', 'app-clever', await signIn(portal, username));
      expect(response.status).toBe(403);
      expect((await response.json()).error.code).toBe('forbidden');
    }
    expect((await portal.request.get('/api/admin/people?q=demo')).status).toBe(401);
  });

  it('is open to the district admin', async () => {
    expect((await explain('demo.teacher', 'app-clever', await signIn(portal, 'demo.admin'))).status).toBe(200);
  });

  it('finds people by name or username, and names bad input', async () => {
    const found = await (await portal.request.get('/api/admin/people?q=demo.teach', itCookie)).json();
    expect(found.people.map((p: { username: string }) => p.username).sort()).toEqual([
      'demo.teacher',
      'demo.teacher.k',
      'demo.teacher.noschedule',
    ]);
    const short = await portal.request.get('/api/admin/people?q=d', itCookie);
    expect(short.status).toBe(400);
    expect((await short.json()).error.message).toBe('q: must be at least 2 characters');
    const unknown = await portal.request.get('/api/admin/explain?person=nobody&app=app-clever', itCookie);
    expect(unknown.status).toBe(404);
    const noApp = await portal.request.get(`/api/admin/explain?person=${await idOf('demo.teacher')}`, itCookie);
    expect((await noApp.json()).error.message).toMatch(/^app: /);
  });

  it('writes an audit row for every look-up', async () => {
    await explain('demo.student.g4', 'app-lexia');
    const [row] = await portal.audit.list({ limit: 1 });
    expect(row).toMatchObject({
      action: 'admin.explain_access',
      actorUserId: await idOf('demo.it'),
      subjectUserId: await idOf('demo.student.g4'),
      appId: 'app-lexia',
    });
  });
});
