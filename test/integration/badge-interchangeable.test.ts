// A badge sign-in is a sign-in like any other: the same tiles as the password, the extension pairs on it the
// same way, and a vault launch releases the child's own sign-in. Only what a badge session may change differs.
import { describe, expect, it } from 'vitest';
import { fixtureAppId, fixtureOrigin } from '../../server/demo/fixture-apps';
import { badgeCookie, issueBadge } from '../helpers/badges';
import { pairExtension } from '../helpers/extension-client';
import { createTestPortal, manualClock, PUBLIC_URL, signIn } from '../helpers/test-portal';

const READING = fixtureAppId('reading-garden');

async function badgeSession(portal: Awaited<ReturnType<typeof createTestPortal>>, username: string) {
  return badgeCookie(portal, (await issueBadge(portal, username)).text);
}

describe('a badge session is interchangeable with a password session', () => {
  it('shows the same tiles, pairs the extension and releases the child’s own sign-in to a vault app', async () => {
    const clock = manualClock();
    const portal = await createTestPortal({ now: clock.now });
    const byPassword = await signIn(portal, 'demo.student.k');
    const byBadge = await badgeSession(portal, 'demo.student.k');
    const tiles = async (cookie: string) => (await (await portal.request.get('/api/apps/tiles', cookie)).json()).tiles;
    expect(await tiles(byBadge)).toEqual(await tiles(byPassword));
    expect((await tiles(byBadge)).map((tile: { id: string }) => tile.id)).toContain(READING);

    const extension = await pairExtension(portal, byBadge, { publicUrl: PUBLIC_URL, now: clock.now });
    const launched = await portal.request.post(`/api/vault/apps/${READING}/launch`, {}, byBadge);
    expect(launched.status).toBe(200);
    const { launchId } = await launched.json();
    const released = await extension.call('POST', `/api/extension/launches/${launchId}/release`, {
      appId: READING,
      origin: fixtureOrigin('reading-garden'),
    });
    expect(released.status).toBe(200);
    expect((await released.json()).credential.username).toBe('demo.student.k');
  });

  it('but cannot store, reveal or confirm a sign-in, and the refusal is audited', async () => {
    const portal = await createTestPortal();
    const byBadge = await badgeSession(portal, 'demo.student.k');
    const tries = [
      portal.request.send('PUT', `/api/vault/apps/${READING}/own-entry`, { username: 'x', password: 'y' }, byBadge),
      portal.request.post(`/api/vault/apps/${READING}/reveal`, {}, byBadge),
      portal.request.post(`/api/vault/apps/${READING}/confirm`, {}, byBadge),
    ];
    for (const response of await Promise.all(tries)) expect(response.status).toBe(403);
    const denied = (await portal.audit.list({ limit: 20 })).filter((row) => row.action === 'access.denied');
    expect(denied.map((row) => row.detail!.reason)).toEqual(['badge_session', 'badge_session', 'badge_session']);
  });
});
