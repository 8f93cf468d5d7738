import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { watchedKeyFile, writeSecretFile } from '../keys/key-file';

/**
 * All encryption at rest. AES-256-GCM with a fresh 96-bit nonce per value; the sealed text carries the key
 * id so keys can rotate; the associated data names the row, owner, app and field, so a ciphertext copied
 * into another row (or another field of the same row) fails to open.
 */

/** Everything that ties a sealed value to its place. */
export interface CipherBinding {
  entryId: string;
  owner: string;
  appId: string;
  field: string;
}

export interface VaultKeyring {
  currentKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export interface VaultCipher {
  seal(plaintext: string, binding: CipherBinding): string;
  open(sealed: string, binding: CipherBinding): string;
  /** The key a sealed value was made with (rotation re-seals values not made with the current key). */
  keyIdOf(sealed: string): string;
  currentKeyId(): string;
  /**
   * A 32-byte secret for another use (e.g. keyed hashes), derived from the current key and never stored: the
   * same in every process with this key file; a new one after a key rotation.
   */
  deriveSecret(purpose: string): Buffer;
}

export class VaultDecryptError extends Error {
  constructor(reason: string) {
    super(`A vault value could not be opened: ${reason}.`);
    this.name = 'VaultDecryptError';
  }
}

const VERSION = 'v1';
const KEY_FILE_FORMAT = 'gatehouse-vault-keys/1';
const keyId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, - or _');
const keyFile = z.object({
  format: z.literal(KEY_FILE_FORMAT),
  current: keyId,
  keys: z.record(
    keyId,
    z.base64().refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes in base64'),
  ),
});

/** Parses a key file (or the GATEHOUSE_VAULT_KEYS variable); the error names what is wrong, never a key. */
export function parseVaultKeyring(json: unknown): VaultKeyring {
  const parsed = keyFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Vault key file: ${issue.path.join('.') || 'file'} ${issue.message}`);
  }
  const keys = new Map(Object.entries(parsed.data.keys).map(([id, key]) => [id, Buffer.from(key, 'base64')]));
  if (!keys.has(parsed.data.current)) throw new Error('Vault key file: current names a key that is not in keys');
  return { currentKeyId: parsed.data.current, keys };
}

const newKeyId = () =>
  `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;

function serialiseKeyring(keyring: VaultKeyring): string {
  const keys = Object.fromEntries([...keyring.keys].map(([id, key]) => [id, key.toString('base64')]));
  return `${JSON.stringify({ format: KEY_FILE_FORMAT, current: keyring.currentKeyId, keys }, null, 2)}\n`;
}

/** A keyring with one new random key (the demo's first start, and tests). */
export function generateVaultKeyring(): VaultKeyring {
  const id = newKeyId();
  return { currentKeyId: id, keys: new Map([[id, randomBytes(32)]]) };
}

/** Creates the key file with one new key if it does not exist; returns true when it did. */
export function ensureVaultKeyFile(file: string): boolean {
  if (fs.existsSync(file)) return false;
  writeSecretFile(file, serialiseKeyring(generateVaultKeyring()));
  return true;
}

/** Adds a new key to the file and makes it current; old keys stay so existing values still open. */
export function addVaultKey(file: string): string {
  const keyring = parseVaultKeyring(JSON.parse(fs.readFileSync(file, 'utf8')));
  const id = newKeyId();
  const keys = new Map(keyring.keys).set(id, randomBytes(32));
  writeSecretFile(file, serialiseKeyring({ currentKeyId: id, keys }));
  return id;
}

const associatedData = ({ entryId, owner, appId, field }: CipherBinding) =>
  Buffer.from(JSON.stringify(['gatehouse-vault', VERSION, entryId, owner, appId, field]));

/** A cipher over a fixed keyring, or over a key file that may change while the portal runs. */
export function createVaultCipher(source: VaultKeyring | { file: string }): VaultCipher {
  const watched = 'file' in source ? watchedKeyFile(source.file, parseVaultKeyring) : undefined;
  const keyring = () => watched?.current() ?? (source as VaultKeyring);
  const keyFor = (id: string) => keyring().keys.get(id) ?? watched?.reload().keys.get(id);
  const derived = new Map<string, Buffer>();

  return {
    seal(plaintext, binding) {
      const { currentKeyId, keys } = keyring();
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keys.get(currentKeyId)!, nonce);
      cipher.setAAD(associatedData(binding));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return [VERSION, currentKeyId, nonce.toString('base64url'), body.toString('base64url')].join('.');
    },
    open(sealed, binding) {
      const [version, id, nonce, body] = sealed.split('.');
      if (version !== VERSION || !id || !nonce || !body) throw new VaultDecryptError('unknown format');
      const key = keyFor(id);
      if (!key) throw new VaultDecryptError(`key ${id} is not in the key file`);
      const bytes = Buffer.from(body, 'base64url');
      if (bytes.length < 16) throw new VaultDecryptError('too short');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
        decipher.setAAD(associatedData(binding));
        decipher.setAuthTag(bytes.subarray(bytes.length - 16));
        return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new VaultDecryptError('it does not belong to this row or was altered');
      }
    },
    keyIdOf: (sealed) => sealed.split('.')[1] ?? '',
    currentKeyId: () => keyring().currentKeyId,
    deriveSecret(purpose) {
      const { currentKeyId, keys } = keyring();
      const cacheKey = `${currentKeyId}/${purpose}`;
      let secret = derived.get(cacheKey);
      if (!secret) {
        secret = Buffer.from(hkdfSync('sha256', keys.get(currentKeyId)!, '', `gatehouse:${purpose}`, 32));
        derived.set(cacheKey, secret);
      }
      return secret;
    },
  };
}
