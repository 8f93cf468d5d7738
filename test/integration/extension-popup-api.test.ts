// What the extension's popup and background ask of the API beyond a release: which of the person's apps it
// can sign them in to ("Sign me in" needs it), a launch of its own, bookmark repair counts, and failures
// reported for launches that never reached a release.
import { describe, expect, it } from 'vitest';
import { fixtureAppId, fixtureOrigin } from '../../server/demo/fixture-apps';
import { generateDeviceKey, publicDeviceJwk, signDeviceProof } from '../../shared/extension/dpop-proof';
import { errorCode, pairExtension, redeem } from '../helpers/extension-client';
import { createTestPortal, PUBLIC_URL, signIn } from '../helpers/test-portal';

async function pairedAs(username: string) {
  const portal = await createTestPortal();
  const cookie = await signIn(portal, username);
  const extension = await pairExtension(portal, cookie, { publicUrl: PUBLIC_URL });
  return { portal, cookie, extension };
}

describe('the extension API around launches', () => {
  it('lists the apps the person can be signed in to, with the origins each may be used on', async () => {
    const { extension } = await pairedAs('demo.student.g4');
    const response = await extension.call('GET', '/api/extension/apps');
    const { apps } = (await response.json()) as { apps: { appId: string; name: string; origins: string[] }[] };
    expect(apps).toContainEqual({
      appId: fixtureAppId('reading-garden'),
      name: 'Reading Garden',
      origins: [fixtureOrigin('reading-garden')],
    });
    // A high-school student does not see the K–8 practice apps.
    const older = await pairedAs('demo.student.g11');
    const theirs = (await (await older.extension.call('GET', '/api/extension/apps')).json()) as { apps: unknown[] };
    expect(theirs.apps).not.toContainEqual(expect.objectContaining({ appId: fixtureAppId('reading-garden') }));
  });

  it('"Sign me in" makes a launch the extension can release, only for an app the person has', async () => {
    const { extension } = await pairedAs('demo.student.g4');
    const launched = await extension.call('POST', '/api/extension/launches', { appId: fixtureAppId('reading-garden') });
    expect(launched.status).toBe(200);
    const ticket = (await launched.json()) as { launchId: string; origins: string[] };
    expect(ticket.origins).toEqual([fixtureOrigin('reading-garden')]);
    const released = await extension.call('POST', `/api/extension/launches/${ticket.launchId}/release`, {
      appId: fixtureAppId('reading-garden'),
      origin: fixtureOrigin('reading-garden'),
    });
    expect(released.status).toBe(200);

    const older = await pairedAs('demo.student.g11');
    const refused = await older.extension.call('POST', '/api/extension/launches', {
      appId: fixtureAppId('reading-garden'),
    });
    expect(await errorCode(refused)).toBe('not_entitled');
  });

  it('records bookmark repair counts for IT, and names a bad count', async () => {
    const { portal, extension } = await pairedAs('demo.student.g4');
    expect((await extension.call('POST', '/api/extension/bookmark-repairs', { count: 3 })).status).toBe(204);
    const row = (await portal.audit.list({ limit: 5 })).find(
      (entry) => entry.action === 'extension.bookmarks_repaired',
    );
    expect(row?.detail).toEqual({ count: 3 });
    const bad = await extension.call('POST', '/api/extension/bookmark-repairs', { count: 0 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('count');
  });

  it('takes a failure report for a launch that never reached a release, and holds nothing', async () => {
    const { portal, cookie, extension } = await pairedAs('demo.student.g4');
    const launched = await portal.request.post(`/api/vault/apps/${fixtureAppId('reading-garden')}/launch`, {}, cookie);
    const { launchId } = (await launched.json()) as { launchId: string };
    const report = await extension.call('POST', `/api/extension/launches/${launchId}/outcome`, {
      outcome: 'failed',
      reason: 'origin_mismatch',
    });
    expect(report.status).toBe(204);
    const tiles = (await (await portal.request.get('/api/vault/tiles', cookie)).json()) as {
      tiles: { appId: string; state: string }[];
    };
    expect(tiles.tiles.find((tile) => tile.appId === fixtureAppId('reading-garden'))?.state).toBe('ready');
  });
});

describe("the extension's WebCrypto device proof", () => {
  it('is accepted by the API, and refused once altered', async () => {
    const portal = await createTestPortal();
    const cookie = await signIn(portal, 'demo.student.g4');
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const jwk = await publicDeviceJwk(pair.publicKey);
    const { code } = (await (await portal.request.post('/api/auth/extension/pairing-code', {}, cookie)).json()) as {
      code: string;
    };
    const paired = await redeem(portal, code, { privateKey: pair.privateKey, publicJwk: jwk } as never);
    const { token } = (await paired.json()) as { token: string };
    const me = async (proof: string) =>
      portal.app.request('/api/extension/me', { headers: { authorization: `DPoP ${token}`, dpop: proof } });
    const proof = await signDeviceProof(
      { privateKey: pair.privateKey, jwk },
      {
        method: 'GET',
        url: `${PUBLIC_URL}/api/extension/me`,
        token,
      },
    );
    expect((await me(proof)).status).toBe(200);
    const other = await generateDeviceKey();
    const forged = await signDeviceProof(
      { privateKey: other.privateKey, jwk },
      {
        method: 'GET',
        url: `${PUBLIC_URL}/api/extension/me`,
        token,
      },
    );
    expect(await errorCode(await me(forged))).toBe('proof_invalid');
  });
});
