// Threat: a helper (or a child) acts on a person outside their scope by naming that person's id (IDOR). Every
// helper action is checked on the server against the person, per request: each refusal is a 403 and an audit row
// naming the route, for a teacher on another teacher's student, a delegate on another campus, an expired grant, a
// badge session and a student.
import { describe, expect, it } from 'vitest';
import { CAMPUS } from '../../server/demo/lakeside';
import { fixtureAppId } from '../../server/demo/fixture-apps';
import { badgeCookie, issueBadge } from '../helpers/badges';
import { tamperWithDatabase } from '../helpers/database-tampering';
import { createTestPortal, manualClock, signIn } from '../helpers/test-portal';

type Portal = Awaited<ReturnType<typeof createTestPortal>>;
/** Shorter than a session's idle end, so it is the grant that ends, not the session. */
const GRANT_MS = 30 * 60_000;
const READING = fixtureAppId('reading-garden');

/** Each helper action as the page sends it, for one person's id. */
const ACTIONS: { name: string; method: 'GET' | 'POST'; path: (id: string) => string; body?: (id: string) => object }[] =
  [
    {
      name: 'print badges',
      method: 'POST',
      path: () => '/api/badges/print',
      body: (id) => ({ userId: id, layout: 'labels' }),
    },
    { name: 'void a badge', method: 'POST', path: () => '/api/badges/void', body: (id) => ({ userId: id }) },
    {
      name: 'print credentials',
      method: 'POST',
      path: () => '/api/accounts/credentials',
      body: (id) => ({ userId: id }),
    },
    {
      name: 'print a claim letter',
      method: 'POST',
      path: () => '/api/accounts/claim-letters',
      body: (id) => ({ userId: id }),
    },
    { name: 'reset a password', method: 'POST', path: () => '/api/accounts/reset', body: (id) => ({ userId: id }) },
    {
      name: 'reset a second factor',
      method: 'POST',
      path: () => '/api/accounts/totp-reset',
      body: (id) => ({ userId: id }),
    },
    { name: 'open the person page', method: 'GET', path: (id) => `/api/people/${id}` },
    { name: 'troubleshoot', method: 'GET', path: (id) => `/api/people/${id}/troubleshoot` },
    {
      name: 'release a throttle',
      method: 'POST',
      path: (id) => `/api/people/${id}/release-throttle`,
      body: () => ({}),
    },
    {
      name: 'confirm a held sign-in',
      method: 'POST',
      path: (id) => `/api/people/${id}/apps/${READING}/confirm`,
      body: () => ({}),
    },
  ];

const idOf = async (portal: Portal, username: string) => (await portal.directory.findByUsername(username))!.id;

/** A campus grant works only for staff of that campus: the delegate joins it first (as a roster would say). */
async function giveDelegate(portal: Portal, username: string, campusId: string, expiresAt: number | null) {
  const userId = await idOf(portal, username);
  if (!(await portal.directory.findById(userId))!.campusIds.includes(campusId))
    await tamperWithDatabase(
      portal.storage,
      `INSERT INTO user_orgs (user_id, org_id) VALUES ('${userId}', '${campusId}')`,
    );
  await portal.grants.give({
    id: `grant-${username}`,
    userId,
    kind: 'delegate',
    campusId,
    rights: ['print_badges', 'reset_passwords'],
    grantedBy: null,
    grantedAt: Date.UTC(2026, 10, 1),
    expiresAt,
  });
}

/** Who reaches for whom: each actor a cookie and a person outside their scope. */
const ACTORS: {
  who: string;
  setUp: (portal: Portal, clock: ReturnType<typeof manualClock>) => Promise<[string, string]>;
}[] = [
  {
    who: 'a teacher, on another teacher’s student',
    setUp: async (portal) => [await signIn(portal, 'demo.teacher.k'), await idOf(portal, 'demo.student.g4')],
  },
  {
    who: 'a campus delegate, on another campus’s student',
    setUp: async (portal) => {
      await giveDelegate(portal, 'demo.teacher.noschedule', CAMPUS.elementary, null);
      return [await signIn(portal, 'demo.teacher.noschedule'), await idOf(portal, 'demo.student.g8')];
    },
  },
  {
    who: 'a delegate whose grant has expired, on the campus it was for',
    setUp: async (portal, clock) => {
      await giveDelegate(portal, 'demo.teacher.noschedule', CAMPUS.middle, clock.now() + GRANT_MS);
      const cookie = await signIn(portal, 'demo.teacher.noschedule');
      const student = await idOf(portal, 'demo.student.g8');
      // While it lasts the grant opens the page: what follows is refused because it ended, not for another reason.
      expect((await portal.request.get(`/api/people/${student}`, cookie)).status).toBe(200);
      clock.advance(GRANT_MS);
      return [cookie, student];
    },
  },
  {
    who: 'a badge session',
    setUp: async (portal) => {
      const { text } = await issueBadge(portal, 'demo.student.k');
      return [await badgeCookie(portal, text), await idOf(portal, 'demo.student.g4')];
    },
  },
  {
    who: 'a student',
    setUp: async (portal) => [await signIn(portal, 'demo.student.g11'), await idOf(portal, 'demo.student.g4')],
  },
];

describe.each(ACTORS)('$who', ({ setUp }) => {
  it.each(ACTIONS)('may not $name: 403, and the refusal is audited with its route', async (action) => {
    const clock = manualClock(Date.now());
    const portal = await createTestPortal({ now: clock.now });
    const [cookie, targetId] = await setUp(portal, clock);
    const path = action.path(targetId);
    const response = await portal.request.send(action.method, path, action.body?.(targetId), cookie);
    expect(response.status).toBe(403);
    const [latest] = await portal.audit.list({ limit: 1 });
    expect(latest).toMatchObject({ action: 'access.denied', outcome: 'failure' });
    expect(latest!.detail).toMatchObject({ route: `${action.method} ${path}` });
  });
});
