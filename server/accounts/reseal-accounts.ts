import type { Storage, Tx } from '../storage/storage';
import type { VaultCipher } from '../vault/cipher';
import { bindingFor } from './account-context';
import { createAccountStore, type SealedAccountField, type SealedAccountValue } from './account-store';

const BINDING_FIELD: Record<SealedAccountField, 'fixed_password' | 'totp_secret'> = {
  fixedPasswordSealed: 'fixed_password',
  totpSecretSealed: 'totp_secret',
  totpPendingSealed: 'totp_secret',
};

const onOldKey = (cipher: VaultCipher) => (value: SealedAccountValue) =>
  cipher.keyIdOf(value.sealed) !== cipher.currentKeyId();

/**
 * A key rotation's share in accounts: every fixed password and authenticator key sealed under an older key is
 * sealed again under the current one (a compare-and-set per value, so one changed meanwhile is left to its new
 * owner). Without it, removing the old key would leave young children and staff unable to sign in.
 */
export async function resealAccountSecrets(storage: Storage, cipher: VaultCipher, tx: Tx): Promise<number> {
  const store = createAccountStore(storage);
  let resealed = 0;
  for (const value of (await store.sealedValues(tx)).filter(onOldKey(cipher))) {
    const binding = bindingFor(value.userId, BINDING_FIELD[value.field]);
    const fresh = cipher.seal(cipher.open(value.sealed, binding), binding);
    if (await store.replaceSealed(value.userId, value.field, value.sealed, fresh, tx)) resealed++;
  }
  return resealed;
}

/** How many account secrets are still sealed under an older key. */
export async function countAccountSecretsNotOnCurrentKey(storage: Storage, cipher: VaultCipher): Promise<number> {
  return (await createAccountStore(storage).sealedValues()).filter(onOldKey(cipher)).length;
}
