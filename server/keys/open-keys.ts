import type { Config } from '../config';
import { createSigningKeys, ensureSigningKeyFile } from '../extension/signing-keys';
import { createVaultCipher, ensureVaultKeyFile, parseVaultKeyring } from '../vault/cipher';

/**
 * The vault cipher and the token signing keys, from files outside the database (created on first start)
 * or, for the vault, from GATEHOUSE_VAULT_KEYS. Returns what it created so start-up can say so.
 */
export async function openKeys(config: Pick<Config, 'vaultKeys' | 'signingKeyFile'>) {
  const created: string[] = [];
  let cipher;
  if ('file' in config.vaultKeys) {
    if (ensureVaultKeyFile(config.vaultKeys.file)) created.push(config.vaultKeys.file);
    cipher = createVaultCipher({ file: config.vaultKeys.file });
  } else {
    cipher = createVaultCipher(parseVaultKeyring(JSON.parse(config.vaultKeys.json)));
  }
  if (await ensureSigningKeyFile(config.signingKeyFile)) created.push(config.signingKeyFile);
  return { cipher, signingKeys: createSigningKeys({ file: config.signingKeyFile }), created };
}
