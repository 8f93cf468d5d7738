// Threat: rows of the vault table are swapped or altered in the database, or the master key must be
// replaced. SECURITY.md "Vault": associated data binds each value to its row; rotation without downtime.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureAppId, fixtureOrigin } from '../../server/demo/fixture-apps';
import { openPostgresStorage } from '../../server/storage/postgres-storage';
import { openSqliteStorage } from '../../server/storage/sqlite-storage';
import type { Storage } from '../../server/storage/storage';
import { createVaultCipher, ensureVaultKeyFile } from '../../server/vault/cipher';
import { rotateVaultKey } from '../../server/vault/rotate-key';
import { tamperWithDatabase } from '../helpers/database-tampering';
import { errorCode, pairExtension } from '../helpers/extension-client';
import { createTestPortal, DEMO_PASSWORD, PUBLIC_URL, signIn } from '../helpers/test-portal';
import { createAccountStore } from '../../server/accounts/account-store';
import { testEngine } from '../helpers/test-storage';

const READING = fixtureAppId('reading-garden');
const ORIGIN = fixtureOrigin('reading-garden');

async function student(portal: Awaited<ReturnType<typeof createTestPortal>>) {
  const cookie = await signIn(portal, 'demo.student.g4');
  const extension = await pairExtension(portal, cookie, { publicUrl: PUBLIC_URL });
  return async () => {
    const { launchId } = (await (
      await portal.request.post(`/api/vault/apps/${READING}/launch`, {}, cookie)
    ).json()) as { launchId: string };
    return extension.call('POST', `/api/extension/launches/${launchId}/release`, { appId: READING, origin: ORIGIN });
  };
}

describe('stored values at rest', () => {
  it('cannot be swapped between rows: the swapped value does not open and nothing is released', async () => {
    const portal = await createTestPortal();
    const it = await signIn(portal, 'demo.it');
    const g4 = (await portal.directory.findByUsername('demo.student.g4'))!;
    const g8 = (await portal.directory.findByUsername('demo.student.g8'))!;
    for (const [person, password] of [
      [g4, 'Mine-1234'],
      [g8, 'Theirs-5678'],
    ] as const) {
      const entry = { appId: READING, scope: 'user', userId: person.id, username: person.username, password };
      const saved = await portal.request.send('PUT', '/api/admin/vault/entries', entry, it);
      expect(saved.status).toBe(200);
    }
    // An attacker with write access to the database copies the other child's sealed password into g4's row.
    await tamperWithDatabase(
      portal.storage,
      `UPDATE vault_entries SET password = (SELECT password FROM vault_entries WHERE user_id = '${g8.id}')
      WHERE user_id = '${g4.id}'`,
    );
    const release = await student(portal);
    const response = await release();
    expect(await errorCode(response)).toBe('credential_unreadable');
    const [audit] = (await portal.audit.list({ limit: 5 })).filter((row) => row.action === 'vault.release');
    expect(audit).toMatchObject({ outcome: 'failure', detail: { reason: 'credential_unreadable' } });
  });

  it('are re-sealed under a new master key while the portal keeps releasing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-rotate-'));
    const keyFile = path.join(dir, 'vault-keys.json');
    ensureVaultKeyFile(keyFile);
    const databaseFile = path.join(dir, 'gatehouse.sqlite');
    const cipher = createVaultCipher({ file: keyFile });
    const portal = await createTestPortal(testEngine === 'sqlite' ? { databaseFile, cipher } : { cipher });
    const release = await student(portal);
    const before = (await (await release()).json()) as { credential: { password: string } };

    // The CLI's rotate-key, on its own connection, as another process would.
    const cli =
      portal.storage.engine === 'sqlite'
        ? openSqliteStorage(databaseFile)
        : await openPostgresStorage((portal.storage as Storage & { url: string }).url);
    const accountSecrets = (await createAccountStore(portal.storage).sealedValues()).length;
    expect(accountSecrets).toBeGreaterThan(100); // the demo's PreK-5 fixed passwords
    const result = await rotateVaultKey(cli, keyFile);
    await cli.close();
    expect(result).toMatchObject({ resealed: 8 + accountSecrets, remaining: 0 });
    const sealed = (await portal.vault.entries.list()).flatMap((row) =>
      [row.username, row.password, row.extra, row.derivationSecret].filter((value) => value !== null),
    );
    expect(new Set(sealed.map((value) => cipher.keyIdOf(value)))).toEqual(new Set([result.keyId]));

    // The portal opens the re-sealed values at once (it re-reads the key file on an unknown key id).
    const after = await release();
    expect(after.status).toBe(200);
    expect(((await after.json()) as { credential: { password: string } }).credential.password).toBe(
      before.credential.password,
    );

    // With only the new key left (as "0 remaining" allows), the youngest still sign in with their fixed passwords.
    const keys = JSON.parse(fs.readFileSync(keyFile, 'utf8')) as { current: string; keys: Record<string, string> };
    fs.writeFileSync(keyFile, JSON.stringify({ ...keys, keys: { [keys.current]: keys.keys[keys.current] } }));
    const restarted = await createTestPortal({ storage: portal.storage, cipher: createVaultCipher({ file: keyFile }) });
    const child = await restarted.request.post('/api/auth/sign-in', {
      username: 'demo.student.k',
      password: DEMO_PASSWORD,
    });
    expect(child.status).toBe(200);
  });
});
