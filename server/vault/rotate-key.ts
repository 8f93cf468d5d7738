import type { Storage } from '../storage/storage';
import { addVaultKey, createVaultCipher } from './cipher';
import { createVaultEntries } from './entries';
import { countAccountSecretsNotOnCurrentKey, resealAccountSecrets } from '../accounts/reseal-accounts';

const BATCH = 200;

/**
 * Adds a new master key and re-seals every vault value (and every account secret: fixed passwords, authenticator
 * keys) with it in one transaction, while the portal keeps
 * serving (it reads the key file again within a second, so it opens both old and new values and seals new
 * ones with the new key). Old keys stay in the file; remove one only when `remaining` says nothing uses it.
 */
export async function rotateVaultKey(
  storage: Storage,
  keyFile: string,
  onProgress: (resealed: number) => void = () => {},
) {
  const keyId = addVaultKey(keyFile);
  const cipher = createVaultCipher({ file: keyFile });
  const entries = createVaultEntries(storage, cipher, Date.now);
  const resealed = await storage.transaction(async (tx) => {
    const vaultValues = await entries.resealAll(BATCH, onProgress, tx);
    return vaultValues + (await resealAccountSecrets(storage, cipher, tx));
  });
  const remaining =
    (await entries.countNotOnCurrentKey()) + (await countAccountSecretsNotOnCurrentKey(storage, cipher));
  return { keyId, resealed, remaining };
}
