import fs from 'node:fs';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { watchedKeyFile, writeSecretFile } from '../keys/key-file';
import { managedPairingMac, type ManagedDeviceSecret, type ManagedProof } from '../../shared/extension/managed-proof';

/**
 * The managed-device secret: the portal makes it, IT puts it in the extension's managed policy, and a
 * pairing must prove it holds it (see shared/extension/managed-proof.ts). The newest secret goes into the
 * generated policy; a rotation keeps the older one accepted until its `acceptedUntil`, long enough for
 * Google Admin to push the new policy to every device. Kept in a file outside the database, like the keys.
 */

const FILE_FORMAT = 'gatehouse-managed-device-secrets/1';
/** How long a replaced secret is still accepted after a rotation, unless the rotation says otherwise. */
export const DEFAULT_ROTATION_OVERLAP_MS = 14 * 24 * 3_600_000;

const storedSecret = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  secret: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  createdAt: z.number(),
  /** Set when a newer secret replaced this one: after this moment it is refused. */
  acceptedUntil: z.number().optional(),
});
const secretFile = z.object({ format: z.literal(FILE_FORMAT), secrets: z.array(storedSecret).min(1) });
export type StoredDeviceSecret = z.infer<typeof storedSecret>;

export type ManagedProofCheck = { ok: true } | { ok: false; code: 'managed_proof_invalid' | 'managed_proof_retired' };

export interface ManagedDeviceSecrets {
  /** The secret the generated policy carries. */
  current(): ManagedDeviceSecret;
  /** Whether a pairing's proof was made with a secret the portal accepts now, for this code and device key. */
  check(proof: ManagedProof, code: string, deviceJkt: string): Promise<ManagedProofCheck>;
}

export function newDeviceSecret(now: number): StoredDeviceSecret {
  const id = `mds-${new Date(now).toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`;
  return { id, secret: randomBytes(32).toString('base64url'), createdAt: now };
}

const serialise = (secrets: StoredDeviceSecret[]) => `${JSON.stringify({ format: FILE_FORMAT, secrets }, null, 2)}\n`;
const readSecrets = (file: string) => secretFile.parse(JSON.parse(fs.readFileSync(file, 'utf8'))).secrets;

/** Creates the file with one secret if it does not exist; returns true when it did. */
export function ensureDeviceSecretFile(file: string, now = Date.now()): boolean {
  if (fs.existsSync(file)) return false;
  writeSecretFile(file, serialise([newDeviceSecret(now)]));
  return true;
}

/**
 * Adds a new current secret. Every secret still accepted stays accepted for `overlapMs` more; secrets whose
 * overlap has ended are dropped. The portal picks the new file up within a second, without a restart.
 */
export function rotateDeviceSecret(file: string, overlapMs: number, now = Date.now()) {
  const kept = readSecrets(file)
    .filter((secret) => secret.acceptedUntil === undefined || secret.acceptedUntil > now)
    .map((secret) => ({ ...secret, acceptedUntil: Math.min(secret.acceptedUntil ?? Infinity, now + overlapMs) }));
  const fresh = newDeviceSecret(now);
  writeSecretFile(file, serialise([...kept, fresh]));
  return { id: fresh.id, oldAcceptedUntil: now + overlapMs };
}

/** Secrets from a file (the running portal) or from a list held in memory (tests). */
export function createManagedDeviceSecrets(
  source: { file: string } | { secrets: StoredDeviceSecret[] },
  now: () => number = Date.now,
): ManagedDeviceSecrets {
  const watched = 'file' in source ? watchedKeyFile(source.file, (json) => secretFile.parse(json).secrets) : undefined;
  const stored = () => watched?.current() ?? (source as { secrets: StoredDeviceSecret[] }).secrets;
  const find = (id: string) => stored().find((s) => s.id === id) ?? watched?.reload().find((s) => s.id === id);

  return {
    current() {
      const newest = stored().reduce((a, b) => (b.createdAt >= a.createdAt ? b : a)); // ties: the later one in the file
      return { id: newest.id, secret: newest.secret };
    },
    async check(proof, code, deviceJkt) {
      const secret = find(proof.secretId);
      if (!secret) return { ok: false, code: 'managed_proof_invalid' };
      const expected = Buffer.from(await managedPairingMac(secret.secret, code, deviceJkt));
      const given = Buffer.from(proof.mac);
      if (expected.length !== given.length || !timingSafeEqual(expected, given))
        return { ok: false, code: 'managed_proof_invalid' };
      if (secret.acceptedUntil !== undefined && now() >= secret.acceptedUntil)
        return { ok: false, code: 'managed_proof_retired' };
      return { ok: true };
    },
  };
}
