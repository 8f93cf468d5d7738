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

  it('after a static POST, holds a credential only when the site rejects it twice in a row on fresh pages', async () => {
    const { launchAndRelease, report, tile, portal } = await studentAndIt();
    const seen = { step: 0, fields: {}, submit: 'post', signal: 'failure' };
    const failAfterPost = async (reason = 'failure_unconfirmed') => {
      const { launchId } = await launchAndRelease();
      await report(launchId, { outcome: 'failed', reason, seen });
    };
    await failAfterPost();
    expect(await tile()).toMatchObject({ state: 'ready' });
    const [audited] = await portal.audit.list({ limit: 1 });
    expect(audited).toMatchObject({ action: 'vault.fill_failed', detail: { reason: 'failure_unconfirmed', seen } });
    // A success in between: the next failure is a first one again.
    const worked = await launchAndRelease();
    await report(worked.launchId, { outcome: 'succeeded' });
    // An extension that calls it a rejection after a POST is overruled: nothing followed the page's own path.
    await failAfterPost('credentials_rejected');
    expect(await tile()).toMatchObject({ state: 'ready' });
    // The second in a row, on another freshly loaded page: now the site has said so.
    await failAfterPost();
    expect(await tile()).toMatchObject({ state: 'needs_attention', holdReason: 'credentials_rejected' });
  });

  it('holds at once when the site rejects the credential after the page’s own submit', async () => {
    const { launchAndRelease, report, tile } = await studentAndIt();
    const { launchId } = await launchAndRelease();
    await report(launchId, {
      outcome: 'failed',
      reason: 'credentials_rejected',
      seen: {
        step: 0,
        fields: { username: 'matched', password: 'matched' },
        submit: 'default_button',
        signal: 'failure',
      },
    });
    expect(await tile()).toMatchObject({ state: 'needs_attention', holdReason: 'credentials_rejected' });
  });

  it('refuses a report of what the extension saw that carries anything but element states', async () => {
    const { launchAndRelease, report } = await studentAndIt();
    const { launchId } = await launchAndRelease();
    const seen = { step: 0, fields: { password: 'hunter2' }, submit: 'form', signal: 'none' };
    expect((await report(launchId, { outcome: 'failed', reason: 'form_not_found', seen })).status).toBe(400);
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
      lastFailure: { reason: 'credentials_rejected', blame: 'credential' },
      failedBy: { credential: 1, connector: 0, page: 0 },
      heldCredentials: 1,
    });
  });

  it('tell IT whom each failure points at: the password, the connector or the page', async () => {
    const { launchAndRelease, report, asIt } = await studentAndIt();
    for (const reason of ['form_not_found', 'failure_unconfirmed', 'timed_out', 'field_not_visible']) {
      const { launchId } = await launchAndRelease();
      await report(launchId, { outcome: 'failed', reason });
    }
    const { apps } = (await (await asIt('GET', '/api/admin/vault/health')).json()) as {
      apps: Record<string, unknown>[];
    };
    expect(apps.find((app) => app.appId === READING)).toMatchObject({
      failed: 4,
      failedBy: { credential: 0, connector: 3, page: 1 },
      lastFailure: { reason: 'field_not_visible', blame: 'connector' },
      heldCredentials: 0,
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
        failedBy: { credential: 0, connector: 0, page: 0 },
        heldCredentials: 0,
      },
    ]);
  });
});
