import fs from 'node:fs';
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { z } from 'zod';
import { watchedKeyFile, writeSecretFile } from '../keys/key-file';

/**
 * The SAML IdP's signing keys, each with a self-signed X.509 certificate (SPs pin the certificate, not a CA
 * chain, so self-signed is what Google, Okta and Shibboleth expect). Rollover is three steps, one per
 * `federation rotate-saml-cert`: a new certificate is published beside the signing one (SPs that read our
 * metadata, or IT by hand, add it), then it becomes the signer, then the old one is dropped.
 *
 * Certificates are made with node-forge: Node's crypto reads certificates but cannot write one, `openssl`
 * is not on every server the portal runs on, and node-forge has no native parts and no global polyfill
 * (@peculiar/x509 needs `reflect-metadata` loaded process-wide).
 */

const FILE_FORMAT = 'gatehouse-saml-keys/1';
/** SPs store the certificate by hand (Google Workspace), so a rollover is a choice, not a deadline. */
const CERTIFICATE_YEARS = 10;

const storedKey = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  createdAt: z.number(),
  /** The signer; exactly one key is. A key that is not is published only (a rollover's overlap). */
  signing: z.boolean(),
  privateKeyPem: z.string().startsWith('-----BEGIN PRIVATE KEY-----'),
  certificatePem: z.string().startsWith('-----BEGIN CERTIFICATE-----'),
});
const samlKeyFile = z
  .object({ format: z.literal(FILE_FORMAT), keys: z.array(storedKey).min(1).max(2) })
  .refine(({ keys }) => keys.filter((key) => key.signing).length === 1, 'exactly one key signs');
type StoredSamlKey = z.infer<typeof storedKey>;

export interface SamlSigner {
  privateKeyPem: string;
  certificatePem: string;
}

export interface SamlKeys {
  signer(): SamlSigner;
  /** Every certificate the metadata publishes: the signer's, and during a rollover the other one. */
  publishedCertificates(): string[];
}

function newStoredKey(now: number, signing: boolean): StoredSamlKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // A positive serial: the top bit clear, as RFC 5280 §4.1.2.2 asks.
  certificate.serialNumber = `0${randomBytes(15).toString('hex')}`;
  certificate.validity.notBefore = new Date(now - 60_000);
  certificate.validity.notAfter = new Date(now + CERTIFICATE_YEARS * 365 * 86_400_000);
  const name = [{ name: 'commonName', value: 'Gatehouse SAML signing' }];
  certificate.setSubject(name);
  certificate.setIssuer(name);
  certificate.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  const id = `saml-${new Date(now).toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
  return { id, createdAt: now, signing, privateKeyPem, certificatePem: forge.pki.certificateToPem(certificate) };
}

const serialise = (keys: StoredSamlKey[]) => `${JSON.stringify({ format: FILE_FORMAT, keys }, null, 2)}\n`;
/** The keys as stored (the CLI lists them); throws on a file that is not a SAML key file. */
export const readSamlKeyFile = (file: string) => samlKeyFile.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).keys;

/** Creates the key file with one signing key if it does not exist; true when it did. */
export function ensureSamlKeyFile(file: string, now = Date.now()): boolean {
  if (fs.existsSync(file)) return false;
  writeSecretFile(file, serialise([newStoredKey(now, true)]));
  return true;
}

export type RolloverStep =
  | { step: 'published'; next: string }
  | { step: 'promoted'; signer: string; old: string }
  | { step: 'dropped'; dropped: string };

/** Moves a rollover one step on: publish a new certificate, make it the signer, drop the old one. */
export function rotateSamlCertificate(file: string, now = Date.now()): RolloverStep {
  const keys = readSamlKeyFile(file);
  const signer = keys.find((key) => key.signing)!;
  const other = keys.find((key) => !key.signing);
  if (!other) {
    const next = newStoredKey(now, false);
    writeSecretFile(file, serialise([signer, next]));
    return { step: 'published', next: next.id };
  }
  if (other.createdAt > signer.createdAt) {
    writeSecretFile(
      file,
      serialise([
        { ...signer, signing: false },
        { ...other, signing: true },
      ]),
    );
    return { step: 'promoted', signer: other.id, old: signer.id };
  }
  writeSecretFile(file, serialise([signer]));
  return { step: 'dropped', dropped: other.id };
}

/** Keys from the file (the running portal, re-read within a second of a rotation) or held in memory (tests). */
export function createSamlKeys(source: { file: string } | { keys: StoredSamlKey[] }): SamlKeys {
  const watched = 'file' in source ? watchedKeyFile(source.file, (json) => samlKeyFile.parse(json).keys) : undefined;
  const stored = () => watched?.current() ?? (source as { keys: StoredSamlKey[] }).keys;
  return {
    signer: () => {
      const { privateKeyPem, certificatePem } = stored().find((key) => key.signing)!;
      return { privateKeyPem, certificatePem };
    },
    publishedCertificates: () => stored().map((key) => key.certificatePem),
  };
}

/** Keys made in memory on first use: a portal built without a key file (tests that never speak SAML). */
export function inMemorySamlKeys(): SamlKeys {
  let keys: SamlKeys | undefined;
  const made = () => (keys ??= createSamlKeys({ keys: generateSamlKeys() }));
  return { signer: () => made().signer(), publishedCertificates: () => made().publishedCertificates() };
}

/** One signing key in memory, for tests and for a portal built without a key file. */
export function generateSamlKeys(now = Date.now()): StoredSamlKey[] {
  return [newStoredKey(now, true)];
}

/** The certificate's body as metadata and SP settings carry it: base64 DER without the PEM armour. */
export const certificateBody = (pem: string) => pem.replace(/-----[A-Z ]+-----|\s/g, '');

/** The SHA-256 fingerprint IT compares with what an SP shows (colon-separated hex, as browsers print it). */
export const certificateFingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

export type { StoredSamlKey };
