// Threat: a stale stored password is replayed again and again until the site locks the child out.
// SECURITY.md "Vault": a stored credential that failed is not replayed; it is marked and people are told.
import { describe, expect, it } from 'vitest';
import { fixtureAppId, fixtureOrigin } from '../../server/demo/fixture-apps';
import { errorCode, pairExtension } from '../helpers/extension-client';
import { createTestPortal, PUBLIC_URL, signIn } from '../helpers/test-portal';

const READING = fixtureAppId('reading-garden');

async function studentAndIt() {
  const portal = await createTestPortal();
  const cookie = await signIn(portal, 'demo.student.g4');
  const it = await signIn(portal, 'demo.it');
  const extension = await pairExtension(portal, cookie, { publicUrl: PUBLIC_URL });
  const launch = (who = cookie) => portal.request.post(`/api/vault/apps/${READING}/launch`, {}, who);
  const launchAndRelease = async () => {
    const { launchId } = (await (await launch()).json()) as { launchId: string };
    const released = await extension.call('POST', `/api/extension/launches/${launchId}/release`, {
      appId: READING,
      origin: fixtureOrigin('reading-garden'),
    });
    return { launchId, released };
  };
  const report = (launchId: string, body: object) =>
    extension.call('POST', `/api/extension/launches/${launchId}/outcome`, body);
  const tile = async () =>
    (
      (await (await portal.request.get('/api/vault/tiles', cookie)).json()) as {
        tiles: { appId: string; state: string; holdReason: string | null; source: string }[];
      }
    ).tiles.find((t) => t.appId === READING)!;
  const asIt = (method: string, path: string, body?: unknown) => portal.request.send(method, path, body, it);
  return { portal, cookie, launch, launchAndRelease, report, tile, asIt };
}

describe('the lockout guard', () => {
  it('holds back a credential the site rejected, and the tile says why', async () => {
    const { launch, launchAndRelease, report, tile } = await studentAndIt();
    expect(await tile()).toMatchObject({ state: 'ready', source: 'template' });
    const { launchId } = await launchAndRelease();
    expect((await report(launchId, { outcome: 'submitted' })).status).toBe(204);
    expect((await report(launchId, { outcome: 'failed', reason: 'credentials_rejected' })).status).toBe(204);

    expect(await tile()).toMatchObject({ state: 'needs_attention', holdReason: 'credentials_rejected' });
    const again = await launch();
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('credential_on_hold');
  });

  it('releases again once IT updates the entry', async () => {
    const { launchAndRelease, report, tile, asIt } = await studentAndIt();
    const { launchId } = await launchAndRelease();
    await report(launchId, { outcome: 'failed', reason: 'credentials_rejected' });
    const saved = await asIt('PUT', '/api/admin/vault/entries', {
      appId: READING,
      scope: 'template',
      username: '{sourced_id}',
    });
    expect(saved.status).toBe(200);
    expect(await tile()).toMatchObject({ state: 'ready' });
    const { released } = await launchAndRelease();
    expect(released.status).toBe(200);
  });

  it('releases again once the person confirms the stored sign-in is right', async () => {
    const { portal, cookie, launchAndRelease, report, tile } = await studentAndIt();
    const { launchId } = await launchAndRelease();
    await report(launchId, { outcome: 'failed', reason: 'credentials_rejected' });
    const confirmed = await portal.request.post(`/api/vault/apps/${READING}/confirm`, {}, cookie);
    expect(confirmed.status).toBe(200);
    expect(await tile()).toMatchObject({ state: 'ready' });
    expect((await portal.audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'vault.hold_lifted' });
  });

  it('does not hold a credential back when the form simply was not found', async () => {
    const { launchAndRelease, report, tile } = await studentAndIt();
    const { launchId } = await launchAndRelease();
    await report(launchId, { outcome: 'failed', reason: 'form_not_found' });
    expect(await tile()).toMatchObject({ state: 'ready' });
  });

  it('holds one person’s use of a shared template without holding anyone else’s', async () => {
    const { portal, launchAndRelease, report } = await studentAndIt();
    const { launchId } = await launchAndRelease();
    await report(launchId, { outcome: 'failed', reason: 'credentials_rejected' });
    const classmate = await signIn(portal, 'demo.student.k');
    expect((await portal.request.post(`/api/vault/apps/${READING}/launch`, {}, classmate)).status).toBe(200);
  });
});

describe('fill outcomes', () => {
  it('accept only a known outcome with a reason exactly when it failed', async () => {
    const { launchAndRelease, report } = await studentAndIt();
    const { launchId } = await launchAndRelease();
    expect((await report(launchId, { outcome: 'failed' })).status).toBe(400);
    expect((await report(launchId, { outcome: 'succeeded', reason: 'timed_out' })).status).toBe(400);
    expect((await report(launchId, { outcome: 'failed', reason: 'password was hunter2' })).status).toBe(400);
    expect((await report(launchId, { outcome: 'succeeded' })).status).toBe(204);
  });

  it('are refused for a launch that released nothing', async () => {
    const { launch, report } = await studentAndIt();
    const { launchId } = (await (await launch()).json()) as { launchId: string };
    expect(await errorCode(await report(launchId, { outcome: 'succeeded' }))).toBe('launch_not_released');
  });

  it('add up to per-app health for IT: success rate and the last failure', async () => {
    const { launchAndRelease, report, asIt, launch } = await studentAndIt();
    await launch(); // launched but never reported: counts as a launch, not as a success or a failure
    for (const outcome of ['succeeded', 'succeeded', 'succeeded']) {
      const { launchId } = await launchAndRelease();
      await report(launchId, { outcome });
    }
    const { launchId } = await launchAndRelease();
    await report(launchId, { outcome: 'failed', reason: 'credentials_rejected' });
    const { apps } = (await (await asIt('GET', '/api/admin/vault/health')).json()) as {
      apps: Record<string, unknown>[];
    };
    expect(apps.find((app) => app.appId === fixtureAppId('math-meadow'))).toBeUndefined();
    expect(apps.find((app) => app.appId === READING)).toMatchObject({
      launches: 5,
      succeeded: 3,
      failed: 1,
      successRate: 0.75,
      lastFailure: { reason: 'credentials_rejected' },
      heldCredentials: 1,
    });
  });
});

describe('health before anyone reports', () => {
  it('counts launches with zero outcomes and no success rate yet', async () => {
    const { launch, asIt } = await studentAndIt();
    await launch();
    const { apps } = (await (await asIt('GET', '/api/admin/vault/health')).json()) as {
      apps: Record<string, unknown>[];
    };
    expect(apps).toEqual([
      {
        appId: READING,
        launches: 1,
        succeeded: 0,
        failed: 0,
        successRate: null,
        lastFailure: null,
        heldCredentials: 0,
      },
    ]);
  });
});
