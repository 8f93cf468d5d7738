// Threat: someone with the database (a stolen backup, a SQL injection, a curious admin) reads or moves
// stored sign-ins. SECURITY.md "Vault": AES-256-GCM, fresh nonce per value, key id with the ciphertext,
// associated data binding entry, owner, app and field.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addVaultKey,
  createVaultCipher,
  ensureVaultKeyFile,
  generateVaultKeyring,
  parseVaultKeyring,
  VaultDecryptError,
} from '../../server/vault/cipher';

const binding = { entryId: 'entry-1', owner: 'user:u-1', appId: 'app-1', field: 'password' };

describe('the vault cipher', () => {
  const cipher = createVaultCipher(generateVaultKeyring());

  it('opens what it sealed, and the sealed text names its key but not the secret', () => {
    const sealed = cipher.seal('Correct-Horse-9', binding);
    expect(cipher.open(sealed, binding)).toBe('Correct-Horse-9');
    expect(sealed).not.toContain('Correct-Horse-9');
    expect(cipher.keyIdOf(sealed)).toBe(cipher.currentKeyId());
  });

  it('uses a fresh nonce for every value', () => {
    const nonces = new Set(Array.from({ length: 200 }, () => cipher.seal('same', binding).split('.')[2]));
    expect(nonces.size).toBe(200);
    expect(Buffer.from([...nonces][0]!, 'base64url')).toHaveLength(12);
  });

  it('refuses a value moved to another row, owner, app or field', () => {
    const sealed = cipher.seal('Correct-Horse-9', binding);
    for (const moved of [
      { ...binding, entryId: 'entry-2' },
      { ...binding, owner: 'user:u-2' },
      { ...binding, appId: 'app-2' },
      { ...binding, field: 'username' },
    ]) {
      expect(() => cipher.open(sealed, moved)).toThrow(VaultDecryptError);
    }
  });

  it('refuses an altered value', () => {
    const sealed = cipher.seal('Correct-Horse-9', binding);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0]! ^= 1;
    parts[3] = body.toString('base64url');
    expect(() => cipher.open(parts.join('.'), binding)).toThrow(VaultDecryptError);
  });

  it('refuses a value sealed with another master key', () => {
    const other = createVaultCipher(generateVaultKeyring());
    expect(() => cipher.open(other.seal('x', binding), binding)).toThrow(/not in the key file/);
  });

  it('names what is wrong with a key file without printing a key', () => {
    const good = generateVaultKeyring();
    const key = good.keys.get(good.currentKeyId)!.toString('base64');
    const file = { format: 'gatehouse-vault-keys/1', current: 'missing', keys: { [good.currentKeyId]: key } };
    expect(() => parseVaultKeyring(file)).toThrow('current names a key that is not in keys');
    const short = {
      format: 'gatehouse-vault-keys/1',
      current: 'k1',
      keys: { k1: Buffer.alloc(16).toString('base64') },
    };
    expect(() => parseVaultKeyring(short)).toThrow(/32 bytes/);
    try {
      parseVaultKeyring({ ...file, format: 'other' });
    } catch (error) {
      expect((error as Error).message).not.toContain(key);
    }
  });

  it('follows a key file rotated by another process and still opens old values', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-keys-'));
    const file = path.join(dir, 'vault-keys.json');
    expect(ensureVaultKeyFile(file)).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const serving = createVaultCipher({ file });
    const before = serving.seal('old secret', binding);
    const newKey = addVaultKey(file);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(serving.currentKeyId()).toBe(newKey);
    expect(serving.keyIdOf(serving.seal('new secret', binding))).toBe(newKey);
    expect(serving.open(before, binding)).toBe('old secret');
  });
});
