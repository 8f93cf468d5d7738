import { randomBytes } from 'node:crypto';
// Several portal processes read the same key files; `gatehouse rotate-signing-key` and `rotate-device-secret`
// replace a file while they run. Every running process must serve the new keys within the stated bound
// (KEY_FILE_RECHECK_MS), without a restart, and accept at once a token another process signed with a new key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app';
import {
  createManagedDeviceSecrets,
  ensureDeviceSecretFile,
  rotateDeviceSecret,
} from '../../server/extension/managed-device-secrets';
import { createSigningKeys, ensureSigningKeyFile, rotateSigningKey } from '../../server/extension/signing-keys';
import { createExtensionTokens } from '../../server/extension/tokens';
import { KEY_FILE_RECHECK_MS, writeSecretFile } from '../../server/keys/key-file';
import { createVaultCipher, generateVaultKeyring } from '../../server/vault/cipher';
import { signManagedProof } from '../../shared/extension/managed-proof';
import { createTestStorage } from '../helpers/test-storage';
import { PUBLIC_URL } from '../helpers/test-portal';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-key-rotation-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const TOKEN_OPTIONS = { issuer: PUBLIC_URL, audience: `${PUBLIC_URL}/api/extension`, now: Date.now };
const CLAIMS = { sub: 'u-1', sid: 's-1', jkt: 'device' };
const WHOLE_SECOND = Math.floor(Date.now() / 1000) - 60;
const pastTheBound = () => new Promise((resolve) => setTimeout(resolve, KEY_FILE_RECHECK_MS + 100));

/**
 * Rotates through the file and then puts its modification time back, as a file system with coarse timestamps
 * would leave it when two rotations fall in the same tick: the running process must still see the change.
 */
async function rotateKeepingMtime<T>(file: string, rotate: () => T | Promise<T>): Promise<T> {
  const result = await rotate();
  fs.utimesSync(file, WHOLE_SECOND, WHOLE_SECOND);
  return result;
}

/** Key files start with a whole-second modification time, as such a file system records it. */
function coarseTimestamps(...files: string[]) {
  for (const file of files) fs.utimesSync(file, WHOLE_SECOND, WHOLE_SECOND);
}

async function runningPortal(files: { signingKeys: string; deviceSecrets: string }) {
  const storage = await createTestStorage();
  const portal = await createApp({
    storage,
    keys: {
      cipher: createVaultCipher(generateVaultKeyring()),
      signingKeys: createSigningKeys({ file: files.signingKeys }),
      deviceSecrets: createManagedDeviceSecrets({ file: files.deviceSecrets }),
      pairwiseSecret: randomBytes(32),
    },
    config: {
      publicUrl: PUBLIC_URL,
      hashConcurrency: 1,
      sessionIdleMs: 60 * 60_000,
      sessionMaxMs: 12 * 3_600_000,
      webRoot: '/nonexistent-web-root',
      allowDevelopmentHttp: true,
    },
  });
  const publishedKids = async () =>
    ((await (await portal.app.request('/api/extension/jwks.json')).json()) as { keys: { kid: string }[] }).keys.map(
      (key) => key.kid,
    );
  return { ...portal, storage, publishedKids };
}

describe('a signing key rotated while the portal runs', () => {
  it('is published and signs within the bound; a key new to this process is accepted at once', async () => {
    const files = { signingKeys: path.join(dir, 'signing.json'), deviceSecrets: path.join(dir, 'secrets-1.json') };
    await ensureSigningKeyFile(files.signingKeys);
    ensureDeviceSecretFile(files.deviceSecrets);
    coarseTimestamps(files.signingKeys, files.deviceSecrets);
    const portal = await runningPortal(files);
    const [firstKid] = await portal.publishedKids();
    const oldToken = (await portal.tokens.issue(CLAIMS)).token;

    const secondKid = await rotateKeepingMtime(files.signingKeys, () => rotateSigningKey(files.signingKeys, 30 * DAY));
    await pastTheBound();
    expect(await portal.publishedKids()).toEqual([firstKid, secondKid]);
    expect(decodeProtectedHeader((await portal.tokens.issue(CLAIMS)).token).kid).toBe(secondKid);

    // Another process reads the file first and signs with a newer key: this one accepts its tokens at once.
    const thirdKid = await rotateKeepingMtime(files.signingKeys, () => rotateSigningKey(files.signingKeys, 30 * DAY));
    const elsewhere = createExtensionTokens(createSigningKeys({ file: files.signingKeys }), TOKEN_OPTIONS);
    const signedElsewhere = (await elsewhere.issue(CLAIMS)).token;
    expect(decodeProtectedHeader(signedElsewhere).kid).toBe(thirdKid);
    expect(await portal.tokens.verify(signedElsewhere)).toMatchObject({ ok: true });
    // Tokens signed before the rotations still pass: the older keys stay published until those have expired.
    expect(await portal.tokens.verify(oldToken)).toMatchObject({ ok: true });
    portal.changes.close();
    await portal.storage.close();
  });
});

describe('a managed-device secret rotated while the portal runs', () => {
  it('goes into the policy within the bound, and a leaked one (no overlap) is refused within it', async () => {
    const file = path.join(dir, 'secrets-2.json');
    ensureDeviceSecretFile(file);
    coarseTimestamps(file);
    const running = createManagedDeviceSecrets({ file });
    const leaked = running.current();
    const proofWith = async (secret: typeof leaked) => signManagedProof(secret, 'a-code', 'device');
    expect(await running.check(await proofWith(leaked), 'a-code', 'device')).toEqual({ ok: true });

    await rotateKeepingMtime(file, () => rotateDeviceSecret(file, 0));
    await pastTheBound();
    const fresh = createManagedDeviceSecrets({ file }).current();
    expect(running.current()).toEqual(fresh);
    expect(await running.check(await proofWith(leaked), 'a-code', 'device')).toEqual({
      ok: false,
      code: 'managed_proof_retired',
    });

    // A device that got a newer policy from another process pairs here at once.
    await rotateKeepingMtime(file, () => rotateDeviceSecret(file, DAY));
    const newer = createManagedDeviceSecrets({ file }).current();
    expect(await running.check(await proofWith(newer), 'a-code', 'device')).toEqual({ ok: true });
  });
});

describe('a key file replaced by something that does not parse', () => {
  it('leaves the keys read before in force, and says so once without printing a key', async () => {
    const file = path.join(dir, 'signing-3.json');
    await ensureSigningKeyFile(file);
    const running = createSigningKeys({ file });
    const before = running.jwks();
    const stored = fs.readFileSync(file, 'utf8');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      writeSecretFile(file, stored.slice(0, stored.length / 2));
      await pastTheBound();
      expect(running.jwks()).toEqual(before);
      await pastTheBound();
      expect(running.jwks()).toEqual(before);
      expect(errors).toHaveBeenCalledTimes(1);
      expect(String(errors.mock.calls[0])).toContain('SyntaxError');
      expect(String(errors.mock.calls[0])).not.toContain(stored.slice(0, 40));
    } finally {
      errors.mockRestore();
    }
  });
});
