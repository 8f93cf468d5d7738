import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { writeSecretFile } from '../keys/key-file';

/**
 * The secret behind per-app pairwise identifiers. Unlike a signing key it is never rotated: a new one would
 * give every person a new identity at every app that uses pairwise identifiers.
 */
const FILE_FORMAT = 'gatehouse-pairwise-secret/1';

/** Creates the file on first start; true when it did. */
export function ensurePairwiseSecretFile(file: string): boolean {
  if (fs.existsSync(file)) return false;
  writeSecretFile(file, JSON.stringify({ format: FILE_FORMAT, secret: randomBytes(32).toString('base64url') }));
  return true;
}

export function readPairwiseSecret(file: string): Buffer {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: string; secret?: string };
  if (parsed.format !== FILE_FORMAT || typeof parsed.secret !== 'string') {
    throw new Error(`${file} is not a pairwise secret file (${FILE_FORMAT})`);
  }
  return Buffer.from(parsed.secret, 'base64url');
}
