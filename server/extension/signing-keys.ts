import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { z } from 'zod';
import { watchedKeyFile, writeSecretFile } from '../keys/key-file';

/**
 * ES256 keys that sign extension tokens. They live in a file outside the database; the newest signs, and
 * older ones stay published in the JWKS until every token they signed has expired (RFC 8725 §3.1: pinned
 * algorithm, keys named by `kid`).
 */

const FILE_FORMAT = 'gatehouse-signing-keys/1';
const storedKey = z.object({
  kid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  createdAt: z.number(),
  privateJwk: z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string(), d: z.string() }),
});
const signingKeyFile = z.object({ format: z.literal(FILE_FORMAT), keys: z.array(storedKey).min(1) });
type StoredKey = z.infer<typeof storedKey>;

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
}

export interface SigningKeys {
  /** The key that signs new tokens. */
  current(): Promise<SigningKey>;
  /** The public key for a token's `kid`, or undefined for any kid that is not ours. */
  verificationKey(kid: string): Promise<CryptoKey | undefined>;
  jwks(): { keys: JWK[] };
}

async function newStoredKey(now: number): Promise<StoredKey> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = `es256-${new Date(now).toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
  return { kid, createdAt: now, privateJwk: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, d: jwk.d! } };
}

const serialise = (keys: StoredKey[]) => `${JSON.stringify({ format: FILE_FORMAT, keys }, null, 2)}\n`;

/** The keys of a parsed key file (the OIDC provider's key file has the same format). */
export const parseSigningKeyFile = (json: unknown): StoredKey[] => signingKeyFile.parse(json).keys;

function readKeys(file: string): StoredKey[] {
  return parseSigningKeyFile(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** Creates the key file with one key if it does not exist; returns true when it did. */
export async function ensureSigningKeyFile(file: string, now = Date.now()): Promise<boolean> {
  if (fs.existsSync(file)) return false;
  writeSecretFile(file, serialise([await newStoredKey(now)]));
  return true;
}

/**
 * Adds a new signing key and drops keys retired more than `retainMs` ago (longer than any token lives).
 * The portal picks the new file up within a second, without a restart.
 */
export async function rotateSigningKey(file: string, retainMs: number, now = Date.now()): Promise<string> {
  const keys = readKeys(file).sort((a, b) => a.createdAt - b.createdAt);
  const kept = keys.filter((key, index) => {
    const retiredAt = keys[index + 1]?.createdAt ?? now;
    return now - retiredAt < retainMs;
  });
  const fresh = await newStoredKey(now);
  writeSecretFile(file, serialise([...kept, fresh]));
  return fresh.kid;
}

/** The age of the newest key, for the housekeeping job's monthly rotation. */
export function newestSigningKeyAge(file: string, now = Date.now()): number {
  return now - Math.max(...readKeys(file).map((key) => key.createdAt));
}

/** Keys from a file (the running portal) or from a list held in memory (tests). */
export function createSigningKeys(source: { file: string } | { keys: StoredKey[] }): SigningKeys {
  const watched = 'file' in source ? watchedKeyFile(source.file, parseSigningKeyFile) : undefined;
  const stored = () => watched?.current() ?? (source as { keys: StoredKey[] }).keys;
  const imported = new Map<string, Promise<{ privateKey: CryptoKey; publicKey: CryptoKey }>>();

  const importPair = (key: StoredKey) => {
    let pair = imported.get(key.kid);
    if (!pair) {
      const { d: _d, ...publicJwk } = key.privateJwk;
      pair = Promise.all([importJWK(key.privateJwk, 'ES256'), importJWK(publicJwk, 'ES256')]).then(
        ([privateKey, publicKey]) => ({ privateKey: privateKey as CryptoKey, publicKey: publicKey as CryptoKey }),
      );
      imported.set(key.kid, pair);
    }
    return pair;
  };
  const newest = () => stored().reduce((a, b) => (b.createdAt > a.createdAt ? b : a));

  return {
    async current() {
      const key = newest();
      return { kid: key.kid, privateKey: (await importPair(key)).privateKey };
    },
    async verificationKey(kid) {
      const key = stored().find((candidate) => candidate.kid === kid) ?? watched?.reload().find((k) => k.kid === kid);
      return key ? (await importPair(key)).publicKey : undefined;
    },
    jwks: () => ({
      keys: stored().map(({ kid, privateJwk: { kty, crv, x, y } }) => ({
        kty,
        crv,
        x,
        y,
        kid,
        alg: 'ES256',
        use: 'sig',
      })),
    }),
  };
}

/** In-memory keys for tests and benchmarks. */
export async function generateSigningKeys(now = Date.now()): Promise<StoredKey[]> {
  return [await newStoredKey(now)];
}

export { newStoredKey as generateStoredSigningKey };
export type { StoredKey as StoredSigningKey };
