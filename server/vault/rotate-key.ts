import type { Db } from '../db/connection';
import { addVaultKey, createVaultCipher } from './cipher';
import { createVaultEntries } from './entries';

const BATCH = 200;
const MAX_PASSES = 10_000;

/**
 * Adds a new master key and re-seals every vault value with it, a batch per short transaction, while the
 * portal keeps serving (it reads the key file again within a second, so it opens both old and new values
 * and seals new ones with the new key). Old keys stay in the file; remove one only when `remaining` says
 * nothing uses it.
 */
export function rotateVaultKey(db: Db, keyFile: string, onProgress: (resealed: number) => void = () => {}) {
  const keyId = addVaultKey(keyFile);
  const cipher = createVaultCipher({ file: keyFile });
  const entries = createVaultEntries(db, cipher, Date.now);
  let resealed = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const batch = db.$client.transaction(() => entries.resealBatch(BATCH))();
    if (batch.found === 0) break;
    resealed += batch.resealed;
    onProgress(resealed);
  }
  return { keyId, resealed, remaining: entries.resealBatch(0).found };
}
