import type { JWK } from 'jose';
import { watchedKeyFile } from '../keys/key-file';
import {
  ensureSigningKeyFile,
  generateStoredSigningKey,
  parseSigningKeyFile,
  rotateSigningKey,
  type StoredSigningKey,
} from '../extension/signing-keys';

/**
 * ES256 keys that sign the OIDC provider's ID tokens, in a file of their own (GATEHOUSE_OIDC_KEY_FILE) with the
 * extension signing keys' format. The newest signs; a retired key stays published in the JWKS for
 * OIDC_KEY_OVERLAP_MS, so ID tokens it signed still verify (and still work as a sign-out hint) after a
 * rotation, and relying parties that cached the old set find the new key when they fetch it again.
 */

/** Longer than a portal session can last (12 hours), so an ID token kept as a sign-out hint still verifies. */
export const OIDC_KEY_OVERLAP_MS = 2 * 24 * 3_600_000;

export interface OidcKeys {
  /** The private keys as oidc-provider takes them: the newest first (it signs with the first of its type). */
  signingSet(): { keys: JWK[] };
  /** Changes whenever the set does, so the provider built on it can be rebuilt. */
  version(): string;
}

/** Creates the key file with one key on first start; true when it did. */
export const ensureOidcKeyFile = (file: string, now = Date.now()) => ensureSigningKeyFile(file, now);

/** A new signing key; keys retired more than the overlap ago are dropped. Returns the new key's id. */
export const rotateOidcKeys = (file: string, now = Date.now()) => rotateSigningKey(file, OIDC_KEY_OVERLAP_MS, now);

/** Keys from the file (the running portal, which follows rotations within a second) or from a list (tests). */
export function createOidcKeys(source: { file: string } | { keys: StoredSigningKey[] }): OidcKeys {
  const watched = 'file' in source ? watchedKeyFile(source.file, parseSigningKeyFile) : undefined;
  const stored = () => watched?.current() ?? (source as { keys: StoredSigningKey[] }).keys;
  const newestFirst = () => [...stored()].sort((a, b) => b.createdAt - a.createdAt);
  return {
    signingSet: () => ({
      keys: newestFirst().map(({ kid, privateJwk }) => ({ ...privateJwk, kid, alg: 'ES256', use: 'sig' })),
    }),
    version: () =>
      newestFirst()
        .map((key) => key.kid)
        .join(' '),
  };
}

/** One fresh key in memory, for tests. */
export async function generateOidcKeyList(now = Date.now()): Promise<StoredSigningKey[]> {
  return [await generateStoredSigningKey(now)];
}
