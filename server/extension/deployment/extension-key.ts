import fs from 'node:fs';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { writeSecretFile } from '../../keys/key-file';

/** What the key gives the extension: the manifest's `key` and the id Chrome derives from it. */
export interface ExtensionIdentity {
  /** Base64 of the public key's SPKI DER: the manifest's `key`. */
  manifestKey: string;
  /** 32 letters a–p, the same on every machine the extension is installed on. */
  extensionId: string;
}

/**
 * Chrome's id for an extension: the first 128 bits of SHA-256 over the public key's SPKI DER, each hex digit
 * written as a letter from a (0) to p (15) (chromium components/crx_file/id_util.cc).
 */
export function extensionIdFromSpki(spki: Buffer): string {
  return [...createHash('sha256').update(spki).digest('hex').slice(0, 32)]
    .map((digit) => String.fromCharCode(97 + parseInt(digit, 16)))
    .join('');
}

/** The identity of the extension signed with this private key (PEM). */
export function extensionIdentity(privateKeyPem: string): ExtensionIdentity {
  const spki = createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' });
  return { manifestKey: spki.toString('base64'), extensionId: extensionIdFromSpki(spki) };
}

/**
 * Reads the extension's signing key, creating it (RSA 2048, PKCS#8 PEM, mode 600) if the file does not
 * exist. `created` is true when it did: a new key means a new extension id.
 */
export function ensureExtensionKey(file: string): ExtensionIdentity & { file: string; created: boolean } {
  let created = false;
  if (!fs.existsSync(file)) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeSecretFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    created = true;
  }
  return { ...extensionIdentity(fs.readFileSync(file, 'utf8')), file, created };
}
