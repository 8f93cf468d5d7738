// Threat: the vault hands a credential to the wrong person, for the wrong app, or without a trace.
// SECURITY.md "Vault": released only to an authorised, device-bound session for the app being launched,
// every release audited, nothing released if the audit write fails.
import { describe, expect, it, vi } from 'vitest';
import { fixtureAppId, fixtureOrigin } from '../../server/demo/fixture-apps';
import type { AppError } from '../../server/errors';
import type { Tx } from '../../server/storage/storage';
import { createVaultCipher, generateVaultKeyring, type VaultCipher } from '../../server/vault/cipher';
import { breakAuditWrites } from '../helpers/database-tampering';
import { errorCode, pairExtension } from '../helpers/extension-client';
import { createTestPortal, manualClock, PUBLIC_URL, signIn } from '../helpers/test-portal';

const READING = fixtureAppId('reading-garden');
const ORIGIN = fixtureOrigin('reading-garden');

async function signedInStudent(clock = manualClock()) {
  const portal = await createTestPortal({ now: clock.now });
  const cookie = await signIn(portal, 'demo.student.g4');
  const extension = await pairExtension(portal, cookie, { publicUrl: PUBLIC_URL, now: clock.now });
  const launch = async (appId = READING, who = cookie) => {
    const response = await portal.request.post(`/api/vault/apps/${appId}/launch`, {}, who);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as { launchId: string; launchUrl: string };
  };
  const release = (launchId: string, body: object = { appId: READING, origin: ORIGIN }, ext = extension) =>
    ext.call('POST', `/api/extension/launches/${launchId}/release`, body);
  return { portal, cookie, extension, launch, release, clock };
}

const releaseAudits = async (portal: Awaited<ReturnType<typeof createTestPortal>>) =>
  (await portal.audit.list({ limit: 50 })).filter((row) => row.action === 'vault.release');

describe('releasing a credential', () => {
  it('gives the launching person exactly their credential for that app, and audits it', async () => {
    const { portal, launch, release } = await signedInStudent();
    const { launchId, launchUrl } = await launch();
    expect(launchUrl).toBe(`${ORIGIN}/login`);
    const response = await release(launchId);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      credential: { username: string; password: string };
      source: string;
      connector: { origins: string[] };
    };
    expect(body.credential.username).toBe('demo.student.g4');
    expect(body.credential.password).toMatch(/^[A-Za-z2-9]{14}$/);
    expect(body.source).toBe('template');
    expect(body.connector.origins).toEqual([ORIGIN]);
    const [audit] = await releaseAudits(portal);
    expect(audit).toMatchObject({ outcome: 'success', subjectUsername: 'demo.student.g4', appId: READING });
    expect(JSON.stringify(audit)).not.toContain(body.credential.password);
  });

  it('gives two people their own different generated passwords', async () => {
    const first = await signedInStudent();
    const { launchId } = await first.launch();
    const mine = (await (await first.release(launchId)).json()) as { credential: { password: string } };
    const otherCookie = await signIn(first.portal, 'demo.student.g8');
    const other = await pairExtension(first.portal, otherCookie, { publicUrl: PUBLIC_URL, now: first.clock.now });
    const theirs = await first.launch(READING, otherCookie);
    const response = await first.release(theirs.launchId, { appId: READING, origin: ORIGIN }, other);
    const body = (await response.json()) as { credential: { username: string; password: string } };
    expect(body.credential.username).toBe('demo.student.g8');
    expect(body.credential.password).not.toBe(mine.credential.password);
  });

  it('releases once per launch', async () => {
    const { launch, release } = await signedInStudent();
    const { launchId } = await launch();
    expect((await release(launchId)).status).toBe(200);
    const again = await release(launchId);
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('launch_used');
  });

  it('refuses a launch after about a minute', async () => {
    const { launch, release, clock } = await signedInStudent();
    const { launchId } = await launch();
    clock.advance(61_000);
    expect(await errorCode(await release(launchId))).toBe('launch_expired');
  });

  it('refuses another person’s launch and audits the attempt', async () => {
    const { portal, launch, release } = await signedInStudent();
    const victimCookie = await signIn(portal, 'demo.student.g8');
    const victimLaunch = await launch(READING, victimCookie);
    const response = await release(victimLaunch.launchId);
    expect(response.status).toBe(404);
    expect(await errorCode(response)).toBe('launch_not_found');
    expect((await releaseAudits(portal))[0]).toMatchObject({
      outcome: 'failure',
      actorUsername: 'demo.student.g4',
      detail: { reason: 'launch_not_found' },
    });
  });

  it('refuses another app’s credential on a launch and audits the attempt', async () => {
    const { portal, launch, release } = await signedInStudent();
    const { launchId } = await launch(READING);
    const response = await release(launchId, {
      appId: fixtureAppId('math-meadow'),
      origin: fixtureOrigin('math-meadow'),
    });
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('launch_app_mismatch');
    expect((await releaseAudits(portal))[0]).toMatchObject({
      outcome: 'failure',
      detail: { reason: 'launch_app_mismatch' },
    });
  });

  it('refuses to release for a page on any other origin', async () => {
    const { launch, release } = await signedInStudent();
    for (const origin of [
      'https://reading-garden.test:8790',
      'http://reading-garden.test:8791',
      'http://evil.test:8790',
    ]) {
      const { launchId } = await launch();
      expect(await errorCode(await release(launchId, { appId: READING, origin }))).toBe('origin_not_allowed');
    }
  });

  it('refuses a launch for an app the person is not entitled to', async () => {
    const portal = await createTestPortal();
    const cookie = await signIn(portal, 'demo.student.g11'); // grade 11: the practice apps are for K–8
    const response = await portal.request.post(`/api/vault/apps/${READING}/launch`, {}, cookie);
    expect(response.status).toBe(403);
    expect(await errorCode(response)).toBe('not_entitled');
  });

  it('releases nothing when the audit row cannot be written', async () => {
    const { portal, launch, release } = await signedInStudent();
    const { launchId } = await launch();
    const mendAuditWrites = await breakAuditWrites(portal.storage);
    const logged: unknown[][] = [];
    const consoleError = vi.spyOn(console, 'error').mockImplementation((...args) => void logged.push(args));
    const response = await release(launchId);
    consoleError.mockRestore();
    expect(response.status).toBe(503);
    const text = await response.clone().text();
    expect(await errorCode(response)).toBe('release_unavailable');
    expect(text).not.toMatch(/password|credential"/i);
    await mendAuditWrites();
    // The launch was not spent: it still releases once the audit log works again.
    const retry = await release(launchId);
    expect(retry.status).toBe(200);
    // What was logged about the failure names the cause, never the secret it was about to release.
    const { credential } = (await retry.json()) as { credential: { password: string } };
    expect(JSON.stringify(logged)).toContain('disk full');
    expect(JSON.stringify(logged)).not.toContain(credential.password);
    // Nor the failed statement with its parameters (PostgreSQL's driver error quotes both).
    expect(JSON.stringify(logged)).not.toContain(launchId);
  });
});

describe('two releases of one launch racing each other', () => {
  it('release exactly one credential: the second is refused as used', async () => {
    // A second release slips in after the first one's checks and before its update (here: started from inside
    // the first one's decryption step, as a racing request would be).
    let raceIn: (() => void) | undefined;
    const keyring = createVaultCipher(generateVaultKeyring());
    const cipher: VaultCipher = {
      ...keyring,
      open(sealed, binding) {
        const race = raceIn;
        raceIn = undefined;
        race?.();
        return keyring.open(sealed, binding);
      },
    };
    const portal = await createTestPortal({ cipher });
    const person = (await portal.directory.findByUsername('demo.student.g4'))!;
    const { launchId } = await portal.vault.launch(person, READING);
    const request = { launchId, appId: READING, origin: ORIGIN, person, ip: '127.0.0.1' };
    const released: string[] = [];
    const refused: string[] = [];
    const attempt = async () => {
      try {
        released.push((await portal.vault.release(request)).credential.password);
      } catch (error) {
        refused.push((error as AppError).code);
      }
    };
    let racing: Promise<void> | undefined;
    raceIn = () => void (racing = attempt());
    await attempt();
    await racing;
    expect(racing).toBeDefined();
    expect(released).toHaveLength(1);
    expect(refused).toEqual(['launch_used']);
    expect((await releaseAudits(portal)).map((row) => row.outcome).sort()).toEqual(['failure', 'success']);
  });
});

describe('a release’s device proof', () => {
  it('is spent with the release: replaying it is refused and releases nothing more', async () => {
    const { portal, extension, launch } = await signedInStudent();
    const { launchId } = await launch();
    const path = `/api/extension/launches/${launchId}/release`;
    const { signProof } = await import('../helpers/extension-client');
    const proof = await signProof(extension.deviceKey, {
      method: 'POST',
      url: `${PUBLIC_URL}${path}`,
      token: extension.session.token,
      iat: extension.nowSeconds(),
    });
    const body = { appId: READING, origin: ORIGIN };
    expect((await extension.call('POST', path, body, { proof })).status).toBe(200);
    const replay = await extension.call('POST', path, body, { proof });
    expect(replay.status).toBe(401);
    expect(await errorCode(replay)).toBe('proof_replayed');
    expect((await releaseAudits(portal)).map((row) => row.outcome)).toEqual(['success']);
  });

  describe('decides inside its transaction what may change while it waits its turn', () => {
    type Portal = Awaited<ReturnType<typeof createTestPortal>>;
    interface During {
      tx: Tx;
      portal: Portal;
      clock: ReturnType<typeof manualClock>;
      entryId: string;
      version: number;
      personId: string;
    }
    // What another process can do between a release's reads and its transaction, played inside that
    // transaction (through the proof-spending step, the first thing it runs).
    async function releaseWhile(during: (now: During) => Promise<void>) {
      const clock = manualClock();
      const portal = await createTestPortal({ now: clock.now });
      const person = (await portal.directory.findByUsername('demo.student.g4'))!;
      const { launchId } = await portal.vault.launch(person, READING);
      const { entry } = (await portal.vault.entries.resolve(person, READING, 'off'))!;
      const context = { portal, clock, entryId: entry.id, version: entry.version, personId: person.id };
      const spendProof = (tx?: Tx) => during({ tx: tx!, ...context });
      const request = { launchId, appId: READING, origin: ORIGIN, person, ip: '127.0.0.1', spendProof };
      return portal.vault.release(request).then(
        () => 'released',
        (error: AppError) => error.code,
      );
    }

    it('releases when nothing changed (the control case)', async () => {
      expect(await releaseWhile(async () => undefined)).toBe('released');
    });

    it('keeps the credential back when a hold was placed meanwhile', async () => {
      const code = await releaseWhile(({ tx, portal, entryId, version, personId }) =>
        portal.vault.launches.placeHold(entryId, personId, version, 'credentials_rejected', tx),
      );
      expect(code).toBe('credential_on_hold');
    });

    it('releases nothing once the launch expired meanwhile', async () => {
      const code = await releaseWhile(async ({ clock }) => clock.advance(61_000));
      expect(code).toBe('launch_expired');
    });
  });
});
