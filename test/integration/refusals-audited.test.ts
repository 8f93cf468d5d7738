// Threat: probing what one may not do, without a trace. Every refusal a person can provoke is audited with
// who was refused, what they asked for, and why.
import { describe, expect, it } from 'vitest';
import { fixtureAppId, fixtureOrigin } from '../../server/demo/fixture-apps';
import { tamperWithDatabase } from '../helpers/database-tampering';
import { errorCode, pairExtension } from '../helpers/extension-client';
import { createTestPortal, PUBLIC_URL, signIn } from '../helpers/test-portal';

const READING = fixtureAppId('reading-garden');

async function portalWithAudit() {
  const portal = await createTestPortal();
  const auditRows = async (action: string) =>
    (await portal.audit.list({ limit: 100 })).filter((row) => row.action === action);
  return { portal, auditRows };
}

describe('refusals are audited', () => {
  it('a student calling an admin route: who, which route, and why', async () => {
    const { portal, auditRows } = await portalWithAudit();
    const cookie = await signIn(portal, 'demo.student.g4');
    const response = await portal.request.get('/api/admin/audit', cookie);
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('forbidden');
    const search = await portal.request.get('/api/admin/people?q=demo', cookie);
    expect(search.status).toBe(403);
    expect(await auditRows('access.denied')).toMatchObject([
      {
        outcome: 'failure',
        actorUsername: 'demo.student.g4',
        detail: { route: 'GET /api/admin/people', reason: 'role', role: 'student' },
      },
      { actorUsername: 'demo.student.g4', detail: { route: 'GET /api/admin/audit', reason: 'role' } },
    ]);
    // Nothing else was recorded as if the look-up had happened.
    expect(await auditRows('admin.user_search')).toEqual([]);
  });

  it('a badge session changing what is stored', async () => {
    const { portal, auditRows } = await portalWithAudit();
    const child = (await portal.directory.findByUsername('demo.student.k'))!;
    const { token } = await portal.sessions.create(child.id, 'badge');
    const response = await portal.request.send(
      'PUT',
      `/api/vault/apps/${READING}/own-entry`,
      { username: 'kid', password: 'kid-password-1' },
      `gatehouse_session=${token}`,
    );
    expect(response.status).toBe(403);
    expect(await auditRows('access.denied')).toMatchObject([
      {
        actorUsername: 'demo.student.k',
        detail: { route: `PUT /api/vault/apps/${READING}/own-entry`, reason: 'badge_session' },
      },
    ]);
  });

  it('a launch, sign-in help and reveal for an app the person is not entitled to', async () => {
    const { portal, auditRows } = await portalWithAudit();
    const cookie = await signIn(portal, 'demo.student.g11'); // grade 11: the practice apps are for K–8
    const launch = await portal.request.post(`/api/vault/apps/${READING}/launch`, {}, cookie);
    expect(await errorCode(launch)).toBe('not_entitled');
    const help = await portal.request.get(`/api/vault/apps/${READING}/help`, cookie);
    expect(await errorCode(help)).toBe('not_entitled');
    const reveal = await portal.request.post(`/api/vault/apps/${READING}/reveal`, {}, cookie);
    expect(await errorCode(reveal)).toBe('not_entitled');
    const refused = {
      outcome: 'failure',
      actorUsername: 'demo.student.g11',
      appId: READING,
      detail: { reason: 'not_entitled' },
    };
    expect(await auditRows('vault.launch')).toMatchObject([refused]);
    expect(await auditRows('vault.sign_in_help')).toMatchObject([refused]);
    expect(await auditRows('vault.reveal')).toMatchObject([refused]);
  });

  it('a release for an app the person is no longer entitled to', async () => {
    const { portal, auditRows } = await portalWithAudit();
    const cookie = await signIn(portal, 'demo.student.g4');
    const extension = await pairExtension(portal, cookie, { publicUrl: PUBLIC_URL });
    const { launchId } = (await (
      await portal.request.post(`/api/vault/apps/${READING}/launch`, {}, cookie)
    ).json()) as {
      launchId: string;
    };
    // The roster moves the student on (there is no store method for that yet; a roster sync would do it).
    await tamperWithDatabase(portal.storage, "UPDATE users SET grade = 11 WHERE username = 'demo.student.g4'");
    const response = await extension.call('POST', `/api/extension/launches/${launchId}/release`, {
      appId: READING,
      origin: fixtureOrigin('reading-garden'),
    });
    expect(await errorCode(response)).toBe('not_entitled');
    expect(await auditRows('vault.release')).toMatchObject([
      {
        outcome: 'failure',
        actorUsername: 'demo.student.g4',
        appId: READING,
        detail: { launchId, reason: 'not_entitled' },
      },
    ]);
  });

  it('an outcome report on another person’s launch, naming whose launch it was', async () => {
    const { portal, auditRows } = await portalWithAudit();
    const attackerCookie = await signIn(portal, 'demo.student.g4');
    const attacker = await pairExtension(portal, attackerCookie, { publicUrl: PUBLIC_URL });
    const victimCookie = await signIn(portal, 'demo.student.g8');
    const victimLaunch = (await (
      await portal.request.post(`/api/vault/apps/${READING}/launch`, {}, victimCookie)
    ).json()) as { launchId: string };
    const response = await attacker.call('POST', `/api/extension/launches/${victimLaunch.launchId}/outcome`, {
      outcome: 'failed',
      reason: 'credentials_rejected',
    });
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe('launch_not_found');
    expect(await auditRows('vault.outcome_report')).toMatchObject([
      {
        outcome: 'failure',
        actorUsername: 'demo.student.g4',
        subjectUsername: 'demo.student.g8',
        appId: READING,
        detail: { launchId: victimLaunch.launchId, reason: 'launch_not_found' },
      },
    ]);
    // The victim's credential was not put on hold by the attacker's report.
    const tiles = (await (await portal.request.get('/api/vault/tiles', victimCookie)).json()) as {
      tiles: { appId: string; state: string }[];
    };
    expect(tiles.tiles.find((tile) => tile.appId === READING)?.state).toBe('ready');
  });
});
