// Threat: a signed-in student (or anyone holding a portal session) runs a short script at home: asks for a
// pairing code with the cookie, redeems it with a device key the script made up, creates a launch and
// calls release — and reads every stored password they are entitled to, including the campus-shared one
// and those IT chose not to show. SECURITY.md "Tokens": redeeming a pairing code needs proof of the
// district's managed-device secret, which only the managed policy delivers; the secret never travels.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { calculateJwkThumbprint } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/connection';
import { fixtureAppId, fixtureOrigin } from '../../server/demo/fixture-apps';
import { sqliteStorage } from '../../server/storage/sqlite-storage';
import { seedDemoDistrict } from '../../server/demo/seed';
import {
  createManagedDeviceSecrets,
  ensureDeviceSecretFile,
  newDeviceSecret,
  rotateDeviceSecret,
} from '../../server/extension/managed-device-secrets';
import { signManagedProof } from '../../shared/extension/managed-proof';
import { createDeviceKey, errorCode, redeem, type DeviceKey } from '../helpers/extension-client';
import { storedCredential } from '../helpers/extension-browser';
import { runCli } from '../helpers/run-cli';
import { createTestPortal, DEMO_PASSWORD, manualClock, signIn } from '../helpers/test-portal';

const DAY = 86_400_000;

async function pairingCode(portal: Awaited<ReturnType<typeof createTestPortal>>, cookie: string) {
  const response = await portal.request.post('/api/auth/extension/pairing-code', {}, cookie);
  return ((await response.json()) as { code: string }).code;
}

const thumbprint = (key: DeviceKey) => calculateJwkThumbprint(key.publicJwk, 'sha256');

describe('a script with a portal session but without the managed policy', () => {
  let portal: Awaited<ReturnType<typeof createTestPortal>>;
  let server: ReturnType<typeof serve>;
  let origin: string;

  beforeAll(async () => {
    // A real listening portal, called over HTTP exactly as a script at home would.
    await new Promise<void>((resolve) => {
      server = serve({ fetch: (request) => portal.app.fetch(request), hostname: '127.0.0.1', port: 0 }, () =>
        resolve(),
      );
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    portal = await createTestPortal({ publicUrl: origin });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('gets no token, so no stored sign-in — not even the campus-shared one', async () => {
    const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${origin}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin, ...headers },
        body: JSON.stringify(body),
      });
    const signedIn = await post('/api/auth/sign-in', { username: 'demo.student.k', password: DEMO_PASSWORD });
    const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const { code } = (await (await post('/api/auth/extension/pairing-code', {}, { cookie })).json()) as {
      code: string;
    };
    const madeUpKey = await createDeviceKey();
    const pairing = await post('/api/extension/session', { code, deviceKey: madeUpKey.publicJwk });
    expect(pairing.status).toBe(401);
    const body = (await pairing.json()) as { token?: string; error: { code: string } };
    expect(body.error.code).toBe('managed_proof_missing');
    expect(body.token).toBeUndefined();

    // Everything after needs a token the script never got: the launch exists, the release is refused.
    const spelling = fixtureAppId('spelling-star');
    const launch = (await (await post(`/api/vault/apps/${spelling}/launch`, {}, { cookie })).json()) as {
      launchId: string;
    };
    const release = await post(`/api/extension/launches/${launch.launchId}/release`, {
      appId: spelling,
      origin: fixtureOrigin('spelling-star'),
    });
    expect(release.status).toBe(401);
    const shared = await storedCredential(portal, 'demo.student.k', spelling);
    expect(await release.text()).not.toContain(shared.password);

    const refused = (await portal.audit.list({ limit: 20 })).find((row) => row.action === 'extension.pairing_refused');
    expect(refused).toMatchObject({
      outcome: 'failure',
      actorUsername: 'demo.student.k',
      detail: { reason: 'managed_proof_missing' },
    });
  });
});

describe('the managed-device proof', () => {
  async function attempt() {
    const portal = await createTestPortal();
    const cookie = await signIn(portal, 'demo.student.g4');
    return { portal, code: await pairingCode(portal, cookie), key: await createDeviceKey() };
  }

  it('pairs the managed extension: a proof made with the policy’s secret, for this code and this key', async () => {
    const { portal, code, key } = await attempt();
    expect((await redeem(portal, code, key)).status).toBe(200);
  });

  it('refuses a made-up secret, and a known id with the wrong secret', async () => {
    const { portal, code, key } = await attempt();
    const madeUp = newDeviceSecret(Date.now());
    expect(await errorCode(await redeem(portal, code, key, madeUp))).toBe('managed_proof_invalid');
    const wrongSecret = { id: portal.deviceSecret.id, secret: madeUp.secret };
    expect(await errorCode(await redeem(portal, code, key, wrongSecret))).toBe('managed_proof_invalid');
    // The refusals spent nothing: the managed extension can still pair with this code.
    expect((await redeem(portal, code, key)).status).toBe(200);
  });

  it('refuses a proof made for another code or another device key', async () => {
    const { portal, code, key } = await attempt();
    const proofFor = async (forCode: string, forKey: DeviceKey) =>
      signManagedProof(portal.deviceSecret, forCode, await thumbprint(forKey));
    const send = (managedProof: unknown) =>
      portal.app.request('/api/extension/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code, deviceKey: key.publicJwk, managedProof }),
      });
    expect(await errorCode(await send(await proofFor('another-code', key)))).toBe('managed_proof_invalid');
    expect(await errorCode(await send(await proofFor(code, await createDeviceKey())))).toBe('managed_proof_invalid');
    expect((await send(await proofFor(code, key))).status).toBe(200);
  });

  it('records a refused pairing only when the code is someone’s, so made-up codes cannot fill the log', async () => {
    const { portal, key } = await attempt();
    const before = (await portal.audit.list({ limit: 100 })).length;
    for (let i = 0; i < 20; i++) {
      expect(await errorCode(await redeem(portal, `made-up-${i}`, key, null))).toBe('managed_proof_missing');
    }
    expect((await portal.audit.list({ limit: 100 })).length).toBe(before);
  });

  it('never travels: the pairing request carries a MAC, not the secret', async () => {
    const { portal, code, key } = await attempt();
    const proof = await signManagedProof(portal.deviceSecret, code, await thumbprint(key));
    expect(JSON.stringify(proof)).not.toContain(portal.deviceSecret.secret);
  });
});

describe('rotating the managed-device secret', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-device-secret-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts the old secret and the new one during the overlap, then only the new one', async () => {
    const clock = manualClock();
    const file = path.join(dir, 'secrets.json');
    ensureDeviceSecretFile(file, clock.now());
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const secrets = createManagedDeviceSecrets({ file }, clock.now);
    const old = secrets.current();
    const key = await createDeviceKey();
    const jkt = await thumbprint(key);
    const proofWith = (secret: typeof old) => signManagedProof(secret, 'a-code', jkt);

    rotateDeviceSecret(file, 14 * DAY, clock.now());
    const fresh = createManagedDeviceSecrets({ file }, clock.now).current();
    expect(fresh.id).not.toBe(old.id);
    const check = (secret: typeof old) =>
      proofWith(secret).then((proof) => createManagedDeviceSecrets({ file }, clock.now).check(proof, 'a-code', jkt));

    clock.advance(13 * DAY);
    expect(await check(old)).toEqual({ ok: true });
    expect(await check(fresh)).toEqual({ ok: true });
    clock.advance(2 * DAY);
    expect(await check(old)).toEqual({ ok: false, code: 'managed_proof_retired' });
    expect(await check(fresh)).toEqual({ ok: true });
  });

  it('from the CLI: says until when the old secret works, and never prints a secret', async () => {
    const dataDir = path.join(dir, 'cli');
    const db = openDatabase(path.join(dataDir, 'gatehouse.sqlite'));
    await seedDemoDistrict(sqliteStorage(db), 'not-a-real-hash', Date.now());
    db.$client.close();
    const file = path.join(dataDir, 'keys', 'managed-device-secrets.json');
    ensureDeviceSecretFile(file);
    const before = createManagedDeviceSecrets({ file }).current();
    const cli = (...args: string[]) => runCli(['rotate-device-secret', ...args], { GATEHOUSE_DATA_DIR: dataDir });
    const run = cli('--overlap-days', '7');
    expect(run.status).toBe(0);
    const after = createManagedDeviceSecrets({ file }).current();
    expect(after.id).not.toBe(before.id);
    expect(run.stdout).toContain(after.id);
    expect(run.stdout).toContain('7 days');
    expect(run.stdout + run.stderr).not.toContain(after.secret);
    expect(run.stdout + run.stderr).not.toContain(before.secret);

    // A leaked secret: refused at once, with no overlap.
    const key = await createDeviceKey();
    const oldProof = await signManagedProof(after, 'a-code', await thumbprint(key));
    expect(cli('--overlap-days', '0').status).toBe(0);
    expect(await createManagedDeviceSecrets({ file }).check(oldProof, 'a-code', await thumbprint(key))).toEqual({
      ok: false,
      code: 'managed_proof_retired',
    });

    const bad = cli('--overlap-days', 'soon');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--overlap-days');
    expect(createManagedDeviceSecrets({ file }).current().id).not.toBe(after.id); // the rotation with 0 days
  });
});

describe('a pairing code is spent once, even when requests race', () => {
  it('gives one session to one of several redeems sent at once; the others are told it was used', async () => {
    const portal = await createTestPortal();
    const cookie = await signIn(portal, 'demo.student.g4');
    const code = await pairingCode(portal, cookie);
    // On PostgreSQL each request has its own connection and transaction, so they do meet at the guarded update
    // (two processes racing are in test/contract/extension-sessions.contract.test.ts).
    const responses = await Promise.all(
      Array.from({ length: 4 }, async () => redeem(portal, code, await createDeviceKey())),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([200, 401, 401, 401]);
    const refusals = await Promise.all(responses.filter((r) => r.status === 401).map((r) => errorCode(r)));
    expect(refusals).toEqual(['pairing_code_used', 'pairing_code_used', 'pairing_code_used']);
  });
});
