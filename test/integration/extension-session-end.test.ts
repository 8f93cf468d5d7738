// Threat: an extension keeps releasing credentials after the person signed out, left the district, or
// lost the Chromebook. SECURITY.md "Tokens": a release checks the user is still active and the session
// not revoked; sign-out, deactivation and revocation end the session on the next request.
import { describe, expect, it } from 'vitest';
import { createAccountStore } from '../../server/accounts/account-store';
import { createBadgeStore } from '../../server/badges/badge-store';
import { deactivatePerson } from '../../server/directory/deactivate';
import { fixtureAppId, fixtureOrigin } from '../../server/demo/fixture-apps';
import { generateStoredSigningKey } from '../../server/extension/signing-keys';
import { errorCode, pairExtension } from '../helpers/extension-client';
import { createTestPortal, manualClock, PUBLIC_URL, signIn } from '../helpers/test-portal';

const READING = fixtureAppId('reading-garden');

async function pairedWithLaunch() {
  const clock = manualClock(Date.now());
  const portal = await createTestPortal({ now: clock.now });
  const cookie = await signIn(portal, 'demo.student.g4');
  const extension = await pairExtension(portal, cookie, { publicUrl: PUBLIC_URL, now: clock.now });
  const launch = (await (await portal.request.post(`/api/vault/apps/${READING}/launch`, {}, cookie)).json()) as {
    launchId: string;
  };
  const release = () =>
    extension.call('POST', `/api/extension/launches/${launch.launchId}/release`, {
      appId: READING,
      origin: fixtureOrigin('reading-garden'),
    });
  return { portal, cookie, extension, release, clock };
}

describe('the extension session ends with the person’s access', () => {
  it('ends when the person signs out at the portal', async () => {
    const { portal, cookie, release } = await pairedWithLaunch();
    expect((await portal.request.post('/api/auth/sign-out', {}, cookie)).status).toBe(204);
    const response = await release();
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('session_ended');
  });

  it('ends when the person is deactivated', async () => {
    const { portal, release, cookie, clock } = await pairedWithLaunch();
    const person = (await portal.directory.findByUsername('demo.student.g4'))!;
    const stores = {
      ...portal,
      launches: portal.vault.launches,
      badges: createBadgeStore(portal.storage),
      accounts: createAccountStore(portal.storage),
      ...clock,
    };
    expect(await deactivatePerson(stores, person.id)).toBe(true);
    expect(await deactivatePerson(stores, person.id)).toBe(false);
    expect(await errorCode(await release())).toBe('session_ended');
    expect((await portal.request.get('/api/auth/me', cookie)).status).toBe(401);
  });

  it('ends when IT revokes the person’s extension sessions', async () => {
    const { portal, extension } = await pairedWithLaunch();
    const it = await signIn(portal, 'demo.it');
    const person = (await portal.directory.findByUsername('demo.student.g4'))!;
    const revoked = await portal.request.send(
      'DELETE',
      `/api/admin/people/${person.id}/extension-sessions`,
      undefined,
      it,
    );
    expect(await revoked.json()).toEqual({ ended: 1 });
    expect(await errorCode(await extension.call('GET', '/api/extension/me'))).toBe('session_ended');
    expect((await portal.audit.list({ limit: 5 })).map((row) => row.action)).toContain('extension.sessions_ended');
  });

  it('is refused by anyone but IT', async () => {
    const { portal, cookie } = await pairedWithLaunch();
    const person = (await portal.directory.findByUsername('demo.student.g4'))!;
    const response = await portal.request.send(
      'DELETE',
      `/api/admin/people/${person.id}/extension-sessions`,
      undefined,
      cookie,
    );
    expect(response.status).toBe(403);
  });

  it('ends when the extension signs itself out', async () => {
    const { extension } = await pairedWithLaunch();
    expect((await extension.call('POST', '/api/extension/sign-out', {})).status).toBe(204);
    expect(await errorCode(await extension.call('GET', '/api/extension/me'))).toBe('session_ended');
  });
});

describe('ending it on one portal process ends it on every other', () => {
  // Processes behind a load balancer share the database: the one the extension calls keeps nothing that
  // would let it answer for a session another process ended (the token cache only saves signature checks).
  it('is refused at once here after the person signs out on another process', async () => {
    const { portal, cookie, extension, clock } = await pairedWithLaunch();
    const other = await createTestPortal({ storage: portal.storage, now: clock.now });
    expect((await extension.call('GET', '/api/extension/me')).status).toBe(200);
    expect((await other.request.post('/api/auth/sign-out', {}, cookie)).status).toBe(204);
    expect(await errorCode(await extension.call('GET', '/api/extension/me'))).toBe('session_ended');
  });

  it('is refused at once here after IT revokes it on another process', async () => {
    const { portal, extension, clock } = await pairedWithLaunch();
    const other = await createTestPortal({ storage: portal.storage, now: clock.now });
    expect((await extension.call('GET', '/api/extension/me')).status).toBe(200);
    const person = (await other.directory.findByUsername('demo.student.g4'))!;
    const revoked = await other.request.send(
      'DELETE',
      `/api/admin/people/${person.id}/extension-sessions`,
      undefined,
      await signIn(other, 'demo.it'),
    );
    expect(await revoked.json()).toEqual({ ended: 1 });
    expect(await errorCode(await extension.call('GET', '/api/extension/me'))).toBe('session_ended');
  });
});

/**
 * Moves the clock by `minutes`, refreshing the extension's token every 9 minutes as the extension does, so
 * only the portal session's own timeouts can end it. Returns the latest token.
 */
async function idleFor(
  minutes: number,
  { extension, clock }: Awaited<ReturnType<typeof pairedWithLaunch>>,
  token = extension.session.token,
) {
  for (let passed = 0; passed < minutes; passed += 9) {
    clock.advance(Math.min(9, minutes - passed) * 60_000);
    const refreshed = await extension.call('POST', '/api/extension/session/refresh', {}, { token });
    if (refreshed.status !== 200) return token;
    token = ((await refreshed.json()) as { token: string }).token;
  }
  return token;
}

describe('the extension session ends when its portal session would', () => {
  // The portal's idle timeout is 60 minutes in the test portal; the extension's own calls do not extend it.
  it('ends when the portal session has been idle past its timeout', async () => {
    const paired = await pairedWithLaunch();
    const token = await idleFor(61, paired);
    const response = await paired.extension.call('GET', '/api/extension/me', undefined, { token });
    expect(response.status).toBe(401);
    expect(await errorCode(response)).toBe('session_ended');
    expect((await paired.portal.request.get('/api/auth/me', paired.cookie)).status).toBe(401);
  });

  it('goes on while the person keeps using the portal', async () => {
    const paired = await pairedWithLaunch();
    let token = await idleFor(50, paired);
    expect((await paired.portal.request.get('/api/auth/me', paired.cookie)).status).toBe(200);
    token = await idleFor(30, paired, token);
    expect((await paired.extension.call('GET', '/api/extension/me', undefined, { token })).status).toBe(200);
  });

  it('is not kept alive by requests the portal refuses as coming from another site', async () => {
    const paired = await pairedWithLaunch();
    let token = await idleFor(50, paired);
    const crossSite = await paired.portal.app.request('/api/auth/me', {
      headers: { cookie: paired.cookie, 'sec-fetch-site': 'same-site' },
    });
    expect(crossSite.status).toBe(403);
    token = await idleFor(15, paired, token);
    expect(await errorCode(await paired.extension.call('GET', '/api/extension/me', undefined, { token }))).toBe(
      'session_ended',
    );
  });

  it('ends at the portal session’s absolute limit, even in use', async () => {
    const paired = await pairedWithLaunch();
    let token = paired.extension.session.token;
    for (let round = 0; round < 14; round++) {
      token = await idleFor(50, paired, token); // 14 × 50 minutes: 11 hours 40
      expect((await paired.portal.request.get('/api/auth/me', paired.cookie)).status).toBe(200);
    }
    token = await idleFor(25, paired, token); // 12 hours 5: never idle, but past the 12-hour limit
    expect((await paired.portal.request.get('/api/auth/me', paired.cookie)).status).toBe(401);
    expect(await errorCode(await paired.extension.call('GET', '/api/extension/me', undefined, { token }))).toBe(
      'session_ended',
    );
  });
});

describe('signing keys rotate', () => {
  it('publishes old and new keys; tokens from either verify until they expire', async () => {
    const { portal, extension, clock } = await pairedWithLaunch();
    const oldKid = portal.signingKeyList[0]!.kid;
    portal.signingKeyList.push(await generateStoredSigningKey(clock.now() + 1));
    const jwks = (await (await portal.app.request('/api/extension/jwks.json')).json()) as {
      keys: { kid: string; d?: string }[];
    };
    expect(jwks.keys.map((key) => key.kid)).toEqual([oldKid, portal.signingKeyList[1]!.kid]);
    expect(jwks.keys.every((key) => key.d === undefined)).toBe(true);

    expect((await extension.call('GET', '/api/extension/me')).status).toBe(200); // signed by the old key
    const refreshed = (await (await extension.call('POST', '/api/extension/session/refresh', {})).json()) as {
      token: string;
    };
    expect(JSON.parse(Buffer.from(refreshed.token.split('.')[0]!, 'base64url').toString()).kid).toBe(
      portal.signingKeyList[1]!.kid,
    );
    expect((await extension.call('GET', '/api/extension/me', undefined, { token: refreshed.token })).status).toBe(200);
  });
});
